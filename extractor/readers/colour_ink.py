"""Colour ink on a scanned page, told from the black print before OCR.

Archive scans carry a red seal over the signature, a red "ĐẾN" received-stamp over the first
lines, and numbers and days written by hand in blue into the printed ``Số: …/TTr-…`` and ``ngày …
tháng …``. Read as print, the stamp's letters enter the body (``AC Số: =†-'``) and a handwritten
``289`` becomes a confident ``2X``. Print is black (no chroma), so pixels whose colour is clearly
red or blue are taken off the page the OCR reads, and each patch of them is kept as a mark with
its box, so the document says a stamp or a hand was there and the header can say which field was
written by hand.

A greyscale scan carries no colour: nothing is taken from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import cv2
import numpy as np
from PIL import Image

#: how far the strongest channel must stand above the others (after the print's own colour cast)
#: for a pixel to be coloured ink: WEAK marks every pixel of a stroke, STRONG the ones sure enough
#: to seed a patch (a JPEG's fringes round black print reach WEAK here and there, STRONG never)
RED_WEAK, RED_STRONG = 25, 55
BLUE_WEAK, BLUE_STRONG = 12, 25
#: a patch is coloured ink when this share of its pixels (and at least SEED_MIN) are STRONG
SEED_SHARE, SEED_MIN = 0.08, 6
#: the resolution colour is first looked for at
LOOK_DPI = 100
#: a pixel this light is paper whatever its hue; print is darker than INK
PAPER = 235
INK = 170
#: coloured patches are grouped at this many pixels per inch, closed over this gap (inches)
GROUP_DPI = 50
GROUP_GAP_IN = 0.08
#: a patch smaller than this (inches, either side) is a speck of colour, not a mark
MIN_MARK_IN = 0.06

RED = 1
BLUE = 2


@dataclass
class InkPatch:
    """One patch of coloured ink, in pixels of the page image."""

    colour: str  # 'red' | 'blue'
    box: tuple[int, int, int, int]  # x0, y0, x1, y1


def colour_labels(image: Image.Image, dpi: int) -> Optional[np.ndarray]:
    """Per pixel RED, BLUE or 0 for a colour page image; None when the image holds no colour ink.

    The page is looked at near 100 dpi first (strokes of a pen survive there); only the places
    where colour was found are then labelled at full resolution, so a page pays for its ink."""
    if image.mode not in ("RGB", "RGBA", "P", "CMYK", "YCbCr", "LAB", "HSV"):
        return None
    image = image.convert("RGB")
    factor = max(1, dpi // LOOK_DPI)
    look = np.asarray(image.reduce(factor) if factor > 1 else image, dtype=np.int16)
    cast = print_cast(look)
    small = _labels_of(look, cast)
    if small is None:
        return None
    if factor == 1:
        return small
    w, h = image.size
    labels = np.zeros((h, w), dtype=np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(cv2.dilate((small > 0).astype(np.uint8),
                                                                 np.ones((5, 5), np.uint8)), connectivity=8)
    for k in range(1, n):
        x, y, bw, bh, _ = stats[k]
        x0, y0 = max(0, (x - 2) * factor), max(0, (y - 2) * factor)
        x1, y1 = min(w, (x + bw + 2) * factor), min(h, (y + bh + 2) * factor)
        part = _labels_of(np.asarray(image.crop((x0, y0, x1, y1)), dtype=np.int16), cast)
        if part is not None:
            view = labels[y0:y1, x0:x1]
            np.copyto(view, part, where=part > 0)
    return labels if labels.any() else None


def print_cast(rgb: np.ndarray) -> tuple[int, int]:
    """The print's own colour cast (a scanner's blue tint), red and blue: what most dark pixels of
    the whole page carry."""
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    dark = (r + g + b) < 3 * 120
    if not dark.any():
        return 0, 0
    return (max(0, int(np.median((r - np.maximum(g, b))[dark]))),
            max(0, int(np.median((b - np.maximum(r, g))[dark]))))


def _labels_of(rgb: np.ndarray, cast: tuple[int, int]) -> Optional[np.ndarray]:
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    top = np.maximum(np.maximum(r, g), b)
    inked = (top < PAPER) & ((r + g + b) < 3 * INK + 60)
    red_excess = r - np.maximum(g, b)
    blue_excess = b - np.maximum(r, g)
    cast_r, cast_b = cast[0], cast[1]
    labels = np.zeros(r.shape, dtype=np.uint8)
    found = False
    for code, excess, shift, weak_at, strong_at in ((RED, red_excess, cast_r, RED_WEAK, RED_STRONG),
                                                    (BLUE, blue_excess, cast_b, BLUE_WEAK, BLUE_STRONG)):
        weak = inked & (excess - shift >= weak_at)
        if not weak.any():
            continue
        strong = weak & (excess - shift >= strong_at)
        if np.count_nonzero(strong) < SEED_MIN:
            continue
        n, comp = cv2.connectedComponents(cv2.dilate(weak.astype(np.uint8), np.ones((3, 3), np.uint8)),
                                          connectivity=8)
        total = np.bincount(comp[weak], minlength=n)
        seeds = np.bincount(comp[strong], minlength=n)
        keep = (seeds >= SEED_MIN) & (seeds >= SEED_SHARE * np.maximum(total, 1))
        keep[0] = False
        chosen = weak & keep[comp]
        if chosen.any():
            labels[chosen] = code
            found = True
    return labels if found else None


def patches(labels: np.ndarray, dpi: int) -> list[InkPatch]:
    """Patches of each colour: coloured pixels grouped over small gaps (a stamp's ring and its
    letters, the strokes of one handwritten number), specks left out."""
    out: list[InkPatch] = []
    h, w = labels.shape
    scale = min(1.0, GROUP_DPI / max(dpi, 1))
    sw, sh = max(1, int(w * scale)), max(1, int(h * scale))
    gap = max(1, int(round(GROUP_GAP_IN * GROUP_DPI)))
    kernel = np.ones((2 * gap + 1, 2 * gap + 1), np.uint8)
    for code, colour in ((RED, "red"), (BLUE, "blue")):
        mask = (labels == code).astype(np.uint8) * 255
        if not mask.any():
            continue
        small = cv2.resize(mask, (sw, sh), interpolation=cv2.INTER_AREA)
        small = cv2.dilate((small > 0).astype(np.uint8), kernel)
        n, _, stats, _ = cv2.connectedComponentsWithStats(small, connectivity=8)
        for k in range(1, n):
            x, y, bw, bh, _ = stats[k]
            x0, y0 = int(x / scale), int(y / scale)
            x1, y1 = min(w, int((x + bw) / scale)), min(h, int((y + bh) / scale))
            if (x1 - x0) < MIN_MARK_IN * dpi and (y1 - y0) < MIN_MARK_IN * dpi:
                continue
            out.append(InkPatch(colour, (x0, y0, x1, y1)))
    return out


def turn_labels(labels: np.ndarray, cw: int) -> np.ndarray:
    """``labels`` turned as the page is (clockwise quarter turns)."""
    cw %= 360
    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return cv2.rotate(labels, codes[cw]) if cw in codes else labels


def rotate_labels(labels: np.ndarray, angle: float) -> np.ndarray:
    """``labels`` deskewed as the page is (degrees counter-clockwise about the centre), labels kept."""
    h, w = labels.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(labels, m, (w, h), flags=cv2.INTER_NEAREST, borderMode=cv2.BORDER_CONSTANT,
                          borderValue=0)


def take_off(gray: np.ndarray, labels: np.ndarray) -> None:
    """Take the coloured ink off the page the OCR reads: its pixels become white paper. (Painting
    them in the paper's grey shade, or widening them over a stroke's fringe, reads worse: the
    fringe is where a stroke touches print.)"""
    gray[labels > 0] = 255
