"""Annex tables that run over three or more pages come out as ONE table, from the text layer and
from a scan of it alike.

The made reports of tests/made_reports.py are rebuilt with their annex printed with row rules
only or with no rules, so the PDF reader and the OCR reader both find the grid from the words
(``readers/unruled_tables``) and the layout stage joins the page pieces
(``extractor.layout.continuation``). A scan adds what splits a table: a stacked header cell read
as a sliver column on one page, a page that continues the table without a repeated header (its
rows found only with the columns carried from the page before), a header repeated on every page.

Slow (OCR): `pytest -m slow tests/test_scan_continuation.py`.
"""

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

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is needed for the PDFs")

# (report, annex rules): a repeated header on every page (hanoi, daklak), none after the first page
# (tayninh); each annex spans three or four pages
REPORTS = [("hanoi-skhdt-6m", "horizontal"), ("tayninh-vp-m10", "horizontal"), ("daklak-snv-2023", "horizontal"),
           ("daklak-snv-2023", "none")]
SCANS = [("hanoi-skhdt-6m", "horizontal", 200), ("tayninh-vp-m10", "horizontal", 150),
         ("daklak-snv-2023", "horizontal", 300), ("tayninh-vp-m10", "horizontal", 200)]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Any]:
    return mr.build_with_rules(REPORTS, tmp_path_factory.mktemp("continuation"))


def _ws(v: Any) -> Any:
    return re.sub(r"\s+", " ", v).strip() if isinstance(v, str) else v


def _one_table(rec, exp, min_pages: int = 3) -> dict:
    """The single table of the report, spanning the annex's pages, with the annex's columns."""
    assert len(rec.tables) == 1, [(t["page_start"], t["page_end"], t["n_cols"]) for t in rec.tables]
    t = rec.tables[0]
    want = exp.tables[0]
    assert t["page_end"] - t["page_start"] + 1 >= min_pages
    assert t["n_cols"] == want["n_cols"]
    return t


@pytest.mark.parametrize("key,rules", REPORTS, ids=[f"{k}-{r}" for k, r in REPORTS])
def test_text_layer_annex_over_pages_is_one_table(built, key, rules):
    rec = extract_file(built["pdfs"][(key, rules)])
    exp = built["expected"][(key, rules)]
    t = _one_table(rec, exp)
    assert t["n_rows"] == exp.tables[0]["n_rows"]
    keys = ("row_index", "code", "name", "unit", "value_column", "value_raw", "note")
    got = [tuple(_ws(i[k]) for k in keys) for i in rec.indicators]
    want = [tuple(_ws(i[k]) for k in keys) for i in exp.indicators]
    if rules == "none":  # with no rules a merged header's levels are one cell ("Kết quả thống kê Số liệu")
        got = [g[:4] + (g[4].replace(" / ", " "),) + g[5:] for g in got]
        want = [w[:4] + (w[4].replace(" / ", " "),) + w[5:] for w in want]
    assert got == want


@pytest.mark.slow
@pytest.mark.parametrize("key,rules,dpi", SCANS, ids=[f"{k}-{r}-{d}dpi" for k, r, d in SCANS])
def test_scanned_annex_over_pages_is_one_table(built, key, rules, dpi, tmp_path):
    from test_made_scans import _scan

    rec = extract_file(_scan(built["pdfs"][(key, rules)], dpi, tmp_path, seed=1))
    assert rec.document["text_source"] == "ocr"
    exp = built["expected"][(key, rules)]
    t = _one_table(rec, exp)
    # every printed row once: none lost with a page, none read twice, a row cut by a page break one
    assert abs(t["n_rows"] - exp.tables[0]["n_rows"]) <= 2, (t["n_rows"], exp.tables[0]["n_rows"])
    got = {(i["code"], _ws(i["value_raw"])) for i in rec.indicators}
    right = [i for i in exp.indicators if (i["code"], i["value_raw"]) in got]
    assert len(right) >= 0.85 * len(exp.indicators), f"{len(right)} of {len(exp.indicators)} values with their codes"
    assert len(rec.indicators) <= 1.05 * len(exp.indicators)


def _piece(page: int, order: int, widths: list[float], rows: list[list[str]]):
    from extractor.model import Cell, Table

    xs = [90.0]
    for w in widths:
        xs.append(xs[-1] + w)
    cells = [Cell(row=r, col=c, text=t, box=(xs[c], 60.0 + 20 * r, xs[c + 1], 80.0 + 20 * r))
             for r, row in enumerate(rows) for c, t in enumerate(row)]
    return Table(cells=cells, n_rows=len(rows), n_cols=len(widths), order=order, page=page,
                 box=(xs[0], 60.0, xs[-1], 60.0 + 20 * len(rows)))


def test_pieces_join_across_a_sliver_column():
    """A scan's first page read a stacked header's stray mark as a narrow seventh column, and its
    "Đơn vị tính" as "» tính": the next page's piece (six columns, header repeated, its first row the
    rest of a row the page break cut) is still the same table, and names the unit column."""
    from extractor.layout.continuation import join_tables
    from extractor.model import Document, Page

    first = _piece(1, 0, [26, 194, 40, 10, 69, 61, 36], [
        ["TT", "Nội dung chỉ tiêu", "» tính", "ậ", "Cùng kỳ năm 2023", "Kỳ báo cáo năm 2024", "Ghi chú"],
        ["1.1.", "Số công chức, viên chức được đào tạo,", "Người", "", "81", "83", ""],
    ])
    second = _piece(2, 1, [26, 194, 50, 69, 61, 36], [
        ["TT", "Nội dung chỉ tiêu", "Đơn vị tính", "Cùng kỳ năm 2023", "Kỳ báo cáo năm 2024", "Ghi chú"],
        ["", "bồi dưỡng", "", "", "", ""],
        ["1.2.", "Kinh phí thực hiện", "Triệu đồng", "31.915,2", "25.232,3", "Ước thực hiện"],
    ])
    doc = Document(source="made", format="pdf", page_count=2,
                   pages=[Page(number=1, tables=[first]), Page(number=2, tables=[second])])
    [t] = join_tables(doc)
    assert (t.n_cols, t.header_rows, t.page_start, t.page_end) == (6, 1, 1, 2)
    texts = [[r.cells[k].text if k in r.cells else "" for k in range(t.n_cols)] for r in t.rows]
    assert texts == [
        ["TT", "Nội dung chỉ tiêu", "» tính", "Cùng kỳ năm 2023", "Kỳ báo cáo năm 2024", "Ghi chú"],
        ["1.1.", "Số công chức, viên chức được đào tạo, bồi dưỡng", "Người", "81", "83", ""],
        ["1.2.", "Kinh phí thực hiện", "Triệu đồng", "31.915,2", "25.232,3", "Ước thực hiện"],
    ]
    assert t.roles == {0: "code", 1: "name", 2: "unit", 5: "note"}
    assert set(t.value_columns) == {3, 4}


def test_different_tables_are_not_joined_by_a_mended_count():
    """Dropping a sliver makes the counts agree, but the columns do not line up and no header
    repeats: the second piece is a table of its own."""
    from extractor.layout.continuation import join_tables
    from extractor.model import Document, Page

    first = _piece(1, 0, [26, 194, 40, 10, 69, 61], [
        ["TT", "Nội dung chỉ tiêu", "ĐVT", "", "Năm 2023", "Năm 2024"],
        ["1", "Số văn bản", "Văn bản", "", "12", "14"],
    ])
    second = _piece(2, 1, [120, 60, 60, 60, 100], [
        ["STT", "Đơn vị", "Điểm số", "Xếp hạng", "Ghi chú"],
        ["1", "Sở Nội vụ", "8,5", "3", ""],
    ])
    doc = Document(source="made", format="pdf", page_count=2,
                   pages=[Page(number=1, tables=[first]), Page(number=2, tables=[second])])
    assert [t.n_cols for t in join_tables(doc)] == [5, 5]


def test_a_narrow_stt_column_is_not_a_sliver():
    """A small table whose TT column is much narrower than the rest (codes '1', '2' under 'TT') keeps it:
    a column holding codes in several rows is the table's own, however narrow."""
    from extractor.layout.continuation import join_tables
    from extractor.model import Document, Page

    only = _piece(3, 0, [22, 300, 160], [
        ["TT", "Tên TTHC", "Số lượng hồ sơ đã hỗ trợ/Tổng số hồ sơ"],
        ["1", "Đăng ký biến động đối với trường hợp chuyển nhượng", "862/1.266 (68,1%)"],
        ["2", "Xác nhận tiếp tục sử dụng đất nông nghiệp", "1.732/2.090 (82,9%)"],
    ])
    [t] = join_tables(Document(source="made", format="pdf", page_count=1, pages=[Page(number=3, tables=[only])]))
    assert t.n_cols == 3 and t.roles.get(0) == "code" and t.is_indicator
