"""Annex tables printed without vertical rules (row rules only), without any rules, or with column
rules only (a frame, column rules and a rule under the header), as Word and LibreOffice print them
to PDF. The made reports of tests/made_reports.py are rebuilt with
their annex borders changed, so the truth is the same as for the fully ruled originals: every
indicator row, wrapped STT headers ("ST" / "T"), two-row merged headers, rows cut by a page
break, pages continuing a table with or without a repeated header, and section bodies with no
table text leaking into them."""

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
from extractor.layout.unruled import Phrase, find_unruled_tables  # noqa: E402

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is needed for the PDFs")

# merged two-row headers, a wrapped STT header, split rows, a table with no repeated header,
# two annexes in one report, a landscape annex, a column-number row under the header
KEYS = ["lamdong-ubnd-6m", "daklak-snv-2023", "hanoi-skhdt-6m", "tayninh-vp-m10", "quangninh-stc-q4",
        "dienbien-skhdt-q2", "cantho-snv-q1"]
RULES = ["horizontal", "none", "vertical"]
CASES = [pytest.param(k, r, id=f"{k}-{r}") for k in KEYS for r in RULES]
IND_KEYS = ("table_index", "row_index", "code", "parent_code", "is_group", "name", "unit", "value_column",
            "value_raw", "value", "note")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("unruled")
    return {**mr.build_with_rules([(k, r) for k in KEYS for r in RULES], root), "records": {}}


def _records(built: dict, key: str, rules: str):
    if (key, rules) not in built["records"]:
        built["records"][(key, rules)] = extract_file(built["pdfs"][(key, rules)])
    return built["records"][(key, rules)]


def _ws(v: Any) -> Any:
    return re.sub(r"\s+", " ", v).strip() if isinstance(v, str) else v


def _label(rules: str, v: Any) -> Any:
    # Without any rule a header over one column ("Kết quả thống kê" over "Số liệu") cannot be told
    # from one header cell of four lines: the label then reads as one phrase.
    return v.replace(" / ", " ") if rules == "none" and isinstance(v, str) else v


@pytest.mark.parametrize("key,rules", CASES)
def test_indicators_as_from_the_ruled_table(built, key, rules):
    rec = _records(built, key, rules)
    want = [tuple(_label(rules, i[k]) if k == "value_column" else i[k] for k in IND_KEYS)
            for i in built["expected"][(key, rules)].indicators]
    got = [tuple(_label(rules, _ws(i.get(k))) if k == "value_column" else _ws(i.get(k)) for k in IND_KEYS)
           for i in rec.indicators]
    assert len(got) == len(want)
    bad = [(w, g) for w, g in zip(want, got) if w != g]
    assert not bad, "\n".join(f"expected {w}\ngot      {g}" for w, g in bad[:4])


@pytest.mark.parametrize("key,rules", CASES)
def test_tables_and_section_bodies(built, key, rules):
    rec = _records(built, key, rules)
    exp = built["expected"][(key, rules)]
    assert [(t["table_index"], t["n_cols"], t["kind"]) for t in rec.tables] == \
        [(t["table_index"], t["n_cols"], t["kind"]) for t in exp.tables]
    want = {s["path"]: _ws(s["body"]) for s in exp.sections}
    got = {s["path"]: _ws(s["body"] or "") for s in rec.sections}
    assert got == want


def _phrase(x0: float, top: float, text: str, bold: bool = False, key: int = 0) -> Phrase:
    """A phrase set in 10 pt type, words 5 pt a letter apart by single spaces."""
    words, x = [], x0
    for w in text.split():
        words.append((x, x + 5 * len(w), w))
        x += 5 * len(w) + 3
    return Phrase(x0, words[-1][1], top, top + 10, text, words, 10.0, key=key, bold=bold)


def _lay_out(lines: list[list[tuple[float, str, bool]]]) -> list[Phrase]:
    """Lines of (x0, text, bold) set 14 pt apart from the top."""
    phrases: list[Phrase] = []
    for n, row in enumerate(lines):
        for x0, text, bold in row:
            phrases.append(_phrase(x0, 100.0 + 14 * n, text, bold, key=len(phrases)))
    return phrases


def test_geometry_alone_no_rules():
    """The finder on plain geometry: a header, rows with wrapped names and a paragraph after."""
    lines = [
        [(60, "Bảng tổng hợp", True)],
        [(40, "STT", True), (90, "Chỉ tiêu", True), (250, "ĐVT", True), (320, "Số liệu", True)],
        [(42, "1", False), (90, "Số hồ sơ tiếp nhận", False), (250, "Hồ sơ", False), (330, "1.250", False)],
        [(42, "2", False), (90, "Số hồ sơ giải quyết", False), (250, "Hồ sơ", False), (330, "1.100", False)],
        [(90, "đúng hạn", False)],
        [(42, "3", False), (90, "Tỷ lệ đúng hạn", False), (255, "%", False), (335, "88", False)],
        [(40, "Đơn vị đã triển khai đầy đủ các nhiệm vụ được giao trong kỳ báo cáo", False)],
    ]
    phrases = _lay_out(lines)
    grids = find_unruled_tables(phrases, [])
    assert len(grids) == 1
    g = grids[0]
    assert len(g.xs) == 5  # four columns
    assert g.roles == ["code", "name", "unit", None]
    taken = {phrases[k].text for k in g.keys}
    assert "đúng hạn" in taken and "Bảng tổng hợp" not in taken
    assert not any(t.startswith("Đơn vị đã") for t in taken)
    # header row + three rows: the wrapped "đúng hạn" is part of row 2, not a row of its own
    ys = sorted({b[1] for b in g.cell_boxes} | {b[3] for b in g.cell_boxes})
    assert len(ys) == 5


def test_geometry_lost_stt_header():
    """A scan that lost the STT header cell: the name header and a column of codes left of it do."""
    lines = [
        [(150, "Chỉ tiêu", True), (300, "Đơn vị tính", True), (400, "Số liệu", True)],
        [(42, "I", True), (90, "CẢI CÁCH THỂ CHẾ", True)],
        [(42, "1.", False), (90, "Số văn bản ban hành", False), (310, "Văn bản", False), (420, "12", False)],
        [(42, "2.", False), (90, "Số văn bản rà soát", False), (310, "Văn bản", False), (420, "30", False)],
        [(42, "3.", False), (90, "Tỷ lệ đúng hạn", False), (320, "%", False), (420, "98", False)],
    ]
    phrases = _lay_out(lines)
    grids = find_unruled_tables(phrases, [])
    assert len(grids) == 1 and len(grids[0].xs) == 5
    assert grids[0].roles[1:] == ["name", "unit", None]


def test_geometry_needs_a_name_column():
    """An STT-like word beside other words is not a table unless a column names the indicators."""
    phrases = [_phrase(40, 100, "TT", True, 0), _phrase(90, 100, "Họ và tên", True, 1),
               _phrase(250, 100, "Năm sinh", True, 2), _phrase(42, 114, "1", key=3),
               _phrase(90, 114, "Nguyễn Văn A", key=4), _phrase(250, 114, "1980", key=5)]
    assert find_unruled_tables(phrases, []) == []


SCANS = [("dienbien-skhdt-q2", "horizontal", 200), ("dienbien-skhdt-q2", "none", 200),
         ("daklak-snv-2023", "horizontal", 150), ("dienbien-skhdt-q2", "vertical", 200)]


@pytest.mark.slow
@pytest.mark.parametrize("key,rules,dpi", SCANS, ids=[f"{k}-{r}-{d}dpi" for k, r, d in SCANS])
def test_scanned_unruled_tables(built, key, rules, dpi, tmp_path):
    """The same tables scanned (skewed, noisy JPEG): the grid comes from the OCR words the same way."""
    from test_made_scans import _scan

    rec = extract_file(_scan(built["pdfs"][(key, rules)], dpi, tmp_path, seed=1))
    assert rec.document["text_source"] == "ocr"
    exp = built["expected"][(key, rules)].indicators
    got = {(i.get("code"), _ws(i.get("value_raw"))) for i in rec.indicators}
    right = [i for i in exp if (i["code"], i["value_raw"]) in got]
    assert len(rec.indicators) >= 0.9 * len(exp)
    assert len(right) >= 0.85 * len(exp), f"{len(right)} of {len(exp)} values with their codes"
