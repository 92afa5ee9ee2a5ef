"""End to end over made-to-measure reports (tests/made_reports.py): varied agencies,
provinces, periods, heading schemes, fonts and annex templates, each as DOCX and as the
PDF LibreOffice prints from it. The truth is known by construction, so a failure here is
a place where the interpreters do not generalise beyond the seed sample."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import made_reports as mr  # noqa: E402
from extractor import extract_file  # noqa: E402

SPECS = {s.key: s for s in mr.specs()}
FORMATS = ["docx", "pdf"]
CASES = [pytest.param(k, f, id=f"{k}-{f}") for k in SPECS for f in FORMATS]

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is needed for the PDFs")


@pytest.fixture(scope="session")
def made(tmp_path_factory) -> dict[str, Any]:
    """Every spec built once as DOCX and rendered to PDF in one LibreOffice call."""
    root = tmp_path_factory.mktemp("made_reports")
    expected, paths = {}, {}
    for key, spec in SPECS.items():
        path = root / f"{key}.docx"
        expected[key] = mr.build(spec, path)
        paths[(key, "docx")] = path
    for path in mr.to_pdf([paths[(k, "docx")] for k in SPECS], root / "pdf"):
        paths[(path.stem, "pdf")] = path
    return {"expected": expected, "paths": paths, "records": {}}


def _records(made: dict, key: str, fmt: str):
    cache = made["records"]
    if (key, fmt) not in cache:
        cache[(key, fmt)] = extract_file(made["paths"][(key, fmt)])
    return cache[(key, fmt)]


def _ws(s: Any) -> Any:
    return re.sub(r"\s+", " ", s).strip() if isinstance(s, str) else s


def _diff(expected: list, got: list, limit: int = 12) -> str:
    """First differing items of two lists, for a readable failure."""
    lines = []
    for k in range(max(len(expected), len(got))):
        e = expected[k] if k < len(expected) else "<missing>"
        g = got[k] if k < len(got) else "<missing>"
        if e != g:
            lines.append(f"  [{k}] expected {e!r}\n       got      {g!r}")
            if len(lines) >= limit:
                break
    return f"{len(expected)} expected, {len(got)} got\n" + "\n".join(lines)


# ---------------------------------------------------------------------------------------------- header
@pytest.mark.parametrize("key,fmt", CASES)
def test_document_fields(made, key, fmt):
    rec = _records(made, key, fmt)
    want = made["expected"][key].document
    alt = made["expected"][key].alternatives
    got = {k: _ws(rec.document.get(k)) for k in want}
    bad = {k: (want[k], got[k]) for k in want if want[k] != got[k] and got[k] not in alt.get(k, [])}
    assert not bad, "field: (expected, got)\n" + "\n".join(f"  {k}: {v!r}" for k, v in bad.items())


# ---------------------------------------------------------------------------------------------- sections
@pytest.mark.parametrize("key,fmt", CASES)
def test_section_paths_and_titles(made, key, fmt):
    rec = _records(made, key, fmt)
    want = [(s["path"], s["level"], s["title"]) for s in made["expected"][key].sections]
    got = [(s["path"], s["level"], _ws(s["title"])) for s in rec.sections]
    assert got == want, _diff(want, got)


@pytest.mark.parametrize("key,fmt", CASES)
def test_section_bodies(made, key, fmt):
    rec = _records(made, key, fmt)
    want = {s["path"]: _ws(s["body"]) for s in made["expected"][key].sections}
    got = {s["path"]: _ws(s["body"] or "") for s in rec.sections}
    bad = [(p, want[p], got.get(p, "<no section>")) for p in want if want[p] != got.get(p, "<no section>")]
    assert not bad, f"{len(bad)} bodies differ\n" + "\n".join(
        f"  {p}:\n    expected {w!r}\n    got      {g!r}" for p, w, g in bad[:6])


# ---------------------------------------------------------------------------------------------- annex
TABLE_KEYS = ("table_index", "title", "kind", "n_rows", "n_cols")
IND_KEYS = ("table_index", "row_index", "code", "parent_code", "is_group", "name", "unit", "value_column",
            "value_raw", "value", "note")


@pytest.mark.parametrize("key,fmt", CASES)
def test_tables(made, key, fmt):
    rec = _records(made, key, fmt)
    want = [tuple(t[k] for k in TABLE_KEYS) for t in made["expected"][key].tables]
    got = [tuple(_ws(t.get(k)) for k in TABLE_KEYS) for t in rec.tables]
    assert got == want, _diff(want, got)


@pytest.mark.parametrize("key,fmt", [c for c in CASES if SPECS[c.values[0]].annexes])
def test_indicators(made, key, fmt):
    rec = _records(made, key, fmt)
    want = [tuple(i[k] for k in IND_KEYS) for i in made["expected"][key].indicators]
    got = [tuple(_ws(i.get(k)) for k in IND_KEYS) for i in rec.indicators]
    if got != want:
        # name the columns that differ, then show the rows
        cols = sorted({IND_KEYS[c] for w, g in zip(want, got) for c in range(len(IND_KEYS)) if w[c] != g[c]})
        pytest.fail(f"columns differing: {cols}\nkeys {IND_KEYS}\n" + _diff(want, got))


# ---------------------------------------------------------------------------------------------- notes, citations
@pytest.mark.parametrize("key,fmt", [c for c in CASES if SPECS[c.values[0]].footnotes])
def test_footnotes(made, key, fmt):
    rec = _records(made, key, fmt)
    want = [(f["number"], f["text"]) for f in made["expected"][key].footnotes]
    got = [(f["number"], _ws(f["text"])) for f in rec.footnotes]
    assert got == want, _diff(want, got)


@pytest.mark.parametrize("key,fmt", CASES)
def test_references_found(made, key, fmt):
    """Every citation written into the text is found, with its kind, number and date."""
    rec = _records(made, key, fmt)
    want = sorted((r["kind"], r["number"], r["date"] or "") for r in made["expected"][key].references)
    got = sorted((r["kind"], r["number"], r["date"] or "") for r in rec.references)
    missing = list(want)
    for g in got:
        if g in missing:
            missing.remove(g)
    assert not missing, f"citations not found: {missing}\ngot: {got}"


def test_generator_truth_is_self_consistent(made):
    """The generator's own truth: unique section paths, parents before children, every
    indicator row has one record per value column."""
    for key, exp in made["expected"].items():
        paths = [s["path"] for s in exp.sections]
        assert len(paths) == len(set(paths)), key
        for p in paths:
            assert "/" not in p or p.rsplit("/", 1)[0] in paths[: paths.index(p)], (key, p)
        seen: set = set()
        for ind in exp.indicators:
            assert ind["parent_code"] is None or ind["parent_code"] in seen, (key, ind)
            if ind["code"]:
                seen.add(ind["code"])
        per_row: dict = {}
        for ind in exp.indicators:
            per_row.setdefault((ind["table_index"], ind["row_index"]), []).append(ind["value_column"])
        assert len({tuple(v) for v in per_row.values()}) <= len(exp.tables) or not per_row, key
