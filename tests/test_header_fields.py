"""Header fields beyond the seed's template (issue 10, point 6), on documents made in the tests:

* a regulation issued with a decision has no ``Số:`` or date line of its own: its agency stands beside the
  national motto, and its date is the decision's, printed in the "(Ban hành kèm theo …)" note;
* a bare annex has no agency: its capitalised title ("CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CẤP TỈNH") is no issuing
  body, and the number and date of the report it is attached to are not its own header's;
* a ministry's place of issue (Hà Nội) is not its province;
* a month and the months up to it ("tháng 02 và 2 tháng đầu năm 2007") are one period;
* on a scan, a received stamp printed beside the title is not part of the title, and the signer is the name
  under the signature.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Optional

import docx
import pytest
from docx.shared import Pt
from PIL import Image, ImageDraw, ImageFont

from extractor import extract_file
from extractor.interpret.header import parse_period

sys.path.insert(0, str(Path(__file__).parent))
import made_reports as mr  # noqa: E402


def _header_table(d, left: list[str], right: list[str]) -> None:
    """The two header columns as Word holds them: a borderless table, agency left, motto right."""
    t = d.add_table(rows=1, cols=2)
    for cell, lines in zip(t.rows[0].cells, (left, right)):
        cell.paragraphs[0].text = ""
        for k, text in enumerate(lines):
            p = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
            r = p.add_run(text)
            r.bold = True


def _para(d, text: str, bold: bool = False, center: bool = False, size: int = 14):
    p = d.add_paragraph()
    r = p.add_run(text)
    r.bold = bold
    r.font.size = Pt(size)
    if center:
        p.alignment = 1
    return p


def _regulation(path: Path) -> None:
    d = docx.Document()
    _header_table(d, ["UỶ BAN NHÂN DÂN", "TỈNH CÀ MAU"],
                  ["CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"])
    _para(d, "QUY ĐỊNH", bold=True, center=True)
    _para(d, "VỀ CHỨC NĂNG, NHIỆM VỤ, QUYỀN HẠN VÀ CƠ CẤU TỔ CHỨC", center=True)
    _para(d, "CỦA ĐỘI KIỂM TRA LIÊN NGÀNH", center=True)
    _para(d, "( Ban hành kèm theo Quyết định số …05…./2006/ QĐ-UBND,", center=True)
    _para(d, "ngày …25..tháng 01 năm 2006 của UBND tỉnh Cà Mau )", center=True)
    _para(d, "Chương I", bold=True, center=True)
    _para(d, "NHỮNG QUY ĐỊNH CHUNG", bold=True, center=True)
    _para(d, "Điều 1. Phạm vi điều chỉnh.", bold=True)
    _para(d, "Quy chế này quy định chức năng, nhiệm vụ và tổ chức hoạt động của Đội kiểm tra liên ngành.")
    _para(d, "TM. ỦY BAN NHÂN DÂN", bold=True, center=True)
    _para(d, "KT. CHỦ TỊCH", bold=True, center=True)
    _para(d, "PHÓ CHỦ TỊCH", bold=True, center=True)
    _para(d, "Trịnh Minh Thành", bold=True, center=True)
    d.save(str(path))


def test_regulation_issued_with_a_decision(tmp_path: Path) -> None:
    path = tmp_path / "quydinh.docx"
    _regulation(path)
    rec = extract_file(path)
    doc = rec.document
    assert doc["doc_type"] == "QUY ĐỊNH"
    assert doc["agency"] in ("Uỷ ban nhân dân tỉnh Cà Mau", "Ủy ban nhân dân tỉnh Cà Mau")
    assert doc["province"] == "Cà Mau"
    assert doc["issued_date"] == "2006-01-25"  # the decision's date, from the note under the title
    assert doc["doc_number"] is None  # the decision's number is not the regulation's
    assert doc["title"] == "VỀ CHỨC NĂNG, NHIỆM VỤ, QUYỀN HẠN VÀ CƠ CẤU TỔ CHỨC CỦA ĐỘI KIỂM TRA LIÊN NGÀNH"
    assert doc["signer_name"] == "Trịnh Minh Thành"
    missing = {c["message"] for c in rec.checks if c["kind"] == "header_field_missing"}
    assert missing == {"no doc number found in the document's header"}


NOTES = ["(Kèm theo Báo cáo số 184/BC-SNV ngày 06/11/2025 của Sở Nội vụ)",
         "(Kèm theo Báo cáo số 184/BC-SNV, ngày 06 tháng 11 năm 2025 của Sở Nội vụ)",
         "(Kèm theo Báo cáo số: 184/BC-SNV ngày 06 tháng 11 năm 2025)"]


def test_a_seal_in_the_signature_column_is_not_the_signer(tmp_path: Path) -> None:
    """A seal's text read between the title and the name ("BỘ CÔNG AN") names a body, not the signer."""
    path = tmp_path / "seal.docx"
    d = docx.Document()
    _header_table(d, ["BỘ CÔNG AN", "CỤC CẢNH SÁT QUẢN LÝ HÀNH CHÍNH"],
                  ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"])
    _para(d, "Số: 215/BC-C06")
    _para(d, "Hà Nội, ngày 10 tháng 11 năm 2025")
    _para(d, "BÁO CÁO", bold=True, center=True)
    _para(d, "Kết quả triển khai Đề án 06 tháng 10 năm 2025", bold=True, center=True)
    _para(d, "I. KẾT QUẢ", bold=True)
    _para(d, "Cục đã hướng dẫn 63 địa phương triển khai các nhiệm vụ.")
    _para(d, "Nơi nhận:", bold=True)
    _para(d, "- Lưu: VT.")
    _para(d, "KT. CỤC TRƯỞNG", bold=True, center=True)
    _para(d, "PHÓ CỤC TRƯỞNG", bold=True, center=True)
    _para(d, "BỘ CÔNG AN", bold=True, center=True)
    _para(d, "Nguyễn Văn Long", bold=True, center=True)
    d.save(str(path))
    doc = extract_file(path).document
    assert doc["signer_name"] == "Nguyễn Văn Long"
    assert doc["signer_title"] == "PHÓ CỤC TRƯỞNG"
    assert doc["province"] is None  # a ministry's department in Hà Nội


def _annex(path: Path, note: str) -> None:
    d = docx.Document()
    _para(d, "Phụ lục I", bold=True, center=True)
    _para(d, "CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CẤP TỈNH", bold=True, center=True)
    _para(d, note, center=True)
    t = d.add_table(rows=4, cols=4)
    t.style = "Table Grid"
    for r, row in enumerate([("STT", "Chỉ số", "Năm 2024", "Năm 2025"), ("1", "PAR Index", "85,12", "88,40"),
                             ("2", "SIPAS", "82,10", "84,75"), ("3", "PAPI", "42,30", "43,01")]):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    d.save(str(path))


@pytest.mark.parametrize("note", NOTES, ids=["slashes", "comma-words", "colon"])
def test_bare_annex_has_no_agency(tmp_path: Path, note: str) -> None:
    path = tmp_path / "phuluc.docx"
    _annex(path, note)
    rec = extract_file(path)
    doc = rec.document
    assert doc["agency"] is None
    assert doc["province"] is None
    assert doc["doc_number"] is None  # the report's number, in the note, is not the annex's own
    missing = {c["message"] for c in rec.checks if c["kind"] == "header_field_missing"}
    assert "no agency found in the document's header" in missing
    assert "no doc number found in the document's header" in missing


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice makes the PDF")
@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_a_ministrys_place_is_not_its_province(tmp_path: Path, fmt: str) -> None:
    spec = mr.Spec(
        key="ministry", agency_lines=["BỘ KẾ HOẠCH VÀ ĐẦU TƯ", "VỤ KINH TẾ CÔNG NGHIỆP"],
        agency="Vụ Kinh tế công nghiệp", province="", place="Hà Nội", number="125", symbol="BC-KTCN", day=12,
        month=3, year=2007, doc_type="BÁO CÁO",
        title_lines=["Tình hình sản xuất kinh doanh ngành công nghiệp tháng 02 và 2 tháng đầu năm 2007"],
        period={}, sections=[mr.Section("TÌNH HÌNH CHUNG", body=["Giá trị sản xuất công nghiệp tăng 17,5%."])],
        signer_lines=["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"], signer_name="Lê Văn Minh")
    path = tmp_path / "bo.docx"
    mr.build(spec, path)
    if fmt == "pdf":
        path = mr.to_pdf([path], tmp_path / "pdf")[0]
    doc = extract_file(path).document
    assert doc["issued_date"] == "2007-03-12"
    assert doc["province"] is None
    assert doc["agency"] and "Kinh tế" in doc["agency"]
    assert doc["period_label"].lower() == "tháng 02 và 2 tháng đầu năm 2007"
    assert (doc["period_start"], doc["period_end"], doc["period_year"]) == ("2007-01-01", "2007-02-28", 2007)
    assert doc["signer_name"] == "Lê Văn Minh"


def test_a_month_and_the_months_up_to_it_are_one_period() -> None:
    p = parse_period("tình hình sản xuất tháng 3 và 3 tháng đầu năm 2024")
    assert p == dict(period_label="tháng 3 và 3 tháng đầu năm 2024", period_year=2024, period_quarter=1,
                     period_start="2024-01-01", period_end="2024-03-31")
    # counts that disagree are not one period: the month is read alone
    p = parse_period("báo cáo tháng 5 và 3 tháng cuối năm 2024")
    assert p is not None and p["period_label"] != "tháng 5 và 3 tháng cuối năm 2024"


# --- a scan ---------------------------------------------------------------------------------------------------

def _font(bold: bool = False) -> Optional[Path]:
    """A serif TrueType font of the system that has Vietnamese letters."""
    for name in (["DejaVuSerif-Bold.ttf", "LiberationSerif-Bold.ttf"] if bold
                 else ["DejaVuSerif.ttf", "LiberationSerif-Regular.ttf"]):
        for root in ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation"):
            p = Path(root) / name
            if p.exists():
                return p
    return None


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract reads the scan")
def test_scan_stamp_beside_the_title_and_the_signer(tmp_path: Path) -> None:
    """A 300 dpi page: a received stamp at the left margin between the two title lines, and an agency name
    in the recipients list; the title is both centred lines, the signer the name under the signature."""
    regular, bold = _font(), _font(bold=True)
    if regular is None or bold is None:
        pytest.skip("no serif TrueType font with Vietnamese letters")
    dpi = 300
    img = Image.new("L", (int(8.27 * dpi), int(11.69 * dpi)), 255)
    draw = ImageDraw.Draw(img)
    f = ImageFont.truetype(str(regular), 40)
    fb = ImageFont.truetype(str(bold), 40)

    def centre(y: int, text: str, font, cx: int) -> None:
        w = draw.textlength(text, font=font)
        draw.text((cx - w / 2, y), text, font=font, fill=0)

    left_c, right_c, mid = 650, 1750, img.width // 2
    centre(200, "UBND TỈNH LÂM ĐỒNG", f, left_c)
    centre(255, "SỞ NỘI VỤ", fb, left_c)
    centre(200, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", fb, right_c)
    centre(255, "Độc lập - Tự do - Hạnh phúc", fb, right_c)
    centre(360, "Số: 125/TTr-SNV", f, left_c)
    centre(360, "Lâm Đồng, ngày 15 tháng 10 năm 2025", f, right_c)
    centre(520, "TỜ TRÌNH", fb, mid)
    centre(585, "Đề nghị phê duyệt kế hoạch kiểm tra công tác cải cách hành chính", fb, mid)
    centre(690, "năm 2026 trên địa bàn tỉnh", fb, mid)
    # the received stamp: a box at the left margin, level with the gap between the title lines
    draw.rectangle((120, 620, 560, 700), outline=0, width=4)
    draw.text((150, 640), "VĂN PHÒNG UBND TỈNH", font=f, fill=0)
    draw.text((200, 800), "Kính gửi: Ủy ban nhân dân tỉnh Lâm Đồng.", font=f, fill=0)
    draw.text((200, 880), "Sở Nội vụ kính trình Ủy ban nhân dân tỉnh xem xét, phê duyệt./.", font=f, fill=0)
    draw.text((200, 1100), "Nơi nhận:", font=fb, fill=0)
    draw.text((200, 1160), "- Như trên;", font=f, fill=0)
    draw.text((200, 1215), "- Lưu: VT.", font=f, fill=0)
    centre(1100, "GIÁM ĐỐC", fb, right_c)
    centre(1400, "Phạm Thị Hương", fb, right_c)
    path = tmp_path / "scan.pdf"
    img.save(path, "PDF", resolution=dpi)
    doc = extract_file(path).document
    assert doc["title"] == "Đề nghị phê duyệt kế hoạch kiểm tra công tác cải cách hành chính năm 2026 trên địa bàn tỉnh"
    assert doc["agency"] == "Sở Nội vụ"
    assert doc["signer_name"] == "Phạm Thị Hương"
    assert doc["signer_title"] == "GIÁM ĐỐC"
