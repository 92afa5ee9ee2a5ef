"""A frame is not a table: a box drawn around a title or around paragraphs (a one-column table in Word,
a ruled rectangle in its PDF) is read as body text, so headings inside it are sections."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document as DocxDocument

import made_reports as mr
from extractor import extract_file

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice makes the PDF")

FRAMED = [
    ("1. Công tác chỉ đạo, điều hành", "Sở đã ban hành kế hoạch cải cách hành chính năm 2025 và giao nhiệm vụ "
     "cho các phòng chuyên môn thực hiện đúng tiến độ đề ra trong năm."),
    ("2. Công tác kiểm tra", "Đã kiểm tra 05 cơ quan, đơn vị trực thuộc; kết quả được thông báo bằng văn bản "
     "đến từng đơn vị để khắc phục những tồn tại được chỉ ra."),
    ("3. Công tác tuyên truyền", "Đăng tải 24 tin, bài trên cổng thông tin điện tử của tỉnh về kết quả thực "
     "hiện cải cách hành chính."),
]


@pytest.fixture(scope="module")
def framed(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("frames")
    doc = DocxDocument()
    box = doc.add_table(rows=1, cols=1)
    box.style = "Table Grid"
    box.cell(0, 0).text = "BÁO CÁO KẾT QUẢ CẢI CÁCH HÀNH CHÍNH NĂM 2025"  # a title in a box
    doc.add_paragraph("I. KẾT QUẢ THỰC HIỆN")
    frame = doc.add_table(rows=len(FRAMED), cols=1)
    frame.style = "Table Grid"
    for k, (head, body) in enumerate(FRAMED):
        cell = frame.cell(k, 0)
        cell.text = head
        cell.add_paragraph(body)
    doc.add_paragraph("II. PHƯƠNG HƯỚNG NHIỆM VỤ")
    doc.add_paragraph("Tiếp tục thực hiện các nhiệm vụ cải cách hành chính.")
    doc.save(d / "framed.docx")
    pdf = mr.to_pdf([d / "framed.docx"], d)[0]
    return {"docx": d / "framed.docx", "pdf": pdf}


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_framed_paragraphs_are_body_text_and_their_headings_sections(framed, fmt):
    rec = extract_file(framed[fmt])
    assert rec.tables == [] and rec.indicators == []
    assert [s["path"] for s in rec.sections] == ["I", "I/1", "I/2", "I/3", "II"]
    assert "05 cơ quan" in next(s["body"] for s in rec.sections if s["path"] == "I/2")
    assert "BÁO CÁO KẾT QUẢ CẢI CÁCH HÀNH CHÍNH NĂM 2025" in rec.document["text"]
