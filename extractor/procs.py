"""Process hygiene: workers end with their parent, and SIGTERM stops a run the way Ctrl-C does.

A pool worker that outlives a killed ``extract`` (kill -9, the OOM killer, a CI timeout) keeps its memory
and its file handles for as long as its current file takes, or for ever when it waits on a queue that no
longer has a reader. Linux can deliver a signal to a child when its parent dies; elsewhere the worker
notices that its parent changed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import multiprocessing
import os
import pickle
import resource
import select
import signal
import struct
import sys
import threading
import time
from contextlib import contextmanager
from multiprocessing.connection import Connection
from types import FrameType
from typing import Any, Callable, Iterator, Optional, TypeVar

from .errors import InputError

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
DEFAULT_TIMEOUT_S = 900.0  # per file: a 300-page scan at 2 s a page fits; a stalled file does not stall a batch
DEFAULT_MAX_MEMORY_MB = 3072  # per worker process, address space (an OCR worker peaks near 1 GB of it)

T = TypeVar("T")


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


def time_limit_message(seconds: float) -> str:
    """The one line a file over its time limit gets, wherever the limit was enforced."""
    return f"took longer than {seconds:g} s (--timeout); stopped"


class ChildDied(InputError):
    """The process reading a file ended without a result (killed by the kernel, a crash in native code)."""


@contextmanager
def time_limit(seconds: Optional[float]) -> Iterator[None]:
    """Raise ``TimeLimitExceeded`` in the main thread when the block runs longer than ``seconds``.

    Only for a file read in this process (no fork here, or a dask worker's own clock): the alarm
    interrupts Python code between bytecodes, but native code (Tesseract on a huge page, an XML parser)
    only returns to Python when it is done. A file read in a child (``run_in_child``, ``PoolWorker``) is
    timed by the parent instead, which kills it. Outside the main thread nothing is armed.
    """
    if not seconds or seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum: int, frame: Optional[FrameType]) -> None:
        raise TimeLimitExceeded(time_limit_message(seconds))

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


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


def memory_ceiling_mb() -> Optional[int]:
    """This process's address-space ceiling in MB (what ``limit_memory`` set), or None when unlimited."""
    try:
        soft = resource.getrlimit(resource.RLIMIT_AS)[0]
    except (ValueError, OSError):  # pragma: no cover - a platform without RLIMIT_AS
        return None
    return None if soft == resource.RLIM_INFINITY else soft // (1024 * 1024)


def memory_message(limit_mb: Optional[int] = None) -> str:
    """The one line a file over the memory ceiling gets; names the ceiling when one is known."""
    mb = limit_mb if limit_mb else memory_ceiling_mb()
    if mb:
        return f"needs more memory than the {mb} MB a file may use (--max-memory); stopped"
    return "ran out of memory; stopped"


_HEADER = struct.Struct("<Q")  # the result's length, before its pickled bytes
_CHILD_NO_RESULT = 70  # the child could not send its result (pickling or writing failed)
_CHILD_NO_MEMORY = 71  # ... because memory ran out while it did


def can_isolate() -> bool:
    """Whether a file can be read in a forked child here (POSIX with fork, in the main thread)."""
    return hasattr(os, "fork") and threading.current_thread() is threading.main_thread()


def _kill_group(pid: int) -> None:
    """SIGKILL the child's process group: the child and whatever it started (page workers, Tesseract)."""
    for target in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        try:
            target()
        except (ProcessLookupError, PermissionError):
            pass


def _child_main(fd: int, fn: Callable[..., Any], args: tuple, max_memory_mb: Optional[int]) -> None:
    """In the forked child: run ``fn``, send its pickled result, and leave without running the parent's
    clean-ups (its database connection, its atexit handlers belong to the parent)."""
    code = _CHILD_NO_RESULT
    try:
        try:
            os.setpgid(0, 0)  # a group of its own: a stop takes its helpers with it, Ctrl-C is the parent's
        except OSError:
            pass
        die_with_parent()
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent's handler came with the fork
        limit_memory(max_memory_mb)
        data = pickle.dumps(fn(*args), protocol=pickle.HIGHEST_PROTOCOL)
        _flush_std()  # before the result: once it has the result the parent may end this process
        view = memoryview(_HEADER.pack(len(data)) + data)
        while view:
            view = view[os.write(fd, view):]
        code = 0
    except MemoryError:
        code = _CHILD_NO_MEMORY
    except BaseException:  # noqa: BLE001 - nothing may escape a forked child into the parent's code
        code = _CHILD_NO_RESULT
    finally:
        _flush_std()
        os._exit(code)


def _flush_std() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:  # noqa: BLE001 - a closed or broken stream must not stop anything
            pass


def run_in_child(fn: Callable[..., T], args: tuple, timeout: Optional[float] = None,
                 max_memory_mb: Optional[int] = None) -> T:
    """``fn(*args)`` in a forked child under a hard time limit and a memory ceiling; its return value here.

    The parent keeps the clock: at ``timeout`` seconds the child's whole process group is killed, whether
    it runs Python or sits in native code (a PDF parser, lxml on a huge part, a Tesseract wait), and
    ``TimeLimitExceeded`` is raised. The memory ceiling is the child's alone, so the run itself survives
    a file that needs too much. The child dies with the parent (``die_with_parent``); Ctrl-C and SIGTERM
    reach the parent, which kills the child before it unwinds. ``ChildDied`` when the child ended without
    a result. ``fn``'s result must pickle. OSError when no process can be started.
    """
    _flush_std()  # buffered text would otherwise be written twice, once by each process
    r, w = os.pipe()
    # what exists now is the child's to read, not to collect: a collection in the child would touch every
    # inherited object and so copy the parent's heap page by page (copy-on-write)
    gc.freeze()
    try:
        pid = os.fork()
    except OSError:
        gc.unfreeze()
        os.close(r)
        os.close(w)
        raise
    if pid == 0:  # pragma: no cover - the child; coverage does not follow a fork
        os.close(r)
        _child_main(w, fn, args, max_memory_mb)
    gc.unfreeze()
    os.close(w)
    try:
        os.setpgid(pid, pid)  # as the child does: whichever runs first, a kill below finds the group
    except OSError:
        pass
    deadline = time.monotonic() + timeout if timeout and timeout > 0 else None
    buf = bytearray()
    need: Optional[int] = None
    reaped = False
    try:
        while need is None or len(buf) < need:
            wait = None if deadline is None else deadline - time.monotonic()
            if wait is not None and wait <= 0:
                raise TimeLimitExceeded(time_limit_message(timeout or 0))
            ready, _, _ = select.select([r], [], [], wait)
            if not ready:
                continue
            chunk = os.read(r, 1 << 20)
            if not chunk:
                break  # the child ended (or closed its end) before a whole result
            buf += chunk
            if need is None and len(buf) >= _HEADER.size:
                need = _HEADER.size + _HEADER.unpack_from(buf)[0]
        _kill_group(pid)  # what it started and left behind goes with it
        _, status = os.waitpid(pid, 0)
        reaped = True
    finally:
        os.close(r)
        if not reaped:  # over time, Ctrl-C, SIGTERM, or an error here: the child must not outlive this
            _kill_group(pid)
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
    if need is not None and len(buf) >= need:
        return pickle.loads(memoryview(buf)[_HEADER.size:need])
    raise ChildDied(death_message(_exitcode(status), max_memory_mb))


def death_message(exitcode: Optional[int], max_memory_mb: Optional[int]) -> str:
    """Why a child gave no result, in one line, from its exit code (negative: the signal that ended it);
    a crash under a memory ceiling says which ceiling."""
    if exitcode == _CHILD_NO_MEMORY:
        return memory_message(max_memory_mb)
    if exitcode is not None and exitcode < 0:
        try:
            how = f"was killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"was killed by signal {-exitcode}"
    else:
        how = f"ended with status {exitcode} and no result"
    line = f"the process reading this file {how}"
    if max_memory_mb and max_memory_mb > 0:
        line += f" (a native library out of the {max_memory_mb} MB it may use, --max-memory?)"
    return line


def _exitcode(status: int) -> int:
    """A ``waitpid`` status as multiprocessing writes exit codes: the status, or minus the signal."""
    return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)


def _serve(conn: Connection, parent_end: Connection, fn: Callable[..., Any],
           init: Optional[Callable[[], None]], max_memory_mb: Optional[int]) -> None:
    """A pool worker's life: one task at a time from ``conn``, its result sent back, until the pipe closes."""
    parent_end.close()
    try:
        os.setpgid(0, 0)  # a group of its own: a stop takes its helpers (Tesseract) with it
    except OSError:
        pass
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's, which stops the workers
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent's handler came with the fork: a worker just ends
    limit_memory(max_memory_mb)
    if init is not None:
        init()
    code = _CHILD_NO_RESULT
    try:
        while True:
            try:
                task = conn.recv()
            except (EOFError, OSError):
                code = 0
                break
            conn.send(fn(*task))
    except MemoryError:
        code = _CHILD_NO_MEMORY
    except BaseException:  # noqa: BLE001 - no traceback from a worker: the parent says what became of the file
        code = _CHILD_NO_RESULT
    finally:
        _flush_std()
        os._exit(code)


class PoolWorker:
    """A forked worker process that runs ``fn(*task)`` for one task at a time, warm from task to task.

    This side keeps each task's clock (``deadline``) and stops the worker, with whatever it started, when
    it runs over; the worker has its own memory ceiling, dies with this process and leaves Ctrl-C and
    SIGTERM to it. It is a multiprocessing process (fork), so libraries that keep to one thread inside a
    pool worker (OpenCV, the PDF reader's page workers) do so here too.
    """

    def __init__(self, fn: Callable[..., Any], init: Optional[Callable[[], None]] = None,
                 max_memory_mb: Optional[int] = None) -> None:
        ctx = multiprocessing.get_context("fork")
        self.max_memory_mb = max_memory_mb
        self.conn, child_end = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child_end, self.conn, fn, init, max_memory_mb), daemon=True)
        gc.freeze()  # as in run_in_child: the inherited heap stays shared instead of copied by collections
        try:
            self.proc.start()
        finally:
            gc.unfreeze()
        child_end.close()  # only the worker holds its end: its death is an end of file here
        self.deadline: Optional[float] = None

    def send(self, task: tuple, timeout: Optional[float] = None) -> None:
        """Hand over one task; ``timeout`` seconds from now it is over its limit."""
        self.conn.send(task)
        self.deadline = time.monotonic() + timeout if timeout and timeout > 0 else None

    def over_time(self) -> bool:
        return self.deadline is not None and time.monotonic() >= self.deadline

    def receive(self) -> Any:
        """The task's result; ``ChildDied`` when the worker ended without one (it is then stopped)."""
        try:
            result = self.conn.recv()
        except (EOFError, OSError):
            self.proc.join(2)  # its own exit status (a signal, the memory code), not the one a stop would give
            raise ChildDied(death_message(self.stop(), self.max_memory_mb)) from None
        self.deadline = None
        return result

    def stop(self) -> Optional[int]:
        """Kill the worker and its process group, reap it, close the pipe; its exit code."""
        pid = self.proc.pid
        if pid is not None:
            if self.proc.exitcode is None:  # (this reaps it when it has ended)
                _kill_group(pid)
            else:  # ended and reaped: its pid is no longer its own, but helpers may live on in its group
                try:
                    os.killpg(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
        self.proc.join(5)
        self.conn.close()
        return self.proc.exitcode
