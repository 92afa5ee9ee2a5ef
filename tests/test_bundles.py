"""A bundle (issue 12): a cover letter (Tờ trình) and the report it submits, in one file. The cover's
header is the document's; the report's own header goes to `attachments` and its numbered sections
follow, marked with their attachment. Made with python-docx, printed to PDF by LibreOffice and, for
the scan, rasterised; read by the real CLI into a real SQLite file."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import docx
import img2pdf
import pytest
from docx.enum.text import WD_BREAK
from docx.shared import Pt

sys.path.insert(0, str(Path(__file__).parent))
from cli_db import extract_db  # noqa: E402
from made_reports import to_pdf  # noqa: E402


def _p(d, text: str, bold: bool = False, center: bool = False) -> None:
    p = d.add_paragraph()
    r = p.add_run(text)
    r.bold = bold
    r.font.size = Pt(13)
    if center:
        p.alignment = 1


def _header(d, number: str, kind: str, title: str) -> None:
    t = d.add_table(rows=2, cols=2)
    for (row, col), (text, bold) in {(0, 0): ("CÔNG AN TỈNH LÂM ĐỒNG", True),
                                     (0, 1): ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
                                     (1, 0): (f"Số: {number}", False),
                                     (1, 1): ("Lâm Đồng, ngày 22 tháng 10 năm 2025", False)}.items():
        cell = t.cell(row, col)
        cell.paragraphs[0].text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = bold
        cell.paragraphs[0].alignment = 1
    _p(d, kind, bold=True, center=True)
    _p(d, title, bold=True, center=True)


def _bundle(path: Path) -> None:
    d = docx.Document()
    _header(d, "289/TTr-CAT-PC06", "TỜ TRÌNH", "Đề nghị ban hành Báo cáo kết quả triển khai Đề án 06 tháng 10/2025")
    _p(d, "Kính gửi: Ủy ban nhân dân tỉnh Lâm Đồng.", center=True)
    _p(d, "Công an tỉnh đã dự thảo Báo cáo tháng 10/2025 kết quả thực hiện Đề án 06 trên địa bàn tỉnh "
          "và kính trình Ủy ban nhân dân tỉnh xem xét, ban hành.")
    _p(d, "Nơi nhận:", bold=True)
    _p(d, "- Như trên;")
    _p(d, "GIÁM ĐỐC", bold=True, center=True)
    _p(d, "Trương Minh Đương", bold=True, center=True)
    d.paragraphs[-1].runs[-1].add_break(WD_BREAK.PAGE)
    _header(d, "     /BC-UBND", "BÁO CÁO", "Kết quả triển khai Đề án 06 tháng 10 năm 2025")
    _p(d, "I. KẾT QUẢ THỰC HIỆN", bold=True)
    _p(d, "1. Công tác chỉ đạo, điều hành", bold=True)
    _p(d, "Ủy ban nhân dân tỉnh đã ban hành 05 văn bản chỉ đạo triển khai Đề án 06.")
    _p(d, "2. Kết quả triển khai các nhóm tiện ích", bold=True)
    _p(d, "Toàn tỉnh đã thu nhận 3.861.824 hồ sơ cấp căn cước.")
    _p(d, "II. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI", bold=True)
    _p(d, "Tiếp tục triển khai các nhiệm vụ của Đề án 06.")
    _p(d, "Nơi nhận:", bold=True)
    _p(d, "- Bộ Công an;")
    _p(d, "TM. ỦY BAN NHÂN DÂN", bold=True, center=True)
    _p(d, "CHỦ TỊCH", bold=True, center=True)
    _p(d, "Hồ Văn Mười", bold=True, center=True)
    d.save(str(path))


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("bundle")
    src = tmp / "ttr_kem_bao_cao.docx"
    _bundle(src)
    pdf = to_pdf([src], tmp / "pdf")[0]
    return {"docx": src, "pdf": pdf}


def _extract(path: Path, tmp: Path) -> sqlite3.Connection:
    con = extract_db(path, tmp)
    return con


def _check(con: sqlite3.Connection) -> None:
    doc = con.execute("SELECT doc_type, doc_number, agency, signer_name FROM documents").fetchone()
    assert doc == ("TỜ TRÌNH", "289/TTr-CAT-PC06", "Công an tỉnh Lâm Đồng", "Trương Minh Đương")
    att = con.execute("SELECT position, doc_type, title, signer_name, sections FROM attachments").fetchall()
    assert att == [(1, "BÁO CÁO", "Kết quả triển khai Đề án 06 tháng 10 năm 2025", "Hồ Văn Mười", 4)]
    secs = con.execute("SELECT path, attachment FROM sections ORDER BY id").fetchall()
    assert secs == [("I", 1), ("I/1", 1), ("I/2", 1), ("II", 1)]


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_cover_letter_with_its_report(bundle, tmp_path, fmt):
    _check(_extract(bundle[fmt], tmp_path))


@pytest.mark.slow
def test_scanned_bundle(bundle, tmp_path):
    png = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "200", "-gray", "-jpeg", str(bundle["pdf"]), str(png)], check=True)
    pages = sorted(tmp_path.glob("page*.jpg"))
    scan = tmp_path / "bundle_scan.pdf"
    scan.write_bytes(img2pdf.convert([p.read_bytes() for p in pages]))
    con = _extract(scan, tmp_path)
    doc = con.execute("SELECT doc_type, text_source FROM documents").fetchone()
    assert doc == ("TỜ TRÌNH", "ocr")
    assert con.execute("SELECT doc_type FROM attachments").fetchall() == [("BÁO CÁO",)]
    assert [p for (p,) in con.execute("SELECT path FROM sections WHERE attachment = 1 ORDER BY id")] == \
        ["I", "I/1", "I/2", "II"]
