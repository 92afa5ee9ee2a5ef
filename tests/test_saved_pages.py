"""DOCX and DOC get the page count their writing program saved (docProps/app.xml), for progress and the
runs table; `documents.pages` stays NULL for them as the contract says. A template's properties that
the writer never updated (0 words, as python-docx leaves them) are not a count."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import docx


def _made(path: Path, app_pages: str, app_words: str) -> Path:
    d = docx.Document()
    d.add_paragraph("BÁO CÁO")
    d.add_paragraph("Kết quả thực hiện nhiệm vụ quý I năm 2026")
    tmp = path.with_suffix(".tmp.docx")
    d.save(str(tmp))
    with zipfile.ZipFile(tmp) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/app.xml":
                text = data.decode("utf-8")
                text = text.replace("<Pages>1</Pages>", f"<Pages>{app_pages}</Pages>")
                text = text.replace("<Words>0</Words>", f"<Words>{app_words}</Words>")
                data = text.encode("utf-8")
            out.writestr(info, data)
    tmp.unlink()
    return path


def _run(path: Path, db: Path) -> tuple:
    r = subprocess.run([sys.executable, "-m", "extractor.cli", str(path), "-o", str(db), "-q"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    con = sqlite3.connect(db)
    return (con.execute("SELECT pages, saved_pages FROM documents").fetchone()
            + con.execute("SELECT pages FROM runs").fetchone())


def test_saved_page_count(tmp_path):
    assert _run(_made(tmp_path / "a.docx", "7", "1520"), tmp_path / "a.db") == (None, 7, 7)


def test_stale_template_properties_are_no_count(tmp_path):
    assert _run(_made(tmp_path / "b.docx", "1", "0"), tmp_path / "b.db") == (None, None, None)
