"""Colour ink on scans (issue 12): a red stamp over the print and a number and a day written by hand
in blue into ``Số: …/TTr-…`` and ``ngày … tháng …``. The page images are drawn here (DejaVu print,
pen-like polyline strokes, JPEG), read by the real CLI with real Tesseract into a real SQLite file."""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractor.readers.colour_ink import BLUE, RED, colour_labels, patches

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"
DPI = 200

# strokes of handwritten digits in a unit box (x right, y down), drawn as a pen would
DIGITS = {
    "2": [(0.1, 0.25), (0.3, 0.05), (0.7, 0.05), (0.85, 0.3), (0.6, 0.6), (0.1, 0.95), (0.9, 0.92)],
    "8": [(0.5, 0.5), (0.15, 0.28), (0.5, 0.04), (0.85, 0.28), (0.5, 0.5), (0.1, 0.75), (0.5, 0.97),
          (0.9, 0.75), (0.5, 0.5)],
    "9": [(0.85, 0.35), (0.5, 0.55), (0.15, 0.35), (0.5, 0.05), (0.85, 0.3), (0.8, 0.97)],
}
BLUE_PEN = (35, 60, 170)
RED_INK = (200, 30, 40)


def _hand(draw: ImageDraw.ImageDraw, text: str, x: float, y: float, h: float) -> tuple[float, float]:
    """Write ``text`` by hand at (x, y) with letters ``h`` pixels high; returns the end x."""
    rnd = np.random.default_rng(7)
    for ch in text:
        pts = [(x + px * 0.6 * h + rnd.normal(0, 0.6), y + py * h + rnd.normal(0, 0.6)) for px, py in DIGITS[ch]]
        draw.line(pts, fill=BLUE_PEN, width=max(2, int(h / 12)), joint="curve")
        x += 0.75 * h
    return x, y


def _page(colour: bool) -> Image.Image:
    w, h = int(8.27 * DPI), int(11.69 * DPI)
    img = Image.new("RGB", (w, h), (248, 247, 243))
    d = ImageDraw.Draw(img)
    px = DPI / 72.0
    f = ImageFont.truetype(FONT, int(13 * px))
    fb = ImageFont.truetype(BOLD, int(13 * px))
    left = int(1.1 * DPI)

    def text(x: float, y: float, s: str, font=f) -> float:
        d.text((x, y), s, font=font, fill=(20, 20, 22))
        return d.textlength(s, font=font)

    y = int(0.8 * DPI)
    text(left, y, "CÔNG AN TỈNH LÂM ĐỒNG", fb)
    text(int(4.3 * DPI), y, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", fb)
    y += int(0.3 * DPI)
    text(int(4.9 * DPI), y, "Độc lập - Tự do - Hạnh phúc", fb)
    y += int(0.45 * DPI)
    so = text(left, y, "Số: ")
    gap = int(0.55 * DPI)
    text(left + so + gap, y, "/TTr-CAT-PC06")
    date_x = int(4.3 * DPI)
    wd = text(date_x, y, "Lâm Đồng, ngày ")
    text(date_x + wd + int(0.35 * DPI), y, "tháng 10 năm 2025")
    if colour:
        _hand(d, "289", left + so + 4, y - 4, 0.2 * DPI)
        _hand(d, "22", date_x + wd + 2, y - 4, 0.2 * DPI)
    y += int(0.6 * DPI)
    text(int(3.7 * DPI), y, "TỜ TRÌNH", fb)
    y += int(0.3 * DPI)
    text(int(2.2 * DPI), y, "Đề nghị ban hành báo cáo kết quả thực hiện tháng 10", fb)
    y += int(0.6 * DPI)
    body = ["Thực hiện Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ,",
            "Công an tỉnh đã dự thảo báo cáo kết quả thực hiện trong tháng trên địa bàn tỉnh.",
            "Công an tỉnh kính báo cáo Lãnh đạo Ủy ban nhân dân tỉnh xem xét, chỉ đạo."]
    body_top = y
    for line in body:
        text(left, y, line)
        y += int(0.32 * DPI)
    if colour:
        # a received-stamp over the first body lines: a box, its letters and a handwritten-looking number
        sx, sy = left - int(0.2 * DPI), body_top - int(0.25 * DPI)
        d.rectangle((sx, sy, sx + int(2.2 * DPI), sy + int(0.9 * DPI)), outline=RED_INK, width=5)
        fs = ImageFont.truetype(BOLD, int(11 * px))
        d.text((sx + 20, sy + 12), "UBND TỈNH LÂM ĐỒNG", font=fs, fill=RED_INK)
        d.text((sx + 20, sy + int(0.45 * DPI)), "ĐẾN Số: 17026", font=fs, fill=RED_INK)
    y += int(0.5 * DPI)
    text(int(5.0 * DPI), y, "GIÁM ĐỐC", fb)
    if colour:
        cx, cy, r = int(4.9 * DPI), y + int(0.5 * DPI), int(0.7 * DPI)
        d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=RED_INK, width=8)
        d.ellipse((cx - r + 40, cy - r + 40, cx + r - 40, cy + r - 40), outline=RED_INK, width=4)
        d.text((cx - r + 60, cy - 20), "CÔNG AN TỈNH", font=ImageFont.truetype(BOLD, int(9 * px)), fill=RED_INK)
    y += int(1.1 * DPI)
    text(int(4.6 * DPI), y, "Thiếu tướng Trương Minh Đương", fb)
    return img


def _jpeg(img: Image.Image, path: Path) -> Path:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80, dpi=(DPI, DPI))
    path.write_bytes(buf.getvalue())
    return path


def test_labels_find_red_and_blue_ink_but_not_black_print():
    """Fast: the colour labelling alone, on the drawn page (no OCR)."""
    labels = colour_labels(_page(colour=True), DPI)
    assert labels is not None
    found = patches(labels, DPI)
    colours = sorted(p.colour for p in found)
    assert colours.count("blue") >= 2 and colours.count("red") >= 2
    # the black print is never labelled: the body line left of the stamp and the title stay ink-free
    assert np.count_nonzero(labels == RED) > 0 and np.count_nonzero(labels == BLUE) > 0
    title_row = labels[int(2.15 * DPI):int(2.35 * DPI), int(3.7 * DPI):int(4.6 * DPI)]
    assert np.count_nonzero(title_row) == 0
    # a grey page, and the same page printed without colour, carry no colour ink
    assert colour_labels(_page(colour=False), DPI) is None
    assert colour_labels(_page(colour=True).convert("L"), DPI) is None


@pytest.mark.slow
def test_colour_scan_stamp_and_handwriting(tmp_path):
    path = _jpeg(_page(colour=True), tmp_path / "to_trinh_mau.jpg")
    db = tmp_path / "out.db"
    r = subprocess.run([sys.executable, "-m", "extractor.cli", str(path), "-o", str(db), "-q"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    con = sqlite3.connect(db)
    doc = con.execute("SELECT doc_number, issued_date, text FROM documents").fetchone()
    # the handwritten number and day are not guessed: the printed part only, and a checks row each
    assert doc[0] == "/TTr-CAT-PC06"
    assert doc[1] == "2025-10"
    checks = [m for (m,) in con.execute("SELECT message FROM checks WHERE kind = 'field_handwritten'")]
    assert any(m.startswith("doc_number: written by hand") for m in checks)
    assert any(m.startswith("issued_date: written by hand") for m in checks)
    # the stamp's letters never enter the body; the print under it is read
    assert "17026" not in doc[2] and "UBND TỈNH LÂM ĐỒNG" not in doc[2]
    assert "Thực hiện Quyết định số 06/QĐ-TTg" in doc[2]
    marks = con.execute("SELECT kind, colour, page, x0, top, x1, bottom FROM marks").fetchall()
    assert {(k, c) for k, c, *_ in marks} == {("stamp", "red"), ("handwriting", "blue")}
    assert all(m[2] == 1 and m[3] < m[5] and m[4] < m[6] for m in marks)
