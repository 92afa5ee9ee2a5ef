"""Per-file limits hold for a run on one file as they do in a batch: a hard time limit kept by the parent
(native code cannot ignore it), a memory ceiling on the process that reads the file, and a DOCX that lies
about its size refused by the reading itself. Real files made here, real processes, real SQLite."""

from __future__ import annotations

import io
import os
import signal
import sqlite3
import struct
import subprocess
import sys
import time
import uuid
import zipfile
import zlib
from pathlib import Path

import pikepdf
import pytest
from docx import Document as DocxDocument

from shared_data import SAMPLES

SEED_DOCX = SAMPLES / "seed-report.docx"
SEED_SCAN = SAMPLES / "seed-report-scanned.pdf"
TABLES = ("documents", "sections", "tables", "cells", "indicators", "quantities", '"references"', "footnotes",
          "checks")


def run(*args: str, mark: str) -> tuple[subprocess.CompletedProcess, float]:
    """``extract`` with ``mark`` in its environment (every process it starts inherits it); its seconds."""
    env = {**os.environ, "EXTRACT_TEST_MARK": mark}
    t0 = time.monotonic()
    r = subprocess.run([sys.executable, "-m", "extractor.cli", *args], capture_output=True, text=True,
                       timeout=120, env=env)
    return r, time.monotonic() - t0


def marked(mark: str) -> list[int]:
    """Processes still alive (not zombies) that carry ``mark``: what a run left behind."""
    needle = f"EXTRACT_TEST_MARK={mark}".encode()
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if needle in (proc / "environ").read_bytes().split(b"\0"):
                state = (proc / "stat").read_text().rsplit(") ", 1)[-1].split()[0]
                if state != "Z":
                    found.append(int(proc.name))
        except OSError:
            pass
    return found


def none_left(mark: str, within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while marked(mark):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def one_line(stderr: str) -> str:
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def rows(db: Path) -> dict[str, list]:
    """Every row of every table but ``runs``: what a failed file must leave exactly as it was."""
    con = sqlite3.connect(db)
    try:
        return {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}"))) for t in TABLES}
    finally:
        con.close()


@pytest.fixture
def seeded(tmp_path: Path) -> tuple[Path, dict[str, list]]:
    """A database holding the seed report already, and its rows."""
    db = tmp_path / "reports.db"
    r, _ = run(str(SEED_DOCX), "--to", "sqlite", "-o", str(db), "-q", mark=uuid.uuid4().hex)
    assert r.returncode == 0, r.stderr
    return db, rows(db)


def assert_failed_alone(db: Path, before: dict[str, list], src: Path) -> None:
    con = sqlite3.connect(db)
    assert con.execute("SELECT status FROM runs WHERE source_path = ?", (str(src),)).fetchall() == [("failed",)]
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    assert rows(db) == before


def _docx_bytes() -> tuple[zipfile.ZipFile, bytes]:
    d = DocxDocument()
    d.add_paragraph("BÁO CÁO kết quả thực hiện năm 2024")
    buf = io.BytesIO()
    d.save(buf)
    return zipfile.ZipFile(buf), buf.getvalue()


def lying_zip_bomb(path: Path, gigabytes: float = 2.0, declared: int = 4096) -> None:
    """A DOCX whose main part declares ``declared`` bytes in both ZIP headers but whose deflate stream
    inflates to ``gigabytes``: blocks of empty paragraphs, each ended by a full flush so one compressed
    block can be repeated (about 1 KB a 768 KB block), written stored and then relabelled deflated."""
    src, _ = _docx_bytes()
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = co.compress(b"<w:p/>" * (1 << 17)) + co.flush(zlib.Z_FULL_FLUSH)
    stream = block * int(gigabytes * 1024 / 0.75) + co.flush(zlib.Z_FINISH)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename == "word/document.xml":
                out.writestr(zipfile.ZipInfo(info.filename), stream, compress_type=zipfile.ZIP_STORED)
            else:
                out.writestr(info, src.read(info.filename))
    data = bytearray(path.read_bytes())
    name = b"word/document.xml"
    # (signature, offset of the method, of the uncompressed size, of the name): local header, central directory
    for sig, method_at, size_at, name_at in ((b"PK\x03\x04", 8, 22, 30), (b"PK\x01\x02", 10, 24, 46)):
        i = data.find(sig)
        while i >= 0:
            if data[i + name_at:i + name_at + len(name)] == name:
                struct.pack_into("<H", data, i + method_at, zipfile.ZIP_DEFLATED)
                struct.pack_into("<I", data, i + size_at, declared)
            i = data.find(sig, i + 4)
    path.write_bytes(bytes(data))


def test_the_made_bomb_really_lies(tmp_path: Path):
    """The fixture itself: small declared sizes (inside every declared-size limit), gigabytes inside."""
    bomb = tmp_path / "bomb.docx"
    lying_zip_bomb(bomb)
    info = zipfile.ZipFile(bomb).getinfo("word/document.xml")
    assert info.file_size == 4096 and info.compress_type == zipfile.ZIP_DEFLATED
    with open(bomb, "rb") as fh:
        fh.seek(info.header_offset + 30 + len(info.filename) + len(info.extra))
        raw = fh.read(info.compress_size)
    inflater, total = zlib.decompressobj(-15), 0
    while raw and total < 1 << 30:
        total += len(inflater.decompress(raw, 1 << 24))
        raw = inflater.unconsumed_tail
    assert total >= 1 << 30


def test_lying_zip_bomb_fails_in_one_line_on_its_own(tmp_path: Path, seeded):
    db, before = seeded
    bomb = tmp_path / "bomb.docx"
    lying_zip_bomb(bomb)
    mark = uuid.uuid4().hex
    r, seconds = run(str(bomb), "--to", "sqlite", "-o", str(db), mark=mark)
    assert r.returncode == 1
    line = one_line(r.stderr)
    assert str(bomb) in line and "ZIP bomb" in line and "4096 bytes" in line
    assert seconds < 20  # refused while reading, not after inflating 2 GB
    assert none_left(mark)
    assert_failed_alone(db, before, bomb)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_lying_zip_bomb_among_good_files(tmp_path: Path, workers: str):
    folder = tmp_path / "in"
    folder.mkdir()
    for k in range(3):  # distinct bytes: three documents
        (folder / f"good{k}.docx").write_bytes(SEED_DOCX.read_bytes() + b"\0" * (k + 1))
    lying_zip_bomb(folder / "good1-bomb.docx")
    db = tmp_path / "reports.db"
    mark = uuid.uuid4().hex
    r, _ = run(str(folder), "--to", "sqlite", "-o", str(db), "--workers", workers, mark=mark)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    fails = [ln for ln in r.stderr.splitlines() if "good1-bomb.docx:" in ln]
    assert len(fails) == 1 and "ZIP bomb" in fails[0] and str(folder / "good1-bomb.docx") in fails[0]
    con = sqlite3.connect(db)
    status = dict(con.execute("SELECT source_path, status FROM runs"))
    assert status == {**{str(folder / f"good{k}.docx"): "ok" for k in range(3)},
                      str(folder / "good1-bomb.docx"): "failed"}
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 3
    assert none_left(mark)


def _scan_pages(path: Path, n: int) -> None:
    """The first ``n`` pages of the seed scan: page images only, read by OCR at about 2 s a page."""
    with pikepdf.open(SEED_SCAN) as src:
        out = pikepdf.new()
        for page in src.pages[:n]:
            out.pages.append(page)
        out.save(path)


def test_a_file_over_a_tiny_timeout_is_stopped_by_the_parent(tmp_path: Path, seeded):
    """A three-page scan by OCR takes seconds; the limit is one. The OCR runs in Tesseract processes, which an
    alarm inside the reading process cannot stop: the parent ends the reading process and what it started."""
    db, before = seeded
    scan = tmp_path / "scan.pdf"
    _scan_pages(scan, 3)
    mark = uuid.uuid4().hex
    r, seconds = run(str(scan), "--to", "sqlite", "-o", str(db), "--ocr", "always", "--timeout", "1", mark=mark)
    assert r.returncode == 1
    line = one_line(r.stderr)
    assert str(scan) in line and "took longer than 1 s (--timeout)" in line
    assert seconds < 8
    assert none_left(mark, within=2.0)  # Tesseract included: killed with its group, not left to finish
    assert_failed_alone(db, before, scan)


def _large_docx(path: Path, megabytes: int) -> None:
    """A DOCX whose main part is ``megabytes`` of varied paragraphs (a 1 MB run of them repeated): inside every
    ZIP-bomb limit, honest about its size, and far more than a small memory ceiling holds."""
    src, _ = _docx_bytes()
    xml = src.read("word/document.xml")
    run_of = b"".join(b"<w:p><w:r><w:t>%d. Ban hanh %d van ban chi dao</w:t></w:r></w:p>" % (k, k * 7919 % 100003)
                      for k in range(17000))[: 1 << 20]
    run_of = run_of[: run_of.rindex(b"</w:p>") + len(b"</w:p>")]
    at = xml.index(b"<w:body>") + len(b"<w:body>")
    big = xml[:at] + run_of * megabytes + xml[at:]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info in src.infolist():
            out.writestr(info.filename, big if info.filename == "word/document.xml" else src.read(info.filename))


def test_a_file_over_a_small_memory_ceiling_fails_alone(tmp_path: Path, seeded):
    db, before = seeded
    large = tmp_path / "large.docx"
    _large_docx(large, 160)
    assert zipfile.ZipFile(large).getinfo("word/document.xml").file_size > 150 << 20
    mark = uuid.uuid4().hex
    r, seconds = run(str(large), "--to", "sqlite", "-o", str(db), "--max-memory", "250", mark=mark)
    assert r.returncode == 1
    line = one_line(r.stderr)
    assert str(large) in line and "the 250 MB a file may use (--max-memory)" in line
    assert none_left(mark)
    assert_failed_alone(db, before, large)
    # the ceiling is the reading process's own: the run around it wrote the failure and exited normally
    assert sqlite3.connect(db).execute("SELECT message FROM runs WHERE status = 'failed'").fetchone()[0] \
        .startswith("needs more memory")


def test_sigterm_during_a_single_file_run_leaves_no_process(tmp_path: Path, seeded):
    db, before = seeded
    scan = tmp_path / "scan.pdf"
    _scan_pages(scan, 3)
    mark = uuid.uuid4().hex
    p = subprocess.Popen([sys.executable, "-m", "extractor.cli", str(scan), "--to", "sqlite", "-o", str(db),
                          "--ocr", "always"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env={**os.environ, "EXTRACT_TEST_MARK": mark})
    deadline = time.monotonic() + 30
    while len(marked(mark)) < 2 and time.monotonic() < deadline:  # the run and the child reading the file
        time.sleep(0.1)
    assert len(marked(mark)) >= 2, "the child did not start"
    time.sleep(0.5)
    p.send_signal(signal.SIGTERM)
    _out, err = p.communicate(timeout=30)
    assert p.returncode == 143
    assert "terminated" in one_line(err)
    assert none_left(mark, within=2.0)
    assert rows(db) == before
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_kill_9_of_a_single_file_run_ends_its_child(tmp_path: Path):
    scan = tmp_path / "scan.pdf"
    _scan_pages(scan, 3)
    mark = uuid.uuid4().hex
    p = subprocess.Popen([sys.executable, "-m", "extractor.cli", str(scan), "--to", "sqlite",
                          "-o", str(tmp_path / "r.db"), "--ocr", "always"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         env={**os.environ, "EXTRACT_TEST_MARK": mark})
    deadline = time.monotonic() + 30
    while len(marked(mark)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(marked(mark)) >= 2, "the child did not start"
    os.kill(p.pid, signal.SIGKILL)
    p.wait(timeout=30)
    assert none_left(mark, within=10.0), "the child outlived its parent"  # Tesseract may finish its page


def _stall_in_native_code(seconds: float) -> str:
    """Sleep with SIGALRM blocked: as a C library deep in a parse would, it never sees an alarm."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    time.sleep(seconds)
    return "finished"


def test_the_parent_keeps_the_clock_even_against_native_code():
    from extractor.procs import TimeLimitExceeded, run_in_child

    t0 = time.monotonic()
    with pytest.raises(TimeLimitExceeded, match=r"took longer than 0.5 s \(--timeout\)"):
        run_in_child(_stall_in_native_code, (30.0,), timeout=0.5)
    assert time.monotonic() - t0 < 3
    assert run_in_child(_stall_in_native_code, (0.1,), timeout=5) == "finished"


def _allocate(megabytes: int) -> int:
    return len(bytearray(megabytes << 20))


def _address_space_mb() -> int:
    """This process's address space now (a forked child starts with all of it)."""
    status = Path("/proc/self/status").read_text()
    return int(next(ln for ln in status.splitlines() if ln.startswith("VmSize:")).split()[1]) // 1024


def test_the_memory_ceiling_is_the_childs_alone():
    from extractor.procs import ChildDied, run_in_child

    ceiling = _address_space_mb() + 300
    with pytest.raises(ChildDied, match=rf"the {ceiling} MB a file may use \(--max-memory\)"):
        run_in_child(_allocate, (1024,), max_memory_mb=ceiling)
    assert run_in_child(_allocate, (64,), max_memory_mb=ceiling) == 64 << 20
    assert _allocate(1024) == 1 << 30  # this process was never limited


def _die(sig: int) -> None:
    os.kill(os.getpid(), sig)  # as the kernel's OOM killer would


def test_a_child_killed_by_a_signal_is_one_line():
    from extractor.procs import ChildDied, run_in_child

    with pytest.raises(ChildDied, match=r"was killed by SIGKILL \(a native library out of the 512 MB"):
        run_in_child(_die, (signal.SIGKILL,), max_memory_mb=512)


def test_a_pool_worker_is_timed_and_its_death_explained_by_the_parent():
    from extractor.procs import ChildDied, PoolWorker

    stalled = PoolWorker(_stall_in_native_code)
    stalled.send((30.0,), timeout=0.5)
    assert not stalled.over_time()
    time.sleep(0.6)
    assert stalled.over_time()
    pid = stalled.proc.pid
    stalled.stop()
    assert not Path(f"/proc/{pid}").exists()

    ceiling = _address_space_mb() + 300
    hungry = PoolWorker(_allocate, max_memory_mb=ceiling)
    hungry.send((64,))
    assert hungry.receive() == 64 << 20  # warm: the same worker takes the next task
    hungry.send((1024,))
    with pytest.raises(ChildDied, match=rf"the {ceiling} MB a file may use"):
        hungry.receive()

    killed = PoolWorker(_die)
    killed.send((signal.SIGKILL,))
    with pytest.raises(ChildDied, match="was killed by SIGKILL"):
        killed.receive()


def test_a_file_over_the_memory_ceiling_among_good_files_in_a_pool(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    for k in range(3):
        (folder / f"good{k}.docx").write_bytes(SEED_DOCX.read_bytes() + b"\0" * (k + 1))
    _large_docx(folder / "good1-large.docx", 160)
    db = tmp_path / "reports.db"
    mark = uuid.uuid4().hex
    r, _ = run(str(folder), "--to", "sqlite", "-o", str(db), "--workers", "2", "--max-memory", "250", mark=mark)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    fails = [ln for ln in r.stderr.splitlines() if "good1-large.docx:" in ln]
    assert len(fails) == 1 and "the 250 MB a file may use (--max-memory)" in fails[0]
    status = dict(sqlite3.connect(db).execute("SELECT source_path, status FROM runs"))
    assert status == {**{str(folder / f"good{k}.docx"): "ok" for k in range(3)},
                      str(folder / "good1-large.docx"): "failed"}
    assert none_left(mark)
