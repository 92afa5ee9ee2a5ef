"""The layout stage on small hand-made boxes: visual lines, grids and tall-row cutting, as every
reader uses them."""

from __future__ import annotations

from extractor.layout.grid import Grid, RuledGrid, clusters, coverage, nearest, plain_boxes, snap
from extractor.layout.lines import centred_lines, group_lines, overlapping_lines, split_at_gaps, tesseract_lines
from extractor.layout.rows import cut_tall_rows, cut_ys, split_rows
from extractor.layout.unruled import Phrase, header_role
from extractor.readers.tesseract import OcrWord


def _word(text: str, x0: int, y0: int, x1: int, y1: int, block: int = 0, line: int = 0) -> OcrWord:
    return OcrWord(text, x0, y0, x1, y1, 90.0, block=block, line=line)


def _phrase(text: str, x0: float, top: float, size: float = 10.0) -> Phrase:
    x1 = x0 + 6 * len(text)
    return Phrase(x0, x1, top, top + size, text, [(x0, x1, text)], size)


# ---------------------------------------------------------------- lines


def test_group_lines_by_baseline_chains_near_keys():
    # (baseline, size): a baseline drifting by less than the tolerance each step stays one line
    glyphs = [(100.0, 10), (101.0, 10), (102.0, 10), (120.0, 10), (100.5, 10)]
    rows = group_lines(glyphs, lambda g: g[0], lambda g, row: g[0] - row[-1][0] <= 0.22 * g[1])
    assert [[g[0] for g in r] for r in rows] == [[100.0, 100.5, 101.0, 102.0], [120.0]]


def test_group_lines_lookback_joins_an_earlier_line():
    # the item at 21 does not join the line at 20..22 it follows, but one of the last two lines it may
    items = [10.0, 20.0, 10.5]
    rows = group_lines(items, lambda v: v if v != 10.5 else 20.5,
                       lambda v, row: abs(v - row[0]) < 1.0 and (v == 10.5) == (row[0] == 10.0), lookback=2)
    assert rows == [[10.0, 10.5], [20.0]]


def test_centred_lines_sorts_left_to_right_and_splits_lines():
    a, b = _phrase("Tên chỉ tiêu", 100, 50), _phrase("STT", 40, 51)
    c = _phrase("1.1", 40, 70)
    rows = centred_lines([c, a, b])
    assert [[p.text for p in r] for r in rows] == [["STT", "Tên chỉ tiêu"], ["1.1"]]


def test_centred_lines_tolerance_is_the_larger_size():
    small = _phrase("a", 0, 100, size=6)  # centre 103
    big = _phrase("B", 20, 96, size=16)  # centre 104: within 0.45 * 16
    assert len(centred_lines([small, big])) == 1
    far = _phrase("C", 40, 110, size=6)  # centre 113
    assert len(centred_lines([small, far])) == 2


def test_overlapping_lines_of_a_cell():
    words = [_word("thủ", 60, 10, 80, 30), _word("Số", 10, 12, 40, 30), _word("tục", 10, 40, 40, 60)]
    assert [[w.text for w in ln] for ln in overlapping_lines(words)] == [["Số", "thủ"], ["tục"]]


def test_tesseract_lines_join_side_by_side_blocks_only():
    left = [_word("CỘNG", 10, 10, 80, 30, block=1, line=1), _word("HÒA", 90, 10, 150, 30, block=1, line=1)]
    right = [_word("UBND", 400, 12, 480, 31, block=2, line=1)]
    below = [_word("Số:", 10, 50, 40, 70, block=1, line=2)]
    # a line overlapping vertically but crossing the row's words horizontally stays apart
    crossing = [_word("x", 100, 11, 120, 30, block=3, line=1)]
    rows = tesseract_lines(left + right + below + crossing)
    assert [[w.text for w in r] for r in rows] == [["CỘNG", "HÒA", "UBND"], ["x"], ["Số:"]]


def test_split_at_gaps():
    line = [_word("a", 0, 0, 10, 10), _word("b", 12, 0, 20, 10), _word("c", 60, 0, 70, 10)]
    assert [[w.text for w in p] for p in split_at_gaps(line, 20)] == [["a", "b"], ["c"]]


# ---------------------------------------------------------------- grid


def test_snap_and_nearest():
    assert snap([10.0, 11.0, 12.0, 30.0, 30.5], 2.5) == [11.0, 30.25]
    assert [len(c) for c in clusters([5, 1, 2, 9], 1, float)] == [2, 1, 1]
    assert nearest([0.0, 10.0, 20.0], 4.0) == 0
    assert nearest([0.0, 10.0, 20.0], 6.0) == 1
    assert nearest([0.0, 10.0, 20.0], 5.0) == 0  # a tie goes to the lower boundary
    assert nearest([0.0, 10.0, 20.0], 99.0) == 2


def test_grid_from_boxes_with_a_merged_header_and_a_hole():
    boxes = [(0, 0, 100, 10.5),  # header over two columns
             (0.5, 10, 50, 20), (50, 10, 100, 20),
             (0, 20, 50, 30)]  # (50..100, 20..30) is a hole
    g = Grid.from_boxes(boxes, 2.5)
    assert (g.n_rows, g.n_cols) == (3, 2)
    assert g.cells == [(0, 0, 1, 2), (1, 0, 1, 1), (1, 1, 1, 1), (2, 0, 1, 1)]
    assert g.cell_at(75, 5) == 0
    assert g.cell_at(75, 15) == 2
    assert g.cell_at(75, 25) is None  # the hole
    assert g.cell_at(150, 15) is None  # outside
    assert g.cell_at(25, 20) == 3  # on a boundary: the cell below it
    assert g.cell_box(0) == (g.xs[0], g.ys[0], g.xs[2], g.ys[1])


def test_plain_boxes_row_by_row():
    assert plain_boxes([0, 1, 2], [0, 5]) == [(0, 0, 1, 5), (1, 0, 2, 5)]
    assert plain_boxes([0, 1], [0, 5, 7]) == [(0, 0, 1, 5), (0, 5, 1, 7)]


def test_grid_drops_a_second_box_at_one_place():
    g = Grid.from_boxes([(0, 0, 10, 10), (0, 0, 20, 10), (10, 0, 20, 10)], 1.0)
    assert g.cells == [(0, 0, 1, 1), (0, 1, 1, 1)]


def test_ruled_grid_merges_cells_no_rule_separates():
    # 2 x 3 grid; the rule between columns 1 and 2 is drawn only beside row 1: a header over two columns
    xs, ys = [0.0, 100.0, 200.0, 300.0], [0.0, 50.0, 100.0]
    g = RuledGrid(ys, [None, [(0, 300)], None], xs, [None, [(0, 100)], [(50, 100)], None])
    assert g.merged_cells() == [(0, 0, 1, 1), (0, 1, 1, 2), (1, 0, 1, 1), (1, 1, 1, 1), (1, 2, 1, 1)]
    assert coverage([(0, 40), (60, 100)], 0, 100) == 0.8


def test_ruled_grid_keeps_a_non_rectangular_merge_apart():
    # an L-shaped region (no rule right of (0,0), none under (0,1)) is left as grid cells
    xs, ys = [0.0, 10.0, 20.0], [0.0, 10.0, 20.0]
    g = RuledGrid(ys, [None, [(0, 10)], None], xs, [None, [(10, 20)], None])
    assert sorted(g.merged_cells()) == [(0, 0, 1, 1), (0, 1, 1, 1), (1, 0, 1, 1), (1, 1, 1, 1)]


# ---------------------------------------------------------------- rows


def _line(top: float, code: str, name: str) -> tuple[float, float, list[tuple[float, float, str]]]:
    words = ([(5.0, 15.0, code)] if code else []) + [(35.0, 35.0 + 6 * len(name), name)]
    return (top, top + 10, words)


def test_cut_ys_at_each_coded_line():
    xs = [0.0, 30.0, 200.0, 260.0]
    lines = [_line(100, "1", "Số cuộc"), _line(112, "", "kiểm tra"), _line(124, "2", "Số vụ"),
             _line(136, "", "- trong đó")]
    # line 1 continues the name; line 2 opens a code; line 3 opens a bullet
    assert cut_ys(lines, xs) == [(122 + 124) / 2, (134 + 136) / 2]


def test_cut_ys_needs_two_codes():
    xs = [0.0, 30.0, 200.0, 260.0]
    header = [_line(10, "S", "Tên chỉ tiêu"), _line(22, "T", "báo cáo")]
    assert cut_ys(header, xs) == []


def test_split_rows_keeps_spans():
    ys = [0.0, 10.0, 100.0]
    cells = [(0, 0, 1, 2), (1, 0, 1, 1), (0, 2, 2, 1), (1, 1, 1, 1)]
    new_ys, new_cells = split_rows(ys, cells, [40.0, 70.0])
    assert new_ys == [0.0, 10.0, 40.0, 70.0, 100.0]
    assert new_cells == [(0, 0, 1, 2), (0, 2, 4, 1), (1, 0, 1, 1), (1, 1, 1, 1), (2, 0, 1, 1), (2, 1, 1, 1),
                         (3, 0, 1, 1), (3, 1, 1, 1)]


def test_cut_tall_rows_asks_each_row_and_leaves_narrow_tables():
    xs, ys = [0.0, 30.0, 200.0, 260.0], [0.0, 20.0, 200.0]
    cells = [(r, c, 1, 1) for r in range(2) for c in range(3)]
    body = [_line(30, "1", "Một"), _line(50, "2", "Hai")]
    asked = []

    def row_lines(r):
        asked.append(r)
        return body if r == 1 else []

    new_ys, new_cells = cut_tall_rows(xs, ys, cells, row_lines)
    assert asked == [0, 1]
    assert new_ys == [0.0, 20.0, 45.0, 200.0] and len(new_cells) == 9
    assert cut_tall_rows(xs[:3], ys, cells, row_lines) == (ys, cells)


def test_header_role_reads_the_annex_aliases():
    assert header_role("STT") == "code"
    assert header_role("  Đơn vị tính: ") == "unit"
    assert header_role("Kết quả") is None
    assert header_role("") is None
