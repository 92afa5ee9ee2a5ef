"""The Tesseract engine layer: in-process tesserocr and the binary fallback read alike.

Real Tesseract on small real renderings (PIL text in DejaVu); a few hundred milliseconds each.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractor.readers import tesseract as T

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

pytestmark = pytest.mark.skipif(T.tessdata_dir() is None or not Path(FONT).exists(),
                                reason="needs Tesseract's vie data and DejaVu fonts")


def _render(lines: list[str], size: int = 40) -> np.ndarray:
    font = ImageFont.truetype(FONT, size)
    img = Image.new("L", (1400, 120 + 70 * len(lines)), 255)
    d = ImageDraw.Draw(img)
    for k, line in enumerate(lines):
        d.text((60, 60 + 70 * k), line, font=font, fill=0)
    return np.asarray(img)


TEXT = ["Báo cáo kết quả thực hiện", "Số liệu: 3.295 hồ sơ, tỷ lệ 8,3%"]


def test_in_process_engine_reads_vietnamese_with_boxes() -> None:
    if T.engine_name() != "tesserocr":
        pytest.skip("tesserocr not installed")
    img = _render(TEXT)
    words = T.run_tesseract(img, psm=6, dpi=300)
    assert " ".join(w.text for w in words) == " ".join(TEXT)
    for w in words:
        assert 0 <= w.x0 < w.x1 <= img.shape[1] and 0 <= w.y0 < w.y1 <= img.shape[0]
        assert 0 < w.conf <= 100
    # the second line sits below the first
    assert words[-1].y0 > words[0].y1


def test_whitelist_of_one_read_does_not_leak_into_the_next() -> None:
    img = _render(["Hồ sơ 125"])
    digits = T.run_tesseract(img, psm=7, config=["tessedit_char_whitelist=0123456789"], dpi=300)
    assert all(ch.isdigit() for w in digits for ch in w.text)
    again = T.run_tesseract(img, psm=7, dpi=300)
    assert " ".join(w.text for w in again) == "Hồ sơ 125"


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract program not installed")
def test_binary_fallback_gives_the_same_words(tmp_path) -> None:
    """EXTRACT_OCR_ENGINE=cli forces the binary; both ways read this clean rendering alike."""
    img = _render(TEXT)
    np.save(tmp_path / "img.npy", img)
    code = ("import sys, numpy as np; from extractor.readers import tesseract as T; "
            "ws = T.run_tesseract(np.load(sys.argv[1]), psm=6, dpi=300); "
            "print(T.engine_name()); print(' '.join(w.text for w in ws))")
    env = dict(os.environ, EXTRACT_OCR_ENGINE="cli")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "img.npy")], capture_output=True, text=True,
                         env=env, check=True, cwd=Path(__file__).resolve().parents[1]).stdout.splitlines()
    assert out[0] == "cli"
    assert out[1] == " ".join(TEXT)


def _read_in_child(q) -> None:
    ws = T.run_tesseract(_render(["Kế hoạch 2024"]), psm=7, dpi=300)
    q.put(" ".join(w.text for w in ws))


def test_forked_worker_builds_its_own_engine() -> None:
    """An engine loaded in the parent is not used across fork (its state is per process)."""
    T.run_tesseract(_render(["Một"]), psm=7, dpi=300)  # parent loads its engine first
    ctx = multiprocessing.get_context("fork")
    q = ctx.Queue()
    p = ctx.Process(target=_read_in_child, args=(q,))
    p.start()
    got = q.get(timeout=60)
    p.join(60)
    assert p.exitcode == 0 and got == "Kế hoạch 2024"


@pytest.mark.skipif(not T.has_osd(), reason="osd.traineddata not installed")
def test_orientation_of_a_turned_page() -> None:
    lines = ["Ủy ban nhân dân tỉnh Lâm Đồng báo cáo kết quả",
             "thực hiện công tác cải cách hành chính quý I",
             "năm 2024 như sau: tổng số hồ sơ tiếp nhận là",
             "3.295 hồ sơ, đã giải quyết đúng hạn 3.120 hồ sơ"] * 3
    page = _render(lines, size=34)
    assert T.osd_rotation(page) in (0, None)
    # turned 90 degrees counter-clockwise: a clockwise turn of 90 puts it upright
    assert T.osd_rotation(np.ascontiguousarray(np.rot90(page, 1))) == 90
    assert T.osd_rotation(np.ascontiguousarray(np.rot90(page, 2))) == 180


def test_missing_language_is_a_clear_error() -> None:
    from extractor.errors import InputError

    with pytest.raises(InputError, match="xyz.traineddata"):
        T.run_tesseract(_render(["a"]), lang="xyz")
