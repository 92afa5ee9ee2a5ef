"""Born-digital PDF speed: our whole extraction against pdfplumber's own bare pass.

    python benchmarks/bench_pdf.py [--pages 120]

For each file, in separate processes (so peak memory is each one's own):
- bare: pdfplumber opens the file, reads every page's characters and runs extract_tables;
- ours: extractor.extract_file (reader + every interpreter), without writing;
- mine: decoding, NFC and the quantity/reference miners over the text layer alone.
Prints pages per second, peak RSS, the ratio ours/bare (aim: <= 1.0) and mine/bare (aim: < 0.1).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

CHILD = r"""
import json, resource, sys, time
mode, path = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
if mode == "bare":
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        n = len(pdf.pages)
        for page in pdf.pages:
            _ = page.chars
            page.extract_tables()
            page.flush_cache()
elif mode == "mine":
    # decode + normalise + mine the text layer only (the reader's pdfplumber pass is outside the timer)
    import unicodedata
    from extractor.readers.pdf import read_pdf
    from extractor.vntext.encoding import to_unicode
    from extractor.interpret.quantities import find_quantities
    from extractor.interpret.references import find_references
    doc = read_pdf(path)
    n = doc.page_count
    texts = [ln.text for p in doc.pages for ln in p.lines] + [c.text for p in doc.pages for t in p.tables for c in t.cells]
    t0 = time.perf_counter()
    body = "\n".join(unicodedata.normalize("NFC", to_unicode(t)) for t in texts)
    find_quantities(body)
    find_references(body)
else:
    from extractor import extract_file
    n = extract_file(path).document["pages"]
dt = time.perf_counter() - t0
print(json.dumps({"pages": n, "seconds": dt, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(mode: str, path: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, mode, str(path)], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=120, help="size of the generated long report")
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()
    sys.path.insert(0, str(HERE))
    from make_long_report import make

    files = [Path(f) for f in a.files] or [ROOT / "samples" / "seed-report.pdf",
                                           make(HERE / ".cache", a.pages)[1]]
    print(f"{'file':28} {'pages':>5} {'bare p/s':>9} {'ours p/s':>9} {'ratio':>6} {'mine/bare':>9} "
          f"{'bare MB':>8} {'ours MB':>8}")
    for f in files:
        bare = measure("bare", f)
        ours = measure("ours", f)
        mine = measure("mine", f)
        ratio = ours["seconds"] / bare["seconds"]
        print(f"{f.name[:28]:28} {ours['pages']:>5} {bare['pages'] / bare['seconds']:>9.1f} "
              f"{ours['pages'] / ours['seconds']:>9.1f} {ratio:>6.2f} {mine['seconds'] / bare['seconds']:>9.3f} "
              f"{bare['peak_mb']:>8.0f} {ours['peak_mb']:>8.0f}")


if __name__ == "__main__":
    main()
