"""Signed PDFs: the number and the day that an e-signature tool stamps into form-field appearances after the
body was printed. A report made by LibreOffice with the blanks left open, then real AcroForm widgets added
with pikepdf (a text field and a signature field, each with an appearance stream that draws the digits),
as Vietnam's signing tools do."""

from __future__ import annotations

import shutil
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from docx import Document as DocxDocument
from docx.shared import Pt

import made_reports as mr
from extractor import extract_file
from extractor.readers.pdf_widgets import widget_chars

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice makes the PDF")

BLANK_NUMBER = "Số:          /BC-SNV"
BLANK_DATE = "Lâm Đồng, ngày       tháng 11 năm 2025"


def _report(path: Path) -> None:
    d = DocxDocument()
    d.styles["Normal"].font.size = Pt(10)  # the header lines fit their cells, as in a real report
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ"
    t.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    t.cell(1, 0).text = BLANK_NUMBER
    t.cell(1, 1).text = BLANK_DATE
    d.add_paragraph("BÁO CÁO")
    d.add_paragraph("Tình hình thực hiện các chỉ số của tỉnh Lâm Đồng")
    d.add_paragraph("I. KẾT QUẢ THỰC HIỆN")
    d.add_paragraph("Sở Nội vụ báo cáo kết quả như sau.")
    d.save(str(path))


def _field(pdf: pikepdf.Pdf, page: pikepdf.Page, rect: list[float], text: str, kind: str,
           name: str) -> pikepdf.Dictionary:
    """A widget whose normal appearance draws ``text`` in Helvetica, as a filled field looks in a viewer."""
    w, h = rect[2] - rect[0], rect[3] - rect[1]
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    ap = pikepdf.Stream(pdf, f"BT /Helv 12 Tf 2 {h / 2 - 4:.1f} Td ({text}) Tj ET".encode())
    ap.Type, ap.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
    ap.BBox = [0, 0, w, h]
    ap.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(Helv=font))
    widget = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, FT=pikepdf.Name(kind),
                                T=pikepdf.String(name), Rect=rect, F=4, AP=pikepdf.Dictionary(N=ap), P=page.obj)
    if kind == "/Tx":
        widget.V = pikepdf.String(text)
    return pdf.make_indirect(widget)


def _signed(src: Path, out: Path) -> None:
    """Put '184' into the blank after 'Số:' (a signature field) and '06' after 'ngày' (a text field)."""
    with pdfplumber.open(src) as doc:
        p = doc.pages[0]
        words = p.extract_words()
        so = next(w for w in words if w["text"] == "Số:")
        ngay = next(w for w in words if w["text"] == "ngày")
        height = float(p.height)
    pdf = pikepdf.open(src)
    page = pdf.pages[0]

    def rect(word: dict, width: float) -> list[float]:
        return [word["x1"] + 4, height - word["bottom"] - 3, word["x1"] + 4 + width, height - word["top"] + 3]

    fields = [_field(pdf, page, rect(so, 30), "184", "/Sig", "Signature1"),
              _field(pdf, page, rect(ngay, 20), "06", "/Tx", "Day")]
    page.obj.Annots = pdf.make_indirect(pikepdf.Array(fields))
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array(fields), SigFlags=3)
    pdf.save(out)


@pytest.fixture(scope="module")
def signed(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("signed")
    _report(d / "report.docx")
    pdf = mr.to_pdf([d / "report.docx"], d)[0]
    _signed(pdf, d / "signed.pdf")
    return d / "signed.pdf"


def test_widget_appearances_give_characters_on_the_printed_line(signed):
    with pdfplumber.open(signed) as doc:
        p = doc.pages[0]
        chars = widget_chars(p)
        so = next(w for w in p.extract_words() if w["text"] == "Số:")
    digits = "".join(c["text"] for c in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])))
    assert digits == "18406"
    first = min(chars, key=lambda c: c["x0"])
    assert abs((first["top"] + first["bottom"]) / 2 - (so["top"] + so["bottom"]) / 2) < 4
    assert first["x0"] > so["x1"]


def test_signed_number_and_day_reach_the_header(signed):
    rec = extract_file(str(signed))
    doc = rec.document
    assert doc["doc_number"] == "184/BC-SNV"
    assert doc["issued_date"] == "2025-11-06"
    assert "184" in doc["text"]
