"""A table's grid: row and column boundaries, its merged cells, and which cell an item falls in.

One grid for every reader. A PDF's ruled table (pdfplumber's cell boxes) and a table rebuilt
from words (``layout.unruled``) give cell boxes: ``Grid.from_boxes`` snaps their edges into
boundaries. A scan's ruling lines give boundaries and the stretches of each rule that are drawn:
``RuledGrid`` merges the grid cells no rule separates. Either way, a word or a glyph goes into the
cell that holds its centre (``Grid.cell_at``).
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Callable, Iterable, Optional, Sequence, TypeVar

T = TypeVar("T")
Box = tuple[float, float, float, float]  # x0, top, x1, bottom
GridCell = tuple[int, int, int, int]  # row, column, row span, column span
Interval = tuple[float, float]


def clusters(items: Iterable[T], tol: float, key: Callable[[T], float]) -> list[list[T]]:
    """Items sorted by ``key`` and cut where one is more than ``tol`` past the previous one."""
    out: list[list[T]] = []
    last = 0.0
    for it in sorted(items, key=key):
        k = key(it)
        if out and k - last <= tol:
            out[-1].append(it)
        else:
            out.append([it])
        last = k
    return out


def snap(values: Iterable[float], tol: float) -> list[float]:
    """Coordinates closer than ``tol`` (in a chain) as one boundary, their mean; in order."""
    return [sum(c) / len(c) for c in clusters(values, tol, float)]


def nearest(bounds: Sequence[float], v: float) -> int:
    """Index of the boundary nearest to ``v`` (``bounds`` sorted)."""
    i = bisect_right(bounds, v)
    if i == 0:
        return 0
    if i == len(bounds):
        return len(bounds) - 1
    return i if bounds[i] - v < v - bounds[i - 1] else i - 1


class Grid:
    """Boundaries ``xs`` and ``ys`` and the cells over them, each (row, col, row span, col span).

    A grid position belongs to the first cell that covers it; a position no cell covers is a hole
    (pdfplumber leaves one where a table's rules do not close a cell).
    """

    __slots__ = ("xs", "ys", "cells", "bbox", "n_rows", "n_cols", "_owner")

    def __init__(self, xs: Sequence[float], ys: Sequence[float], cells: Sequence[GridCell],
                 bbox: Optional[Box] = None) -> None:
        self.xs, self.ys = list(xs), list(ys)
        self.cells = list(cells)
        self.bbox: Box = bbox or (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])
        self.n_rows, self.n_cols = len(self.ys) - 1, len(self.xs) - 1
        self._owner: list[list[Optional[int]]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for idx, (r0, c0, rs, cs) in enumerate(self.cells):
            for r in range(r0, r0 + rs):
                row = self._owner[r]
                for k in range(c0, c0 + cs):
                    if row[k] is None:
                        row[k] = idx

    @classmethod
    def from_boxes(cls, boxes: Iterable[Box], tol: float, bbox: Optional[Box] = None,
                   xs: Optional[Sequence[float]] = None, ys: Optional[Sequence[float]] = None) -> "Grid":
        """The grid of cell boxes: their edges snapped into boundaries (or the boundaries given), each
        box the cell between the boundaries nearest its edges. An empty box and a second box at the
        same top-left grid position are dropped."""
        boxes = list(boxes)
        xs = list(xs) if xs is not None else snap((v for b in boxes for v in (b[0], b[2])), tol)
        ys = list(ys) if ys is not None else snap((v for b in boxes for v in (b[1], b[3])), tol)
        cells: list[GridCell] = []
        seen: set[tuple[int, int]] = set()
        for b in boxes:
            c0, c1 = nearest(xs, b[0]), nearest(xs, b[2])
            r0, r1 = nearest(ys, b[1]), nearest(ys, b[3])
            if c1 <= c0 or r1 <= r0 or (r0, c0) in seen:
                continue
            seen.add((r0, c0))
            cells.append((r0, c0, r1 - r0, c1 - c0))
        return cls(xs, ys, cells, bbox)

    def cell_at(self, x: float, y: float) -> Optional[int]:
        """Index of the cell holding the point (an item's centre); None outside the table or in a hole.
        A point on a boundary belongs to the row or column below or right of it, the last one's far
        edge to the last."""
        x0, top, x1, bottom = self.bbox
        if not (x0 <= x <= x1 and top <= y <= bottom):
            return None
        r = min(max(bisect_right(self.ys, y) - 1, 0), self.n_rows - 1)
        k = min(max(bisect_right(self.xs, x) - 1, 0), self.n_cols - 1)
        return self._owner[r][k]

    def cell_box(self, idx: int) -> Box:
        r, c, rs, cs = self.cells[idx]
        return (self.xs[c], self.ys[r], self.xs[c + cs], self.ys[r + rs])


def plain_boxes(xs: Sequence[float], ys: Sequence[float]) -> list[Box]:
    """The box of every cell of a grid without merged cells, row by row, left to right."""
    return [(xs[k], r0, xs[k + 1], r1) for r0, r1 in zip(ys, ys[1:]) for k in range(len(xs) - 1)]


def coverage(intervals: Iterable[Interval], a: float, b: float) -> float:
    """The share of [a, b] the intervals cover (overlaps counted once each, as rules seldom overlap)."""
    if b <= a:
        return 1.0
    cov = 0.0
    for s, e in sorted(intervals):
        lo, hi = max(a, s), min(b, e)
        if hi > lo:
            cov += hi - lo
    return min(1.0, cov / (b - a))


class RuledGrid:
    """Boundaries found from ruling lines, with the drawn stretches of each (None: drawn all along,
    as the outer frame counts)."""

    def __init__(self, ys: list[float], yiv: list[Optional[list[Interval]]], xs: list[float],
                 xiv: list[Optional[list[Interval]]]) -> None:
        self.ys, self.yiv, self.xs, self.xiv = ys, yiv, xs, xiv

    def has_hsep(self, r: int, c: int) -> bool:
        """A rule between row r-1 and r, over column c."""
        iv = self.yiv[r]
        return iv is None or coverage(iv, self.xs[c] + 2, self.xs[c + 1] - 2) >= 0.5

    def has_vsep(self, r: int, c: int) -> bool:
        """A rule between column c-1 and c, beside row r."""
        iv = self.xiv[c]
        return iv is None or coverage(iv, self.ys[r] + 2, self.ys[r + 1] - 2) >= 0.5

    def merged_cells(self) -> list[GridCell]:
        """The cells, sorted: grid cells no rule separates are one merged cell; a merge that is not a
        rectangle is left as its grid cells rather than invent a span."""
        nr, nc = len(self.ys) - 1, len(self.xs) - 1
        parent = list(range(nr * nc))

        def find(a: int) -> int:
            while parent[a] != a:
                parent[a] = parent[parent[a]]
                a = parent[a]
            return a

        def union(a: int, b: int) -> None:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)

        for r in range(nr):
            for c in range(nc):
                if c + 1 < nc and not self.has_vsep(r, c + 1):
                    union(r * nc + c, r * nc + c + 1)
                if r + 1 < nr and not self.has_hsep(r + 1, c):
                    union(r * nc + c, (r + 1) * nc + c)
        groups: dict[int, list[tuple[int, int]]] = {}
        for r in range(nr):
            for c in range(nc):
                groups.setdefault(find(r * nc + c), []).append((r, c))
        taken = [[False] * nc for _ in range(nr)]
        cells: list[GridCell] = []
        for members in sorted(groups.values(), key=min):
            r0, r1 = min(r for r, _ in members), max(r for r, _ in members)
            c0, c1 = min(c for _, c in members), max(c for _, c in members)
            block = [(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)]
            if len(members) == len(block) and not any(taken[r][c] for r, c in block):
                for r, c in block:
                    taken[r][c] = True
                cells.append((r0, c0, r1 - r0 + 1, c1 - c0 + 1))
            else:
                for r, c in members:
                    if not taken[r][c]:
                        taken[r][c] = True
                        cells.append((r, c, 1, 1))
        cells.sort()
        return cells
