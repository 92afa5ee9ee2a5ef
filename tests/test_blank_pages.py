"""Blank pages of a scan are skipped quickly and counted (issue 12): a scanner's blank page has dust,
specks and dark edges, and no print; a page with one short line of print is not blank."""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
import time

import img2pdf
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractor.readers.ocr import is_blank

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
DPI = 200


def _paper(seed: int) -> Image.Image:
    """An A4 sheet as a scanner gives it: grey paper noise, dust specks, a dark edge on one side."""
    rnd = np.random.default_rng(seed)
    w, h = int(8.27 * DPI), int(11.69 * DPI)
    arr = np.clip(rnd.normal(238, 6, (h, w)), 0, 255).astype(np.uint8)
    for _ in range(40):  # specks of dust
        y, x = rnd.integers(0, h - 3), rnd.integers(0, w - 3)
        arr[y:y + 2, x:x + 2] = 40
    arr[:, :25] = 30  # the scanner lid's shadow along the edge
    return Image.fromarray(arr)


def _printed(seed: int, lines: list[str]) -> Image.Image:
    img = _paper(seed)
    d = ImageDraw.Draw(img)
    f = ImageFont.truetype(FONT, int(13 * DPI / 72))
    for k, t in enumerate(lines):
        d.text((int(1.1 * DPI), int(1.0 * DPI) + k * int(0.3 * DPI)), t, font=f, fill=20)
    return img


def test_blank_is_no_print_at_all():
    assert is_blank(np.asarray(_paper(1)), DPI)
    assert not is_blank(np.asarray(_printed(2, ["Nơi nhận:"])), DPI)


@pytest.mark.slow
def test_scan_with_a_blank_page(tmp_path):
    pages = [_printed(3, ["BÁO CÁO", "Kết quả thực hiện nhiệm vụ quý I năm 2026",
                          "I. KẾT QUẢ THỰC HIỆN", "1. Công tác chỉ đạo"]),
             _paper(4),
             _printed(5, ["II. PHƯƠNG HƯỚNG, NHIỆM VỤ", "1. Nhiệm vụ trọng tâm"])]
    blobs = []
    for p in pages:
        buf = io.BytesIO()
        p.save(buf, "JPEG", quality=75, dpi=(DPI, DPI))
        blobs.append(buf.getvalue())
    pdf = tmp_path / "ba_trang.pdf"
    pdf.write_bytes(img2pdf.convert(blobs))
    db = tmp_path / "out.db"
    started = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "extractor.cli", str(pdf), "-o", str(db), "-q"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert time.perf_counter() - started < 120
    con = sqlite3.connect(db)
    assert con.execute("SELECT pages, blank_pages, text_source FROM documents").fetchone() == (3, 1, "ocr")
    text = con.execute("SELECT text FROM documents").fetchone()[0]
    assert "PHƯƠNG HƯỚNG" in text and "KẾT QUẢ THỰC HIỆN" in text
