"""Batch runs as a user meets them: folders of real DOCX, bad files among good, kill -9, two writers at once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_batch import make_reports  # noqa: E402
from extractor.batch import run_batch  # noqa: E402

N_IND = 8


def content(db: Path) -> dict[str, list]:
    """Every stored row, ids/timestamps/durations left out and document ids replaced by sha256, sorted."""
    con = sqlite3.connect(db)
    sha = dict(con.execute("SELECT id, sha256 FROM documents"))
    out = {}
    for t in ("documents", "sections", "tables", "cells", "indicators", "quantities", '"references"', "footnotes",
              "checks"):
        cur = con.execute(f"SELECT * FROM {t}")
        names = [d[0] for d in cur.description]
        rows = []
        for r in cur.fetchall():
            d = dict(zip(names, r))
            for k in ("id", "parent_id", "section_id", "extracted_at", "seconds"):
                d.pop(k, None)
            if "document_id" in d:
                d["document_id"] = sha[d["document_id"]]
            rows.append(tuple(sorted((k, str(v)) for k, v in d.items())))
        out[t] = sorted(rows)
    con.close()
    return out


def cli(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor.cli", *args], capture_output=True, text=True,
                          timeout=600, cwd=ROOT, **kw)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("reports")
    make_reports(d / "in", 6, seed=3, n_indicators=N_IND)
    return d / "in"


def test_bad_files_among_good(tmp_path: Path, folder: Path):
    mixed = tmp_path / "mixed"
    (mixed / "sub").mkdir(parents=True)
    for p in sorted(folder.glob("*.docx"))[:3]:
        (mixed / "sub" / p.name).write_bytes(p.read_bytes())
    (mixed / "garbage.pdf").write_text("not a pdf", encoding="utf-8")
    (mixed / "empty.docx").write_bytes(b"")
    (mixed / "text.docx").write_text("plain text called docx", encoding="utf-8")
    (mixed / "notes.txt").write_text("ignored", encoding="utf-8")
    db = tmp_path / "r.db"
    r = cli(str(mixed), "--to", "sqlite", "-o", str(db), "--workers", "2")
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    for bad in ("garbage.pdf", "empty.docx", "text.docx"):
        assert bad in r.stderr
    assert "3 ok, 0 unchanged, 3 failed" in r.stderr  # the summary line
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 3
    runs = dict(con.execute("SELECT source_path, status FROM runs"))
    assert {Path(p).name: s for p, s in runs.items()} == {
        "garbage.pdf": "failed", "empty.docx": "failed", "text.docx": "failed",
        **{p.name: "ok" for p in sorted(folder.glob("*.docx"))[:3]}}
    assert all(m for (m,) in con.execute("SELECT message FROM runs WHERE status = 'failed'"))


def test_rerun_skips_unchanged_and_keeps_content(tmp_path: Path, folder: Path):
    db = tmp_path / "r.db"
    assert run_batch([folder], db_path=db, workers=2, quiet=True) == 0
    before = content(db)
    t = time.perf_counter()
    assert run_batch([folder], db_path=db, workers=2, quiet=True) == 0
    assert time.perf_counter() - t < 5
    assert content(db) == before
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM runs WHERE status = 'unchanged'").fetchone()[0] == 6
    # --force re-extracts and replaces, never duplicates
    assert run_batch([folder], db_path=db, workers=1, quiet=True, force=True) == 0
    assert content(db) == before


def test_kill_9_mid_batch_then_rerun(tmp_path: Path):
    src = tmp_path / "in"
    make_reports(src, 24, seed=11, n_indicators=N_IND)
    db = tmp_path / "r.db"
    p = subprocess.Popen([sys.executable, "-m", "extractor.cli", str(src), "--to", "sqlite", "-o", str(db),
                          "--workers", "2", "-q"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         start_new_session=True)
    deadline = time.time() + 120
    n = 0
    while time.time() < deadline and p.poll() is None:
        try:
            con = sqlite3.connect(db, timeout=5)
            n = con.execute("SELECT count(*) FROM documents").fetchone()[0]
            con.close()
        except sqlite3.Error:
            n = 0
        if n >= 3:
            break
        time.sleep(0.05)
    assert p.poll() is None, "the batch ended before it could be killed"
    os.killpg(p.pid, signal.SIGKILL)  # the writer and its workers, mid-batch
    p.wait(timeout=30)
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    done = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert 3 <= done < 24
    # no half document: every stored document has its table and all its indicator rows
    per_doc = con.execute("SELECT d.id, (SELECT count(*) FROM indicators i WHERE i.document_id = d.id), "
                          "(SELECT count(*) FROM tables t WHERE t.document_id = d.id) FROM documents d").fetchall()
    assert all(ni == N_IND and nt == 1 for _id, ni, nt in per_doc), per_doc
    con.close()
    r = cli(str(src), "--to", "sqlite", "-o", str(db), "--workers", "2")
    assert r.returncode == 0, r.stderr
    assert f"{24 - done} ok, {done} unchanged, 0 failed" in r.stderr
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*), count(DISTINCT sha256) FROM documents").fetchone() == (24, 24)
    assert con.execute("SELECT count(*) FROM indicators").fetchone()[0] == 24 * N_IND


def test_two_writers_at_once_lose_nothing(tmp_path: Path):
    src = tmp_path / "in"
    files = make_reports(src, 16, seed=5, n_indicators=N_IND)
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    for i, f in enumerate(files):  # overlapping halves: files 4..11 go to both
        if i < 12:
            (a / f.name).write_bytes(f.read_bytes())
        if i >= 4:
            (b / f.name).write_bytes(f.read_bytes())
    db = tmp_path / "r.db"
    cmd = [sys.executable, "-m", "extractor.cli", "--to", "sqlite", "-o", str(db), "--workers", "1", "-q"]
    pa = subprocess.Popen(cmd + [str(a)], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    pb = subprocess.Popen(cmd + [str(b)], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    ea, eb = pa.communicate(timeout=300)[1], pb.communicate(timeout=300)[1]
    assert pa.returncode == 0, ea
    assert pb.returncode == 0, eb
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*), count(DISTINCT sha256) FROM documents").fetchone() == (16, 16)
    assert con.execute("SELECT count(*) FROM indicators").fetchone()[0] == 16 * N_IND
    assert con.execute("SELECT count(*) FROM runs WHERE status = 'failed'").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM runs").fetchone()[0] == 24


def test_plain_progress_lines_when_not_a_terminal(tmp_path: Path, folder: Path):
    r = cli(str(folder), "--to", "sqlite", "-o", str(tmp_path / "r.db"), "--workers", "2")
    assert r.returncode == 0, r.stderr
    lines = r.stderr.strip().splitlines()
    assert any(ln.startswith("[6/6]") and "pages/s" in ln for ln in lines), r.stderr
    assert lines[-1].startswith("extract: 6 ok, 0 unchanged, 0 failed")
    assert "\r" not in r.stderr  # no progress bar redraws in a log
    r = cli(str(folder), "--to", "sqlite", "-o", str(tmp_path / "r.db"), "-q")
    assert r.stderr.strip().splitlines() == ["extract: 0 ok, 6 unchanged, 0 failed, 0 pages in " +
                                             r.stderr.strip().split(" pages in ")[1]]
