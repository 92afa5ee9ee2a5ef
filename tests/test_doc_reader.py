"""DOC reader: .doc files made by LibreOffice from python-docx documents, bad .doc inputs,
and the legacy-encoded corpus files (slow: one LibreOffice run each)."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import docx
import pytest

from extractor.errors import InputError
from extractor.model import Table
from extractor.pipeline import read_document, sniff_format
from extractor.readers.doc import find_soffice, read_doc
from extractor.readers.docx import LegacyWordFile, read_docx
from shared_data import CORPUS as SHARED_CORPUS

CORPUS = SHARED_CORPUS
needs_soffice = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice not installed")


def _to_doc(src: Path, outdir: Path) -> Path:
    """Convert a DOCX to Word 97 .doc with a private LibreOffice profile."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([find_soffice(), "--headless", f"-env:UserInstallation=file://{profile}",
                        "--convert-to", "doc:MS Word 97", "--outdir", str(outdir), str(src)],
                       check=True, capture_output=True, timeout=180)
    out = outdir / (src.stem + ".doc")
    assert out.exists()
    return out


@pytest.fixture(scope="module")
def made_doc(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("doc")
    d = docx.Document()
    d.add_paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    d.add_paragraph("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH")
    d.add_paragraph("Sở đã ban hành 07 văn bản chỉ đạo, đạt 100% kế hoạch.")
    t = d.add_table(rows=3, cols=3)
    t.style = "Table Grid"
    t.cell(0, 0).text = "STT"
    t.cell(0, 1).merge(t.cell(0, 2)).text = "Kết quả thống kê"
    t.cell(1, 0).text = "1"
    t.cell(1, 1).text = "Văn bản"
    t.cell(1, 2).text = "29"
    t.cell(2, 0).text = "2"
    t.cell(2, 1).text = "%"
    t.cell(2, 2).text = "22,45"
    d.add_paragraph("Nơi nhận:")  # Word wants a paragraph after a table; LibreOffice drops a final table
    src = tmp / "made.docx"
    d.save(str(src))
    return _to_doc(src, tmp)


@needs_soffice
def test_doc_made_by_libreoffice_reads_like_docx(made_doc):
    doc = read_doc(str(made_doc))
    assert (doc.format, doc.text_source, doc.page_count, doc.source) == ("doc", "docx", None, str(made_doc))
    assert doc.meta["conversion_seconds"] > 0
    texts = [ln.text for ln in doc.pages[0].lines]
    assert "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH" in texts
    assert "Sở đã ban hành 07 văn bản chỉ đạo, đạt 100% kế hoạch." in texts
    [tab] = [i for i in doc.items() if isinstance(i, Table)]
    cells = {(c.row, c.col): c for c in tab.cells}
    assert (tab.n_rows, tab.n_cols) == (3, 3)
    assert cells[0, 1].text == "Kết quả thống kê" and cells[0, 1].col_span == 2
    assert cells[2, 2].text == "22,45"


@needs_soffice
def test_timeout_kills_libreoffice(made_doc):
    with pytest.raises(InputError, match="timed out"):
        read_doc(str(made_doc), timeout=0.05)


@needs_soffice
def test_doc_named_docx_is_converted(made_doc, tmp_path):
    """The DOCX reader says what the file is; the pipeline, which knows both readers, converts it."""
    wrong = tmp_path / "really_doc.docx"
    wrong.write_bytes(made_doc.read_bytes())
    with pytest.raises(LegacyWordFile, match="Word 97-2003"):
        read_docx(str(wrong))
    doc = read_document(str(wrong), sniff_format(str(wrong)))
    assert doc.format == "doc" and any("07 văn bản" in ln.text for ln in doc.pages[0].lines)


def test_docx_named_doc_is_read_directly(tmp_path):
    d = docx.Document()
    d.add_paragraph("Nội dung DOCX mang đuôi .doc")
    path = tmp_path / "x.doc"
    d.save(str(path))
    doc = read_doc(str(path))
    assert [ln.text for ln in doc.pages[0].lines] == ["Nội dung DOCX mang đuôi .doc"]


def test_random_bytes_doc_is_refused(tmp_path):
    path = tmp_path / "random.doc"
    path.write_bytes(os.urandom(20000))
    with pytest.raises(InputError, match="not a Word document"):
        read_doc(str(path))
    empty = tmp_path / "empty.doc"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        read_doc(str(empty))


def test_ole_without_word_stream_is_refused(tmp_path):
    path = tmp_path / "sheet.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1016 + "Workbook".encode("utf-16-le") + b"\0" * 4096)
    with pytest.raises(InputError, match="WordDocument"):
        read_doc(str(path))


def test_damaged_word_ole_gives_input_error(tmp_path):
    """OLE header and a WordDocument name but garbage inside: refused before LibreOffice imports it as text."""
    path = tmp_path / "damaged.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(1016) + "WordDocument".encode("utf-16-le")
                     + os.urandom(8192))
    with pytest.raises(InputError, match="damaged") as err:
        read_doc(str(path), timeout=60)
    assert "\n" not in str(err.value)


CORPUS_DOC = sorted(CORPUS.glob("*.doc")) if CORPUS.exists() else []


@pytest.mark.slow
@needs_soffice
@pytest.mark.parametrize("path", CORPUS_DOC, ids=lambda p: p.name)
def test_corpus_doc_reads(path):
    doc = read_doc(str(path))
    page = doc.pages[0]
    assert page.lines and doc.format == "doc"
    text = " ".join(ln.text for ln in page.lines)
    # legacy TCVN3/VNI bytes never survive as the tell-tale Latin-1 letters once decoded
    assert not any(s in text for s in ("\u00b8c", "\u00c7", "ñöôïc")), text[:200]
