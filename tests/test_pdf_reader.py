"""Tests for the born-digital PDF reader, on the shared seed sample and on PDFs
LibreOffice renders from DOCX (python-docx) and flat-ODT files made here."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from extractor.errors import InputError
from extractor.model import Line, Table
from extractor.readers.pdf import page_text_usable, read_pdf
from extractor.readers.pdf_glyphs import font_style
from shared_data import CORPUS as SHARED_CORPUS
from shared_data import SAMPLES as SHARED_SAMPLES

SEED = SHARED_SAMPLES / "seed-report.pdf"
CORPUS = SHARED_CORPUS

# ---------------------------------------------------------------------------------------
# fixtures: documents rendered by LibreOffice


def _docx(path: Path) -> None:
    """A report-like DOCX: two-column header, fonts and styles, a merged-cell table, a long table."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    st = doc.styles["Normal"]
    st.font.name = "Times New Roman"
    st.font.size = Pt(14)

    def para(text: str, bold: bool = False, italic: bool = False, align=None, font=None, size=None, indent=None):
        p = doc.add_paragraph()
        r = p.add_run(text)
        r.bold, r.italic = bold, italic
        if font:
            r.font.name = font
        if size:
            r.font.size = Pt(size)
        if align is not None:
            p.alignment = align
        if indent is not None:
            p.paragraph_format.first_line_indent = Pt(indent)
        return p

    # running header and a page-number footer on every page
    sec = doc.sections[0]
    sec.header.paragraphs[0].text = "Tài liệu thử nghiệm bộ đọc PDF"
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = fp.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.text = text
        run._r.append(el)

    # header block: a borderless two-column layout table
    hdr = doc.add_table(rows=2, cols=2)
    hdr.cell(0, 0).text = "UBND TỈNH ĐIỆN BIÊN"
    hdr.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    hdr.cell(1, 0).text = "SỞ TÀI CHÍNH"
    hdr.cell(1, 1).text = "Độc lập - Tự do - Hạnh phúc"
    for row in hdr.rows:
        for c in row.cells:
            for p in c.paragraphs:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                for r in p.runs:
                    r.font.size = Pt(13)
                    r.bold = True

    para("BÁO CÁO", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    para("Kết quả thử nghiệm quý I năm 2024", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    para("I. CÔNG TÁC CHỈ ĐẠO", bold=True, indent=28)
    para(
        "Nội dung báo cáo được trình bày bằng phông chữ Times New Roman cỡ 14, căn đều hai bên "
        "để kiểm tra việc ghép dòng và thụt đầu dòng của bộ đọc tệp PDF.",
        indent=28,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    )
    para("Đoạn in nghiêng dùng phông Arial cỡ 12.", italic=True, font="Arial", size=12)
    para("Tiêu đề đậm nghiêng", bold=True, italic=True)

    # bordered table with a vertical and a horizontal merge
    t = doc.add_table(rows=4, cols=4)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    a = t.cell(0, 0).merge(t.cell(1, 0))
    a.text = "STT"
    b = t.cell(0, 1).merge(t.cell(1, 1))
    b.text = "Chỉ tiêu"
    c = t.cell(0, 2).merge(t.cell(0, 3))
    c.text = "Kết quả thống kê"
    t.cell(1, 2).text = "Đơn vị tính"
    t.cell(1, 3).text = "Số liệu"
    for i, (code, name, unit, val) in enumerate([("1", "Số nhiệm vụ", "Nhiệm vụ", "7"), ("2", "Tỷ lệ hoàn thành", "%", "100")]):
        for k, v in enumerate((code, name, unit, val)):
            t.cell(2 + i, k).text = v
    para("Sau bảng thứ nhất.")

    # a long table with a repeated header row, breaking over pages
    para("Biểu 2: Bảng dài", bold=True)
    lt = doc.add_table(rows=1, cols=3)
    lt.style = "Table Grid"
    for k, v in enumerate(("STT", "Tên chỉ tiêu", "Giá trị")):
        lt.cell(0, k).text = v
    trpr = lt.rows[0]._tr.get_or_add_trPr()
    th = OxmlElement("w:tblHeader")
    th.set(qn("w:val"), "true")
    trpr.append(th)
    for i in range(1, 91):
        cells = lt.add_row().cells
        cells[0].text = str(i)
        cells[1].text = f"Chỉ tiêu thử nghiệm số {i}"
        cells[2].text = str(i * 10)
    para("Kết thúc văn bản.")
    doc.save(str(path))


_FODT_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
</office:font-face-decls>
<office:styles>
 <style:style style:name="Standard" style:family="paragraph">
  <style:paragraph-properties fo:text-align="justify" fo:text-indent="1cm" fo:margin-bottom="0.2cm"/>
  <style:text-properties style:font-name="Liberation Serif" fo:font-size="14pt"/>
 </style:style>
 <style:style style:name="Footnote" style:family="paragraph">
  <style:paragraph-properties fo:text-align="justify"/>
  <style:text-properties style:font-name="Liberation Serif" fo:font-size="10pt"/>
 </style:style>
</office:styles>
<office:body><office:text>
"""

_LOREM = (
    "Trong kỳ báo cáo, các cơ quan, đơn vị tiếp tục triển khai thực hiện nghiêm túc các nhiệm vụ "
    "cải cách hành chính theo kế hoạch đã đề ra, bảo đảm tiến độ và chất lượng công việc"
)


def _fodt(path: Path) -> None:
    """Body text with real footnotes; the last footnote is long enough to continue on the next page."""
    parts = [_FODT_HEAD]

    def note(n: int, body: str) -> str:
        return (
            f'<text:note text:id="ftn{n}" text:note-class="footnote"><text:note-citation>{n}</text:note-citation>'
            f'<text:note-body><text:p text:style-name="Footnote">{body}</text:p></text:note-body></text:note>'
        )

    parts.append(f'<text:p text:style-name="Standard">{_LOREM} của Sở{note(1, "Kế hoạch số 91/KH-SKHĐT ngày 13/01/2023.")}. Câu tiếp theo.</text:p>')
    parts.append(f'<text:p text:style-name="Standard">{_LOREM}{note(2, "Quyết định số 56/QĐ-UBND ngày 10/01/2023 của UBND tỉnh.")} và tiếp tục.</text:p>')
    for _ in range(9):
        parts.append(f'<text:p text:style-name="Standard">{_LOREM}.</text:p>')
    long_note = " ".join(f"Câu chú thích dài số {i} để chú thích tràn sang trang sau." for i in range(1, 60))
    parts.append(f'<text:p text:style-name="Standard">{_LOREM}{note(3, long_note)} kết thúc.</text:p>')
    for _ in range(14):
        parts.append(f'<text:p text:style-name="Standard">{_LOREM}.</text:p>')
    parts.append("</office:text></office:body></office:document>\n")
    path.write_text("".join(parts), encoding="utf-8")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, Path]:
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice not installed")
    d = tmp_path_factory.mktemp("lo")
    _docx(d / "made.docx")
    _fodt(d / "notes.fodt")
    prof = f"file:///tmp/lo_profile_{os.getpid()}"
    subprocess.run(
        ["soffice", f"-env:UserInstallation={prof}", "--headless", "--convert-to", "pdf", "--outdir", str(d),
         str(d / "made.docx"), str(d / "notes.fodt")],
        check=True, capture_output=True, timeout=180,
    )
    return {"made": d / "made.pdf", "notes": d / "notes.pdf"}


@pytest.fixture(scope="module")
def seed():
    if not SEED.exists():
        pytest.skip("seed sample missing")
    return read_pdf(str(SEED), ocr="never")


# ---------------------------------------------------------------------------------------
# the seed report


def test_seed_pages_and_source(seed):
    assert seed.format == "pdf" and seed.page_count == 19
    assert [p.number for p in seed.pages] == list(range(1, 20))
    assert {p.text_source for p in seed.pages} == {"text-layer"}


def test_seed_header_columns_are_separate_lines(seed):
    p1 = seed.pages[0]
    texts = [ln.text for ln in p1.lines]
    assert "UBND TỈNH ĐIỆN BIÊN" in texts
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts
    a = next(ln for ln in p1.lines if ln.text == "UBND TỈNH ĐIỆN BIÊN")
    b = next(ln for ln in p1.lines if ln.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert abs(a.top - b.top) < 3 and a.order + 1 == b.order
    assert b.bold and not a.bold
    bc = next(ln for ln in p1.lines if ln.text == "BÁO CÁO")
    assert bc.bold and bc.align == "center" and bc.size == 14


def test_seed_footnote_refs_and_bodies(seed):
    p1 = seed.pages[0]
    assert any("của Sở[^1]. Trong đó" in ln.text for ln in p1.lines)
    assert not any(ln.text.startswith("Kế hoạch số 91") for ln in p1.lines)
    notes = seed.all_footnotes()
    assert [n.number for n in notes] == [1, 2, 3, 4, 5, 6]
    assert notes[0].text == "Kế hoạch số 91/KH-SKHĐT ngày 13/01/2023 thực hiện Cải cách hành chính nhà nước năm 2023 tại Sở Kế hoạch và Đầu tư."
    assert notes[0].page == 1
    assert notes[1].text.endswith("tại Sở Kế hoạch và Đầu tư tỉnh Điện Biên”")
    assert "mức 3, mức 4 trên" in notes[1].text  # a line opening with '4 ' is not a new note


def test_seed_indent_and_italic(seed):
    lines = [ln for p in seed.pages for ln in p.lines]
    body = [ln for ln in lines if ln.align == "justify"]
    assert len(body) > 100 and all(abs(ln.indent) < 1 for ln in body)
    heading = next(ln for ln in lines if ln.text.startswith("1.2. Công tác theo dõi thi hành pháp luật"))
    assert heading.bold and heading.italic and 25 < heading.indent < 32


def test_seed_annex_tables(seed):
    tables = [t for p in seed.pages for t in p.tables]
    assert [t.page for t in tables] == list(range(12, 20))
    for t in tables:
        assert t.n_cols == 5
        g = t.row_texts()
        assert g[0][0] == "STT" and g[0][2] == "Kết quả thống kê" and g[1][3] == "Số liệu"
        head = {(c.row, c.col): c for c in t.cells}
        assert head[(0, 0)].row_span == 2 and head[(0, 2)].col_span == 2 and head[(0, 0)].bold
        assert len(t.row_tops) == t.n_rows and t.box is not None
    first = tables[0]
    assert first.row_texts()[4][:4] == ["1.1.1", "Số nhiệm vụ đề ra trong kế hoạch", "Nhiệm vụ", "7"]
    # page 14's last row continues at the top of page 15
    assert tables[2].row_texts()[-1][:3] == ["4.1.3", "Số tổ chức giữa các phòng, ban", "Phòng, ban,"]
    assert tables[3].row_texts()[2][1:3] == ["thuộc Sở thành lập", "đơn vị"]
    # words in tables are not also lines
    assert seed.pages[12].lines == []
    coded = next(c for c in first.cells if c.text == "Không = 0 Có = 1")
    assert coded.lines == ["Không = 0", "Có = 1"]


def test_seed_reading_order(seed):
    items = list(seed.items())
    assert [it.order for it in items] == list(range(len(items)))
    p12 = [it for it in items if (it.page == 12)]
    assert isinstance(p12[-1], Table) and all(isinstance(x, Line) for x in p12[:-1])
    assert p12[0].text.startswith("TỔNG KÊ SỐ LIỆU")


# ---------------------------------------------------------------------------------------
# documents rendered here


def test_made_docx_header_styles_and_furniture(rendered):
    doc = read_pdf(str(rendered["made"]))
    assert doc.page_count >= 3
    lines = [ln for p in doc.pages for ln in p.lines]
    texts = [ln.text for ln in lines]
    left = next(ln for ln in lines if ln.text == "UBND TỈNH ĐIỆN BIÊN")
    right = next(ln for ln in lines if ln.text.startswith("CỘNG HÒA XÃ HỘI"))
    assert abs(left.top - right.top) < 3 and left.box[2] < right.box[0]
    # running header and page numbers are gone
    assert not any("Tài liệu thử nghiệm" in t for t in texts)
    assert not any(t.strip().isdigit() for t in texts)
    ital = next(ln for ln in lines if ln.text.startswith("Đoạn in nghiêng"))
    assert ital.italic and not ital.bold and ital.size == 12
    bi = next(ln for ln in lines if ln.text == "Tiêu đề đậm nghiêng")
    assert bi.bold and bi.italic
    assert next(ln for ln in lines if ln.text == "BÁO CÁO").align == "center"


def test_made_docx_tables(rendered):
    doc = read_pdf(str(rendered["made"]))
    tables = [t for p in doc.pages for t in p.tables]
    merged = tables[0]
    assert (merged.n_rows, merged.n_cols) == (4, 4)
    cells = {(c.row, c.col): c for c in merged.cells}
    assert cells[(0, 0)].text == "STT" and cells[(0, 0)].row_span == 2
    assert cells[(0, 2)].text == "Kết quả thống kê" and cells[(0, 2)].col_span == 2
    assert merged.row_texts()[3] == ["2", "Tỷ lệ hoàn thành", "%", "100"]
    long = tables[1:]
    assert len(long) >= 2 and len({t.page for t in long}) == len(long)
    for t in long:
        assert t.row_texts()[0] == ["STT", "Tên chỉ tiêu", "Giá trị"]  # repeated header on each page
    body_rows = [r for t in long for r in t.row_texts()[1:]]
    # a row split by a page break leaves an empty STT on the next page (the annex interpreter joins it)
    assert [r[0] for r in body_rows if r[0]] == [str(i) for i in range(1, 91)]
    assert " ".join(r[1] for r in body_rows).split().count("Chỉ") == 90
    # table words are not lines; the paragraph after the table is
    texts = [ln.text for p in doc.pages for ln in p.lines]
    assert "Sau bảng thứ nhất." in texts and not any("Chỉ tiêu thử nghiệm" in t for t in texts)
    items = list(doc.items())
    i = next(k for k, it in enumerate(items) if isinstance(it, Line) and it.text == "Sau bảng thứ nhất.")
    assert items[i - 1] is merged


def test_fodt_footnotes(rendered):
    doc = read_pdf(str(rendered["notes"]))
    lines = [ln.text for p in doc.pages for ln in p.lines]
    assert any("của Sở[^1]. Câu tiếp theo." in t for t in lines)
    assert any("[^2] và tiếp tục." in t for t in lines)
    notes = doc.all_footnotes()
    assert [n.number for n in notes] == [1, 2, 3]
    assert notes[0].text == "Kế hoạch số 91/KH-SKHĐT ngày 13/01/2023."
    assert notes[1].text == "Quyết định số 56/QĐ-UBND ngày 10/01/2023 của UBND tỉnh."
    # the long note is complete even when LibreOffice continued it on the next page
    assert notes[2].text.startswith("Câu chú thích dài số 1 ")
    assert notes[2].text.endswith("Câu chú thích dài số 59 để chú thích tràn sang trang sau.")
    assert not any("chú thích dài" in t for t in lines)


# ---------------------------------------------------------------------------------------
# bad input


def test_empty_file(tmp_path):
    f = tmp_path / "empty.pdf"
    f.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        read_pdf(str(f))


def test_not_a_pdf(tmp_path):
    f = tmp_path / "letter.pdf"
    f.write_text("Kính gửi: Sở Nội vụ\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a PDF"):
        read_pdf(str(f))


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.97])
def test_truncated(tmp_path, keep):
    data = SEED.read_bytes()
    f = tmp_path / "cut.pdf"
    f.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(InputError, match="truncated|corrupt"):
        read_pdf(str(f))


def test_encrypted(tmp_path):
    pikepdf = pytest.importorskip("pikepdf")
    f = tmp_path / "locked.pdf"
    with pikepdf.open(SEED) as p:
        p.save(f, encryption=pikepdf.Encryption(owner="o", user="secret", R=6))
    with pytest.raises(InputError, match="encrypted"):
        read_pdf(str(f))



def test_owner_password_only_opens(tmp_path, rendered):
    pikepdf = pytest.importorskip("pikepdf")
    g = tmp_path / "owner.pdf"
    with pikepdf.open(rendered["notes"]) as p:
        p.save(g, encryption=pikepdf.Encryption(owner="o", user="", R=6))
    doc = read_pdf(str(g), ocr="never")
    assert doc.page_count >= 2 and doc.all_footnotes()


def test_no_pages(tmp_path):
    pikepdf = pytest.importorskip("pikepdf")
    f = tmp_path / "nopages.pdf"
    pikepdf.new().save(f)
    with pytest.raises(InputError, match="no pages"):
        read_pdf(str(f))


def test_image_only_pdf_without_ocr(tmp_path):
    import img2pdf
    from PIL import Image, ImageDraw

    img = Image.new("L", (1240, 1754), 255)
    ImageDraw.Draw(img).text((100, 100), "BAO CAO KET QUA", fill=0)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    f = tmp_path / "scan.pdf"
    f.write_bytes(img2pdf.convert(buf.getvalue()))
    with pytest.raises(InputError, match="needs OCR"):
        read_pdf(str(f), ocr="never")


def test_real_scan_without_ocr():
    f = CORPUS / "lamdong_cat_ttr_de_an_06_thang10-2025_scan_1page.pdf"
    if not f.exists():
        pytest.skip("corpus missing")
    with pytest.raises(InputError, match="needs OCR"):
        read_pdf(str(f), ocr="never")


# ---------------------------------------------------------------------------------------
# small pieces


def test_page_text_usable():
    def chars(texts):
        return [{"text": t} for t in texts]

    assert page_text_usable(chars("Báo cáo kết quả thực hiện công tác"))
    assert not page_text_usable(chars("12"))
    assert not page_text_usable([{"text": "(cid:3)"}] * 50 + chars("abc"))
    assert not page_text_usable(chars("\ue001\ue002\ue003" * 20))
    assert page_text_usable(chars("B¸o c¸o kÕt qu¶ thùc hiÖn"))  # TCVN3 bytes are text, not garbage


@pytest.mark.parametrize(
    "name,bold,italic",
    [
        ("BAAAAA+LiberationSerif", False, False),
        ("CAAAAA+LiberationSerif-Bold", True, False),
        ("TimesNewRomanPS-BoldMT", True, False),
        ("TimesNewRomanPS-ItalicMT", False, True),
        ("Arial-BoldItalicMT", True, True),
        ("TimesNewRoman,Bold", True, False),
        ("TimesNewRoman,BoldItalic", True, True),
        ("ABCDEF+Calibri-Light", False, False),
        ("Arial-ItalicMT", False, True),
    ],
)
def test_font_style(name, bold, italic):
    assert font_style(name) == (bold, italic)


def test_tcvn3_pdf_reads():
    f = CORPUS / "mpi_bc_sxkd_cong_nghiep_thang02-2007_tcvn3.pdf"
    if not f.exists():
        pytest.skip("corpus missing")
    doc = read_pdf(str(f), ocr="never")
    assert doc.page_count == 4 and sum(len(p.lines) for p in doc.pages) > 50
    assert doc.pages[0].lines[0].size == 15


@pytest.mark.slow
def test_corpus_pdfs_do_not_crash():
    for f in sorted(CORPUS.glob("*.pdf")):
        if "scan" in f.name:
            continue
        doc = read_pdf(str(f), ocr="never")
        assert doc.page_count == len(doc.pages) >= 1
        assert any(p.lines or p.tables for p in doc.pages)
