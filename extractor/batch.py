"""Many files, worker processes, one writer.

Workers read and interpret (CPU-bound); the parent process alone writes, one
transaction per document, so a kill at any moment leaves whole documents only
and the next run skips what is already stored (by sha256).
"""

from __future__ import annotations

import os
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from . import __version__
from .errors import InputError
from .pipeline import SUFFIXES, extract_file, sha256_of
from .records import Records
from . import store


@dataclass
class Outcome:
    path: str
    status: str  # ok | failed | unchanged
    message: Optional[str] = None
    records: Optional[Records] = None
    seconds: float = 0.0
    started_at: str = ""
    sha256: Optional[str] = None


@dataclass
class Summary:
    ok: int = 0
    unchanged: int = 0
    failed: int = 0
    pages: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"extract: {self.ok} ok, {self.unchanged} unchanged, {self.failed} failed, "
                f"{self.pages} pages in {self.seconds:.1f} s")


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


def one_line(err: BaseException) -> str:
    msg = " ".join(str(err).split()) or type(err).__name__
    return msg if isinstance(err, InputError) else f"internal error ({type(err).__name__}): {msg}"


def extract_one(path: str, ocr: str = "auto") -> Outcome:
    """Extract one file, never raising: failures come back as an Outcome with a one-line message."""
    started_at = store.now_iso()
    t0 = time.perf_counter()
    try:
        records = extract_file(path, ocr=ocr)
        return Outcome(path, "ok", records=records, seconds=time.perf_counter() - t0, started_at=started_at,
                       sha256=records.document["sha256"])
    except KeyboardInterrupt:
        raise
    except BaseException as err:  # noqa: BLE001 - every failure becomes one line and a runs row
        return Outcome(path, "failed", message=one_line(err), seconds=time.perf_counter() - t0,
                       started_at=started_at)


def _work(path: str, ocr: str) -> Outcome:
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    return extract_one(path, ocr)


class Reporter:
    """Progress for people: a bar on a terminal, plain lines otherwise."""

    def __init__(self, total: int, quiet: bool, verbose: bool):
        self.total = total
        self.quiet = quiet
        self.verbose = verbose
        self.done = 0
        self.failed = 0
        self.pages = 0
        self.t0 = time.perf_counter()
        self.tty = sys.stderr.isatty() and not quiet and total > 1
        self._bar = None
        if self.tty:
            try:
                from tqdm import tqdm

                self._bar = tqdm(total=total, unit="file", file=sys.stderr, dynamic_ncols=True)
            except ImportError:
                self._bar = None

    def update(self, o: Outcome) -> None:
        self.done += 1
        if o.status == "failed":
            self.failed += 1
            msg = f"{o.path}: {o.message}"
            if self._bar is not None:
                self._bar.write(msg)
            else:
                print(msg, file=sys.stderr)
        if o.records is not None:
            self.pages += o.records.document.get("pages") or 0
        if self._bar is not None:
            el = max(time.perf_counter() - self.t0, 1e-6)
            self._bar.set_postfix(pages_s=f"{self.pages / el:.1f}", failed=self.failed)
            self._bar.update(1)
        elif self.verbose or (not self.quiet and self.total > 1 and o.status != "failed"):
            if self.verbose or self.total <= 50 or self.done % 25 == 0 or self.done == self.total:
                print(f"[{self.done}/{self.total}] {o.status} {o.path} ({o.seconds:.2f} s)", file=sys.stderr)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def run_batch(paths: Iterable[Union[str, Path]], db_path: Union[str, Path] = "output/reports.db",
              workers: Optional[int] = None, ocr: str = "auto", force: bool = False, quiet: bool = False,
              verbose: bool = False, executor: str = "local", scheduler: Optional[str] = None) -> int:
    """Extract every input into ``db_path``; returns the exit status (0 all ok, 1 some failed)."""
    t0 = time.perf_counter()
    inputs = list(iter_inputs(paths))
    db = store.open_db(db_path)
    summary = Summary()
    todo: list[str] = []
    for path in inputs:
        if not force and os.path.isfile(path):
            try:
                sha = sha256_of(path)
            except OSError:
                sha = None
            known = store.known_document(db, sha) if sha else None
            if known is not None and known["extractor_version"] == __version__:
                store.record_run(db, path, "unchanged", sha256=sha, document_id=known["id"],
                                 message="same bytes already extracted")
                summary.unchanged += 1
                if verbose:
                    print(f"unchanged {path}", file=sys.stderr)
                continue
        todo.append(path)

    reporter = Reporter(len(todo), quiet, verbose)

    def finish(o: Outcome) -> None:
        if o.status == "ok" and o.records is not None:
            try:
                store.write(o.records, db, run={"source_path": o.path, "message": None,
                                                "seconds": round(o.seconds, 4), "started_at": o.started_at})
                summary.ok += 1
                summary.pages += o.records.document.get("pages") or 0
            except Exception as err:  # noqa: BLE001 - a write failure is that file's failure
                o = Outcome(o.path, "failed", message=f"cannot write to {db_path}: {one_line(err)}",
                            seconds=o.seconds, started_at=o.started_at)
        if o.status == "failed":
            store.record_run(db, o.path, "failed", message=o.message, sha256=o.sha256,
                             seconds=o.seconds, started_at=o.started_at)
            summary.failed += 1
            summary.failures.append(o.path)
        reporter.update(o)

    n_workers = workers or os.cpu_count() or 1
    try:
        if executor == "dask":
            from .distributed import run_dask

            for o in run_dask(todo, ocr=ocr, scheduler=scheduler, workers=n_workers):
                finish(o)
        elif n_workers <= 1 or len(todo) <= 1:
            for path in todo:
                finish(extract_one(path, ocr))
        else:
            with ProcessPoolExecutor(max_workers=min(n_workers, len(todo))) as pool:
                pending: set[Future] = set()
                queue = list(reversed(todo))
                while queue or pending:
                    while queue and len(pending) < n_workers * 2:
                        pending.add(pool.submit(_work, queue.pop(), ocr))
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for fut in done:
                        finish(fut.result())
    finally:
        reporter.close()
    summary.seconds = time.perf_counter() - t0
    if not quiet or summary.failed:
        if len(inputs) > 1 or verbose or quiet:
            print(summary.line(), file=sys.stderr)
    return 1 if summary.failed else 0
