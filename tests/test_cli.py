"""The command line as a user meets it: real files, a real SQLite database, exit codes, runs rows."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from shared_data import CORPUS as SHARED_CORPUS
from shared_data import SAMPLES as SHARED_SAMPLES

SAMPLES = SHARED_SAMPLES
SEED_PDF = SAMPLES / "seed-report.pdf"
SHARED = SAMPLES.parent


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor.cli", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=600)


def dump(db: Path) -> list:
    """Every row of every contract table, to compare a database before and after."""
    con = sqlite3.connect(db)
    out = []
    for t in ("documents", "sections", "tables", "cells", "indicators", "quantities", '"references"', "footnotes"):
        out.append(con.execute(f"SELECT * FROM {t} ORDER BY id").fetchall())
    con.close()
    return out


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("db")
    db = d / "reports.db"
    r = run(str(SEED_PDF), "--to", "sqlite", "-o", str(db))
    assert r.returncode == 0, r.stderr
    return db


def test_help_explains_every_option():
    r = run("--help")
    assert r.returncode == 0
    for opt in ("--to", "-o", "--workers", "--ocr", "--force", "--quiet", "--verbose", "--executor", "--scheduler"):
        assert opt in r.stdout


def test_usage_error_exits_2():
    r = run("--to", "sqlite")
    assert r.returncode == 2
    r = run("x.pdf", "--to", "csv")
    assert r.returncode == 2


def test_seed_pdf_lands(seeded_db: Path):
    con = sqlite3.connect(seeded_db)
    doc = con.execute("SELECT sha256, format, text_source, pages FROM documents").fetchall()
    assert len(doc) == 1
    assert doc[0][0] == hashlib.sha256(SEED_PDF.read_bytes()).hexdigest()
    assert doc[0][1:] == ("pdf", "text-layer", 19)
    assert con.execute("SELECT count(*) FROM indicators").fetchone()[0] > 100
    assert con.execute("SELECT status FROM runs").fetchall() == [("ok",)]
    # full-text search over documents.text works
    hits = con.execute("SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'Điện'").fetchall()
    assert hits


def test_same_bytes_again_never_duplicates(tmp_path: Path, seeded_db: Path):
    db = tmp_path / "r.db"
    shutil.copy(seeded_db, db)
    before = dump(db)
    copy = tmp_path / "again.pdf"
    shutil.copy(SEED_PDF, copy)
    r = run(str(copy), "--to", "sqlite", "-o", str(db))
    assert r.returncode == 0, r.stderr
    assert dump(db) == before  # unchanged: skipped by sha256
    r = run(str(copy), "--to", "sqlite", "-o", str(db), "--force")
    assert r.returncode == 0, r.stderr
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    n_ind = con.execute("SELECT count(*) FROM indicators").fetchone()[0]
    assert n_ind == len(before[4])
    statuses = [s for (s,) in con.execute("SELECT status FROM runs ORDER BY id")]
    assert statuses == ["ok", "unchanged", "ok"]


def _bad_inputs(d: Path) -> dict[str, Path]:
    files = {}
    files["missing"] = d / "does-not-exist.pdf"
    (d / "empty.pdf").write_bytes(b"")
    files["empty"] = d / "empty.pdf"
    (d / "notes.pdf").write_text("this is just text, not a PDF\n", encoding="utf-8")
    files["not a PDF"] = d / "notes.pdf"
    data = SEED_PDF.read_bytes()
    (d / "truncated.pdf").write_bytes(data[: len(data) // 3])
    files["truncated"] = d / "truncated.pdf"
    pikepdf = pytest.importorskip("pikepdf")
    with pikepdf.open(SEED_PDF) as pdf:
        pdf.save(d / "locked.pdf", encryption=pikepdf.Encryption(owner="o", user="secret", R=6))
    files["encrypted"] = d / "locked.pdf"
    files["no text layer"] = SHARED_CORPUS / "lamdong_cat_ttr_de_an_06_thang10-2025_scan_1page.pdf"
    return files


@pytest.mark.parametrize("kind,says", [("missing", "not found"), ("empty", "empty"), ("not a PDF", "not a PDF"),
                                       ("truncated", "PDF"), ("encrypted", "password"),
                                       ("no text layer", "needs OCR")])
def test_bad_input_one_line_failed_run_db_unchanged(tmp_path: Path, seeded_db: Path, kind: str, says: str):
    db = tmp_path / "r.db"
    shutil.copy(seeded_db, db)
    before = dump(db)
    bad = _bad_inputs(tmp_path)[kind]
    extra = ["--ocr", "never"] if kind == "no text layer" else []
    r = run(str(bad), "--to", "sqlite", "-o", str(db), *extra)
    assert r.returncode == 1
    err_lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(err_lines) == 1, r.stderr
    assert str(bad) in err_lines[0]
    assert says.lower() in err_lines[0].lower(), err_lines[0]
    assert "Traceback" not in r.stderr
    assert dump(db) == before
    con = sqlite3.connect(db)
    last = con.execute("SELECT source_path, status, message FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    assert last[0] == str(bad) and last[1] == "failed" and last[2]


def test_bad_among_good_still_lands_good(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED_PDF, folder / "good.pdf")
    (folder / "bad.pdf").write_text("garbage", encoding="utf-8")
    (folder / "ignored.txt").write_text("not an input", encoding="utf-8")
    db = tmp_path / "r.db"
    r = run(str(folder), "--to", "sqlite", "-o", str(db), "--workers", "1")
    assert r.returncode == 1
    assert "bad.pdf" in r.stderr and "Traceback" not in r.stderr
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    runs = dict(con.execute("SELECT source_path, status FROM runs"))
    assert runs == {str(folder / "bad.pdf"): "failed", str(folder / "good.pdf"): "ok"}


def test_start_up_leaves_pandas_out():
    """`extract` does not pay pandas' import at start (sqlite-utils would pull it in); exports still get it."""
    code = ("import sys, extractor.cli, extractor.store, extractor.batch\n"
            "assert 'pandas' not in sys.modules, 'pandas imported at start-up'\n"
            "import pandas, sqlite_utils\n"
            "db = sqlite_utils.Database(memory=True)\n"
            "db['t'].insert({'a': 1})\n"
            "assert pandas.read_sql_query('select a from t', db.conn)['a'].tolist() == [1]\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
