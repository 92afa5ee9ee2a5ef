"""Quantities beyond the plain ``40 doanh nghiệp``: a number glued to its unit (``260MW``, ``(15ha)``), numbers a
document uses as names (``Đội kiểm tra 814``), numbers inside a quoted name, spelled-out counts listed together,
and the counts a footnote states. Phrasings are those of real reports (the corpus truth files and issue 10)."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from extractor import extract_file, write
from extractor.interpret.quantities import find_quantities, name_numbers

sys.path.insert(0, str(Path(__file__).parent))
import made_reports as mr  # noqa: E402


def _rows(text: str) -> list[tuple]:
    return [(q.text, q.value, q.unit) for q in find_quantities(text)]


GLUED = [
    ("nhà máy thủy điện công suất 260MW đã phát điện", [("260MW", 260, "MW")]),
    ("đã bàn giao mặt bằng sạch (15ha) cho nhà đầu tư", [("15ha", 15, "ha")]),
    ("nâng cấp 50km đường giao thông nông thôn", [("50km", 50, "km")]),
    ("đạt 100% kế hoạch năm", [("100%", 100, "%")]),
    ("đóng điện đường dây 500kV mạch 3", [("500kV", 500, "kV")]),
    ("sản lượng điện đạt 12MWh trong tháng", [("12MWh", 12, "MWh")]),
    ("xây dựng 1.200m2 nhà làm việc", [("1.200m2", 1200, "m2")]),
    ("dự án điện mặt trời 50 MWp tại xã", [("50 MWp", 50, "MWp")]),
    ("nhiệt điện Phả Lại (300 MW) đã hoạt động", [("300 MW", 300, "MW")]),
]


@pytest.mark.parametrize("text, expected", GLUED, ids=[f"glued{i}" for i in range(len(GLUED))])
def test_number_glued_to_its_unit_is_a_quantity(text: str, expected: list[tuple]) -> None:
    got = _rows(text)
    assert [(t, u) for t, _, u in got] == [(t, u) for t, _, u in expected]
    assert [v for _, v, _ in got] == pytest.approx([v for _, v, _ in expected])


NOT_QUANTITIES = [
    "thực hiện nghiêm thông điệp 5K phòng chống dịch",         # a code: a word glued to a number
    "làm việc đến giờ thứ 9 trong ngày",                       # an ordinal
    "phòng, chống dịch Covid19 trên địa bàn",                  # a name glued to a number
    "phủ sóng 4G và 5G đến các thôn",                           # network generations
    "Báo cáo số 260/BC-UBND ngày 15/10/2025 của UBND tỉnh",   # a document number and a date
    "kể từ ngày 01/7/2025 đến nay",                             # a date
    "tổ chức thực hiện “Chiến dịch 360 ngày rà soát, xử lý văn bản” trên địa bàn",  # a quoted name
    "triển khai các mô hình “Hồ sơ giấy một lần”, “Hồ sơ không hẹn”",                  # quoted names
    "kiểm tra nội bộ một số hồ sơ, một số văn bản",            # the idiom "một số" (some)
    "cơ chế một cửa, một cửa liên thông",                       # the one-stop shop, a name
]


@pytest.mark.parametrize("text", NOT_QUANTITIES, ids=[f"not{i}" for i in range(len(NOT_QUANTITIES))])
def test_codes_names_dates_are_not_quantities(text: str) -> None:
    assert _rows(text) == []


def test_a_number_outside_quotes_still_counts() -> None:
    assert _rows("hoàn thành trong 360 ngày kể từ ngày ký") == [("360 ngày", 360, "ngày")]


# --- numbers used as names ------------------------------------------------------------------------------

REGULATION = [
    "Đội kiểm tra liên ngành 814 tỉnh Cà Mau gồm có 2 cấp.",
    "Lực lượng của các Đội kiểm tra 814 cấp huyện bao gồm công chức các ngành.",
    "Thẻ kiểm tra của các Đội kiểm tra 814 cấp tỉnh do Chủ tịch UBND tỉnh cấp.",
    "Đội kiểm tra 814 các cấp chịu sự chỉ đạo của Ban chỉ đạo 814 cùng cấp.",
    "Lập kế hoạch hoạt động hằng tháng, thông qua Ban chỉ đạo 814 phê duyệt.",
]


def test_a_number_the_document_uses_as_a_name_is_not_a_count() -> None:
    names = name_numbers(REGULATION)
    assert names == frozenset({"814"})
    got = [r for text in REGULATION for r in [(q.text, q.value, q.unit) for q in find_quantities(text, names)]]
    assert got == [("2 cấp", 2, "cấp")]


def test_without_the_documents_evidence_the_number_counts() -> None:
    """One sentence alone does not make 814 a name: the evidence is the document's."""
    assert _rows(REGULATION[2]) == [("814 cấp", 814, "cấp")]


def test_counts_after_different_names_stay_counts() -> None:
    """A breakdown by agency repeats a number after different names: each is a count."""
    text = "Trong quý, tiếp nhận: Sở Tư pháp 5 hồ sơ, Sở Nội vụ 5 hồ sơ, Sở Y tế 12 hồ sơ."
    assert name_numbers([text]) == frozenset()
    assert _rows(text) == [("5 hồ sơ", 5, "hồ sơ"), ("5 hồ sơ", 5, "hồ sơ"), ("12 hồ sơ", 12, "hồ sơ")]


def test_document_numbers_are_no_evidence_of_a_name() -> None:
    """``Nghị quyết số 02/NQ-CP`` twice does not make every ``02`` of the report a name."""
    texts = ["Thực hiện Nghị quyết số 02/NQ-CP ngày 08/01/2026 của Chính phủ.",
             "triển khai thực hiện Nghị quyết số 02/NQ-CP ngày 08/01/2026 của Chính phủ.",
             "Hội đồng nhân dân tỉnh đã ban hành 02 Nghị quyết QPPL."]
    names = name_numbers(texts)
    assert names == frozenset()
    assert [(q.text, q.value) for q in find_quantities(texts[2], names)] == [("02 Nghị quyết", 2)]


# --- spelled-out counts -----------------------------------------------------------------------------------

def test_spelled_out_counts_listed_together() -> None:
    text = ("Đội kiểm tra cấp tỉnh có một Đội trưởng, hai Đội phó giúp việc Đội trưởng và các Đội viên. "
            "Đội kiểm tra cấp huyện có một Đội trưởng, một Đội phó giúp việc Đội trưởng.")
    assert _rows(text) == [("một Đội trưởng", 1, "Đội trưởng"), ("hai Đội phó", 2, "Đội phó"),
                           ("một Đội trưởng", 1, "Đội trưởng"), ("một Đội phó", 1, "Đội phó")]


def test_a_lone_mot_is_an_article() -> None:
    assert _rows("đây là một Đội trưởng có nhiều kinh nghiệm") == []


# --- through the pipeline: footnotes, and the evidence of the whole document --------------------------------

def _spec(sections: list[mr.Section], footnotes: list[str]) -> mr.Spec:
    return mr.Spec(
        key="quantities", agency_lines=["UBND TỈNH CÀ MAU", "SỞ CÔNG THƯƠNG"], agency="Sở Công Thương",
        province="Cà Mau", place="Cà Mau", number="15", symbol="BC-SCT", day=12, month=3, year=2025,
        doc_type="BÁO CÁO", title_lines=["Tình hình năng lượng quý I năm 2025"],
        period=dict(period_label="quý I năm 2025", period_year=2025, period_quarter=1,
                    period_start="2025-01-01", period_end="2025-03-31"),
        sections=sections, signer_lines=["GIÁM ĐỐC"], signer_name="Lê Văn Minh", footnotes=footnotes)


def test_made_report_footnote_counts_and_document_names(tmp_path: Path) -> None:
    sections = [
        mr.Section("TÌNH HÌNH CHUNG", children=[
            mr.Section("Nguồn điện", body=[
                "Nhà máy điện gió số 3 đã đóng điện với công suất 260MW{fn}.",
                "Trong quý, các Đội kiểm tra 814 cấp tỉnh đã kiểm tra 14 công trình.",
            ]),
            mr.Section("Lưới điện", body=[
                "Phối hợp với các Đội kiểm tra 814 cấp huyện đóng điện đường dây 500kV dài 50km.",
            ]),
        ]),
    ]
    path = tmp_path / "r.docx"
    mr.build(_spec(sections, ["Gồm 3 tổ máy của nhà máy và 12 cột điện đã dựng xong."]), path)
    rec = extract_file(path)
    by_section = {i: s["path"] for i, s in enumerate(rec.sections)}
    got = sorted((by_section.get(q["section"]), q["text"], q["unit"]) for q in rec.quantities)
    # each section alone holds one "các Đội kiểm tra 814": the document holds two, so 814 is a name
    assert got == sorted([
        ("I/1", "260MW", "MW"),
        ("I/1", "14 công trình", "công trình"),
        ("I/1", "12 cột điện", "cột điện"),  # the footnote's counts, under the section holding its mark
        ("I/1", "3 tổ máy", "tổ máy"),
        ("I/2", "500kV", "kV"),
        ("I/2", "50km", "km"),
    ]), got
    # the rows reach SQLite with their section
    db = tmp_path / "r.db"
    write(rec, db)
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT s.path, q.text FROM quantities q JOIN sections s ON s.id = q.section_id "
                           "WHERE q.text IN ('12 cột điện', '3 tổ máy')").fetchall()
    assert sorted(rows) == [("I/1", "12 cột điện"), ("I/1", "3 tổ máy")]
