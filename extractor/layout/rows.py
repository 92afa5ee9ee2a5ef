"""Tall rows of a table ruled by columns only, cut into the rows they hold (text-layer PDF and OCR).

A table drawn with a frame, column rules and one rule under the header has its whole body in one
grid row. Each reader hands over the visual lines of such a row; the row is cut between two lines
where ``layout.unruled.tall_row_cuts`` says the lower one opens a row of its own (a code or a capital
in the STT column, a bullet opening the name), as the rows would have been ruled.
"""

from __future__ import annotations

from typing import Callable, Sequence

from .unruled import tall_row_cuts

# A visual line of a row: its top, its bottom and its words as (x0, x1, text).
RowLine = tuple[float, float, Sequence[tuple[float, float, str]]]
# A grid cell: (row, column, row span, column span).
GridCell = tuple[int, int, int, int]


def cut_ys(lines: Sequence[RowLine], xs: Sequence[float]) -> list[float]:
    """Where one tall row is cut: half-way between the line above and each line that opens a row.
    ``xs``: the column boundaries (the STT column first, the name column second)."""
    cols = [([t for a, b, t in words if (a + b) / 2 < xs[1]],
             [t for a, b, t in words if xs[1] <= (a + b) / 2 < xs[2]]) for _top, _bottom, words in lines]
    return [(lines[k - 1][1] + lines[k][0]) / 2 for k in tall_row_cuts(cols)]


def split_rows(ys: Sequence[float], cells: Sequence[GridCell],
               cuts: Sequence[float]) -> tuple[list[float], list[GridCell]]:
    """The grid with new row boundaries at ``cuts``: a one-row cell becomes one cell per new row, a
    cell spanning rows keeps spanning them all."""
    new_ys = sorted(set(ys) | set(cuts))
    out: list[GridCell] = []
    for r, c, rs, cs in cells:
        a, b = new_ys.index(ys[r]), new_ys.index(ys[r + rs])
        if rs == 1:
            out.extend((k, c, 1, cs) for k in range(a, b))
        else:
            out.append((a, c, b - a, cs))
    return new_ys, sorted(out)


def cut_tall_rows(xs: Sequence[float], ys: Sequence[float], cells: Sequence[GridCell],
                  row_lines: Callable[[int], Sequence[RowLine]]) -> tuple[list[float], list[GridCell]]:
    """The grid (row boundaries and cells) with each tall row cut where its lines open rows.

    ``row_lines(r)``: the visual lines of grid row ``r``, or none when the reader's cheap test says
    the row holds one line in its STT cell (most rows: the test keeps ordinary ruled tables cheap).
    A table of fewer than three columns is never cut.
    """
    if len(xs) < 4:
        return list(ys), list(cells)
    cuts: list[float] = []
    for r in range(len(ys) - 1):
        lines = row_lines(r)
        if lines:
            cuts.extend(cut_ys(lines, xs))
    if not cuts:
        return list(ys), list(cells)
    return split_rows(ys, cells, cuts)
