"""Make a long synthetic report (DOCX, and its PDF through LibreOffice) for the benchmarks.

    python benchmarks/make_long_report.py --pages 120 -o benchmarks/.cache

The text and annex follow the shape of real provincial reports: a header
block, numbered sections with paragraphs, and an annex table of indicators
that runs over many pages with a repeated header row.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
SENTENCES = [
    "Sở đã ban hành {n} văn bản chỉ đạo, điều hành công tác cải cách hành chính trong kỳ báo cáo.",
    "Thực hiện Kế hoạch số {n}/KH-UBND ngày 12/01/2024 của UBND tỉnh về cải cách hành chính năm 2024.",
    "Tổng số hồ sơ tiếp nhận là {n} hồ sơ, đã giải quyết đúng hạn đạt {p}%.",
    "Đơn vị đã tổ chức {n} cuộc kiểm tra, phát hiện và xử lý kịp thời các tồn tại, hạn chế.",
    "Kinh phí thực hiện trên {n} triệu đồng, được bố trí từ nguồn ngân sách nhà nước.",
    "Công tác tuyên truyền được đẩy mạnh thông qua trang thông tin điện tử và các hội nghị chuyên đề.",
]


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def build_docx(path: Path, sections: int, rows: int, seed: int = 1) -> None:
    rnd = random.Random(seed)
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    head = doc.add_table(rows=2, cols=2)
    head.cell(0, 0).text = "UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ"
    head.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    head.cell(1, 0).text = "Số: 125/BC-SNV"
    head.cell(1, 1).text = "Lâm Đồng, ngày 20 tháng 6 năm 2024"
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("BÁO CÁO").bold = True
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2024").bold = True
    for s in range(sections):
        doc.add_paragraph().add_run(f"{ROMAN[s % 10]}. NỘI DUNG CÔNG TÁC SỐ {s + 1}").bold = True
        for k in range(1, 5):
            doc.add_paragraph().add_run(f"{k}. Nhiệm vụ trọng tâm {k} của phần {s + 1}").bold = True
            for _ in range(4):
                text = " ".join(rnd.choice(SENTENCES).format(n=rnd.randint(1, 5000), p=rnd.randint(50, 100))
                                for _ in range(3))
                doc.add_paragraph("- " + text)
    doc.add_page_break()
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("Biểu mẫu 1: TỔNG HỢP SỐ LIỆU CẢI CÁCH HÀNH CHÍNH 6 THÁNG ĐẦU NĂM 2024").bold = True
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu", "Ghi chú"]):
        cell.text = text
    _repeat_header(table.rows[0])
    units = ["Văn bản", "Hồ sơ", "Người", "%", "Thủ tục", "Nhiệm vụ"]
    for r in range(rows):
        major, minor = divmod(r, 20)
        cells = table.add_row().cells
        cells[0].text = f"{major + 1}.{minor + 1}"
        cells[1].text = f"Số chỉ tiêu thống kê thứ {r + 1} về kết quả thực hiện nhiệm vụ cải cách hành chính"
        unit = rnd.choice(units)
        cells[2].text = unit
        cells[3].text = str(rnd.randint(0, 100)) if unit == "%" else f"{rnd.randint(0, 20000):,}".replace(",", ".")
        cells[4].text = ""
    doc.save(path)


def to_pdf(docx: Path, outdir: Path) -> Path:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(outdir), str(docx)], check=True, capture_output=True, timeout=600)
    return outdir / (docx.stem + ".pdf")


def make(outdir: Path, pages: int = 120) -> tuple[Path, Path]:
    """A DOCX and its PDF of roughly ``pages`` pages (cached by name)."""
    outdir.mkdir(parents=True, exist_ok=True)
    docx = outdir / f"long-report-{pages}.docx"
    pdf = outdir / f"long-report-{pages}.pdf"
    if not pdf.exists():
        build_docx(docx, sections=max(1, pages // 9), rows=pages * 4)
        to_pdf(docx, outdir)
    return docx, pdf


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=120)
    ap.add_argument("-o", "--outdir", default=str(Path(__file__).parent / ".cache"))
    a = ap.parse_args()
    print(*make(Path(a.outdir), a.pages))
