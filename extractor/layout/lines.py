"""Visual lines: boxes (a PDF's glyphs, OCR words, text segments, a cell's words) grouped into the
lines a reader sees, top to bottom, and a line cut into segments at wide gaps.

There is one grouping, ``group_lines``: boxes sorted by a vertical key go one by one into the line
being built while they belong to it, and open a new line when they do not. What differs between
readers is only the key and the test, and those are named here:

* a PDF's glyphs share a *baseline* (``key``: the baseline; a glyph joins when its baseline is
  within a tolerance of the previous glyph's; its superscripts are folded in by the PDF reader);
* text segments share a *centre* (``centred_lines``: within 0.45 of a line height of the line's
  mean centre);
* OCR words *overlap* the line's extent (``overlapping_lines``), and a page's Tesseract lines
  are joined across its blocks when they overlap and sit side by side (``tesseract_lines``).
"""

from __future__ import annotations

from statistics import median
from typing import Callable, Iterable, Protocol, Sequence, TypeVar

T = TypeVar("T")


def group_lines(items: Iterable[T], key: Callable[[T], float], joins: Callable[[T, list[T]], bool],
                lookback: int = 1) -> list[list[T]]:
    """Items grouped into visual lines, top to bottom (items keep their order by ``key`` in a line).

    Each item, in order of ``key``, joins the first of the last ``lookback`` lines that it
    ``joins(item, line)``, or opens a new line. ``lookback`` above 1 lets a line of one block
    join a line of another that an item of a third block sorted between them.
    """
    lines: list[list[T]] = []
    if lookback == 1:  # the common case, kept tight: a PDF page passes every glyph here
        for it in sorted(items, key=key):
            if lines and joins(it, lines[-1]):
                lines[-1].append(it)
            else:
                lines.append([it])
        return lines
    for it in sorted(items, key=key):
        for line in lines[-lookback:]:
            if joins(it, line):
                line.append(it)
                break
        else:
            lines.append([it])
    return lines


class Segment(Protocol):
    """A text segment's box and type size (``layout.unruled.Phrase`` is one)."""

    x0: float
    top: float
    bottom: float
    size: float


S = TypeVar("S", bound=Segment)


def centred_lines(segments: Iterable[S]) -> list[list[S]]:
    """Segments grouped into visual lines (vertical centres within 0.45 of the larger type size of
    the line's mean centre), top to bottom, each line left to right."""

    def centre(p: S) -> float:
        return (p.top + p.bottom) / 2

    def joins(p: S, line: list[S]) -> bool:
        lc = sum(centre(q) for q in line) / len(line)
        return abs(centre(p) - lc) < 0.45 * max(p.size, line[0].size)

    lines = group_lines(segments, centre, joins)
    for ln in lines:
        ln.sort(key=lambda p: p.x0)
    return lines


class WordBox(Protocol):
    """An OCR word's box in pixels (``readers.tesseract.OcrWord`` is one)."""

    x0: int
    x1: int
    y0: int
    y1: int

    @property
    def cy(self) -> float: ...

    @property
    def h(self) -> int: ...


W = TypeVar("W", bound=WordBox)


def overlapping_lines(words: Iterable[W]) -> list[list[W]]:
    """Words grouped into visual lines by vertical overlap with the line so far (a cell's words), top
    to bottom, each line left to right."""

    def joins(w: W, line: list[W]) -> bool:
        y0 = min(x.y0 for x in line)
        y1 = max(x.y1 for x in line)
        return y0 < w.cy < y1 and (min(w.y1, y1) - max(w.y0, y0)) > 0.4 * min(w.h, y1 - y0)

    lines = group_lines(words, lambda w: w.cy, joins)
    for ln in lines:
        ln.sort(key=lambda w: w.x0)
    return lines


class TesseractWord(WordBox, Protocol):
    """An OCR word with the block, paragraph and line Tesseract put it in."""

    block: int
    par: int
    line: int


TW = TypeVar("TW", bound=TesseractWord)


def tesseract_lines(words: Iterable[TW]) -> list[list[TW]]:
    """Words on one baseline: Tesseract's own lines, joined across blocks when they overlap by more
    than 0.6 of the lower one's height and lie side by side (one of the last four lines), top to
    bottom, each line left to right."""
    by_line: dict[tuple[int, int, int], list[TW]] = {}
    for w in words:
        by_line.setdefault((w.block, w.par, w.line), []).append(w)

    def joins(ws: list[TW], line: list[list[TW]]) -> bool:
        row = [w for part in line for w in part]
        y0, y1 = median([w.y0 for w in ws]), median([w.y1 for w in ws])
        ry0, ry1 = median([w.y0 for w in row]), median([w.y1 for w in row])
        if min(y1, ry1) - max(y0, ry0) <= 0.6 * min(y1 - y0, ry1 - ry0):
            return False
        left, right = min(r.x0 for r in row), max(r.x1 for r in row)
        return all(w.x1 <= left or w.x0 >= right for w in ws)  # side-by-side blocks only

    grouped = group_lines(by_line.values(), lambda ws: median([w.cy for w in ws]), joins, lookback=4)
    rows = [sorted((w for part in line for w in part), key=lambda w: w.x0) for line in grouped]
    rows.sort(key=lambda r: min(w.y0 for w in r))
    return rows


def split_at_gaps(line: Sequence[W], gap: float) -> list[list[W]]:
    """A line (left to right) cut where the space between two words is wider than ``gap``."""
    parts = [[line[0]]]
    for w in line[1:]:
        if w.x0 - parts[-1][-1].x1 > gap:
            parts.append([w])
        else:
            parts[-1].append(w)
    return parts
