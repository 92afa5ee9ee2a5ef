"""Many files, worker processes, one writer.

Workers read and interpret (CPU-bound); the parent process alone writes, one
transaction per document, so a kill at any moment leaves whole documents only
and the next run skips what is already stored (by sha256, decided before any
worker reads the file). The same parent-writes rule holds for the dask
executor (``extractor.distributed``): workers anywhere, one writer here.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from multiprocessing.connection import wait as connection_wait
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, TextIO, Union

from tqdm import tqdm

from . import store
from .distributed import run_dask
from .errors import OutputError
from .metadata import write_metadata
from .pipeline import SUFFIXES, sha256_of
from .procs import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT_S, ChildDied, PoolWorker, time_limit_message
from .version import __version__
from .worker import Outcome, extract_isolated, extract_one, failed_outcome, one_line

__all__ = ["run_batch", "iter_inputs", "extract_one", "Outcome", "Summary", "Reporter", "NoInputs"]



def _page_count(document: dict) -> int:
    """Pages for progress and the summary: the page count, else (DOCX, DOC) the count the file saved."""
    return document.get("pages") or document.get("saved_pages") or 0

class NoInputs(OutputError):
    """Nothing to extract: the paths hold no file of a supported kind."""


@dataclass
class Summary:
    ok: int = 0
    unchanged: int = 0
    failed: int = 0
    pages: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)
    sections: int = 0
    tables: int = 0
    indicators: int = 0

    def line(self, db_path: Optional[Union[str, Path]] = None) -> str:
        out = (f"extract: {self.ok} ok, {self.unchanged} unchanged, {self.failed} failed, "
               f"{self.pages} pages in {self.seconds:.1f} s")
        if self.ok and db_path is not None:
            out += (f"; {self.sections} sections, {self.tables} tables, {self.indicators} indicators "
                    f"written to {store.shown_path(db_path)}")
        return out


def iter_inputs(paths: Iterable[Union[str, Path]]) -> Iterator[str]:
    """Files as given, and supported files under folders (sorted, recursive); missing paths pass through."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs.sort()
                for name in sorted(files):
                    if Path(name).suffix.lower() in SUFFIXES and not name.startswith("~$"):
                        yield str(Path(root) / name)
        else:
            yield str(p)


def _init_worker() -> None:
    """A worker is one of several processes: OCR and the PDF reader keep to one thread and one process."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def _work(path: str, ocr: str) -> Outcome:
    os.environ["EXTRACT_PDF_WORKERS"] = "1"  # one of many processes already: no page workers of its own
    return extract_one(path, ocr)  # no alarm: the parent keeps the clock and stops a worker over it


class Reporter:
    """Progress for people: a bar on a terminal (tqdm: files, pages/s, failures, time left), plain lines otherwise."""

    def __init__(self, total: int, quiet: bool, verbose: bool, stream: Optional[TextIO] = None):
        self.stream = stream or sys.stderr
        self.total = total
        self.quiet = quiet
        self.verbose = verbose
        self.done = 0
        self.failed = 0
        self.pages = 0
        self.t0 = time.perf_counter()
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)()) and not quiet and total > 1
        self._bar: Optional[tqdm] = None
        self._last_line = 0.0
        if self.tty:
            self._bar = tqdm(total=total, unit="file", file=self.stream, dynamic_ncols=True,
                             bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} files "
                                        "[{elapsed}<{remaining}, {rate_fmt}{postfix}]")

    def _print(self, msg: str) -> None:
        if self._bar is not None:
            self._bar.write(msg, file=self.stream)
        else:
            print(msg, file=self.stream, flush=True)

    def note(self, msg: str) -> None:
        """A line shown only with --verbose."""
        if self.verbose:
            self._print(msg)

    def update(self, o: Outcome) -> None:
        self.done += 1
        if o.status == "failed":
            self.failed += 1
            self._print(f"{store.shown_path(o.path)}: {o.message}")
        if o.records is not None:
            self.pages += _page_count(o.records.document)
        el = max(time.perf_counter() - self.t0, 1e-6)
        if self._bar is not None:
            self._bar.set_postfix_str(f"{self.pages / el:.1f} pages/s, {self.failed} failed", refresh=False)
            self._bar.update(1)
            return
        if self.quiet or o.status == "failed" and not self.verbose:
            return
        now = time.perf_counter()
        if self.verbose:
            self._print(f"[{self.done}/{self.total}] {o.status} {store.shown_path(o.path)} ({o.seconds:.2f} s)")
        elif self.total > 1 and (self.done == self.total or now - self._last_line >= 5.0 or self.total <= 20):
            # not a terminal: a plain progress line now and then, never a bar
            rate = self.done / el
            left = (self.total - self.done) / rate if rate > 0 else 0.0
            self._print(f"[{self.done}/{self.total}] {self.pages / el:.1f} pages/s, {self.failed} failed, "
                        f"{left:.0f} s left")
            self._last_line = now

    def skipped(self, o: Outcome) -> None:
        """An input found unchanged while the run went on: counted as done, shown only with --verbose."""
        self.done += 1
        if self._bar is not None:
            self._bar.update(1)
        self.note(f"unchanged {store.shown_path(o.path)}")

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _skip_unchanged(db: sqlite3.Connection, inputs: list[str],
                    force: bool) -> tuple[list[str], list[tuple[str, str, int]]]:
    """Split inputs into those to extract and those whose bytes this version already stored (path, sha, id)."""
    todo: list[str] = []
    same: list[tuple[str, str, int]] = []
    for path in inputs:
        if not force and os.path.isfile(path):
            try:
                sha = sha256_of(path)
            except OSError:
                sha = None
            known = store.known_document(db, sha) if sha else None
            if sha and known is not None and known["extractor_version"] == __version__:
                same.append((path, sha, known["id"]))
                continue
        todo.append(path)
    return todo, same


def _record_unchanged(db: sqlite3.Connection, same: list[tuple[str, str, int]]) -> None:
    """All ``unchanged`` runs rows in one transaction: a re-run over a big unchanged folder stays fast."""
    if not same:
        return
    now = store.now_iso()
    with store.transaction(db) as conn:
        conn.executemany(
            "INSERT INTO runs (source_path, sha256, status, message, seconds, started_at, document_id) "
            "VALUES (?, ?, 'unchanged', 'same bytes already extracted', 0, ?, ?)",
            [(store.stored_path(p), sha, now, doc_id) for p, sha, doc_id in same])


def _still_needed(db: sqlite3.Connection, path: str, force: bool) -> Optional[tuple[str, int]]:
    """Checked again just before a file is handed out: another ``extract`` on the same database may have
    stored the same bytes meanwhile. Returns (sha, id) when it did."""
    if force or not os.path.isfile(path):
        return None
    try:
        sha = sha256_of(path)
    except OSError:
        return None
    known = store.known_document(db, sha)
    if known is not None and known["extractor_version"] == __version__:
        return sha, known["id"]
    return None


def _local_pool(todo: list[str], ocr: str, n_workers: int, skip: Callable[[str], Optional[Outcome]],
                timeout: Optional[float] = None, max_memory_mb: Optional[int] = None) -> Iterator[Outcome]:
    """Outcomes from worker processes, each holding one file at a time and staying warm between files.

    This process knows which file each worker holds and keeps that file's clock: at ``timeout`` it stops
    the worker with whatever it started (native code cannot ignore that, as it can an alarm) and the file
    fails with a line naming the limit; a worker that dies (a crash inside a native library, the kernel's
    OOM killer, its memory ceiling) fails its own file alone, saying why. A new worker takes the next file.
    """
    queue = list(reversed(todo))
    n = max(1, min(n_workers, len(todo)))
    idle: list[PoolWorker] = []
    busy: dict[PoolWorker, tuple[str, str, float]] = {}  # the file each worker holds, when it began
    ready: list[Outcome] = []
    try:
        while True:
            # hand out files before the writer stores the last results: no worker waits on the writer
            while queue and len(busy) < n:
                path = queue.pop()
                skipped = skip(path)
                if skipped is not None:
                    ready.append(skipped)
                    continue
                worker = idle.pop() if idle else PoolWorker(_work, _init_worker, max_memory_mb)
                try:
                    worker.send((path, ocr), timeout)
                except OSError:  # it died idle: a new one takes the file
                    worker.stop()
                    worker = PoolWorker(_work, _init_worker, max_memory_mb)
                    worker.send((path, ocr), timeout)
                busy[worker] = (path, store.now_iso(), time.perf_counter())
            yield from ready
            ready = []
            if not busy:
                if not queue:
                    break
                continue
            deadlines = [w.deadline for w in busy if w.deadline is not None]
            left = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            answered = set(connection_wait([w.conn for w in busy], left))
            for worker, (path, started_at, t0) in list(busy.items()):
                if worker.conn in answered:
                    del busy[worker]
                    try:
                        ready.append(worker.receive())
                        idle.append(worker)
                    except ChildDied as err:
                        ready.append(failed_outcome(path, one_line(err), started_at, t0))
                    except Exception as err:  # noqa: BLE001 - a result that cannot be unpickled
                        idle.append(worker)
                        ready.append(failed_outcome(path, one_line(err), started_at, t0))
                elif worker.over_time():
                    del busy[worker]
                    worker.stop()
                    ready.append(failed_outcome(path, time_limit_message(timeout or 0), started_at, t0))
    finally:
        # the end, Ctrl-C, SIGTERM or the writer failing: no worker outlives the run
        for worker in [*idle, *busy]:
            worker.stop()


def run_batch(paths: Iterable[Union[str, Path]], db_path: Union[str, Path] = "output/reports.db",
              workers: Optional[int] = None, ocr: str = "auto", force: bool = False, quiet: bool = False,
              verbose: bool = False, executor: str = "local", scheduler: Optional[str] = None,
              outcomes: Optional[list[Outcome]] = None, timeout: Optional[float] = DEFAULT_TIMEOUT_S,
              max_memory_mb: Optional[int] = DEFAULT_MAX_MEMORY_MB) -> int:
    """Extract every input into ``db_path``; returns the exit status (0 all ok, 1 some failed).

    ``outcomes``, when given, receives every Outcome (records dropped) - the benchmark reads worker memory there.
    """
    t0 = time.perf_counter()
    paths = list(paths)
    inputs = list(iter_inputs(paths))
    if not inputs:  # before the database is opened: an empty folder creates nothing
        raise NoInputs("no supported files (.pdf .docx .doc .png .jpg .jpeg .tif .tiff) in "
                       + ", ".join(store.shown_path(p) for p in paths))
    db = store.connect(db_path)
    summary = Summary()
    todo, same = _skip_unchanged(db, inputs, force)
    _record_unchanged(db, same)
    summary.unchanged += len(same)
    reporter = Reporter(len(todo), quiet, verbose)
    for path, _sha, _id in same:
        reporter.note(f"unchanged {store.shown_path(path)}")

    def skip(path: str) -> Optional[Outcome]:
        hit = _still_needed(db, path, force)
        if hit is None:
            return None
        return Outcome(path, "unchanged", message="same bytes stored meanwhile by another run", sha256=hit[0])

    def finish(o: Outcome) -> None:
        if o.status == "unchanged":
            store.record_run(db, o.path, "unchanged", sha256=o.sha256, message=o.message)
            summary.unchanged += 1
            reporter.skipped(o)
            return
        if o.status == "ok" and o.records is not None:
            try:
                store.write(o.records, db, run={"source_path": o.path, "message": None,
                                                "seconds": round(o.seconds, 4), "started_at": o.started_at})
                summary.ok += 1
                summary.pages += _page_count(o.records.document)
                summary.sections += len(o.records.sections)
                summary.tables += len(o.records.tables)
                summary.indicators += len(o.records.indicators)
            except Exception as err:  # noqa: BLE001 - a write failure is that file's failure
                o = Outcome(o.path, "failed", message=f"cannot write to {db_path}: {one_line(err)}",
                            seconds=o.seconds, started_at=o.started_at, sha256=o.sha256)
        if o.status == "failed":
            store.record_run(db, o.path, "failed", message=o.message, sha256=o.sha256,
                             seconds=o.seconds, started_at=o.started_at)
            summary.failed += 1
            summary.failures.append(o.path)
        reporter.update(o)
        if outcomes is not None:
            outcomes.append(Outcome(o.path, o.status, o.message, None, o.seconds, o.started_at, o.sha256,
                                    o.peak_rss_kb, o.worker))

    n_workers = workers or os.cpu_count() or 1
    try:
        if not todo:
            pass
        elif executor == "dask":
            for o in run_dask(todo, ocr=ocr, scheduler=scheduler, workers=n_workers):
                finish(o)
        elif len(todo) == 1:
            # one file: a child of its own, so the time limit and memory ceiling hold as in a pool
            finish(skip(todo[0]) or extract_isolated(todo[0], ocr, timeout=timeout, max_memory_mb=max_memory_mb))
        else:  # one worker or many: a pool keeps its warm caches from file to file
            for o in _local_pool(todo, ocr, n_workers, skip, timeout, max_memory_mb):
                finish(o)
    finally:
        reporter.close()
        try:  # the last connection closing checkpoints the WAL: the .db file alone is then complete
            db.close()
        except Exception:  # noqa: BLE001
            pass
    if summary.ok:
        _write_datasette_metadata(db_path)
    summary.seconds = time.perf_counter() - t0
    if len(inputs) > 1 or verbose or (not quiet and not summary.failed):
        print(summary.line(db_path), file=sys.stderr)
    return 1 if summary.failed else 0


def _write_datasette_metadata(db_path: Union[str, Path]) -> None:
    """metadata.json beside the database, so `datasette output/` shows titles, units and facets at once."""
    try:
        write_metadata(db_path)
    except Exception as err:  # noqa: BLE001 - the data is written; a missing metadata file is no failure
        print(f"extract: could not write Datasette metadata beside {db_path}: {one_line(err)}", file=sys.stderr)
