"""Header interpreter: the seed sample against its truth, built page models, and
facts checked by eye on real corpus files."""

from __future__ import annotations

import json

import pytest

from extractor.interpret.header import parse_period, read_header, sentence_case
from extractor.model import CellPlace, Document, Line, Page
from shared_data import CORPUS as SHARED_CORPUS
from shared_data import SAMPLES as SHARED_SAMPLES

SAMPLES = SHARED_SAMPLES
CORPUS = SHARED_CORPUS
FIELDS = ["doc_type", "doc_number", "title", "agency", "province", "issued_date", "period_label",
          "period_year", "period_quarter", "period_start", "period_end", "signer_name", "signer_title"]


def _truth() -> dict:
    return json.loads((SAMPLES / "seed-report.truth.json").read_text(encoding="utf-8"))


def _check_against_truth(info) -> None:
    truth = _truth()
    want = truth["documents"]
    alts = truth.get("alternatives", {})
    wrong = []
    for f in FIELDS:
        ok = [want[f]] + alts.get(f"documents.{f}", [])
        if getattr(info, f) not in ok:
            wrong.append((f, getattr(info, f), want[f]))
    assert not wrong, wrong


@pytest.mark.skipif(not (SAMPLES / "seed-report.pdf").exists(), reason="seed sample missing")
def test_seed_pdf_header_matches_truth():
    from extractor.readers.pdf import read_pdf
    doc = read_pdf(str(SAMPLES / "seed-report.pdf"))
    info = read_header(doc)
    _check_against_truth(info)
    assert info.signer_title_full.replace(" ", "") == "KT.GIÁMĐỐCPHÓGIÁMĐỐC"
    # the body begins with the 'Căn cứ' preamble and ends where 'Nơi nhận' starts
    first = next(it for it in doc.items() if it.order == info.body_start)
    assert first.text.startswith("Căn cứ")
    closing = next(it for it in doc.items() if it.order == info.body_end)
    assert closing.text.startswith("Nơi nhận")


@pytest.mark.skipif(not (SAMPLES / "seed-report.docx").exists(), reason="seed sample missing")
def test_seed_docx_header_matches_truth():
    from extractor.readers.docx import read_docx
    doc = read_docx(str(SAMPLES / "seed-report.docx"))
    info = read_header(doc)
    _check_against_truth(info)


def _pdf_doc(rows: list[tuple]) -> Document:
    """rows: (text, x0, top, x1, bold) on one page of a PDF-like document."""
    lines = [Line(text=t, order=i, page=1, box=(x0, top, x1, top + 13), size=13, bold=b, indent=x0 - 85)
             for i, (t, x0, top, x1, b) in enumerate(rows)]
    return Document(source="x.pdf", format="pdf", pages=[Page(number=1, width=595, height=842, lines=lines)],
                    page_count=1)


def test_two_column_header_built_from_segments():
    doc = _pdf_doc([
        ("UBND TỈNH ĐIỆN BIÊN", 101, 80, 240, False),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 275, 80, 525, True),
        ("SỞ KẾ HOẠCH VÀ ĐẦU", 98, 96, 243, True),
        ("Độc lập - Tự do - Hạnh phúc", 314, 95, 485, True),
        ("TƯ", 161, 112, 180, True),
        ("Số: 329", 114, 140, 150, False),
        ("/BC-SKHĐT", 157, 140, 226, False),
        ("Điện Biên, ngày 17 tháng 3 năm 2023", 293, 140, 506, False),
        ("BÁO CÁO", 280, 169, 344, True),
        ("Kết quả công tác cải cách hành chính 6 tháng đầu năm 2023", 119, 187, 505, True),
        ("Căn cứ Kế hoạch số 4217/KH-UBND ngày 29/12/2022 của UBND tỉnh", 114, 234, 538, False),
        ("I. KẾT QUẢ", 114, 260, 300, True),
        ("Nơi nhận:", 85, 300, 140, True),
        ("GIÁM ĐỐC", 380, 300, 460, True),
        ("- Như trên;", 85, 315, 160, False),
        ("(Đã ký)", 390, 330, 450, False),
        ("NGUYỄN VĂN AN", 360, 380, 480, True),
    ])
    info = read_header(doc)
    assert info.agency == "Sở Kế hoạch và Đầu tư"
    assert info.province == "Điện Biên"
    assert info.doc_number == "329/BC-SKHĐT"
    assert info.issued_date == "2023-03-17"
    assert info.doc_type == "BÁO CÁO"
    assert info.title == "Kết quả công tác cải cách hành chính 6 tháng đầu năm 2023"
    assert (info.period_label, info.period_year, info.period_quarter) == ("6 tháng đầu năm 2023", 2023, None)
    assert (info.period_start, info.period_end) == ("2023-01-01", "2023-06-30")
    assert info.body_start == 10 and info.body_end == 12
    assert info.signer_title == "GIÁM ĐỐC"
    assert info.signer_name == "Nguyễn Văn An"


def test_letter_without_kind_line():
    """A công văn: 'V/v ...' under the number is its title; the kind comes from the letter form.
    Shaped as the DOCX reader gives it: a one-row layout table, each line placed in its cell."""
    def cell(col: int, para: int) -> CellPlace:
        return CellPlace(table=0, row=0, col=col, para=para, x0=(0, 200)[col], x1=(200, 480)[col])

    def dl(text: str, order: int, **kw) -> Line:
        return Line(text, order=order, source="docx", in_table="cell" in kw, **kw)

    lines = [
        dl("ỦY BAN NHÂN DÂN", 0, cell=cell(0, 0), bold=True),
        dl("TỈNH LÂM ĐỒNG", 1, cell=cell(0, 1), bold=True),
        dl("Số: 6484/UBND-NC", 2, cell=cell(0, 2)),
        dl("V/v chuẩn bị nội dung phục vụ cuộc họp", 3, cell=cell(0, 3)),
        dl("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 4, cell=cell(1, 0), bold=True),
        dl("Độc lập - Tự do - Hạnh phúc", 5, cell=cell(1, 1), bold=True),
        dl("Lâm Đồng, ngày 04 tháng 11 năm 2025", 6, cell=cell(1, 3), italic=True),
        dl("Kính gửi: Sở Nội vụ", 7, para=1),
        dl("Ủy ban nhân dân tỉnh đề nghị ...", 8, para=2),
    ]
    doc = Document(source="x.docx", format="docx", pages=[Page(number=None, lines=lines, text_source="docx")])
    info = read_header(doc)
    assert info.agency == "Ủy ban nhân dân tỉnh Lâm Đồng"
    assert info.doc_number == "6484/UBND-NC"
    assert info.title == "V/v chuẩn bị nội dung phục vụ cuộc họp"
    assert info.doc_type == "CÔNG VĂN"
    assert info.issued_date == "2025-11-04"
    assert info.body_start == 7


@pytest.mark.parametrize("text,expected", [
    ("Kết quả thực hiện quý I năm 2023", ("quý I năm 2023", 2023, 1, "2023-01-01", "2023-03-31")),
    ("Báo cáo quý II/2024", ("quý II/2024", 2024, 2, "2024-04-01", "2024-06-30")),
    ("Tình hình 9 tháng đầu năm 2024", ("9 tháng đầu năm 2024", 2024, None, "2024-01-01", "2024-09-30")),
    ("Kết quả năm 2025", ("năm 2025", 2025, None, "2025-01-01", "2025-12-31")),
    ("Đề án 06 tháng 10/2025", ("tháng 10/2025", 2025, None, "2025-10-01", "2025-10-31")),
    ("Kết quả tháng 2 năm 2024", ("tháng 2 năm 2024", 2024, None, "2024-02-01", "2024-02-29")),
    ("Kế hoạch giai đoạn 2026 - 2030", ("giai đoạn 2026 - 2030", None, None, "2026-01-01", "2030-12-31")),
])
def test_periods(text, expected):
    p = parse_period(text)
    assert (p["period_label"], p["period_year"], p["period_quarter"], p["period_start"], p["period_end"]) == expected


def test_sentence_case_of_agencies():
    assert sentence_case("SỞ KẾ HOẠCH VÀ ĐẦU TƯ") == "Sở Kế hoạch và Đầu tư"
    assert sentence_case("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG") == "Ủy ban nhân dân tỉnh Lâm Đồng"
    assert sentence_case("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG") == "Trung tâm Phục vụ hành chính công"
    assert sentence_case("CÔNG AN TỈNH LÂM ĐỒNG") == "Công an tỉnh Lâm Đồng"
    assert sentence_case("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH") == "Sở Văn hóa, Thể thao và Du lịch"


def test_blank_dates():
    doc = _pdf_doc([
        ("UBND TỈNH X", 101, 80, 240, False), ("SỞ NỘI VỤ", 98, 96, 243, True),
        ("Số: /BC-SNV", 114, 140, 226, False),
        ("Lâm Đồng, ngày", 277, 140, 370, False), ("tháng năm 2025", 395, 140, 502, False),
        ("BÁO CÁO", 280, 169, 344, True),
    ])
    info = read_header(doc)
    assert info.issued_date == "2025"
    assert info.province == "Lâm Đồng"  # 'TỈNH X' is no province: the place line decides
    assert info.doc_number == "/BC-SNV"


# ---- checked by eye on real corpus files (Lâm Đồng, DOCX) --------------------------------------

CORPUS_CASES = [
    ("lamdong_ubnd_kh_cchc_2026-2030.docx", dict(
        doc_type="KẾ HOẠCH", doc_number="/KH-UBND", agency="Ủy ban nhân dân tỉnh Lâm Đồng",
        province="Lâm Đồng", issued_date="2026-03", period_label="giai đoạn 2026 - 2030",
        period_start="2026-01-01", period_end="2030-12-31", signer_name="Nguyễn Ngọc Phúc",
        signer_title="PHÓ CHỦ TỊCH")),
    ("lamdong_ubnd_qd_cong_bo_chi_so_cchc_2025.docx", dict(
        doc_type="QUYẾT ĐỊNH", doc_number="/QĐ-UBND", period_label="năm 2025", period_year=2025)),
    ("lamdong_ttpvhcc_bc_chi_so_766_0611-2025.docx", dict(
        doc_type="BÁO CÁO", agency="Trung tâm Phục vụ hành chính công", province="Lâm Đồng",
        signer_name="Nguyễn Hữu Tuấn", signer_title="PHÓ GIÁM ĐỐC")),
    ("lamdong_snv_bc_cac_chi_so_tinh_0611-2025.docx", dict(
        agency="Sở Nội vụ", doc_number="/BC-SNV", issued_date="2025-11", period_label=None)),
    ("lamdong_ubnd_bc_cchc_quy1_2026.docx", dict(
        period_label="quý I năm 2026", period_quarter=1, period_end="2026-03-31",
        title="Công tác cải cách hành chính quý I năm 2026 và phương hướng, nhiệm vụ quý II năm 2026 tỉnh Lâm Đồng")),
]


@pytest.mark.parametrize("name,expected", CORPUS_CASES)
def test_corpus_headers(name, expected):
    path = CORPUS / name
    if not path.exists():
        pytest.skip("corpus file missing")
    from extractor.readers.docx import read_docx
    info = read_header(read_docx(str(path)))
    got = {k: getattr(info, k) for k in expected}
    assert got == expected
    if "qd_" in name:
        # the decision's authority line is not part of its title
        assert "CHỦ TỊCH" not in info.title


@pytest.mark.parametrize("agency, place, province", [
    ("BỘ NỘI VỤ", "Hà Nội", None),             # a ministry's place of issue is where it sits
    ("SỞ TƯ PHÁP", "Bình Định", "Bình Định"),  # a local body's place names its province
])
def test_province_from_the_place_of_issue_only_for_a_local_body(agency, place, province):
    doc = _pdf_doc([
        (agency, 110, 80, 230, True),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 275, 80, 525, True),
        ("Độc lập - Tự do - Hạnh phúc", 314, 95, 485, True),
        ("Số: 15/BC-XX", 114, 140, 220, False),
        (f"{place}, ngày 17 tháng 3 năm 2023", 293, 140, 506, False),
        ("BÁO CÁO", 280, 169, 344, True),
        ("Kết quả công tác năm 2022", 200, 187, 420, True),
    ])
    info = read_header(doc)
    assert info.agency is not None and info.province == province


@pytest.mark.parametrize("title, label", [
    ("Chương trình phòng, chống ma túy đến năm 2030", None),  # a horizon, not a period
    ("KẾ HOẠCH THỰC HIỆN ĐẾN NĂM 2030", None),
    ("Báo cáo kết quả năm 2025", "năm 2025"),
])
def test_a_horizon_is_not_a_period(title, label):
    got = parse_period(title)
    assert (got or {}).get("period_label") == label


def test_signer_with_a_rank_and_a_title_lost_under_a_stamp():
    """A police report's signature: the title line under the red stamp did not survive the scan, the
    rank and name did. The rank is no part of the name, and a rank line is a signature line."""
    doc = _pdf_doc([
        ("CÔNG AN TỈNH LÂM ĐỒNG", 101, 80, 260, True),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 275, 80, 525, True),
        ("Độc lập - Tự do - Hạnh phúc", 314, 95, 485, True),
        ("Số: 289/TTr-CAT-PC06", 114, 140, 260, False),
        ("Lâm Đồng, ngày 22 tháng 10 năm 2025", 293, 140, 506, False),
        ("TỜ TRÌNH", 280, 169, 344, True),
        ("Đề nghị ban hành Báo cáo tháng 10/2025", 180, 187, 450, True),
        ("Công an tỉnh kính báo cáo Lãnh đạo UBND tỉnh.", 114, 234, 538, False),
        ("Nơi nhận:", 85, 300, 140, True),
        ("- Như kính gửi;", 85, 315, 160, False),
        ("- Đ/c Đại tá Nguyễn Tường Vũ - PGĐ;", 85, 330, 300, False),
        ("Thiếu tướng Trương Minh Đương", 340, 400, 520, True),
    ])
    info = read_header(doc)
    assert info.signer_name == "Trương Minh Đương"


@pytest.mark.parametrize("reading, number, unread", [
    ("Số: 2X/TTr-CAT-PC06", "/TTr-CAT-PC06", "2X/TTr-CAT-PC06"),  # a handwritten 289 the OCR garbled
    ("Số: 289/TTr-CAT-PC06", "289/TTr-CAT-PC06", None),           # digits read: kept
])
def test_a_number_a_scan_could_not_read_is_not_guessed(reading, number, unread):
    from dataclasses import replace as dc_replace

    from extractor.model import OCR

    doc = _pdf_doc([
        ("CÔNG AN TỈNH LÂM ĐỒNG", 101, 80, 260, True),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 275, 80, 525, True),
        ("Độc lập - Tự do - Hạnh phúc", 314, 95, 485, True),
        (reading, 114, 140, 260, False),
        ("Lâm Đồng, ngày 22 tháng 10 năm 2025", 293, 140, 506, False),
        ("TỜ TRÌNH", 280, 169, 344, True),
    ])
    page = doc.pages[0]
    page.lines = [dc_replace(ln, source=OCR, confidence=0.8) for ln in page.lines]
    info = read_header(doc)
    assert info.doc_number == number and info.unread.get("doc_number") == unread
