"""Forked page workers: pdfplumber's character pass is most of the time, and pages are independent
until the document-wide passes, so a long PDF is read a chunk of pages per process.

The reader hands over how to open the PDF and how to read a range of its pages; this module only
shares the pages out and gathers the results in page order.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, Optional

from extractor.procs import die_with_parent

# how to open the PDF (path -> PDF) and read a range of its pages (PDF, page indices, ocr mode -> results)
OpenPdf = Callable[[str], Any]
ScanPages = Callable[[Any, range, str], list]

PARALLEL_MIN_PAGES = 6  # fewer pages than this are not worth a process pool
MAX_WORKERS = 8
WORKERS_ENV = "EXTRACT_PDF_WORKERS"  # "1" forces a sequential read; batch workers set it

_worker_pdf: Any = None  # the PDF a page worker process opened for itself


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def worker_count(workers: Optional[int], n_pages: int) -> int:
    """How many processes read pages: 1 means here, sequentially.

    ``workers`` wins, then ``EXTRACT_PDF_WORKERS``; by default one per CPU for a PDF of
    at least PARALLEL_MIN_PAGES pages, and never inside a batch or pool worker (which is
    already one of many processes) or beside other non-daemon threads (forking them is unsafe;
    a progress bar's daemon monitor thread does not count).
    """
    if n_pages < 2 or multiprocessing.current_process().daemon:
        return 1
    if workers is None:
        env = os.environ.get(WORKERS_ENV, "").strip()
        if env:
            try:
                workers = int(env)
            except ValueError:
                workers = None
    if workers is not None:
        want = workers
    else:
        if n_pages < PARALLEL_MIN_PAGES or multiprocessing.parent_process() is not None:
            return 1
        if any(t is not threading.current_thread() and not t.daemon for t in threading.enumerate()):
            return 1  # an application's threads may hold locks a forked child would wait on forever
        want = available_cpus()
    if not hasattr(os, "fork"):
        return 1
    return max(1, min(want, MAX_WORKERS, n_pages))


_claims: Any = None  # (lock, next front chunk, next back chunk), shared with the page workers


def _claim(from_back: bool) -> Optional[int]:
    """The next chunk to read: this process takes them from the front, the workers from the back."""
    lock, front, back = _claims
    with lock:
        if front.value > back.value:
            return None
        if from_back:
            back.value -= 1
            return back.value + 1
        front.value += 1
        return front.value - 1


def _worker_init(path: str, claims: Any, open_pdf: OpenPdf) -> None:
    """A page worker opens the PDF once, leaves Ctrl-C to the parent and ends with it.

    It never touches the parent's open PDF it inherited: a forked file offset is shared.
    """
    global _worker_pdf, _claims
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent's handler came with the fork
    os.environ[WORKERS_ENV] = "1"
    _claims = claims
    _worker_pdf = open_pdf(path)


def _worker_loop(chunks: list[tuple[int, int]], ocr: str, scan_pages: ScanPages) -> dict[int, list]:
    out = {}
    while (k := _claim(True)) is not None:
        out[k] = scan_pages(_worker_pdf, range(*chunks[k]), ocr)
    return out


def scan_parallel(pdf: Any, path: str, n_pages: int, ocr: str, n_workers: int, open_pdf: OpenPdf,
                  scan_pages: ScanPages) -> list:
    """The pages read by this process and ``n_workers - 1`` forked ones, in page order.

    Pages go in small contiguous chunks (table pages cost more than text pages): this
    process takes them from the front with its own ``pdf``, the workers from the back
    with theirs, until they meet. Whatever a worker did not deliver (it died, or hit a
    bad page) is read here in page order, so errors are the sequential read's errors.
    """
    global _claims
    size = max(1, n_pages // (n_workers * 16))  # claims are cheap: small chunks end together
    chunks = [(i, min(i + size, n_pages)) for i in range(0, n_pages, size)]
    results: list[Optional[list]] = [None] * len(chunks)
    ctx = multiprocessing.get_context("fork")
    _claims = (ctx.Lock(), ctx.RawValue("i", 0), ctx.RawValue("i", len(chunks) - 1))
    pool = None
    futures = []
    try:
        try:
            pool = ProcessPoolExecutor(max_workers=n_workers - 1, mp_context=ctx, initializer=_worker_init,
                                       initargs=(path, _claims, open_pdf))
            futures = [pool.submit(_worker_loop, chunks, ocr, scan_pages) for _ in range(n_workers - 1)]
        except Exception:  # noqa: BLE001 - no pool (fork refused, out of memory): every chunk is read here
            pass
        while (k := _claim(False)) is not None:
            results[k] = scan_pages(pdf, range(*chunks[k]), ocr)
        for fut in futures:
            try:
                for k, part in fut.result().items():
                    results[k] = part
            except Exception:  # noqa: BLE001 - a dead worker or a bad page: read its chunks here, below
                pass
        for k, got in enumerate(results):
            if got is None:
                results[k] = scan_pages(pdf, range(*chunks[k]), ocr)
    finally:
        with _claims[0]:  # on an error or Ctrl-C here, workers stop after their current chunk
            _claims[1].value = _claims[2].value + 1
        _claims = None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    return [r for part in results for r in part]  # type: ignore[union-attr]
