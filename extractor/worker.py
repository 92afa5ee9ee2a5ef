"""What a worker runs: one file in, one ``Outcome`` out, never an exception.

Shared by the local process pool (``extractor.batch``) and the dask executor (``extractor.distributed``);
it sits below both so that neither imports the other's internals.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Optional

from .errors import InputError
from .pipeline import extract_file, sha256_of
from .procs import Terminated, can_isolate, memory_message, run_in_child, time_limit
from .records import Records
from .store import now_iso

try:
    import resource
except ImportError:  # pragma: no cover - not on POSIX: no peak-memory figure
    resource = None  # type: ignore[assignment]


@dataclass
class Outcome:
    """What became of one input: ``ok`` with its records, ``failed`` with a one-line message, or ``unchanged``."""

    path: str
    status: str  # ok | failed | unchanged
    message: Optional[str] = None
    records: Optional[Records] = None
    seconds: float = 0.0
    started_at: str = ""
    sha256: Optional[str] = None
    #: peak resident memory of the process that extracted the file (KiB), for benchmarks
    peak_rss_kb: Optional[int] = None
    worker: Optional[str] = None


def one_line(err: BaseException) -> str:
    """An error as the one readable line the contract promises (an InputError's own words, else its kind)."""
    msg = " ".join(str(err).split()) or type(err).__name__
    return msg if isinstance(err, InputError) else f"internal error ({type(err).__name__}): {msg}"


def peak_rss_kb() -> Optional[int]:
    """Peak resident memory of this process in KiB, or None where the OS does not say."""
    if resource is None:  # pragma: no cover - not on POSIX
        return None
    try:
        return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    except OSError:  # pragma: no cover
        return None


def extract_one(path: str, ocr: str = "auto", timeout: Optional[float] = None) -> Outcome:
    """Extract one file, never raising: failures come back as an Outcome with a one-line message.

    ``timeout`` (seconds) bounds the file's time with an alarm in this process, for a file read where no
    parent keeps the clock (see ``procs.time_limit``); worker processes leave it to their parent."""
    started_at = now_iso()
    t0 = time.perf_counter()
    try:
        with time_limit(timeout):
            records = extract_file(path, ocr=ocr)
        return Outcome(path, "ok", records=records, seconds=time.perf_counter() - t0, started_at=started_at,
                       sha256=records.document["sha256"], peak_rss_kb=peak_rss_kb(), worker=str(os.getpid()))
    except (KeyboardInterrupt, Terminated):
        raise
    except BaseException as err:  # noqa: BLE001 - every failure becomes one line and a runs row
        if isinstance(err, MemoryError):
            err = InputError(memory_message())
        out = failed_outcome(path, one_line(err), started_at, t0)
        out.peak_rss_kb, out.worker = peak_rss_kb(), str(os.getpid())
        return out


def failed_outcome(path: str, message: str, started_at: str, t0: float) -> Outcome:
    """A ``failed`` Outcome begun at ``started_at`` (``t0`` from ``time.perf_counter``), with the file's sha256
    for its runs row when the file can still be read."""
    try:
        sha = sha256_of(path) if os.path.isfile(path) else None
    except OSError:
        sha = None
    return Outcome(path, "failed", message=message, seconds=time.perf_counter() - t0, started_at=started_at,
                   sha256=sha)


def extract_isolated(path: str, ocr: str = "auto", timeout: Optional[float] = None,
                     max_memory_mb: Optional[int] = None) -> Outcome:
    """``extract_one`` in a forked child of its own, under a hard time limit and a memory ceiling.

    For a file read outside a worker pool (a run on one file): in this process the time limit could only
    be an alarm that native code ignores, and a memory ceiling would bound the run itself. The child keeps
    what this process has already loaded, and reads a long PDF with page workers as this process would.
    Where no child can be started (no fork, not the main thread, the process table full) the file is read
    here, with the alarm alone. Never raises, except for Ctrl-C and SIGTERM."""
    if not can_isolate():
        return extract_one(path, ocr, timeout=timeout)
    started_at = now_iso()
    t0 = time.perf_counter()
    try:
        return run_in_child(extract_one, (path, ocr), timeout=timeout, max_memory_mb=max_memory_mb)
    except (KeyboardInterrupt, Terminated):
        raise
    except InputError as err:  # over its time limit, or the child died
        return failed_outcome(path, one_line(err), started_at, t0)
    except OSError:  # no child could be started: read it here rather than not at all
        return extract_one(path, ocr, timeout=timeout)
