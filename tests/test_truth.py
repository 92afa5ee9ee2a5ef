"""Every hand-written truth file in samples/ scored as the scorer scores it (score/score.py, on a real SQLite
file written by the API), against the figures the extractor reaches today (samples/score_floors.json): a
change that makes any document read worse fails here. Raise a floor when a document reads better.

DOCX and text-layer PDFs run by default; DOC (LibreOffice), scans and images are slow.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

from extractor import extract_file, write
from shared_data import CORPUS, SAMPLES

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "score"))
import score  # noqa: E402  (the scorer is a script beside the package, not part of it)

FLOORS_FILE = ROOT / "samples" / "score_floors.json"
FLOORS = json.loads(FLOORS_FILE.read_text(encoding="utf-8"))["floors"] if FLOORS_FILE.exists() else {}
METRICS = ("indicator_cell_f1", "section_f1", "meta_acc", "footnote_f1", "quantity_f1", "reference_f1", "text_acc")
SLOW_VARIANTS = {"doc", "scanned", "image"}


def _cases():
    out = []
    roots = [SAMPLES] + ([] if CORPUS.resolve().is_relative_to(SAMPLES.resolve()) else [CORPUS])
    for doc, truth in score.discover(roots, None):
        entry = (score.load_truth(truth)["variants"] or {}).get(doc.name) or {}
        variant = score.variant_of(doc, entry)
        marks = [pytest.mark.slow] if variant in SLOW_VARIANTS else []
        out.append(pytest.param(doc, truth, variant, id=doc.name, marks=marks))
    return out


def measure(doc: Path, truth_path: Path, variant: str, db: Path) -> dict:
    """The scorer's metrics for one document: extract, write, read back by the contract, compare."""
    write(extract_file(doc), db)
    truth = score.load_truth(truth_path)
    entry = truth["variants"].get(doc.name) or {}
    expected = (entry.get("format") or score.DEFAULT_SOURCE[variant][0],
                entry.get("text_source") or score.DEFAULT_SOURCE[variant][1])
    msgs: list[str] = []
    rows = score.read_db(db, hashlib.sha256(doc.read_bytes()).hexdigest(), msgs)
    assert not msgs, msgs
    return score.metrics(score.score_document(truth, rows, expected))


def test_every_truth_file_has_a_floor():
    names = {p.values[0].name for p in _cases()}
    assert len(names) >= 18, "the seed variants and at least 10 corpus documents carry a truth file"
    assert names <= set(FLOORS), f"no floor for {sorted(names - set(FLOORS))}"


@pytest.mark.parametrize("doc, truth, variant", _cases())
def test_truth_scores_hold(doc: Path, truth: Path, variant: str, tmp_path: Path):
    got = measure(doc, truth, variant, tmp_path / "r.db")
    floor = FLOORS[doc.name]
    low = {m: (round(got[m], 3), floor[m]) for m in METRICS
           if floor.get(m) is not None and (got.get(m) is None or got[m] < floor[m] - 1e-9)}
    assert not low, f"{doc.name} reads worse than before (got, floor): {low}"
