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
import signal
import sys
from types import FrameType
from typing import Optional

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


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
