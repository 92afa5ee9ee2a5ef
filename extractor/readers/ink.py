"""Measures taken on a scan's ink (a binary mask, 255 = ink) under words the OCR read: the shapes a
mask holds, a text segment's core height and stem width, and from them whether it is bold.

Used by the page reader (``readers.ocr``: lines) and the table reader (``readers.ocr_tables``:
cells) alike, so a bold group row of an annex is told the same way as a bold heading.
"""

from __future__ import annotations

from typing import Sequence

import cv2
import numpy as np

from extractor.layout.lines import WordBox

BOLD_STEM = 0.15  # stem width per em above which a segment is bold (Times: regular ~0.09, bold ~0.15)


def mask_boxes(mask: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Bounding boxes of the connected shapes of a sparse mask (outer contours: much faster than
    labelling every pixel of a page)."""
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    return [(x, y, w, h) for x, y, w, h in map(cv2.boundingRect, contours)]


def core_and_stroke(ink: np.ndarray, seg: Sequence[WordBox]) -> tuple[float, float]:
    """Core height (px) and stem width (px) of a segment, measured on the ink.

    The core runs from the row where ink rises most sharply (x-height line, or cap line for
    capitals) to the row where it falls most sharply (baseline); marks above and descenders
    below are outside it. The stem width is the median length of horizontal ink runs inside
    the core, which a bold face makes about 1.5x longer.
    """
    x0 = min(w.x0 for w in seg)
    x1 = max(w.x1 for w in seg)
    y0 = max(0, min(w.y0 for w in seg) - 2)
    y1 = max(w.y1 for w in seg) + 2
    crop = ink[y0:y1, x0:x1] > 0
    if crop.size == 0 or crop.sum() == 0:
        return float(max(1, y1 - y0) * 0.5), 0.0
    prof = crop.sum(axis=1).astype(np.float64)
    prof = np.convolve(prof, [0.25, 0.5, 0.25], mode="same")
    d = np.diff(prof)
    n = len(prof)
    top = int(np.argmax(d[: max(1, int(n * 0.75))])) + 1
    bottom = int(np.argmin(d[top:])) + top + 1 if top < len(d) else n
    core_h = float(bottom - top)
    if core_h < 0.2 * n:
        core_h = 0.5 * n
    band = crop[top:bottom]
    if band.size == 0:
        return core_h, 0.0
    padded = np.pad(band.astype(np.int8), ((0, 0), (1, 1)))
    dd = np.diff(padded, axis=1)
    st = np.nonzero(dd == 1)
    en = np.nonzero(dd == -1)
    if len(st[1]) == 0:
        return core_h, 0.0
    runs = en[1] - st[1]
    med = float(np.median(runs))
    runs = runs[runs <= 2 * med]  # drop horizontal bars, keep stems
    return core_h, float(runs.mean()) if len(runs) else med


def caps_ratio(text: str) -> float:
    letters = [c for c in text if c.isalpha() or c.isdigit()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if c.isupper() or c.isdigit()) / len(letters)


def em_and_bold(ink: np.ndarray, seg: Sequence[WordBox], text: str) -> tuple[float, bool]:
    """A segment's em (px: its core height over the x-height, or the cap height when it is set in
    capitals) and whether its stems are bold for that em."""
    core, stroke = core_and_stroke(ink, seg)
    caps = caps_ratio(text) > 0.6
    em = core / (0.66 if caps else 0.46)  # Times-like cap height / x-height per em
    return em, bool(em > 0 and stroke / em > BOLD_STEM)
