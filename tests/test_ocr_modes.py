"""--ocr auto / always / never on a PDF that mixes a text-layer page with a scanned page (real Tesseract)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor import extract_file
from shared_data import SAMPLES

pikepdf = pytest.importorskip("pikepdf")


def _two_pages(first: Path, i: int, second: Path, j: int, out: Path) -> Path:
    """A PDF of page i of ``first`` then page j of ``second``."""
    with pikepdf.open(first) as a, pikepdf.open(second) as b:
        pdf = pikepdf.new()
        pdf.pages.append(a.pages[i])
        pdf.pages.append(b.pages[j])
        pdf.save(out)
    return out


@pytest.fixture(scope="module")
def mixed_pdf(tmp_path_factory) -> Path:
    """Page 1 of the born-digital seed report, then page 2 of its 200 dpi scan."""
    return _two_pages(SAMPLES / "seed-report.pdf", 0, SAMPLES / "seed-report-scanned.pdf", 1,
                      tmp_path_factory.mktemp("mixed") / "mixed.pdf")


def test_auto_ocrs_only_the_scanned_page(mixed_pdf: Path):
    r = extract_file(mixed_pdf, ocr="auto")
    assert r.document["text_source"] == "mixed"
    assert r.document["pages"] == 2
    text = r.document["text"]
    assert "Căn cứ Kế hoạch số 4217/KH-UBND" in text  # page 1, text layer
    assert "Công tác kiểm tra cải cách hành chính" in text  # page 2, read by Tesseract
    assert r.document["doc_number"] == "/BC-SKHĐT"
    assert any(s["path"] == "I/2" and s["page"] == 2 for s in r.sections)


def test_never_leaves_the_scanned_page_empty(mixed_pdf: Path):
    r = extract_file(mixed_pdf, ocr="never")
    assert r.document["text_source"] == "text-layer"
    assert "Công tác kiểm tra cải cách hành chính" not in r.document["text"]


def test_always_ocrs_every_page(mixed_pdf: Path):
    r = extract_file(mixed_pdf, ocr="always")
    assert r.document["text_source"] == "ocr"
    assert "Công tác kiểm tra cải cách hành chính" in r.document["text"]
    assert r.document["agency"] == "Sở Kế hoạch và Đầu tư"


@pytest.fixture(scope="module")
def searchable_pdf(tmp_path_factory) -> Path:
    """Page 1 of the born-digital report, then page 2 of the scan as Tesseract's own searchable PDF
    (the page image with an invisible text layer over it, as scanners and OCRmyPDF write them)."""
    import shutil
    import subprocess

    if not (shutil.which("pdftoppm") and shutil.which("tesseract")):
        pytest.skip("pdftoppm and tesseract are needed")
    d = tmp_path_factory.mktemp("searchable")
    subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", "-f", "2", "-l", "2",
                    str(SAMPLES / "seed-report-scanned.pdf"), str(d / "p")], check=True)
    png = next(d.glob("p*.png"))
    subprocess.run(["tesseract", str(png), str(d / "layer"), "-l", "vie", "pdf"], check=True, capture_output=True)
    return _two_pages(SAMPLES / "seed-report.pdf", 0, d / "layer.pdf", 0, d / "searchable.pdf")


def test_auto_reads_a_scan_under_a_text_layer_from_its_image(searchable_pdf: Path):
    """A scanner's text layer has no ruling lines and its own slips: auto reads that page by OCR,
    never keeps the layer as it is."""
    auto = extract_file(searchable_pdf, ocr="auto")
    assert auto.document["text_source"] == "mixed"
    assert "Công tác kiểm tra cải cách hành chính" in auto.document["text"]
    never = extract_file(searchable_pdf, ocr="never")
    assert never.document["text_source"] == "text-layer"
    assert never.document["text"].strip()  # the layer itself was read
