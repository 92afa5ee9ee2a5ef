"""Edges a user of an archive tool meets: a foreign or unusable output path, a page too large to rasterise,
a formula in a cell, SIGTERM and kill -9 with worker processes. Real files, real processes, real SQLite."""

from __future__ import annotations

import hashlib
import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pikepdf
import pytest
from docx import Document as DocxDocument
from PIL import Image

from shared_data import SAMPLES

SEED_DOCX = SAMPLES / "seed-report.docx"
SEED_SCAN = SAMPLES / "seed-report-scanned.pdf"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor.cli", *args], capture_output=True, text=True, timeout=600)


def digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def one_error_line(stderr: str) -> str:
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def test_foreign_sqlite_database_is_refused_and_left_as_it_was(tmp_path):
    foreign = tmp_path / "shop.db"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO customers (name) VALUES ('An')")
    con.commit()
    con.close()
    before = digest(foreign)
    r = run(str(SEED_DOCX), "--to", "sqlite", "-o", str(foreign))
    assert r.returncode == 1
    line = one_error_line(r.stderr)
    assert "another application's database" in line and "customers" in line and str(foreign) in line
    assert digest(foreign) == before
    assert not Path(str(foreign) + "-wal").exists()
    con = sqlite3.connect(foreign)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")] == ["customers"]


@pytest.mark.parametrize("kind", ["folder", "text file", "unwritable place"])
def test_unusable_output_path_is_one_line(tmp_path, kind):
    if kind == "folder":
        target = tmp_path / "out"
        target.mkdir()
        expect = "is a folder"
    elif kind == "text file":
        target = tmp_path / "notes.db"
        target.write_text("not a database\n", encoding="utf-8")
        expect = "is not a SQLite database"
    else:
        target = Path("/proc/self/reports.db")  # /proc refuses new files, even to root
        expect = "cannot open"
    before = digest(target) if target.is_file() else None
    r = run(str(SEED_DOCX), "--to", "sqlite", "-o", str(target))
    assert r.returncode == 1
    assert expect in one_error_line(r.stderr)
    if before is not None:
        assert digest(target) == before


def test_our_own_database_is_still_accepted(tmp_path):
    db = tmp_path / "reports.db"
    assert run(str(SEED_DOCX), "--to", "sqlite", "-o", str(db)).returncode == 0
    r = run(str(SEED_DOCX), "--to", "sqlite", "-o", str(db), "--force")
    assert r.returncode == 0, r.stderr


def _huge_page_pdf(path: Path) -> None:
    """A 200 x 200 inch page holding one small image and no text: rasterised naively at 300 dpi it is
    3.6 gigapixels."""
    pdf = pikepdf.new()
    buf = io.BytesIO()
    Image.new("L", (64, 64), 255).save(buf, format="PNG")
    img = pikepdf.Stream(pdf, Image.new("L", (64, 64), 0).tobytes())
    img.Type, img.Subtype, img.Width, img.Height = pikepdf.Name.XObject, pikepdf.Name.Image, 64, 64
    img.ColorSpace, img.BitsPerComponent = pikepdf.Name.DeviceGray, 8
    side = 200 * 72
    page = pdf.add_blank_page(page_size=(side, side))
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=img))
    page.Contents = pdf.make_stream(b"q 72 0 0 72 100 100 cm /Im0 Do Q")
    pdf.save(path)


def test_huge_page_is_refused_with_one_line_and_a_runs_row(tmp_path):
    pdf = tmp_path / "poster.pdf"
    _huge_page_pdf(pdf)
    db = tmp_path / "reports.db"
    r = run(str(pdf), "--to", "sqlite", "-o", str(db), "--ocr", "always")
    assert r.returncode == 1
    assert "too large to OCR" in one_error_line(r.stderr)
    con = sqlite3.connect(db)
    assert con.execute("SELECT status FROM runs").fetchall() == [("failed",)]
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 0


def test_large_image_is_scaled_to_the_pixel_budget():
    from extractor.readers.ocr import PAGE_PIXEL_BUDGET, fit_pixel_budget

    big = Image.new("L", (9000, 9000), 255)  # 81 Mpx, 30 inches at 300 dpi
    small, dpi = fit_pixel_budget(big, 300, 1)
    assert small.size[0] * small.size[1] <= PAGE_PIXEL_BUDGET
    assert 200 <= dpi < 300
    same, same_dpi = fit_pixel_budget(Image.new("L", (2480, 3508)), 300, 1)  # A4 at 300 dpi: untouched
    assert same.size == (2480, 3508) and same_dpi == 300


def test_export_keeps_formula_text_as_text(tmp_path):
    doc = DocxDocument()
    doc.add_paragraph("BÁO CÁO kết quả thực hiện năm 2024")
    t = doc.add_table(rows=3, cols=4)
    for k, h in enumerate(["STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu"]):
        t.cell(0, k).text = h
    for k, v in enumerate(["1", '=HYPERLINK("http://evil.example","x")', "văn bản", "12"]):
        t.cell(1, k).text = v
    for k, v in enumerate(["2", "+1+1", "@SUM(A1)", "3"]):
        t.cell(2, k).text = v
    src = tmp_path / "formula.docx"
    doc.save(src)
    db = tmp_path / "reports.db"
    assert run(str(src), "--to", "sqlite", "-o", str(db)).returncode == 0
    out = tmp_path / "export"
    r = subprocess.run([sys.executable, "-m", "extractor.dbtools", "export", str(db), "--format", "xlsx",
                        "-o", str(out)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    wb = openpyxl.load_workbook(next(out.glob("*.xlsx")))
    texts = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [c for c in texts if c.data_type == "f"]
    assert any(c.value.startswith("'=HYPERLINK") for c in texts)
    r = subprocess.run([sys.executable, "-m", "extractor.dbtools", "export", str(db), "--format", "csv",
                        "-o", str(out)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    cells = (out / "cells.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in cells and "'+1+1" in cells and "'@SUM" in cells
    assert ',=' not in cells and ',+1' not in cells


def _children(pid: int) -> set[int]:
    out: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out |= {int(x) for x in (task / "children").read_text().split()}
        except OSError:
            pass
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _scans(tmp_path: Path, n: int) -> Path:
    """n scanned reports with distinct bytes (a comment appended), slow enough to be killed mid-read."""
    folder = tmp_path / "in"
    folder.mkdir()
    data = SEED_SCAN.read_bytes()
    for k in range(n):
        (folder / f"scan{k}.pdf").write_bytes(data + f"\n% copy {k}\n".encode())
    return folder


def _start_with_workers(tmp_path: Path) -> tuple[subprocess.Popen, set[int]]:
    folder = _scans(tmp_path, 3)
    p = subprocess.Popen([sys.executable, "-m", "extractor.cli", str(folder), "--to", "sqlite",
                          "-o", str(tmp_path / "reports.db"), "--workers", "2", "-q"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    kids: set[int] = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(kids) < 2:
        kids |= _children(p.pid)
        time.sleep(0.2)
    assert len(kids) >= 2, "the workers did not start"
    time.sleep(1.0)  # let them get into their files
    return p, kids


def _gone(pids: set[int], within: float) -> set[int]:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        left = {k for k in pids if _alive(k)}
        if not left:
            return set()
        time.sleep(0.2)
    return {k for k in pids if _alive(k)}


def test_sigterm_exits_like_ctrl_c_and_leaves_no_worker(tmp_path):
    p, kids = _start_with_workers(tmp_path)
    p.send_signal(signal.SIGTERM)
    _out, err = p.communicate(timeout=60)
    assert p.returncode == 143
    assert "terminated" in one_error_line(err)
    assert not _gone(kids, 10)
    con = sqlite3.connect(tmp_path / "reports.db")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_kill_9_of_the_parent_ends_its_workers(tmp_path):
    p, kids = _start_with_workers(tmp_path)
    os.kill(p.pid, signal.SIGKILL)
    p.wait(timeout=30)
    assert not _gone(kids, 10), "workers outlived their parent"


def test_force_keeps_the_document_id(tmp_path):
    db = tmp_path / "reports.db"
    assert run(str(SEED_DOCX), "--to", "sqlite", "-o", str(db)).returncode == 0
    con = sqlite3.connect(db)
    con.execute("INSERT INTO documents (sha256, source_path, format) VALUES ('x', 'other.pdf', 'pdf')")
    con.commit()
    first = con.execute("SELECT id FROM documents WHERE source_path LIKE '%seed-report.docx'").fetchone()[0]
    assert run(str(SEED_DOCX), "--to", "sqlite", "-o", str(db), "--force").returncode == 0
    again = con.execute("SELECT id FROM documents WHERE source_path LIKE '%seed-report.docx'").fetchone()[0]
    assert again == first
    assert con.execute("SELECT count(*) FROM runs WHERE document_id = ?", (first,)).fetchone()[0] == 2


def test_one_file_prints_one_summary_line_and_quiet_silences_it(tmp_path):
    db = tmp_path / "reports.db"
    r = run(str(SEED_DOCX), "--to", "sqlite", "-o", str(db))
    assert r.returncode == 0
    line = one_error_line(r.stderr)
    assert line.startswith("extract: 1 ok") and "indicators written to" in line and str(db) in line
    n = sqlite3.connect(db).execute("SELECT count(*) FROM indicators").fetchone()[0]
    assert f" {n} indicators" in line
    r = run(str(SEED_DOCX), "--to", "sqlite", "-o", str(tmp_path / "q.db"), "-q")
    assert r.returncode == 0 and r.stderr == ""


def test_empty_folder_says_so_and_creates_nothing(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a report", encoding="utf-8")
    db = tmp_path / "reports.db"
    r = run(str(folder), "--to", "sqlite", "-o", str(db))
    assert r.returncode == 1
    assert "no supported files" in one_error_line(r.stderr)
    assert not db.exists()


def test_non_utf8_name_in_a_batch_of_good_files(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for k in range(2):
        (folder / f"good{k}.docx").write_bytes(SEED_DOCX.read_bytes() + b"\0" * (k + 1))  # distinct bytes
    bad = os.fsencode(str(folder)) + b"/b\xe1o c\xe1o.docx"  # Latin-1 bytes: not UTF-8
    with open(bad, "wb") as fh:
        fh.write(SEED_DOCX.read_bytes() + b"\0" * 5)
    (folder / "line\nbreak.docx").write_bytes(b"not a docx")
    db = tmp_path / "reports.db"
    r = run(str(folder), "--to", "sqlite", "-o", str(db))
    assert "Traceback" not in r.stderr
    assert r.returncode == 1  # the broken file named with a newline fails, alone
    fail = [ln for ln in r.stderr.splitlines() if "line\\nbreak.docx" in ln]
    assert len(fail) == 1
    con = sqlite3.connect(db)
    paths = [p for (p,) in con.execute("SELECT source_path FROM documents ORDER BY source_path")]
    assert len(paths) == 3
    assert any(p.endswith("b\\xe1o c\\xe1o.docx") for p in paths)


def test_metadata_json_describes_every_database_of_a_folder(tmp_path):
    import json

    for name in ("a.db", "b.db"):
        assert run(str(SEED_DOCX), "--to", "sqlite", "-o", str(tmp_path / name)).returncode == 0
    meta = json.loads((tmp_path / "metadata.json").read_text(encoding="utf-8"))
    assert {"a", "b"} <= set(meta["databases"])
    assert not list(tmp_path.glob(".metadata.json.*"))


def test_a_file_over_its_time_limit_fails_alone(tmp_path):
    db = tmp_path / "reports.db"
    t0 = time.monotonic()
    r = run(str(SEED_SCAN), "--to", "sqlite", "-o", str(db), "--timeout", "2")
    assert time.monotonic() - t0 < 60
    assert r.returncode == 1
    assert "took longer than 2 s" in one_error_line(r.stderr)
    con = sqlite3.connect(db)
    assert con.execute("SELECT status FROM runs").fetchall() == [("failed",)]
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 0


def test_time_limit_in_worker_processes_keeps_the_batch_going(tmp_path):
    folder = _scans(tmp_path, 2)
    (folder / "report.docx").write_bytes(SEED_DOCX.read_bytes())
    db = tmp_path / "reports.db"
    r = run(str(folder), "--to", "sqlite", "-o", str(db), "--workers", "2", "--timeout", "10")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    con = sqlite3.connect(db)
    rows = dict(con.execute("SELECT source_path, status FROM runs"))
    assert rows[str(folder / "report.docx")] == "ok", r.stderr
    assert [s for p, s in rows.items() if p.endswith(".pdf")] == ["failed", "failed"]


def test_memory_ceiling_turns_an_allocation_into_memory_error():
    code = ("from extractor.procs import limit_memory\nlimit_memory(600)\n"
            "try:\n    b = bytearray(2 << 30)\nexcept MemoryError:\n    print('refused')\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.stdout.strip() == "refused", r.stderr


def test_a_database_of_an_earlier_version_gets_the_new_columns(tmp_path):
    from extractor import store

    db = tmp_path / "old.db"
    store.connect(db).close()
    con = sqlite3.connect(db)
    for table, col in (("indicators", "value_of"), ("references", "title"), ("cells", "x0"), ("sections", "block")):
        con.execute(f'ALTER TABLE "{table}" DROP COLUMN "{col}"')
    con.commit()
    con.close()
    assert run(str(SEED_DOCX), "--to", "sqlite", "-o", str(db)).returncode == 0
    con = sqlite3.connect(db)
    cols = {t: {r[1] for r in con.execute(f'PRAGMA table_info("{t}")')} for t in ("indicators", "references", "cells")}
    assert "value_of" in cols["indicators"] and "title" in cols["references"] and "x0" in cols["cells"]
    assert con.execute("SELECT count(*) FROM indicators").fetchone()[0] > 0


@pytest.mark.parametrize("kind", ["html", "rtf"])
def test_html_and_rtf_saved_as_doc_are_read(tmp_path, kind):
    body = ("BÁO CÁO kết quả thực hiện công tác cải cách hành chính quý I năm 2024",
            "I. KẾT QUẢ THỰC HIỆN", "Đã ban hành 12 văn bản chỉ đạo.")
    if kind == "html":
        data = ("<html><head><meta charset='utf-8'></head><body>"
                + "".join(f"<p>{t}</p>" for t in body) + "</body></html>").encode("utf-8")
    else:
        def rtf(t: str) -> str:
            return "".join(ch if ord(ch) < 128 else f"\\u{ord(ch)}?" for ch in t)
        data = ("{\\rtf1\\ansi\\deff0 " + "".join(f"{{\\pard {rtf(t)}\\par}}" for t in body) + "}").encode("ascii")
    src = tmp_path / f"saved-as-{kind}.doc"
    src.write_bytes(data)
    db = tmp_path / "reports.db"
    r = run(str(src), "--to", "sqlite", "-o", str(db))
    assert r.returncode == 0, r.stderr
    con = sqlite3.connect(db)
    fmt, text = con.execute("SELECT format, text FROM documents").fetchone()
    assert fmt == "doc" and "12 văn bản" in text
    assert con.execute("SELECT path FROM sections").fetchall() == [("I",)]


@pytest.mark.slow
def test_doc_larger_than_8_mb_is_read(tmp_path):
    """LibreOffice writes a .doc's OLE directory at its end: past the first 8 MB of a large file."""
    import numpy as np
    from docx.shared import Inches

    noise = tmp_path / "noise.png"
    Image.fromarray(np.random.default_rng(1).integers(0, 255, (1800, 2000, 3), dtype=np.uint8)).save(noise)
    d = DocxDocument()
    d.add_paragraph("BÁO CÁO kết quả năm 2024")
    d.add_paragraph("I. KẾT QUẢ")
    d.add_picture(str(noise), width=Inches(5))
    d.add_paragraph("Đã ban hành 12 văn bản.")
    d.save(tmp_path / "big.docx")
    subprocess.run(["soffice", "--headless", "--convert-to", "doc", "--outdir", str(tmp_path),
                    str(tmp_path / "big.docx")], check=True, capture_output=True, timeout=300)
    big = tmp_path / "big.doc"
    assert big.stat().st_size > 8 * 2**20
    assert big.read_bytes().find("WordDocument".encode("utf-16-le")) > 8 * 2**20
    r = run(str(big), "--to", "sqlite", "-o", str(tmp_path / "r.db"))
    assert r.returncode == 0, r.stderr
    text = sqlite3.connect(tmp_path / "r.db").execute("SELECT text FROM documents").fetchone()[0]
    assert "12 văn bản" in text


def test_pages_rotated_for_display_read_as_written(tmp_path):
    """The seed report with its pages turned 0/90/180/270 degrees by /Rotate reads as the original does."""
    from extractor import extract_file

    seed = SAMPLES / "seed-report.pdf"
    turned = tmp_path / "turned.pdf"
    with pikepdf.open(seed) as pdf:
        for i, page in enumerate(pdf.pages):
            page.Rotate = (0, 90, 180, 270)[i % 4]
        pdf.save(turned)
    a, b = extract_file(seed), extract_file(turned)
    assert [s["path"] for s in b.sections] == [s["path"] for s in a.sections]
    assert [(r["code"], r["value"]) for r in b.indicators] == [(r["code"], r["value"]) for r in a.indicators]
    assert b.document["doc_number"] == a.document["doc_number"] and b.document["agency"] == a.document["agency"]


def test_a_page_whose_orientation_cannot_be_settled_is_a_check(tmp_path):
    """Text set at 45 degrees runs left to right in no rotation of the page: a checks row, not silence."""
    from extractor import extract_file

    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(595, 842))
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    lines = b"".join(b"BT /F1 12 Tf 0.707 0.707 -0.707 0.707 %d %d Tm (Bao cao ket qua thuc hien nam 2024) Tj ET\n"
                     % (100 + 30 * k, 100) for k in range(8))
    page.Contents = pdf.make_stream(lines)
    src = tmp_path / "slanted.pdf"
    pdf.save(src)
    rec = extract_file(src, ocr="never")
    assert [c["kind"] for c in rec.checks if c["kind"] == "page_unsettled"] == ["page_unsettled"]
    straight = extract_file(SAMPLES / "seed-report.pdf")
    assert not [c for c in straight.checks if c["kind"] == "page_unsettled"]
