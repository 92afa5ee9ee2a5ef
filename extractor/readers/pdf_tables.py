"""A PDF page's tables: ruled tables (pdfplumber's cells from vector lines), tables ruled by
columns only (their tall rows cut, ``layout.rows``), and annex tables without vertical rules
(rebuilt from the segments, ``layout.unruled``); each a ``layout.grid`` grid taking the glyphs
whose centre falls in a cell.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Optional, Sequence

from extractor import grammar
from extractor.layout.grid import Grid
from extractor.layout.lines import centred_lines
from extractor.layout.rows import RowLine, cut_tall_rows
from extractor.layout.unruled import Phrase, find_unruled_tables
from extractor.model import Cell, Table
from extractor.readers.pdf_glyphs import (
    BASE,
    BOTTOM,
    SPACE,
    TEXT,
    TOP,
    WORD_GAP_EM,
    X0,
    X1,
    Seg,
    build_segments,
    dominant_size,
)

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
_STT_HEADER_RE = grammar.STT_HEADER


class GridTable:
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
            segs = build_segments(glyphs, split=False) if glyphs else []
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


def take_into_tables(glyphs: list[list], tables: list[GridTable]) -> list[list]:
    """Put each glyph into the first table with a cell under its centre; the glyphs no table took."""
    free = []
    for g in glyphs:
        for t in tables:
            if t.take(g):
                break
        else:
            free.append(g)
    return free


def split_tall_rows(t: GridTable) -> GridTable:
    """A table ruled by columns only (a frame, column rules, a rule under the header): its body is one
    grid row holding every indicator. Such a row is cut where its lines open rows (``layout.rows``)."""

    def row_lines(r: int) -> list[RowLine]:
        members = [i for i, c in enumerate(t.grid.cells) if c[0] == r and c[2] == 1]
        code = next((i for i in members if t.grid.cells[i][1] == 0), None)
        # cheap test first: cutting needs two lines of ink in the STT cell (most rows hold one)
        if code is None or len({round(g[BASE]) for g in t.glyphs[code] if not g[SPACE]}) < 2:
            return []
        lines = centred_lines(build_segments([g for i in members for g in t.glyphs[i]]))
        return [(min(s.top for s in ln), max(s.bottom for s in ln), [w for s in ln for w in word_extents(s)])
                for ln in lines]

    ys, cells = cut_tall_rows(t.xs, t.ys, t.grid.cells, row_lines)
    if len(ys) == len(t.ys):
        return t
    out = GridTable(t.bbox, [(t.xs[k], ys[r], t.xs[k + cs], ys[r + rs]) for r, k, rs, cs in cells])
    for glyphs in t.glyphs:
        for g in glyphs:
            out.take(g)
    return out


def word_extents(seg: Seg) -> list[tuple[float, float, str]]:
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


def take_unruled_tables(page: Any, segs: list[Seg], tables: list[GridTable],
                         carry: Optional[tuple] = None,
                         furniture: Sequence[Seg] = ()) -> tuple[list[Seg], Optional[tuple]]:
    """Annex tables drawn with row rules only or none: their segments become grid tables (added to
    ``tables``). Returns the other segments, and the column boundaries of a table that runs to the
    page's foot (the next page may continue it without a header)."""
    if not carry and not any(len(s.text) <= 12 and _STT_HEADER_RE.match(s.text) for s in segs):
        return segs, None
    phrases = [Phrase(s.x0, s.x1, s.top, s.bottom, s.text, word_extents(s), s.size, key=k,
                      furniture=any(s is f for f in furniture), bold=s.bold) for k, s in enumerate(segs)]
    hrules = [(o["x0"], o["x1"], (o["top"] + o["bottom"]) / 2) for o in list(page.lines) + list(page.rects)
              if o["bottom"] - o["top"] <= 2 and o["x1"] - o["x0"] > 20 and not _is_shading(o)]
    grids = find_unruled_tables(phrases, hrules, carry=carry)
    if not grids:
        return segs, None
    last = max(grids, key=lambda g: g.bbox[3])
    size = dominant_size([g for s in segs for g in s.glyphs])
    below = [s for k, s in enumerate(segs) if k not in last.keys and s.top > last.bbox[3] and s.size >= size - 0.5]
    open_cols = None if below else (last.xs, last.roles)
    taken: set[int] = set()
    for grid in grids:
        g = GridTable(grid.bbox, grid.cell_boxes)
        left: list[list] = []
        for k in sorted(grid.keys):
            for glyph in segs[k].glyphs:
                if not g.take(glyph):
                    left.append(glyph)
        taken |= grid.keys
        tables.append(g)
        segs = segs + build_segments(left) if left else segs
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
    verts: Counter[int] = Counter()
    horiz: list[float] = []
    for o in list(page.lines) + list(page.rects):
        w, h = o["x1"] - o["x0"], o["bottom"] - o["top"]
        if w <= 2 and h > 10:
            verts[round(o["top"])] += 1
            verts[round(o["bottom"])] += 1
        elif h <= 2 and w > 10:
            horiz.append((o["top"] + o["bottom"]) / 2)
    return [float(y) for y, n in verts.items() if n >= 3 and not any(abs(y - h) <= 2 for h in horiz)]


def find_tables(page: Any) -> list[GridTable]:
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
        g = GridTable(t.bbox, boxes)
        if g.n_rows < 1 or g.n_cols < 2:
            continue  # a frame (a page border, a box around prose or a title): its text is body text
        out.append(g)
    return out
