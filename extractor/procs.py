"""Process hygiene: workers end with their parent, and SIGTERM stops a run the way Ctrl-C does.

A pool worker that outlives a killed ``extract`` (kill -9, the OOM killer, a CI timeout) keeps its memory
and its file handles for as long as its current file takes, or for ever when it waits on a queue that no
longer has a reader. Linux can deliver a signal to a child when its parent dies; elsewhere the worker
notices that its parent changed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import resource
import signal
import sys
import threading
from contextlib import contextmanager
from types import FrameType
from typing import Iterator, Optional

from .errors import InputError

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
DEFAULT_TIMEOUT_S = 900.0  # per file: a 300-page scan at 2 s a page fits; a stalled file does not stall a batch
DEFAULT_MAX_MEMORY_MB = 3072  # per worker process, address space (an OCR worker peaks near 1 GB of it)


class Terminated(BaseException):
    """SIGTERM arrived: unwind like KeyboardInterrupt (workers stopped, the writer's transaction rolled back)."""


def die_with_parent() -> None:
    """Ask the kernel to send this process SIGKILL when the process that started it ends."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no prctl: the check below still runs
            pass
    if os.getppid() != parent or parent == 1:  # the parent died before the request took effect
        os._exit(1)


def _raise_terminated(signum: int, frame: Optional[FrameType]) -> None:
    raise Terminated()


def terminate_as_interrupt() -> None:
    """From now on SIGTERM raises ``Terminated`` in the main thread (only the main thread may set it)."""
    signal.signal(signal.SIGTERM, _raise_terminated)


class TimeLimitExceeded(InputError):
    """A file took longer than its time limit (``--timeout``)."""


HARD_STOP_GRACE_S = 30.0  # after the limit, a worker stuck inside native code gets this long before it is killed


@contextmanager
def time_limit(seconds: Optional[float], hard: bool = False) -> Iterator[None]:
    """Raise ``TimeLimitExceeded`` in the main thread when the block runs longer than ``seconds``.

    The alarm interrupts Python code between bytecodes; native code (Tesseract on a huge page, an XML
    parser) only returns to Python when it is done. With ``hard`` (a worker process, which the pool can
    replace) the process kills itself ``HARD_STOP_GRACE_S`` later, so no file can stall a batch for ever.
    Outside the main thread (dask workers) nothing is armed.
    """
    if not seconds or seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum: int, frame: Optional[FrameType]) -> None:
        raise TimeLimitExceeded(f"took longer than {seconds:g} s (--timeout); stopped")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    killer = None
    if hard:
        killer = threading.Timer(seconds + HARD_STOP_GRACE_S, os.kill, (os.getpid(), signal.SIGKILL))
        killer.daemon = True
        killer.start()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if killer is not None:
            killer.cancel()


def limit_memory(megabytes: Optional[int]) -> None:
    """Cap this process's address space: an allocation past it raises MemoryError, which fails the one file
    instead of letting the kernel's OOM killer pick a victim. Meant for worker processes."""
    if not megabytes or megabytes <= 0:
        return
    limit = int(megabytes) * 1024 * 1024
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):  # pragma: no cover - a platform without RLIMIT_AS
        pass
