"""The PDF reader's page workers: a parallel read gives the very Document a sequential read gives.

Footnotes that run over a page break are the delicate part (the next page's block
continues the previous page's last note), so a LibreOffice-rendered report puts
long footnotes across many page breaks and is read with one page per chunk, which
makes every page break a chunk boundary.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import pdfplumber
import pytest

from extractor.readers import pdf_chars, pdf_workers
from extractor.readers.pdf import read_pdf
from shared_data import CORPUS as SHARED_CORPUS
from shared_data import SAMPLES as SHARED_SAMPLES

# the flat-ODT skeleton and filler text of the reader's own footnote tests
from test_pdf_reader import _FODT_HEAD as _HEAD
from test_pdf_reader import _LOREM as _BODY

SEED = SHARED_SAMPLES / "seed-report.pdf"
CORPUS = SHARED_CORPUS


def _long_report(path: Path) -> None:
    """About ten pages; each third paragraph carries a footnote, every other one long enough to run on."""
    parts = [_HEAD]
    n = 0
    for i in range(60):
        note = ""
        if i % 3 == 1:
            n += 1
            if n % 2:
                body = " ".join(f"Chú thích {n}, câu {k}: văn bản số {k}/KH-UBND ngày 13/01/2023 của tỉnh."
                                for k in range(1, 30))
            else:
                body = f"Quyết định số {n}/QĐ-UBND ngày 10/01/2023 của UBND tỉnh."
            note = (f'<text:note text:id="ftn{n}" text:note-class="footnote">'
                    f'<text:note-citation>{n}</text:note-citation>'
                    f'<text:note-body><text:p text:style-name="Footnote">{body}</text:p></text:note-body></text:note>')
        parts.append(f'<text:p text:style-name="Standard">{i + 1}. {_BODY}{note} và tiếp tục thực hiện.</text:p>')
    parts.append("</office:text></office:body></office:document>\n")
    path.write_text("".join(parts), encoding="utf-8")


@pytest.fixture(scope="module")
def notes_pdf(tmp_path_factory) -> Path:
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice not installed")
    d = tmp_path_factory.mktemp("par")
    _long_report(d / "long-notes.fodt")
    prof = f"file:///tmp/lo_profile_par_{os.getpid()}"
    subprocess.run(["soffice", f"-env:UserInstallation={prof}", "--headless", "--convert-to", "pdf", "--outdir", str(d),
                    str(d / "long-notes.fodt")], check=True, capture_output=True, timeout=180)
    return d / "long-notes.pdf"


def _same(path: Path, workers: int) -> None:
    seq = read_pdf(str(path), ocr="never", workers=1)
    par = read_pdf(str(path), ocr="never", workers=workers)
    assert len(par.pages) == len(seq.pages) == seq.page_count
    for a, b in zip(seq.pages, par.pages):
        assert a.lines == b.lines, f"page {a.number}"
        assert a.tables == b.tables, f"page {a.number}"
        assert a.footnotes == b.footnotes, f"page {a.number}"
    assert par == seq


def test_footnotes_across_chunk_boundaries(notes_pdf):
    seq = read_pdf(str(notes_pdf), ocr="never", workers=1)
    assert seq.page_count >= 6
    notes = [f for p in seq.pages for f in p.footnotes]
    # every note once, in order, and the long ones whole although they ran over a page break
    assert [f.number for f in notes] == list(range(1, 21))
    assert all("câu 1:" in f.text and "câu 29:" in f.text for f in notes if f.number % 2)
    # ...and some of them did run over: their last sentence is printed on a later page
    with pdfplumber.open(str(notes_pdf)) as pdf:
        texts = [(p.extract_text() or "").replace("\n", " ") for p in pdf.pages] + [""]
    ran_over = [f for f in notes if f.number % 2 and f"Chú thích {f.number}, câu 29" in texts[f.page]]
    assert len(ran_over) >= 2
    for workers in (2, 3):
        _same(notes_pdf, workers)


def test_seed_parallel_equals_sequential():
    if not SEED.exists():
        pytest.skip("seed sample missing")
    _same(SEED, 2)


@pytest.mark.parametrize("name", [pytest.param("lamdong_snv_bc_cac_chi_so_tinh_0611-2025.pdf", marks=pytest.mark.slow),
                                  "lamdong_snv_phuluc_tong_hop_gop_y_kh_cchc_2026.pdf",
                                  "mpi_bc_sxkd_cong_nghiep_thang02-2007_tcvn3.pdf"])
def test_corpus_parallel_equals_sequential(name):
    f = CORPUS / name
    if not f.exists():
        pytest.skip("corpus file missing")
    _same(f, 2)


def test_fast_char_pass_is_pdfplumbers():
    """The reader's shortcut for characters builds exactly pdfplumber's dicts (keys, order and values)."""
    if not SEED.exists():
        pytest.skip("seed sample missing")
    with pdfplumber.open(str(SEED)) as a, pdfplumber.open(str(SEED)) as b:
        for pa, pb in zip(a.pages[:6], b.pages[:6]):
            oa = pa.objects
            ob = pdf_chars.fast_chars(pb).objects
            assert oa.keys() == ob.keys()
            for kind in oa:
                assert [list(x.items()) for x in oa[kind]] == [list(x.items()) for x in ob[kind]]


def _count_in_child(n_pages: int) -> int:
    return pdf_workers.worker_count(None, n_pages)


def test_worker_count(monkeypatch):
    monkeypatch.delenv(pdf_workers.WORKERS_ENV, raising=False)
    assert pdf_workers.worker_count(1, 100) == 1
    assert pdf_workers.worker_count(3, 100) == 3
    assert pdf_workers.worker_count(None, 3) == 1  # too short to be worth it
    assert pdf_workers.worker_count(4, 2) == 2  # never more workers than pages
    monkeypatch.setenv(pdf_workers.WORKERS_ENV, "1")
    assert pdf_workers.worker_count(None, 100) == 1
    assert pdf_workers.worker_count(2, 100) == 2  # the argument wins over the environment
    monkeypatch.setenv(pdf_workers.WORKERS_ENV, "2")
    assert pdf_workers.worker_count(None, 100) == 2
    monkeypatch.delenv(pdf_workers.WORKERS_ENV)
    # inside a process-pool worker (batch) the reader stays sequential
    with ProcessPoolExecutor(1, mp_context=get_context("fork")) as pool:
        assert pool.submit(_count_in_child, 100).result() == 1


def test_batch_worker_sets_the_marker(monkeypatch, tmp_path):
    from extractor import batch

    monkeypatch.delenv(pdf_workers.WORKERS_ENV, raising=False)
    batch._work(str(tmp_path / "missing.pdf"), "never")
    assert os.environ.get(pdf_workers.WORKERS_ENV) == "1"
    monkeypatch.delenv(pdf_workers.WORKERS_ENV)


def test_no_page_workers_beside_application_threads(monkeypatch):
    import threading

    monkeypatch.delenv(pdf_workers.WORKERS_ENV, raising=False)
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        assert pdf_workers.worker_count(None, 100) == 1
    finally:
        stop.set()
        t.join()
    if pdf_workers.available_cpus() >= 2:
        assert pdf_workers.worker_count(None, 100) >= 2
