"""OCR reader: scans made here from a LibreOffice-rendered report page, plus the shared samples.

The fixture writes a DOCX with python-docx (header block, heading, body, a bordered table with a
merged header cell and a number column), has LibreOffice print it to PDF, rasterises it with
pdftoppm, turns it by up to 1.5 degrees and adds noise, as a scanner would.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from extractor.errors import InputError
from extractor.readers import ocr
from extractor.readers.image import read_image_file
from extractor.readers.ocr import estimate_skew, fix_vietnamese, normalise_ocr_text, ocr_image, ocr_pdf_page
from shared_data import CORPUS as SHARED_CORPUS
from shared_data import SAMPLES as SHARED_SAMPLES

SAMPLES = SHARED_SAMPLES
CORPUS = SHARED_CORPUS

VALUES = ["12", "7", "1.250", "8,3", "0", "45"]
NAMES = [
    "Số nhiệm vụ đề ra trong kế hoạch",
    "Số nhiệm vụ đã hoàn thành",
    "Tổng số hồ sơ tiếp nhận",
    "Tỷ lệ hồ sơ giải quyết trước hạn",
    "Số văn bản bị hủy bỏ",
    "Số cuộc kiểm tra đã thực hiện",
]
UNITS = ["Nhiệm vụ", "Nhiệm vụ", "Hồ sơ", "%", "Văn bản", "Cuộc"]

needs_tools = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftoppm") and shutil.which("tesseract")),
    reason="needs LibreOffice, poppler and tesseract",
)


def _set_borders(table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "8")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    tbl_pr.append(borders)


def _make_docx(path: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    d = Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    st = d.styles["Normal"]
    st.font.name = "Liberation Serif"
    st.font.size = Pt(13)
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run("BÁO CÁO")
    r.bold = True
    r.font.size = Pt(15)
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run("Kết quả thực hiện công tác cải cách hành chính quý I năm 2024")
    r.bold = True
    d.add_paragraph("Căn cứ Kế hoạch số 125/KH-UBND ngày 15/01/2024 của Ủy ban nhân dân tỉnh, "
                    "Sở Nội vụ báo cáo kết quả thực hiện như sau:")
    p = d.add_paragraph()
    r = p.add_run("I. KẾT QUẢ THỰC HIỆN")
    r.bold = True
    d.add_paragraph("Trong quý, Sở đã ban hành 07 văn bản chỉ đạo và tổ chức 03 cuộc kiểm tra.")
    t = d.add_table(rows=2 + len(VALUES), cols=4)
    _set_borders(t)
    t.cell(0, 0).merge(t.cell(1, 0)).text = "STT"
    t.cell(0, 1).merge(t.cell(1, 1)).text = "Chỉ tiêu"
    t.cell(0, 2).merge(t.cell(0, 3)).text = "Kết quả"
    t.cell(1, 2).text = "Đơn vị tính"
    t.cell(1, 3).text = "Số liệu"
    for i, (name, unit, val) in enumerate(zip(NAMES, UNITS, VALUES)):
        t.cell(2 + i, 0).text = f"1.{i + 1}"
        t.cell(2 + i, 1).text = name
        t.cell(2 + i, 2).text = unit
        t.cell(2 + i, 3).text = val
    d.add_paragraph("Trên đây là báo cáo kết quả thực hiện của Sở Nội vụ.")
    d.save(str(path))


@pytest.fixture(scope="module")
def scan_pages(tmp_path_factory) -> dict:
    """One report page rendered by LibreOffice and rasterised at 150 and 200 dpi."""
    if not (shutil.which("soffice") and shutil.which("pdftoppm") and shutil.which("tesseract")):
        pytest.skip("needs LibreOffice, poppler and tesseract")
    tmp = tmp_path_factory.mktemp("ocr")
    docx = tmp / "report.docx"
    _make_docx(docx)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp), str(docx)], check=True, capture_output=True, timeout=180)
    pdf = tmp / "report.pdf"
    out = {"dir": tmp, "pdf": pdf}
    for dpi in (150, 200, 300):
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-f", "1", "-l", "1", str(pdf),
                        str(tmp / f"p{dpi}")], check=True, timeout=120)
        out[dpi] = next(tmp.glob(f"p{dpi}*.png"))
    return out


def _scanned(png: Path, angle: float, noise: float, seed: int = 1) -> Image.Image:
    """Turn the clean rendering into a plausible scan: small rotation, sensor noise, JPEG."""
    img = Image.open(png).convert("L").rotate(angle, resample=Image.BILINEAR, expand=False, fillcolor=255)
    arr = np.asarray(img, dtype=np.float32)
    rng = np.random.default_rng(seed)
    arr = np.clip(arr + rng.normal(0, noise, arr.shape), 0, 255).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, "JPEG", quality=70)
    buf.seek(0)
    return Image.open(buf).convert("L")


def _check_report_page(page, page_number: int, order_start: int) -> None:
    assert page.text_source == "ocr"
    assert page.number == page_number
    text = "\n".join(ln.text for ln in page.lines)
    assert "BÁO CÁO" in text
    assert "I. KẾT QUẢ THỰC HIỆN" in text
    assert "125/KH-UBND" in text
    assert "Trên đây là báo cáo" in text
    # A4 in points, boxes inside the page
    assert abs(page.width - 595) < 6 and abs(page.height - 842) < 6
    for ln in page.lines:
        x0, top, x1, bottom = ln.box
        assert 0 <= x0 < x1 <= page.width + 1 and 0 <= top < bottom <= page.height + 1
        assert 0 < ln.confidence <= 1
    heading = next(ln for ln in page.lines if ln.text.startswith("I. KẾT QUẢ"))
    body = next(ln for ln in page.lines if ln.text.startswith("Trong quý"))
    assert heading.bold and not body.bold
    assert 10 <= body.size <= 16
    # the table is a Table, and its words are not body lines
    assert len(page.tables) == 1
    t = page.tables[0]
    assert not any("Số nhiệm vụ đã hoàn thành" in ln.text for ln in page.lines)
    assert (t.n_rows, t.n_cols) == (2 + len(VALUES), 4)
    spans = {(c.row, c.col): (c.row_span, c.col_span) for c in t.cells}
    assert spans[(0, 0)] == (2, 1) and spans[(0, 1)] == (2, 1) and spans[(0, 2)] == (1, 2)
    rows = t.row_texts()
    assert rows[1][2] == "Đơn vị tính" and rows[1][3] == "Số liệu"
    assert [r[3] for r in rows[2:]] == VALUES
    assert [r[0] for r in rows[2:]] == [f"1.{i + 1}" for i in range(len(VALUES))]
    assert rows[3][1] == NAMES[1]
    assert len(t.row_tops) == t.n_rows and t.row_tops == sorted(t.row_tops)
    assert t.page == page_number and 0 < t.confidence <= 1
    # reading order: header lines, then the table, then the closing line
    orders = sorted([ln.order for ln in page.lines] + [t.order])
    assert orders == list(range(order_start, order_start + len(orders)))
    closing = next(ln for ln in page.lines if ln.text.startswith("Trên đây"))
    assert heading.order < t.order < closing.order


def test_fix_vietnamese_only_known_phrases() -> None:
    assert fix_vietnamese("CỘNG HOÀ XÃ HỘI CHỦ NGHIA VIỆT NAM") == "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert fix_vietnamese("Độc lập - Tư do - Hạnh phủc") == "Độc lập - Tự do - Hạnh phúc"
    assert fix_vietnamese("Đơn vi tính: người") == "Đơn vị tính: người"
    assert fix_vietnamese("(Sô liệu)") == "(Số liệu)"
    assert fix_vietnamese("Số công chức được tuyến dụng") == "Số công chức được tuyển dụng"
    # a real word that is not in a known phrase, and numbers, are left as read
    assert fix_vietnamese("tuyến đường 14") == "tuyến đường 14"
    assert fix_vietnamese("Số liệu 1.25O") == "Số liệu 1.25O"
    assert fix_vietnamese("kế hoạch") == "kế hoạch"
    # both spellings of the motto are right: neither is turned into the other
    assert fix_vietnamese("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert fix_vietnamese("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM") == "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def test_normalise_ocr_text() -> None:
    assert normalise_ocr_text("Xuất bản tỜ rơi, ~ Trên mạng") == "Xuất bản tờ rơi, - Trên mạng"
    assert normalise_ocr_text("eGov, QĐ-UBND, TTr-CAT") == "eGov, QĐ-UBND, TTr-CAT"
    assert normalise_ocr_text("ĐÀ LẠT, NGHỊ ĐỊNH, ĐÃ") == "ĐÀ LẠT, NGHỊ ĐỊNH, ĐÃ"


def test_glued_syllables_and_specks() -> None:
    from extractor.vntext.syllables import split_glued_syllables

    assert normalise_ocr_text("Kếhoạch CCHC; Kiểm traCCHC") == "Kế hoạch CCHC; Kiểm tra CCHC"
    assert normalise_ocr_text("(Tổnghợp), Hànội") == "(Tổng hợp), Hà nội"
    assert normalise_ocr_text("Đã thực hiện =1") == "Đã thực hiện = 1"
    assert normalise_ocr_text("văn bản đã : ban hành") == "văn bản đã ban hành"
    assert normalise_ocr_text("Số : 125/BC-UBND") == "Số : 125/BC-UBND"
    # foreign words, abbreviations and single syllables are not split
    for ok in ("Internet", "video", "eGov", "VBQPPL", "Nguyễn", "khuỷu", "giữa", "nghiêng", "quyết"):
        assert split_glued_syllables(ok) == ok


def test_twin_vowel_of_the_lstm_is_dropped() -> None:
    # one syllable carries one tone mark, and no word doubles a hatted vowel
    assert normalise_ocr_text("I. KẾT QUẢ THỤỰC HIỆN") == "I. KẾT QUẢ THỰC HIỆN"
    assert normalise_ocr_text("Việêt Nam, tòòa án") == "Việt Nam, tòa án"
    # real words with two vowels on one letter are left alone
    for ok in ("hưu trí", "cửu long", "ưu tiên", "khuỷu tay", "xoong nồi", "quần soóc", "thành thục"):
        assert normalise_ocr_text(ok) == ok


def test_number_with_a_digit_look_alike_is_read_again(scan_pages) -> None:
    """'2021' read as '202]' is mended by a digits-only read of the word's own pixels."""
    from extractor.readers.ocr import OcrWord, _mend_digit_words

    img = np.asarray(Image.open(scan_pages[200]).convert("L"))
    words = ocr.run_tesseract(img, psm=3, dpi=200)
    i = next(k for k, w in enumerate(words) if w.text.startswith("125/KH"))
    j = next(k for k, w in enumerate(words) if w.text.rstrip(",.;:").isdigit() and len(w.text.rstrip(",.;:")) == 4)
    year = words[j].text.rstrip(",.;:")
    spoilt = list(words)
    spoilt[j] = OcrWord(year[:-1] + "]", *(getattr(words[j], k) for k in ("x0", "y0", "x1", "y1", "conf")))
    mended = _mend_digit_words(img, spoilt, 200)
    assert mended[j].text == year
    assert mended[i].text == words[i].text  # words that are not look-alike numbers are not read again
    # letters are never turned into digits by a guess: a word without digits stays as it is
    assert _mend_digit_words(img, [OcrWord("Il", *(getattr(words[i], k) for k in ("x0", "y0", "x1", "y1", "conf")))],
                             200)[0].text == "Il"


def test_unreadable_image_is_input_error(tmp_path) -> None:
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\nnot really an image")
    with pytest.raises(InputError):
        read_image_file(str(bad))
    with pytest.raises(InputError):
        read_image_file(str(tmp_path / "missing.jpg"))


def test_skew_estimate(scan_pages) -> None:
    img = Image.open(scan_pages[150]).convert("L")
    for angle in (1.2, -0.7):
        turned = img.rotate(angle, resample=Image.BILINEAR, fillcolor=255)
        ink = ocr.binarize(ocr.to_gray(turned))
        assert abs(estimate_skew(ink) + angle) < 0.2


def test_ocr_scanned_page_lines_and_table(scan_pages) -> None:
    """One noisy, 1-degree-skewed page at 200 dpi: text lines, the merged grid and every number."""
    img = _scanned(scan_pages[200], angle=1.0, noise=6.0)
    page = ocr_image(img, page_number=3, order_start=40, dpi=200)
    _check_report_page(page, 3, 40)


@pytest.mark.slow
@pytest.mark.parametrize("dpi,angle", [(150, -1.5), (300, 0.8)])
def test_ocr_pdf_page_from_img2pdf_scan(scan_pages, dpi, angle) -> None:
    import img2pdf

    img = _scanned(scan_pages[dpi], angle=angle, noise=8.0, seed=dpi)
    jpg = scan_pages["dir"] / f"scan{dpi}.jpg"
    img.save(jpg, "JPEG", quality=60, dpi=(dpi, dpi))
    pdf = scan_pages["dir"] / f"scan{dpi}.pdf"
    pdf.write_bytes(img2pdf.convert(str(jpg)))
    page = ocr_pdf_page(str(pdf), 0, 0, dpi=dpi)
    _check_report_page(page, 1, 0)


@pytest.mark.slow
def test_multipage_tiff_and_upside_down(scan_pages) -> None:
    a = _scanned(scan_pages[200], angle=0.5, noise=4.0)
    b = a.rotate(180) if ocr.has_osd() else a
    c = a.rotate(90, expand=True)  # a page fed sideways
    tif = scan_pages["dir"] / "three.tif"
    a.save(tif, save_all=True, append_images=[b, c], dpi=(200, 200), compression="tiff_deflate")
    doc = read_image_file(str(tif))
    assert doc.format == "image" and doc.page_count == 3 and doc.text_source == "ocr"
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert doc.pages[2].height > doc.pages[2].width
    for p in doc.pages:
        assert any(ln.text == "BÁO CÁO" for ln in p.lines)
        assert [r[3] for r in p.tables[0].row_texts()[2:]] == VALUES
    orders = [it.order for it in doc.items()]
    assert orders == list(range(len(orders)))


def _truth():
    return json.loads((SAMPLES / "seed-report.truth.json").read_text(encoding="utf-8"))


@pytest.mark.slow
@pytest.mark.skipif(not (SAMPLES / "seed-report-scanned.pdf").exists(), reason="shared sample missing")
def test_seed_scan_first_page_header_and_footnote() -> None:
    page = ocr_pdf_page(str(SAMPLES / "seed-report-scanned.pdf"), 0, 0, dpi=200)
    texts = [ln.text for ln in page.lines]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts
    assert "Độc lập - Tự do - Hạnh phúc" in texts
    assert "BÁO CÁO" in texts
    assert any("/BC-SKHĐT" in t for t in texts)
    assert any("Sở[^1]" in t for t in texts)
    truth = _truth()["footnotes"][0]
    assert [f.number for f in page.footnotes] == [1]
    assert page.footnotes[0].text == truth["text"]
    assert not any(t.startswith("1 Kế hoạch số 91") for t in texts)


@pytest.mark.slow
@pytest.mark.skipif(not (SAMPLES / "seed-report-scanned.pdf").exists(), reason="shared sample missing")
def test_seed_scan_annex_values() -> None:
    """Every value of the annex's 'Số liệu' column on the scanned pages matches the truth."""
    truth = {}
    for ind in _truth()["indicators"]:
        if ind["code"]:
            truth.setdefault(ind["code"], []).append(ind["value_raw"])
    found = 0
    for idx in range(12, 19):
        page = ocr_pdf_page(str(SAMPLES / "seed-report-scanned.pdf"), idx, 0, dpi=200)
        for t in page.tables:
            if t.n_cols != 5:
                continue
            for row in t.row_texts():
                code = row[0].rstrip(".")
                if code in truth and len(truth[code]) == 1 and truth[code][0]:
                    assert row[3] == truth[code][0], (idx + 1, code, row)
                    found += 1
    assert found >= 60


@pytest.mark.slow
def test_corpus_decree_scan_header_readable() -> None:
    """A real scanned decree page (JPEG without dpi metadata; its top is cut off)."""
    path = CORPUS / "scan_nd28-2021-ND-CP_trang1.jpg"
    if not path.exists():
        pytest.skip("corpus file missing")
    doc = read_image_file(str(path))
    assert doc.format == "image" and doc.page_count == 1
    texts = [ln.text for ln in doc.pages[0].lines[:12]]
    assert "Độc lập - Tự do - Hạnh phúc" in texts
    assert "Số: 28/2021/NĐ-CP" in texts
    assert "Hà Nội, ngày 26 tháng 3 năm 2021" in texts
    assert "NGHỊ ĐỊNH" in texts
    assert "Quy định cơ chế quản lý tài chính" in texts
    assert not doc.pages[0].tables  # the received-mail stamp box is not a table


@pytest.mark.slow
def test_corpus_scanned_submission_header_readable() -> None:
    path = CORPUS / "lamdong_cat_ttr_de_an_06_thang10-2025_scan_1page.pdf"
    if not path.exists():
        pytest.skip("corpus file missing")
    page = ocr_pdf_page(str(path), 0, 0, dpi=300)
    texts = [ln.text for ln in page.lines[:12]]
    assert "BỘ CÔNG AN" in texts and "CÔNG AN TỈNH LÂM ĐỒNG" in texts
    assert "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts
    assert "Độc lập - Tự do - Hạnh phúc" in texts
    assert any(t.startswith("Số:") and t.endswith("/TTr-CAT-PC06") for t in texts)
    assert "TỜ TRÌNH" in texts
    assert any(t.startswith("Đề nghị ban hành Báo cáo kết quả triển khai Đề án 06") for t in texts)
    assert any("tháng 10 năm 2025" in t for t in texts)
    assert not page.tables


def test_render_dpi_follows_the_scan(scan_pages) -> None:
    """A page that is one 200 dpi scan is not upsampled to 300 dpi; a 100 dpi one is."""
    import img2pdf
    import pypdfium2 as pdfium

    from extractor.readers.ocr import _render_dpi

    img = Image.open(scan_pages[200]).convert("L")
    for dpi, want in ((200, 200), (100, 300)):
        jpg = scan_pages["dir"] / f"native{dpi}.jpg"
        img.save(jpg, "JPEG", quality=80, dpi=(dpi, dpi))
        pdf_path = scan_pages["dir"] / f"native{dpi}.pdf"
        pdf_path.write_bytes(img2pdf.convert(str(jpg)))
        pdf = pdfium.PdfDocument(str(pdf_path))
        assert _render_dpi(pdf[0], 300) == want
        pdf.close()
