"""Score every truth file of samples/ with the extractor of this checkout (as tests/test_truth.py does) and
print per-document figures; with --write-floors, store them (rounded down to 3 places) as the floors that
tests/test_truth.py holds the extractor to.

    python benchmarks/truth_scores.py [--only GLOB] [--write-floors]
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import math
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import test_truth as tt  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default=None)
    ap.add_argument("--write-floors", action="store_true")
    a = ap.parse_args()
    floors = {}
    print(f"{'document':58} {'variant':8} " + " ".join(f"{m[:10]:>10}" for m in tt.METRICS))
    for p in tt._cases():
        doc, truth, variant = p.values
        if a.only and not fnmatch.fnmatch(doc.name, a.only):
            continue
        with tempfile.TemporaryDirectory() as tmp:
            got = tt.measure(doc, truth, variant, Path(tmp) / "r.db")
        floors[doc.name] = {m: (math.floor(got[m] * 1000) / 1000 if got.get(m) is not None else None)
                            for m in tt.METRICS}
        print(f"{doc.name[:58]:58} {variant:8} " + " ".join(
            f"{'-' if got.get(m) is None else format(got[m], '.3f'):>10}" for m in tt.METRICS), flush=True)
    if a.write_floors:
        data = {"about": "figures the extractor reached on each truth file (benchmarks/truth_scores.py); "
                         "tests/test_truth.py fails when a document reads worse",
                "floors": floors}
        tt.FLOORS_FILE.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
