"""Born-digital PDF reader: pdfplumber's characters and ruling lines to the page model.

One pass per page over ``page.chars``: characters inside ruled tables go to their
cells, the rest are grouped by baseline into line *segments* (split at wide
gaps, so a report header's two side-by-side columns stay apart). Superscript
digits attached to a word become ``[^n]``; the block under the footnote rule
(or in a smaller font at the page foot) becomes ``Page.footnotes``; page numbers
and running headers/footers are dropped. Pages whose text layer is missing or
garbage go to OCR (``extractor.readers.ocr.ocr_pdf_page``) when asked to.

The reader knows PDFs, not reports: nothing here is specific to one template.
"""

from __future__ import annotations

import os
import re
import types
from collections import Counter
from operator import itemgetter
from typing import Any, Callable, Iterable, Optional, Sequence

from extractor.errors import InputError
from extractor.layout.grid import Grid
from extractor.layout.lines import centred_lines, group_lines
from extractor.layout.rows import RowLine, cut_tall_rows
from extractor.layout.unruled import Phrase, find_unruled_tables
from extractor.model import Cell, Document, Footnote, Line, Page, Table
from extractor.vntext.encoding import to_unicode

# --------------------------------------------------------------------------------------
# Tunables (in em = the line's dominant font size, unless named in points)

SEGMENT_GAP_EM = 1.2  # an empty horizontal gap (no space glyph) wider than this splits a line into segments
SPACE_RUN_EM = 5.0  # ...and so does a run of space glyphs wider than this (columns made with spaces)
COLUMN_BLANK_EM = 2.5  # ...and blank space this wide between words that includes an empty gap over 0.5 em
WORD_GAP_EM = 0.2  # an empty gap wider than this between glyphs is a word space
BASELINE_TOL_EM = 0.22  # glyphs whose baselines differ by less than this share a line
SUP_SIZE_RATIO = 0.85  # a superscript glyph is at most this fraction of the line's size...
SUP_RAISE_EM = 0.12  # ...and its baseline is raised by at least this much
SNAP_PT = 2.5  # table grid coordinates closer than this are one boundary

_TABLE_SETTINGS = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
    "edge_min_length": 3,
}

# an STT header cell, or a piece of one that a narrow column wrapped ("ST" over "T")
_STT_HEADER_RE = re.compile(r"^\s*(?:stt|tt|st|s\.?|số\s*tt|số(?:\s*thứ)?|số\s*thứ\s*tự|s\.\s*tt|thứ\s*tự|mã\s*số)\s*$",
                            re.IGNORECASE)
_PAGE_NUMBER_RE = re.compile(
    r"^(?:trang|page)?\s*[-–—]?\s*\d{1,4}\s*(?:/\s*\d{1,4})?\s*[-–—]?$", re.IGNORECASE
)
_FOOTNOTE_START_RE = re.compile(r"^(\d{1,3})(?:[.)]\s*|\s+|(?=[^\W\d_]))(\S.*)$")
_CID_RE = re.compile(r"^\(cid:\d+\)$")
_SQUARE_UNIT_RE = re.compile(r"(?:^|[\s(])(?:k|c|d|m|h)?m$")

# --------------------------------------------------------------------------------------
# Font names


_FONT_STYLE_CACHE: dict[str, tuple[bool, bool]] = {}


def font_style(fontname: str) -> tuple[bool, bool]:
    """(bold, italic) read from a font name such as 'ABCDEF+TimesNewRomanPS-BoldItalicMT' or 'Arial,Bold'."""
    got = _FONT_STYLE_CACHE.get(fontname)
    if got is not None:
        return got
    name = fontname.split("+", 1)[-1]
    low = name.lower()
    bold = bool(
        re.search(r"bold|black|heavy|semibold|demi", low)
        or re.search(r"[-,](?:b|bd|bi|z)$", low)
        or re.search(r"(?:[-,]|mt)bd", low)
    )
    italic = bool(
        re.search(r"italic|oblique|kursiv", low)
        or re.search(r"[-,](?:i|it|bi|z)$", low)
        or re.search(r"[-,]\w*it$", low) and not low.endswith("light")
    )
    _FONT_STYLE_CACHE[fontname] = (bold, italic)
    return bold, italic


# --------------------------------------------------------------------------------------
# Text-layer quality


def _is_garbage(text: str) -> bool:
    if len(text) > 1:
        return text.startswith("(cid:")
    o = ord(text)
    return o == 0xFFFD or 0xE000 <= o <= 0xF8FF or o < 0x20


def page_text_usable(chars: list[dict]) -> bool:
    """Whether a page's text layer can be read instead of OCR'd.

    Unusable when it has fewer than 15 visible glyphs (an image-only scan, maybe
    with a stray stamp or page number), or when more than 30 % of its visible
    glyphs are garbage: ``(cid:NN)`` (a font without a Unicode map),
    private-use code points, U+FFFD or control characters. Legacy TCVN3/VNI
    text is *not* garbage: it is Latin-1 glyphs the codec converts later.
    """
    visible = 0
    garbage = 0
    for c in chars:
        t = c["text"]
        if not t or t.isspace():
            continue
        visible += 1
        if _is_garbage(t):
            garbage += 1
    if visible < 15:
        return False
    return garbage <= 0.3 * visible


def scan_under_text(page: Any, chars: list[dict]) -> bool:
    """A scanned page carrying a text layer (a scanner's or OCRmyPDF's OCR): one image covers the
    page and the text lies on it. Such a layer has no ruling lines, its own reading slips and often
    no marks; in ``--ocr auto`` the page is read from its image like any scan."""
    area = float(page.width) * float(page.height)
    if area <= 0:
        return False
    for im in page.images:
        x0, x1 = max(0.0, float(im["x0"])), min(float(page.width), float(im["x1"]))
        top, bottom = max(0.0, float(im["top"])), min(float(page.height), float(im["bottom"]))
        if (x1 - x0) * (bottom - top) < 0.8 * area:
            continue
        ink = [c for c in chars if c["text"] and not c["text"].isspace()]
        inside = sum(1 for c in ink if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom)
        return bool(ink) and inside >= 0.6 * len(ink)
    return False


# --------------------------------------------------------------------------------------
# Glyphs and line building

# A glyph as a plain list (faster than dicts in the hot loops):
# [x0, x1, top, bottom, baseline, size, text, fontname, is_space, sup]
X0, X1, TOP, BOTTOM, BASE, SIZE, TEXT, FONT, SPACE, SUP = range(10)


def _glyphs(chars: Iterable[dict]) -> tuple[list[list], list[list]]:
    """Upright glyphs and rotated glyphs, each as a compact list."""
    upright: list[list] = []
    rotated: list[list] = []
    for c in chars:
        t = c["text"]
        if not t:
            continue
        if _CID_RE.match(t) if len(t) > 1 else False:
            continue
        m = c["matrix"]
        size = c["size"] or (c["bottom"] - c["top"]) or 1.0
        g = [
            c["x0"],
            c["x1"],
            c["top"],
            c["bottom"],
            c["bottom"] + c["y0"] - m[5],
            size,
            t,
            c["fontname"],
            t.isspace(),
            False,
        ]
        if c["upright"]:
            upright.append(g)
        else:
            rotated.append(g)
    return upright, rotated


class _Seg:
    """One line segment under construction (a visual line within a cell, or a body segment)."""

    __slots__ = ("glyphs", "x0", "x1", "top", "bottom", "base", "size", "text", "bold", "italic", "lead_note", "lead_text")

    def __init__(self, glyphs: list[list], base: float, size: float) -> None:
        self.glyphs = glyphs
        self.base = base
        self.size = size
        ink = [g for g in glyphs if not g[SPACE]] or glyphs
        self.x0 = min(g[X0] for g in ink)
        self.x1 = max(g[X1] for g in ink)
        self.top = min(g[TOP] for g in ink)
        self.bottom = max(g[BOTTOM] for g in ink)
        self.text = ""
        self.bold = False
        self.italic = False
        self.lead_note: Optional[int] = None  # a superscript number opening the segment
        self.lead_text = ""  # the text without that number


def _dominant_size(glyphs: list[list]) -> float:
    cnt: dict[float, int] = {}
    for g in glyphs:
        if not g[SPACE]:
            k = round(g[SIZE] * 2) / 2
            cnt[k] = cnt.get(k, 0) + 1
    if not cnt:
        return glyphs[0][SIZE]
    return max(cnt, key=cnt.__getitem__)  # the first of the most common, as Counter.most_common gives


def _on_baseline(g: list, row: list[list]) -> bool:
    """A glyph shares the row's baseline: within a tolerance of the last glyph's (sorted by baseline)."""
    return g[BASE] - row[-1][BASE] <= BASELINE_TOL_EM * g[SIZE]


def _baseline_rows(glyphs: list[list]) -> list[list[list]]:
    """Group glyphs into rows sharing a baseline, then fold raised small rows (superscripts) into the row below."""
    rows = group_lines(glyphs, itemgetter(BASE), _on_baseline)
    if len(rows) <= 1:
        return rows
    # Superscripts: a short row of small glyphs just above a row of larger ones.
    info = []
    for r in rows:
        ink = [g for g in r if not g[SPACE]]
        if not ink:
            info.append(None)
            continue
        info.append((max(g[SIZE] for g in ink), min(g[X0] for g in ink), max(g[X1] for g in ink), len(ink), r[-1][BASE]))
    merged: list[Optional[list[list]]] = list(rows)
    for i in range(len(rows) - 1):
        a = info[i]
        if a is None or a[3] > 8:
            continue
        for j in range(i + 1, min(i + 4, len(rows))):
            b = info[j]
            if b is None or merged[j] is None:
                continue
            bsize = _dominant_size(rows[j])
            rise = b[4] - a[4]
            if rise > 0.75 * bsize:
                break
            if a[0] <= SUP_SIZE_RATIO * bsize and rise >= SUP_RAISE_EM * bsize and b[1] - 2 * bsize <= a[1] and a[2] <= b[2] + bsize:
                merged[j] = merged[j] + merged[i]  # type: ignore[operator]
                merged[i] = None
                break
    return [r for r in merged if r]


def _split_row(row: list[list], split: bool) -> list[_Seg]:
    """Sort a baseline row left to right and cut it at wide gaps into segments."""
    row.sort(key=lambda g: g[X0])
    size = _dominant_size(row)
    base = Counter(round(g[BASE], 1) for g in row if not g[SPACE] and g[SIZE] >= SUP_SIZE_RATIO * size).most_common(1)
    base_y = base[0][0] if base else row[0][BASE]
    sup_size = SUP_SIZE_RATIO * size
    sup_rise = SUP_RAISE_EM * size
    for g in row:
        g[SUP] = (not g[SPACE]) and g[SIZE] <= sup_size and base_y - g[BASE] >= sup_rise
    if not split:
        return [_Seg(row, base_y, size)]
    segs: list[_Seg] = []
    start = 0
    last_x1: Optional[float] = None  # right edge of the last glyph, spaces included
    last_ink_x1: Optional[float] = None  # right edge of the last visible glyph
    widest = 0.0  # widest empty gap (not covered by space glyphs) since the last visible glyph
    gap_em = SEGMENT_GAP_EM * size
    run_em = SPACE_RUN_EM * size
    for i, g in enumerate(row):
        if last_x1 is not None and g[X0] - last_x1 > widest:
            widest = g[X0] - last_x1
        if g[SPACE]:
            last_x1 = g[X1] if last_x1 is None else max(last_x1, g[X1])
            continue
        blank = g[X0] - last_ink_x1 if last_ink_x1 is not None else 0.0
        if last_ink_x1 is not None and (
            widest > gap_em or blank > run_em or (blank > COLUMN_BLANK_EM * size and widest > 0.5 * size)
        ):
            segs.append(_Seg(row[start:i], base_y, size))
            start = i
        last_x1 = g[X1] if last_x1 is None else max(last_x1, g[X1])
        last_ink_x1 = g[X1]
        widest = 0.0
    segs.append(_Seg(row[start:], base_y, size))
    out = []
    for s in segs:
        if any(not g[SPACE] for g in s.glyphs):
            s.size = _dominant_size(s.glyphs)
            out.append(s)
    return out


def _render(seg: _Seg) -> None:
    """Fill seg.text (decoded per font run, footnote refs as [^n]), bold/italic and the lead note."""
    runs: list[list] = []  # [font or None, [str, ...]]

    def put(font: Optional[str], s: str) -> None:
        if runs and runs[-1][0] == font:
            runs[-1][1].append(s)
        else:
            runs.append([font, [s]])

    prev_x1: Optional[float] = None
    prev: Optional[list] = None
    need_space = False
    n_ink = n_bold = n_italic = 0
    glyphs = seg.glyphs
    i = 0
    n = len(glyphs)
    word_gap = WORD_GAP_EM * seg.size
    lead_runs_at: Optional[int] = None
    while i < n:
        g = glyphs[i]
        if g[SPACE]:
            need_space = prev is not None
            if prev_x1 is None or g[X1] > prev_x1:
                prev_x1 = g[X1]
            i += 1
            continue
        if g[SUP]:
            j = i
            while j < n and glyphs[j][SUP]:
                j += 1
            sup_text = "".join(x[TEXT] for x in glyphs[i:j])
            if sup_text.isdigit() and len(sup_text) <= 3:
                if prev is not None and sup_text in ("2", "3") and _SQUARE_UNIT_RE.search(_tail_text(runs)):
                    put(prev[FONT], "²" if sup_text == "2" else "³")  # m2, km2: a unit, not a note
                else:
                    if prev is None:
                        seg.lead_note = int(sup_text)
                        lead_runs_at = len(runs) + 1
                    # a ref after a space still attaches to the word before it: no space is put
                    put(None, f"[^{int(sup_text)}]")
                prev = glyphs[j - 1]
                prev_x1 = prev[X1]
                need_space = False
                i = j
                continue
        if prev is not None and (need_space or (prev_x1 is not None and g[X0] - prev_x1 > word_gap)):
            put(g[FONT] if runs and runs[-1][0] is None else runs[-1][0] if runs else g[FONT], " ")
        # duplicated glyph drawn twice for fake bold: same text, nearly same place
        if prev is not None and g[TEXT] == prev[TEXT] and abs(g[X0] - prev[X0]) < 0.15 * g[SIZE] and not need_space:
            n_bold += 1
            prev_x1 = max(prev_x1 or g[X1], g[X1])
            i += 1
            continue
        put(g[FONT], g[TEXT])
        n_ink += 1
        b, it = font_style(g[FONT])
        n_bold += b
        n_italic += it
        prev = g
        prev_x1 = g[X1] if prev_x1 is None else max(prev_x1, g[X1])
        need_space = False
        i += 1
    parts = [(_decode("".join(s), f) if f else "".join(s)) for f, s in runs]
    seg.text = _squash("".join(parts))
    if seg.lead_note is not None and lead_runs_at is not None:
        seg.lead_text = _squash("".join(parts[lead_runs_at:]))
    seg.bold = n_ink > 0 and n_bold >= 0.8 * n_ink
    seg.italic = n_ink > 0 and n_italic >= 0.8 * n_ink


_DECODED: dict[tuple[str, str], str] = {}


def _decode(text: str, font: str) -> str:
    """``to_unicode`` remembered per (text, font): table cells repeat the same short runs page after page."""
    key = (text, font)
    got = _DECODED.get(key)
    if got is None:
        if len(_DECODED) > 100_000:
            _DECODED.clear()
        got = _DECODED[key] = to_unicode(text, font=font)
    return got


def _tail_text(runs: list[list]) -> str:
    tail = ""
    for _f, s in reversed(runs):
        tail = "".join(s) + tail
        if len(tail) > 6:
            break
    return tail[-6:]


_WS_RE = re.compile(r"\s+")


def _squash(s: str) -> str:
    return _WS_RE.sub(" ", s).strip()


def _build_segments(glyphs: list[list], split: bool = True) -> list[_Seg]:
    segs: list[_Seg] = []
    for row in _baseline_rows(glyphs):
        for s in _split_row(row, split):
            _render(s)
            if s.text:
                segs.append(s)
    return segs


def _rotated_segments(glyphs: list[list]) -> list[_Seg]:
    """Rotated text (vertical table headers, margin notes): one segment per column of glyphs, read bottom-up."""
    if not glyphs:
        return []
    glyphs.sort(key=lambda g: (round(g[X0] / 3), -g[BOTTOM]))
    cols: dict[int, list[list]] = {}
    for g in glyphs:
        cols.setdefault(round(g[X0] / 3), []).append(g)
    out = []
    for col in cols.values():
        s = _Seg(col, col[0][BASE], _dominant_size(col))
        text = "".join(g[TEXT] for g in col)
        s.text = _squash(to_unicode(text, font=col[0][FONT]))
        b = sum(font_style(g[FONT])[0] for g in col)
        s.bold = b >= 0.8 * len(col)
        if s.text:
            out.append(s)
    return out


# --------------------------------------------------------------------------------------
# Tables


class _GridTable:
    """A table's grid (``layout.grid``) and the glyphs that fall into each cell."""

    def __init__(self, bbox: tuple, cell_boxes: list[tuple]) -> None:
        self.grid = Grid.from_boxes(cell_boxes, SNAP_PT, bbox=bbox)
        self.bbox = bbox
        self.xs, self.ys = self.grid.xs, self.grid.ys
        self.n_rows, self.n_cols = self.grid.n_rows, self.grid.n_cols
        self.glyphs: list[list[list]] = [[] for _ in self.grid.cells]  # per cell

    def take(self, g: list) -> bool:
        """Put a glyph into the cell that holds its centre; False when no cell does."""
        idx = self.grid.cell_at((g[X0] + g[X1]) / 2, (g[TOP] + g[BOTTOM]) / 2)
        if idx is None:
            return False
        self.glyphs[idx].append(g)
        return True

    def to_table(self, page_no: int) -> Table:
        cells = []
        for (r, k, rs, cs), glyphs in sorted(zip(self.grid.cells, self.glyphs), key=lambda c: (c[0][0], c[0][1])):
            segs = _build_segments(glyphs, split=False) if glyphs else []
            lines = [s.text for s in segs]
            ink = sum(len(s.glyphs) for s in segs)
            bold = bool(segs) and sum(len(s.glyphs) for s in segs if s.bold) >= 0.8 * ink
            cells.append(
                Cell(
                    row=r,
                    col=k,
                    text=" ".join(lines),
                    row_span=rs,
                    col_span=cs,
                    box=(self.xs[k], self.ys[r], self.xs[k + cs], self.ys[r + rs]),
                    bold=bold,
                    lines=lines,
                )
            )
        return Table(
            cells=cells,
            n_rows=self.n_rows,
            n_cols=self.n_cols,
            page=page_no,
            box=(self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]),
            row_tops=list(self.ys[:-1]),
        )


def _split_tall_rows(t: _GridTable) -> _GridTable:
    """A table ruled by columns only (a frame, column rules, a rule under the header): its body is one
    grid row holding every indicator. Such a row is cut where its lines open rows (``layout.rows``)."""

    def row_lines(r: int) -> list[RowLine]:
        members = [i for i, c in enumerate(t.grid.cells) if c[0] == r and c[2] == 1]
        code = next((i for i in members if t.grid.cells[i][1] == 0), None)
        # cheap test first: cutting needs two lines of ink in the STT cell (most rows hold one)
        if code is None or len({round(g[BASE]) for g in t.glyphs[code] if not g[SPACE]}) < 2:
            return []
        lines = centred_lines(_build_segments([g for i in members for g in t.glyphs[i]]))
        return [(min(s.top for s in ln), max(s.bottom for s in ln), [w for s in ln for w in _word_extents(s)])
                for ln in lines]

    ys, cells = cut_tall_rows(t.xs, t.ys, t.grid.cells, row_lines)
    if len(ys) == len(t.ys):
        return t
    out = _GridTable(t.bbox, [(t.xs[k], ys[r], t.xs[k + cs], ys[r + rs]) for r, k, rs, cs in cells])
    for glyphs in t.glyphs:
        for g in glyphs:
            out.take(g)
    return out


def _word_extents(seg: _Seg) -> list[tuple[float, float, str]]:
    """A segment's words as (x0, x1, raw text): runs of ink split by space glyphs or empty gaps.
    The text is the glyphs' own (legacy fonts undecoded): enough to see a bullet or a number."""
    out: list[tuple[float, float, str]] = []
    gap = WORD_GAP_EM * seg.size
    cur: Optional[list] = None
    for g in sorted(seg.glyphs, key=lambda g: g[X0]):
        if g[SPACE]:
            if cur:
                out.append((cur[0], cur[1], cur[2]))
            cur = None
            continue
        if cur is not None and g[X0] - cur[1] > gap:
            out.append((cur[0], cur[1], cur[2]))
            cur = None
        if cur is None:
            cur = [g[X0], g[X1], g[TEXT]]
        else:
            cur[1] = max(cur[1], g[X1])
            cur[2] += g[TEXT]
    if cur:
        out.append((cur[0], cur[1], cur[2]))
    return out


def _take_unruled_tables(page: Any, segs: list[_Seg], tables: list[_GridTable],
                         carry: Optional[tuple] = None,
                         furniture: Sequence[_Seg] = ()) -> tuple[list[_Seg], Optional[tuple]]:
    """Annex tables drawn with row rules only or none: their segments become grid tables (added to
    ``tables``). Returns the other segments, and the column boundaries of a table that runs to the
    page's foot (the next page may continue it without a header)."""
    if not carry and not any(len(s.text) <= 12 and _STT_HEADER_RE.match(s.text) for s in segs):
        return segs, None
    phrases = [Phrase(s.x0, s.x1, s.top, s.bottom, s.text, _word_extents(s), s.size, key=k,
                      furniture=any(s is f for f in furniture), bold=s.bold) for k, s in enumerate(segs)]
    hrules = [(o["x0"], o["x1"], (o["top"] + o["bottom"]) / 2) for o in list(page.lines) + list(page.rects)
              if o["bottom"] - o["top"] <= 2 and o["x1"] - o["x0"] > 20 and not _is_shading(o)]
    grids = find_unruled_tables(phrases, hrules, carry=carry)
    if not grids:
        return segs, None
    last = max(grids, key=lambda g: g.bbox[3])
    size = _dominant_size([g for s in segs for g in s.glyphs])
    below = [s for k, s in enumerate(segs) if k not in last.keys and s.top > last.bbox[3] and s.size >= size - 0.5]
    open_cols = None if below else (last.xs, last.roles)
    taken: set[int] = set()
    for grid in grids:
        g = _GridTable(grid.bbox, grid.cell_boxes)
        left: list[list] = []
        for k in sorted(grid.keys):
            for glyph in segs[k].glyphs:
                if not g.take(glyph):
                    left.append(glyph)
        taken |= grid.keys
        tables.append(g)
        segs = segs + _build_segments(left) if left else segs
    return [s for k, s in enumerate(segs) if k not in taken], open_cols


def _is_shading(obj: dict) -> bool:
    """A filled, unstroked area (text highlight, cell shading, page background): not a ruling line."""
    return (
        obj.get("object_type") == "rect"
        and bool(obj.get("fill"))
        and not obj.get("stroke")
        and min(obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]) > 2.0
    )


def _open_column_ends(page: Any) -> list[float]:
    """Where three or more column rules stop with no rule across them: a table ruled by columns only,
    cut by the page break (Word draws no bottom rule there, nor a top rule on the next page)."""
    verts, horiz = Counter(), []
    for o in list(page.lines) + list(page.rects):
        w, h = o["x1"] - o["x0"], o["bottom"] - o["top"]
        if w <= 2 and h > 10:
            verts[round(o["top"])] += 1
            verts[round(o["bottom"])] += 1
        elif h <= 2 and w > 10:
            horiz.append((o["top"] + o["bottom"]) / 2)
    return [float(y) for y, n in verts.items() if n >= 3 and not any(abs(y - h) <= 2 for h in horiz)]


def _find_tables(page: Any) -> list[_GridTable]:
    if not page.lines and not page.rects:
        return []
    out = []
    ruled = page
    if any(_is_shading(r) for r in page.rects):
        ruled = page.filter(lambda o: not _is_shading(o))
    settings = _TABLE_SETTINGS
    ends = _open_column_ends(ruled)
    if ends:
        settings = dict(_TABLE_SETTINGS, explicit_horizontal_lines=ends)
    for t in ruled.find_tables(settings):
        boxes = [c for c in t.cells if c]
        if not boxes:
            continue
        g = _GridTable(t.bbox, boxes)
        if g.n_rows < 1 or g.n_cols < 1 or (g.n_rows == 1 and g.n_cols == 1):
            continue  # a frame around text, not a table
        out.append(g)
    return out


# --------------------------------------------------------------------------------------
# Footnotes and page furniture


def _is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER_RE.match(text.strip()))


def _footnote_rule_y(page: Any, segs: list[_Seg], tables: list[_GridTable]) -> Optional[float]:
    """The top of the short horizontal rule that opens the footnote block, if any."""
    if not segs:
        return None
    left = min(s.x0 for s in segs)
    width = page.width
    best = None
    cands = []
    for ln in page.lines:
        if abs(ln["top"] - ln["bottom"]) <= 2:
            cands.append((ln["x0"], ln["x1"], ln["top"]))
    for rc in page.rects:
        if rc["bottom"] - rc["top"] <= 2:
            cands.append((rc["x0"], rc["x1"], rc["top"]))
    # Word opens a footnote continued from the previous page with a full-width "continuation separator":
    # one lone wide rule low on the page (a chart's grid is many of them)
    wide = [c for c in cands if c[1] - c[0] > 0.5 * width and c[2] > 0.6 * page.height]
    for x0, x1, y in cands:
        w = x1 - x0
        wide_continuation = len(wide) == 1 and w <= 0.98 * width and y > 0.7 * page.height
        if not (15 <= w <= 0.5 * width or wide_continuation) or y < 0.35 * page.height or abs(x0 - left) > 0.1 * width:
            continue
        if any(t.bbox[1] - 2 <= y <= t.bbox[3] + 2 for t in tables):
            continue
        if not any(s.top > y for s in segs):
            continue
        # an underline sits just under a text baseline, over that text; a footnote rule has space above it
        if any(-1.0 <= y - s.base <= 0.25 * s.size and s.x0 - 3 <= x0 and x1 <= s.x1 + 3 for s in segs):
            continue
        if best is None or y < best:
            best = y
    return best


def _split_footnote_zone(
    segs: list[_Seg], page: Any, rule_y: Optional[float], page_size: float
) -> tuple[list[_Seg], list[_Seg]]:
    """Split a page's segments into (body, footnote block)."""
    if rule_y is not None:
        below = [s for s in segs if s.top > rule_y]
        if below:
            first = min(below, key=lambda s: (s.top, s.x0))
            above = [g for s in segs if s.top <= rule_y for g in s.glyphs]
            body_size = _dominant_size(above) if above else page_size
            small = sum(s.size for s in below) / len(below) < body_size - 0.4
            if small or first.lead_note is not None:
                return [s for s in segs if s.top <= rule_y], below
    # No rule: trailing small-font lines at the page foot that open with a number.
    ordered = sorted(segs, key=lambda s: (s.top, s.x0))
    k = len(ordered)
    while k > 0 and ordered[k - 1].size <= page_size - 1.0 and ordered[k - 1].top > 0.5 * page.height:
        k -= 1
    block = ordered[k:]
    if block and k > 0:
        first = block[0]
        if first.lead_note is not None or _FOOTNOTE_START_RE.match(first.text):
            return ordered[:k], block
    return segs, []


def _parse_footnotes(block: list[_Seg], page_no: int, last: Optional[Footnote], refs: set[int]) -> list[Footnote]:
    """Footnotes of one page's block; text before the first number continues ``last``."""
    notes: list[Footnote] = []
    cur = last
    expected = (last.number + 1) if last else 1
    for s in sorted(block, key=lambda s: (s.top, s.x0)):
        num = None
        text = s.text
        if s.lead_note is not None:
            num, text = s.lead_note, s.lead_text
        else:
            m = _FOOTNOTE_START_RE.match(s.text)
            if m:
                n = int(m.group(1))
                if n == expected or n in refs or (cur is None and not notes):
                    num, text = n, m.group(2)
        if num is not None:
            cur = Footnote(number=num, text=text, page=page_no)
            notes.append(cur)
            expected = num + 1
        elif cur is not None:
            cur.text = (cur.text + " " + text).strip() if cur.text else text
        else:
            cur = Footnote(number=expected, text=text, page=page_no)
            notes.append(cur)
            expected += 1
    return notes


_REF_RE = re.compile(r"\[\^(\d+)\]")


def _normkey(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower()).strip()


# --------------------------------------------------------------------------------------
# The reader


def _open(path: str) -> Any:
    import pdfplumber

    try:
        size = os.path.getsize(path)
    except OSError as e:
        raise InputError(f"cannot read file: {e.strerror or e}") from None
    if size == 0:
        raise InputError("empty file")
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        raise InputError("not a PDF file")
    try:
        pdf = pdfplumber.open(path)
        n = len(pdf.pages)
    except Exception as e:  # pdfplumber wraps pdfminer's errors in PdfminerException
        raise InputError(_open_error(e)) from None
    if n == 0:
        pdf.close()
        raise InputError("PDF has no pages")
    return pdf


def _open_error(e: Exception) -> str:
    inner = e.args[0] if e.args and isinstance(e.args[0], Exception) else e
    name = type(inner).__name__
    if "Password" in name or "Encrypt" in name:
        return "encrypted PDF, needs a password"
    if name in ("PSEOF",) or "EOF" in str(inner):
        return "truncated PDF (unexpected end of file)"
    return f"corrupt PDF ({name}: {str(inner)[:80]})" if str(inner) else f"corrupt PDF ({name})"


_ocr_found: list[Optional[Callable]] = []


def _ocr_function() -> Optional[Callable]:
    """The OCR entry point, or None without OCR; imported when a page first needs it (OpenCV is slow to load)."""
    if not _ocr_found:
        try:
            from extractor.readers.ocr import ocr_pdf_page  # noqa: PLC0415 - written by another module, optional
        except Exception:
            ocr_pdf_page = None  # type: ignore[assignment]
        _ocr_found.append(ocr_pdf_page)
    return _ocr_found[0]


class _PageOut:
    """A text-layer page before document-wide passes (footnote chain, margins, running headers, order)."""

    def __init__(self, page: Page, items: list[tuple[float, float, Any]],
                 note_block: Optional[list[_Seg]] = None, refs: Optional[set[int]] = None) -> None:
        self.page = page
        self.items = items  # (top, x0, Line|Table)
        self.note_block = note_block or []  # segments under the footnote rule, parsed once the previous page's note is known
        self.refs = refs or set()  # note numbers referenced in the body
        self.open_cols: Optional[tuple] = None  # (columns, roles) of a rule-less table running off the page's foot


# --------------------------------------------------------------------------------------
# Page workers: pdfplumber's character pass is most of the time, and pages are independent
# until the document-wide passes, so long PDFs are read a chunk of pages per process.

PARALLEL_MIN_PAGES = 6  # fewer pages than this are not worth a process pool
MAX_WORKERS = 8
WORKERS_ENV = "EXTRACT_PDF_WORKERS"  # "1" forces a sequential read; batch workers set it

_worker_pdf: Any = None  # the PDF a page worker process opened for itself


def _available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _worker_count(workers: Optional[int], n_pages: int) -> int:
    """How many processes read pages: 1 means here, sequentially.

    ``workers`` wins, then ``EXTRACT_PDF_WORKERS``; by default one per CPU for a PDF of
    at least PARALLEL_MIN_PAGES pages, and never inside a batch or pool worker (which is
    already one of many processes) or beside other non-daemon threads (forking them is unsafe;
    a progress bar's daemon monitor thread does not count).
    """
    import multiprocessing
    import threading

    if n_pages < 2 or multiprocessing.current_process().daemon:
        return 1
    if workers is None:
        env = os.environ.get(WORKERS_ENV, "").strip()
        if env:
            try:
                workers = int(env)
            except ValueError:
                workers = None
    if workers is not None:
        want = workers
    else:
        if n_pages < PARALLEL_MIN_PAGES or multiprocessing.parent_process() is not None:
            return 1
        if any(t is not threading.current_thread() and not t.daemon for t in threading.enumerate()):
            return 1  # an application's threads may hold locks a forked child would wait on forever
        want = _available_cpus()
    if not hasattr(os, "fork"):
        return 1
    return max(1, min(want, MAX_WORKERS, n_pages))


_PLAIN = (float, int, bool, str, type(None))
_NCS_NAMES: dict[str, Any] = {}
_char_class: Any = None
# pdfminer's LTChar attributes pdfplumber keeps, in pdfminer's order; all but the last
# two are numbers pdfminer computed (or its font name), so only those two need a look
_CHAR_KEYS = ("matrix", "fontname", "adv", "upright", "x0", "y0", "x1", "y1", "width", "height", "size", "mcid", "tag")
_char_specs: dict[tuple, bool] = {}  # an LTChar's attribute names -> whether they are _CHAR_KEYS' layout


def _char_layout(keys: tuple, all_attrs: Any) -> bool:
    got = _char_specs.get(keys)
    if got is None:
        got = _char_specs[keys] = tuple(k for k in keys if k in all_attrs) == _CHAR_KEYS
    return got


def _process_char(page: Any, obj: Any) -> dict:
    """pdfplumber's ``Page.process_object`` for a plain character, without its generic per-attribute walk.

    Gives the very dict pdfplumber would (same keys, order and values; a test holds it to
    that) at a fraction of the cost; anything unusual (a non-character, an attribute layout
    of another pdfminer version, a font name in bytes, a PDF reference as marked-content
    id, Unicode normalisation asked for) goes to pdfplumber's own code.
    """
    global _char_class
    if _char_class is None:
        from pdfminer.layout import LTChar
        from pdfplumber.page import ALL_ATTRS

        _char_class = (LTChar, ALL_ATTRS)
    cls, all_attrs = _char_class
    if obj.__class__ is not cls or page.pdf.unicode_norm is not None:
        return type(page).process_object(page, obj)
    d = obj.__dict__
    fontname, mcid, tag = d.get("fontname"), d.get("mcid"), d.get("tag")
    if (
        fontname.__class__ is not str
        or mcid.__class__ not in _PLAIN
        or tag.__class__ not in _PLAIN
        or d["matrix"].__class__ is not tuple
        or not _char_layout(tuple(d), all_attrs)
    ):
        return type(page).process_object(page, obj)
    attr = {
        "matrix": d["matrix"], "fontname": fontname, "adv": d["adv"], "upright": d["upright"],
        "x0": d["x0"], "y0": d["y0"], "x1": d["x1"], "y1": d["y1"], "width": d["width"], "height": d["height"],
        "size": d["size"], "mcid": mcid, "tag": tag, "object_type": "char", "page_number": page.page_number,
    }
    for cs in ("ncs", "scs"):
        if hasattr(obj, cs):
            name = getattr(obj, cs).name
            got = _NCS_NAMES.get(name) if name.__class__ is str else None
            if got is None:
                from pdfplumber.utils import resolve_and_decode

                got = resolve_and_decode(name)
                if name.__class__ is str:
                    _NCS_NAMES[name] = got
            attr[cs] = got
    attr["text"] = obj.get_text()
    gs = obj.graphicstate
    attr["stroking_color"] = gs.scolor if isinstance(gs.scolor, tuple) else (gs.scolor,)
    attr["non_stroking_color"] = gs.ncolor if isinstance(gs.ncolor, tuple) else (gs.ncolor,)
    mb_x0, mb_top = page.mediabox[:2]
    top = (page.height - attr["y1"]) + mb_top
    attr["top"] = top
    attr["bottom"] = (page.height - attr["y0"]) + mb_top
    attr["doctop"] = page.initial_doctop + top
    if mb_x0 != 0:
        attr["x0"] = attr["x0"] + mb_x0
        attr["x1"] = attr["x1"] + mb_x0
    return attr


def _fast_chars(page: Any) -> Any:
    """The page with pdfplumber's object pass using ``_process_char`` for characters."""
    page.process_object = types.MethodType(_process_char, page)
    return page


def _scan_pages(pdf: Any, indices: Iterable[int], ocr: str) -> list[tuple[bool, Any]]:
    """(usable text layer, _PageOut or an ("ocr", index) placeholder) for each page index."""
    out: list[tuple[bool, Any]] = []
    for idx in indices:
        page = _fast_chars(pdf.pages[idx])
        try:
            chars = page.chars
            usable = page_text_usable(chars)
            # a short clean text layer on a page without images (a signature page) has nothing more to OCR
            want_ocr = ocr == "always" or (
                ocr == "auto" and not usable and (bool(page.images) or any(_is_garbage(c["text"]) for c in chars if c["text"]))
            ) or (ocr == "auto" and usable and bool(page.images) and scan_under_text(page, chars))
            if want_ocr and _ocr_function() is not None:
                out.append((usable, ("ocr", idx)))
            elif not usable and not any(not c["text"].isspace() and not _is_garbage(c["text"]) for c in chars):
                out.append((usable, _PageOut(Page(number=idx + 1, width=float(page.width), height=float(page.height)), [])))
            else:
                out.append((usable, _read_page(page, idx + 1, chars)))
        except InputError:
            raise
        except Exception as e:
            raise InputError(f"corrupt PDF, page {idx + 1} unreadable ({type(e).__name__})") from None
        finally:
            page.close()
    return out


_claims: Any = None  # (lock, next front chunk, next back chunk), shared with the page workers


def _claim(from_back: bool) -> Optional[int]:
    """The next chunk to read: this process takes them from the front, the workers from the back."""
    lock, front, back = _claims
    with lock:
        if front.value > back.value:
            return None
        if from_back:
            back.value -= 1
            return back.value + 1
        front.value += 1
        return front.value - 1


def _worker_init(path: str, claims: Any) -> None:
    """A page worker opens the PDF once and leaves Ctrl-C to the parent.

    It never touches the parent's open PDF it inherited: a forked file offset is shared.
    """
    import signal

    global _worker_pdf, _claims
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ[WORKERS_ENV] = "1"
    _claims = claims
    _worker_pdf = _open(path)


def _worker_loop(chunks: list[tuple[int, int]], ocr: str) -> dict[int, list[tuple[bool, Any]]]:
    out = {}
    while (k := _claim(True)) is not None:
        out[k] = _scan_pages(_worker_pdf, range(*chunks[k]), ocr)
    return out


def _scan_parallel(pdf: Any, path: str, n_pages: int, ocr: str, n_workers: int) -> list[tuple[bool, Any]]:
    """The pages read by this process and ``n_workers - 1`` forked ones, in page order.

    Pages go in small contiguous chunks (table pages cost more than text pages): this
    process takes them from the front with its own ``pdf``, the workers from the back
    with theirs, until they meet. Whatever a worker did not deliver (it died, or hit a
    bad page) is read here in page order, so errors are the sequential read's errors.
    """
    import multiprocessing

    global _claims
    size = max(1, n_pages // (n_workers * 16))  # claims are cheap: small chunks end together
    chunks = [(i, min(i + size, n_pages)) for i in range(0, n_pages, size)]
    results: list[Optional[list[tuple[bool, Any]]]] = [None] * len(chunks)
    ctx = multiprocessing.get_context("fork")
    _claims = (ctx.Lock(), ctx.RawValue("i", 0), ctx.RawValue("i", len(chunks) - 1))
    pool = None
    futures = []
    try:
        try:
            from concurrent.futures import ProcessPoolExecutor

            pool = ProcessPoolExecutor(max_workers=n_workers - 1, mp_context=ctx, initializer=_worker_init,
                                       initargs=(path, _claims))
            futures = [pool.submit(_worker_loop, chunks, ocr) for _ in range(n_workers - 1)]
        except Exception:  # noqa: BLE001 - no pool (fork refused, out of memory): every chunk is read here
            pass
        while (k := _claim(False)) is not None:
            results[k] = _scan_pages(pdf, range(*chunks[k]), ocr)
        for fut in futures:
            try:
                for k, part in fut.result().items():
                    results[k] = part
            except Exception:  # noqa: BLE001 - a dead worker or a bad page: read its chunks here, below
                pass
        for k, part in enumerate(results):
            if part is None:
                results[k] = _scan_pages(pdf, range(*chunks[k]), ocr)
    finally:
        with _claims[0]:  # on an error or Ctrl-C here, workers stop after their current chunk
            _claims[1].value = _claims[2].value + 1
        _claims = None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    return [r for part in results for r in part]  # type: ignore[union-attr]


def _continue_unruled(pdf: Any, scanned: list[tuple[bool, Any]]) -> None:
    """Read again, with the columns known, a page after one that ended inside a table without
    vertical rules, so rows continued without a repeated header are found. Rare, and one page each."""
    for i in range(len(scanned) - 1):
        o, (usable, nxt) = scanned[i][1], scanned[i + 1]
        if not (isinstance(o, _PageOut) and o.open_cols and isinstance(nxt, _PageOut)):
            continue
        if nxt.items and isinstance(min(nxt.items, key=lambda it: it[0])[2], Table):
            continue  # the next page opens with a table of its own (a repeated header was found)
        page = _fast_chars(pdf.pages[i + 1])
        try:
            scanned[i + 1] = (usable, _read_page(page, i + 2, page.chars, carry=o.open_cols))
        finally:
            page.close()


def read_pdf(path: str, ocr: str = "auto", workers: Optional[int] = None) -> Document:
    """Read a PDF into the page model; OCR pages without a usable text layer when ``ocr`` allows it.

    ``workers``: processes that read pages (None: automatic, see ``_worker_count``; 1: sequential).
    The Document is the same whichever way the pages were read.
    """
    if ocr not in ("auto", "always", "never"):
        raise ValueError(f"ocr must be auto, always or never, not {ocr!r}")
    pdf = _open(path)
    n_pages = len(pdf.pages)
    doc = Document(source=path, format="pdf", page_count=n_pages)
    n_workers = _worker_count(workers, n_pages)
    try:
        if n_workers > 1:
            scanned = _scan_parallel(pdf, path, n_pages, ocr, n_workers)
        else:
            scanned = _scan_pages(pdf, range(n_pages), ocr)
        _continue_unruled(pdf, scanned)
    finally:
        pdf.close()

    outs: list[Any] = [o for _u, o in scanned]  # _PageOut, or ("ocr", index) placeholders
    usable_pages = sum(u for u, _o in scanned)
    ocr_pages = [o[1] + 1 for o in outs if isinstance(o, tuple)]
    if usable_pages == 0 and not ocr_pages:
        raise InputError("no text layer, needs OCR (run with --ocr auto)")
    ocr_fn = _ocr_function() if ocr_pages else None

    # footnotes: text above a page's first note number continues the previous page's last note
    last_note: Optional[Footnote] = None
    for o in outs:
        if isinstance(o, _PageOut) and o.note_block:
            notes = _parse_footnotes(o.note_block, o.page.number, last_note, o.refs)  # type: ignore[arg-type]
            if notes:
                o.page.footnotes = [n for n in notes if n is not last_note]
                last_note = notes[-1]

    text_outs = [o for o in outs if isinstance(o, _PageOut)]
    _drop_running_lines(text_outs, len(outs))
    left, right = _margins(text_outs)

    order = 0
    for o in outs:
        if isinstance(o, tuple):
            try:
                pg = ocr_fn(path, o[1], order)  # type: ignore[misc]
            except InputError:
                raise
            except Exception as e:
                raise InputError(f"OCR failed on page {o[1] + 1} ({type(e).__name__}: {str(e)[:80]})") from None
            pg.number = o[1] + 1
            pg.text_source = "ocr"
            items = sorted([*pg.lines, *pg.tables], key=lambda it: it.order)
            for it in items:
                it.order = order
                order += 1
            doc.pages.append(pg)
            continue
        for _top, _x0, it in _reading_order(o.items):
            it.order = order
            order += 1
            if isinstance(it, Line):
                _finish_line(it, left, right)
        doc.pages.append(o.page)
    doc.meta["ocr_pages"] = ocr_pages
    doc.meta["margins"] = (left, right)
    if ocr == "always" and _ocr_function() is None:
        doc.meta["ocr_unavailable"] = True
    return doc


def _read_page(page: Any, number: int, chars: list[dict], carry: Optional[tuple] = None) -> _PageOut:
    """One text-layer page. ``carry``: the columns of a table without vertical rules that the previous
    page ended in."""
    width, height = float(page.width), float(page.height)
    out_page = Page(number=number, width=width, height=height, text_source="text-layer")
    upright, rotated = _glyphs(chars)
    tables = _find_tables(page)
    if tables:
        free = []
        for g in upright:
            for t in tables:
                if t.take(g):
                    break
            else:
                free.append(g)
        free_rot = []
        for g in rotated:
            for t in tables:
                if t.take(g):
                    break
            else:
                free_rot.append(g)
        upright, rotated = free, free_rot
        tables = [_split_tall_rows(t) for t in tables]
    segs = _build_segments(upright)
    segs.extend(_rotated_segments(rotated))
    page_size = _dominant_size([g for s in segs for g in s.glyphs]) if segs else 12.0

    # page numbers: a lone number as the first or last text of the page, in the top/bottom band
    # (unless a table without vertical rules claims it as a cell)
    furniture: list[_Seg] = []
    if segs:
        by_top = sorted(segs, key=lambda s: s.top)
        for s in {id(by_top[0]): by_top[0], id(by_top[-1]): by_top[-1]}.values():
            if (s.top < 0.12 * height or s.bottom > 0.85 * height) and _is_page_number(s.text):
                furniture.append(s)
    segs, open_cols = _take_unruled_tables(page, segs, tables, carry, furniture)
    segs = [s for s in segs if not any(s is f for f in furniture)]

    rule_y = _footnote_rule_y(page, segs, tables)
    body, block = _split_footnote_zone(segs, page, rule_y, page_size)
    refs = {int(n) for s in body for n in _REF_RE.findall(s.text)}
    for s in block:
        s.glyphs = []  # parsed later (in the parent process, when read in parallel): keep it light

    items: list[tuple[float, float, Any]] = []
    for s in body:
        ln = Line(
            text=s.text,
            page=number,
            box=(round(s.x0, 2), round(s.top, 2), round(s.x1, 2), round(s.bottom, 2)),
            size=s.size,
            bold=s.bold,
            italic=s.italic,
        )
        out_page.lines.append(ln)
        items.append((s.top, s.x0, ln))
    for t in tables:
        tb = t.to_table(number)
        out_page.tables.append(tb)
        items.append((tb.box[1], tb.box[0], tb))  # type: ignore[index]
    out = _PageOut(out_page, items, block, refs)
    out.open_cols = open_cols
    return out


def _reading_order(items: list[tuple[float, float, Any]]) -> list[tuple[float, float, Any]]:
    """Top to bottom; items whose tops are within 3 pt are one row, read left to right."""
    items = sorted(items, key=lambda t: t[0])
    out: list[tuple[float, float, Any]] = []
    row: list[tuple[float, float, Any]] = []
    for it in items:
        if row and it[0] - row[0][0] > 3:
            out.extend(sorted(row, key=lambda t: t[1]))
            row = []
        row.append(it)
    out.extend(sorted(row, key=lambda t: t[1]))
    return out


def _drop_running_lines(outs: list[_PageOut], n_pages: int) -> None:
    """Drop running headers/footers: the same text (digits aside) in the top or bottom band of many pages."""
    if len(outs) < 3:
        return
    seen: dict[str, set[int]] = {}
    for o in outs:
        h = o.page.height or 842.0
        for _t, _x, it in o.items:
            if isinstance(it, Line) and (it.box[1] < 0.09 * h or it.box[3] > 0.93 * h):  # type: ignore[index]
                seen.setdefault(_normkey(it.text), set()).add(o.page.number)  # type: ignore[arg-type]
    need = max(3, int(0.5 * len(outs) + 0.5))
    running = {k for k, v in seen.items() if len(v) >= need}
    if not running:
        return
    for o in outs:
        h = o.page.height or 842.0
        keep = []
        for t, x, it in o.items:
            if isinstance(it, Line) and (it.box[1] < 0.09 * h or it.box[3] > 0.93 * h) and _normkey(it.text) in running:  # type: ignore[index]
                o.page.lines.remove(it)
                continue
            keep.append((t, x, it))
        o.items = keep


def _margins(outs: list[_PageOut]) -> tuple[float, float]:
    """The body text's left and right edges: the most common line x0 and x1 across the document.

    Table boxes count too (a table usually spans the text area), which keeps the
    estimate sane for an annex made of one title and one big table.
    """
    x0s: dict[int, list[float]] = {}
    x1s: dict[int, list[float]] = {}
    n = 0
    for o in outs:
        boxes = [ln.box for ln in o.page.lines if ln.box and len(ln.text) > 3]
        boxes += [t.box for t in o.page.tables if t.box]
        for b in boxes:
            x0s.setdefault(round(b[0]), []).append(b[0])
            x1s.setdefault(round(b[2]), []).append(b[2])
            n += 1
    if not n:
        return 0.0, 0.0

    def mode(d: dict[int, list[float]], pick: Callable) -> float:
        # neighbouring integer buckets are one edge (x0 = 84.96 and 85.02 round apart)
        best = max(d, key=lambda k: len(d[k]) + len(d.get(k - 1, [])) + len(d.get(k + 1, [])))
        vals = d[best] + d.get(best - 1, []) + d.get(best + 1, [])
        if len(vals) >= 3 and len(vals) >= 0.2 * n:
            return sum(vals) / len(vals)
        return pick(v for vs in d.values() for v in vs)

    left = mode(x0s, min)
    right = mode(x1s, max)
    if right <= left + 50:
        right = max(v for vs in x1s.values() for v in vs)
    return round(left, 1), round(right, 1)


def _finish_line(ln: Line, left: float, right: float) -> None:
    """Indent from the body margin and a guess at alignment."""
    x0, _t, x1, _b = ln.box  # type: ignore[misc]
    ln.indent = round(x0 - left, 1)
    width = right - left
    if width <= 0:
        return
    tol = max(2.5, 0.01 * width)
    if x0 <= left + tol and x1 >= right - tol:
        ln.align = "justify"
    elif x0 > left + 8 and abs((x0 - left) - (right - x1)) <= max(3.0, 0.05 * ((x0 - left) + (right - x1))):
        ln.align = "center"
    elif x1 >= right - tol and x0 > left + 0.25 * width:
        ln.align = "right"
    else:
        ln.align = "left"
