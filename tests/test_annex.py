"""Annex tables on real reports: what was checked by eye against the rendered pages."""

from __future__ import annotations

import pytest

from extractor import extract_file
from extractor.interpret.checks import find_checks
from shared_data import CORPUS as SHARED_CORPUS
from shared_data import SAMPLES as SHARED_SAMPLES
from shared_data import SHARED as SHARED_ROOT

SHARED = SHARED_ROOT
CORPUS = SHARED_CORPUS
SEED_PDF = SHARED_SAMPLES / "seed-report.pdf"


@pytest.fixture(scope="module")
def seed():
    return extract_file(SEED_PDF)


@pytest.fixture(scope="module")
def snv_pdf():
    return extract_file(CORPUS / "lamdong_snv_bc_cac_chi_so_tinh_0611-2025.pdf")


@pytest.fixture(scope="module")
def quarterly_docx():
    return extract_file(CORPUS / "lamdong_ubnd_bc_cchc_quy1_2026.docx")


def rows(records, table_index, column=None):
    out = [r for r in records.indicators if r["table_index"] == table_index]
    if column is not None:
        out = [r for r in out if r["value_column"] == column]
    return out


def by_code(records, table_index, column=None):
    return {r["code"]: r for r in rows(records, table_index, column) if r["code"]}


def test_seed_table_spans_pages_with_header_dropped(seed):
    assert len(seed.tables) == 1
    t = seed.tables[0]
    assert (t["kind"], t["page_start"], t["page_end"], t["header_rows"]) == ("indicator", 12, 19, 2)
    assert t["title"].startswith("TỔNG KÊ SỐ LIỆU") and "Quý I, năm 2022" in t["title"]
    # the repeated two-row header of pages 13-19 is not in the cells
    headers = [c for c in seed.cells if c["text"] == "STT"]
    assert len(headers) == 1
    assert len(rows(seed, 0)) == 131


def test_seed_row_split_by_page_break_is_one_row(seed):
    r = by_code(seed, 0)["4.1.3"]
    assert r["name"] == "Số tổ chức giữa các phòng, ban thuộc Sở thành lập"
    assert r["unit"] == "Phòng, ban, đơn vị"
    assert r["page"] == 14
    assert by_code(seed, 0)["4.1.4"]["page"] == 15
    assert not [x for x in rows(seed, 0) if x["name"].startswith("thuộc Sở")]


def test_seed_uncoded_coded_and_groups(seed):
    rs = rows(seed, 0)
    trong_do = [r for r in rs if r["code"] is None]
    assert [r["name"] for r in trong_do[:3]] == ["Số TTHC cấp tỉnh:", "Số TTHC cấp huyện:", "Số TTHC cấp xã:"]
    assert {r["parent_code"] for r in trong_do[:3]} == {"3.1.3"}
    coded = by_code(seed, 0)["5.3.1"]
    assert (coded["value"], coded["value_kind"], coded["value_label"]) == (0, "coded", "Chưa thực hiện")
    assert by_code(seed, 0)["4.3.4"]["value"] == 8.3 and by_code(seed, 0)["4.3.4"]["value_kind"] == "percent"
    assert by_code(seed, 0)["6"]["parent_code"] is None  # '6' continues the Roman sequence after V
    assert by_code(seed, 0)["6.1"]["parent_code"] == "6"
    assert by_code(seed, 0)["1.1"]["parent_code"] == "I"
    assert by_code(seed, 0)["3.2"]["is_group"] == 1 and by_code(seed, 0)["2.1"]["is_group"] == 0
    assert {r["value_column"] for r in rs} == {"Kết quả thống kê / Số liệu"}


def test_seed_checks_flag_the_annex_period(seed):
    kinds = [c["kind"] for c in seed.checks]
    assert "period_mismatch" in kinds  # the annex says quý I năm 2022 over a 2023 report
    assert "2022" in next(c for c in seed.checks if c["kind"] == "period_mismatch")["message"]


def test_snv_pdf_tables_whole_across_page_breaks(snv_pdf):
    ind = [t for t in snv_pdf.tables if t["kind"] == "indicator"]
    spans = [(t["page_start"], t["page_end"]) for t in ind]
    assert spans == [(1, 2), (5, 6), (7, 8), (10, 10), (12, 13)]
    # PAR Index: rows 1-8 and the total, 3 provinces x 3 measures, the continuation on page 2 joined
    par = rows(snv_pdf, 0)
    assert len({r["row_index"] for r in par}) == 9
    assert len({r["value_column"] for r in par}) == 9
    lam = by_code(snv_pdf, 0, "Lâm Đồng / Chỉ số")
    assert lam["1"]["value_raw"] == "99,9%" and lam["1"]["value"] == 99.9
    assert lam["8"]["page"] == 2 and lam["8"]["value_raw"] == "65,2%"
    total = [r for r in rows(snv_pdf, 0, "Bình Thuận / Thứ hạng") if r["name"] == "CHỈ SỐ CHUNG"]
    assert len(total) == 1 and total[0]["code"] is None and total[0]["value_raw"] == "34/63"


def test_snv_pdf_plain_numbers_under_roman_groups(snv_pdf):
    sipas = by_code(snv_pdf, 1, "Lâm Đồng / Chỉ số")
    assert sipas["I"]["is_group"] == 1
    assert sipas["2"]["parent_code"] == "II"  # the second '2' (under II) wins in the dict
    idx = rows(snv_pdf, 4, "Tỷ lệ")
    assert [r["name"] for r in idx][-1] == "CHỈ SỐ CHUNG" and idx[-1]["value"] == 88.72
    assert idx[-1]["page"] == 13


def test_quarterly_docx_seven_forms(quarterly_docx):
    ind = [t for t in quarterly_docx.tables if t["kind"] == "indicator"]
    assert [t["title"].split(" ")[2] for t in ind] == [str(i) for i in range(1, 8)]
    assert all(t["title"].startswith("Biểu mẫu") for t in ind)
    counts = [len({r["row_index"] for r in rows(quarterly_docx, t["table_index"])}) for t in ind]
    assert counts == [19, 13, 21, 19, 13, 13, 25]
    tthc = by_code(quarterly_docx, ind[2]["table_index"])
    assert tthc["1.4"]["value"] == 2310 and tthc["1.4"]["value_raw"] == "2.310"
    assert tthc["1.4.1"]["parent_code"] == "1.4" and tthc["3.1"]["value"] == 95.53
    money = by_code(quarterly_docx, ind[5]["table_index"])["1.1"]
    assert money["unit"] == "Triệu đồng" and money["value"] == 13203300
    assert money["value_base"] == 13203300 * 1e6
    coded = by_code(quarterly_docx, ind[6]["table_index"])["1"]
    assert (coded["value_kind"], coded["value_label"]) == ("coded", "Hoàn thành")
    dash = by_code(quarterly_docx, ind[4]["table_index"])["1.2"]
    assert (dash["value_raw"], dash["value"], dash["value_kind"]) == ("-", None, "empty")


def test_quarterly_docx_percent_over_100_is_recorded_not_fixed(quarterly_docx):
    t = next(t for t in quarterly_docx.tables if t["title"].startswith("Biểu mẫu 4"))
    r = by_code(quarterly_docx, t["table_index"])["1.2"]
    assert r["value"] == 124  # printed as 124 under unit %
    checks = find_checks(quarterly_docx)
    assert any(c["kind"] == "percent_over_100" and "124" in c["message"] for c in checks)


def _table(rows: list[list[str]]):
    from extractor.model import Cell, Document, Page, Table

    cells = [Cell(row=r, col=c, text=x) for r, row in enumerate(rows) for c, x in enumerate(row)]
    table = Table(cells=cells, n_rows=len(rows), n_cols=len(rows[0]), page=1)
    return Document(source="made", format="pdf", pages=[Page(number=1, tables=[table])], page_count=1)


@pytest.mark.parametrize("header,name_col,unit", [
    (["STT", "Chỉ tiêu", "Đơn vị", "Số liệu"], 1, "Văn bản"),  # "Đơn vị" beside an indicator name: the unit
    (["STT", "Đơn vị", "Điểm số", "Xếp hạng"], 1, ""),  # "Đơn vị" alone: the agencies ranked are the names
])
def test_ambiguous_unit_header(header, name_col, unit):
    from extractor.interpret.annex import read_tables

    body = [["1", "Số văn bản đã ban hành", "Văn bản", "12"]] if unit else [["1", "Sở Nội vụ", "8,5", "3"]]
    _tables, _cells, ind, joined = read_tables(_table([header] + body))
    assert joined[0].roles[name_col] == "name"
    assert ind[0]["unit"] == unit
    assert ind[0]["value"] == (12 if unit else 8.5)
