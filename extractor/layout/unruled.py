"""Annex tables printed without vertical rules: only row rules, or no rules at all.

pdfplumber's ruled-table finder needs both vertical and horizontal lines, so a table drawn
with row rules only (a common Word/Excel style) or with no borders reaches the reader as
loose text lines, and a line like ``1.1.1 Số cuộc kiểm tra`` or ``Triệu đồng 34.227,3`` runs
across two cells. This module rebuilds the grid from the text itself, anchored on the one
thing every annex has: a header row that names an STT column next to an indicator-name
column (the aliases in ``patterns/annex.toml``).

* Columns come from the header cells: stacked header lines over one column are one column,
  a header over several columns (``Kết quả thực hiện`` over ``Kế hoạch | Thực hiện``) is a
  merged cell. Each boundary is put in the widest x-gap the body's words leave free between
  two header cells, so a long name that overruns its header still stays in its column.
* The body ends at the table's last row rule, at a wide vertical gap, or at the first line
  with a word across a column boundary (running text after the table).
* Rows are the row rules when there are any; otherwise a new row starts where the STT
  column has text, and lines without it are the wrapped rest of the row above.

It works on plain geometry (phrases with word extents, horizontal rules), so any reader
with word boxes can use it; the PDF reader turns its output into its usual grid.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from statistics import median
from typing import Callable, Optional

from .. import grammar, patterns
from ..vntext.marks import strip_marks
from .grid import plain_boxes
from .lines import centred_lines

Box = tuple[float, float, float, float]
InkProbe = Callable[[float, float, float, float], bool]  # (x0, top, x1, bottom) holds ink

GAP_END_EM = 2.4  # a vertical gap wider than this (in line heights) ends a table without rules
RULE_SPAN = 0.5  # a row rule spans at least this fraction of the table's width
PARAGRAPH_SPAN = 0.8  # one line segment wider than this fraction of the table is running text
HEADER_REACH_EM = 3.5  # header lines sit within this many line heights of the STT header


@dataclass
class Phrase:
    """One line segment: its box, text and its words as (x0, x1, text)."""

    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    words: list[tuple[float, float, str]]
    size: float
    key: int = 0  # the caller's handle for the segment
    furniture: bool = False  # looks like a page number: a cell only where row rules enclose it
    bold: bool = False


@dataclass
class UnruledGrid:
    """A rebuilt grid: cell boxes (merged header cells included) and the phrases it takes."""

    bbox: Box
    cell_boxes: list[Box]
    keys: set[int] = field(default_factory=set)
    rules: bool = False
    xs: list[float] = field(default_factory=list)  # column boundaries, for a continuation on the next page
    roles: list[Optional[str]] = field(default_factory=list)  # header role of each column (None: values)


def _is_caption(text: str) -> bool:
    t = " ".join(text.lower().split())  # a form's name ("Biểu mẫu 01: ..."), not a header's "Kết quả"
    starts = patterns.load("annex")["caption"]["numbered"] + ["phụ lục", "tổng hợp"]
    return any(t.startswith(p.strip()) for p in starts)


def header_role(text: str) -> Optional[str]:
    """The role (code, name, unit, note) a column header names by the aliases of ``patterns/annex.toml``,
    or None for a value column: the same match the annex interpreter makes, read from the same data
    (the layout stage needs it to find a header, and never imports an interpreter)."""
    t = " ".join(unicodedata.normalize("NFC", text or "").split()).lower().rstrip(":").strip()
    if not t:
        return None
    roles = patterns.load("annex")["roles"]
    for role in ("code", "unit", "note", "name"):
        spec = roles[role]
        if t in spec["exact"] or any(t.startswith(p) for p in spec["prefix"]):
            return role
    return None


def _role(text: str) -> Optional[str]:
    """The header role of a text; a scan's header that lost its marks ("Chi tiêu thông kê") is
    matched without them."""
    role = header_role(text)
    if role is None and text:
        role = _bare_roles().get(" ".join(strip_marks(text).lower().split()).rstrip(":"))
    return role


@lru_cache(maxsize=1)
def _bare_roles() -> dict[str, str]:
    out: dict[str, str] = {}
    for role in ("code", "unit", "note", "name"):
        for alias in patterns.load("annex")["roles"][role]["exact"]:
            out.setdefault(" ".join(strip_marks(alias).lower().split()), role)
    return out


def _top(row: list[Phrase]) -> float:
    return min(p.top for p in row)


def _bottom(row: list[Phrase]) -> float:
    return max(p.bottom for p in row)


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def _columns(header: list[Phrase]) -> tuple[list[tuple[float, float]], list[Phrase]]:
    """Column extents from the header phrases, and the phrases that span several columns."""
    spanners = []
    for p in header:
        under = [q for q in header if q is not p and q.top > p.bottom - 1 and _overlap(p.x0, p.x1, q.x0, q.x1) > 1]
        # two phrases side by side under p, apart from each other: p heads both
        if any(_overlap(a.x0, a.x1, b.x0, b.x1) < -2 for i, a in enumerate(under) for b in under[i + 1:]):
            spanners.append(p)
    leaves = sorted((p for p in header if p not in spanners), key=lambda p: p.x0)
    cols: list[list[float]] = []
    for p in leaves:
        for c in cols:
            if _overlap(p.x0, p.x1, c[0], c[1]) > -1:
                c[0], c[1] = min(c[0], p.x0), max(c[1], p.x1)
                break
        else:
            cols.append([p.x0, p.x1])
    cols.sort()
    merged: list[list[float]] = []
    for c in cols:  # a wide leaf may have joined two clusters: fold overlaps once more
        if merged and c[0] <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], c[1])
        else:
            merged.append(c)
    return [(a, b) for a, b in merged], spanners


def _split_at_gutters(cols: list[tuple[float, float]], body: list[list[Phrase]],
                      size: float) -> list[tuple[float, float]]:
    """Split a header column the body shows to be two: an empty stretch with words on both sides
    in several lines (a header cell misread into its neighbour, as OCR does with stacked headers)."""
    out: list[tuple[float, float]] = []
    for a0, a1 in cols:
        inside = [(w[0], w[1], k) for k, r in enumerate(body) for p in r for w in p.words
                  if w[0] >= a0 - size and w[1] <= a1 + size]
        cut = None
        if len(inside) >= 4:
            inside.sort()
            reach = inside[0][1]
            for i in range(1, len(inside)):
                x0 = inside[i][0]
                if x0 - reach >= 0.9 * size:
                    left_rows = {k for _a, _b, k in inside[:i]}
                    right_rows = {k for _a, _b, k in inside[i:]}
                    if len(left_rows) >= 2 and len(right_rows) >= 2:
                        cut = (reach, x0)
                        break
                reach = max(reach, inside[i][1])
        if cut is None:
            out.append((a0, a1))
        else:
            out.extend([(a0, cut[0]), (cut[1], a1)])
    return out


def _running_text(p: Phrase, width: float) -> bool:
    """A line of running text: one segment over most of the table's width with only word spaces in it
    (cells that a line segment runs together keep their padding between them)."""
    if p.x1 - p.x0 <= PARAGRAPH_SPAN * width:
        return False
    gaps = [b[0] - a[1] for a, b in zip(p.words, p.words[1:])]
    return not gaps or max(gaps) < 0.7 * p.size


def _boundary(lo: float, hi: float, words: list[tuple[float, float, str]]) -> float:
    """The middle of the widest stretch of [lo, hi] the body's words leave free (least covered)."""
    if hi - lo < 1:
        return (lo + hi) / 2
    step = 0.5
    n = int((hi - lo) / step) + 1
    cover = [0] * n
    for a, b, _t in words:
        if b < lo or a > hi:
            continue
        i0 = max(0, int((a - lo) / step))
        i1 = min(n - 1, int((b - lo) / step))
        for i in range(i0, i1 + 1):
            cover[i] += 1
    least = min(cover)
    best, run_start, best_span = None, None, (0, 0)
    for i in range(n + 1):
        if i < n and cover[i] == least:
            if run_start is None:
                run_start = i
        elif run_start is not None:
            if best is None or i - run_start > best_span[1] - best_span[0]:
                best, best_span = True, (run_start, i)
            run_start = None
    a, b = best_span
    return lo + (a + b - 1) / 2 * step


def _straddles(row: list[Phrase], xs: list[float]) -> bool:
    return any(w[0] + 1 < x < w[1] - 1 for p in row for w in p.words for x in xs[1:-1])


def _anchor(rows: list[list[Phrase]], i: int, p: Phrase, lh: float) -> Optional[Phrase]:
    """p as the STT header, alone or with the lines a narrow column wrapped it into ("ST" / "T")."""
    if len(p.text) > 12:
        return None
    if _role(p.text) == "code":
        return p
    parts = [p]
    for r in rows[i + 1:i + 6]:
        q = next((q for q in r if _overlap(q.x0, q.x1, p.x0, p.x1) > 0), None)
        if q is None:
            if _top(r) - parts[-1].bottom > 0.6 * lh:
                break
            continue  # a line of the other header cells between two lines of this one
        if q.top - parts[-1].bottom > 0.6 * lh or len(q.text) > 6:
            break
        parts.append(q)
        text = " ".join(x.text for x in parts)
        if _role(text) == "code" or _role(text.replace(" ", "")) == "code":
            return Phrase(min(x.x0 for x in parts), max(x.x1 for x in parts), p.top, q.bottom, text,
                          [w for x in parts for w in x.words], p.size, key=-1, bold=p.bold)
    return None


def find_unruled_tables(phrases: list[Phrase], hrules: list[tuple[float, float, float]],
                        line_height: Optional[float] = None,
                        carry: Optional[tuple[list[float], list[Optional[str]]]] = None,
                        ink: Optional[InkProbe] = None) -> list[UnruledGrid]:
    """Every annex table the phrases hold whose header names an STT and an indicator-name column.

    ``carry``: the column boundaries and header roles of a table the previous page ended in; lines at the top of
    this page that fit them are its continuation even without a repeated header.
    ``ink``: for a scan, whether a box holds ink; an STT cell the OCR missed ("4.") still opens a row.
    """
    rows = centred_lines(phrases)
    if not rows:
        return []
    lh = line_height or median(p.bottom - p.top for p in phrases) * 1.3
    out: list[UnruledGrid] = []
    i = 0
    if carry:
        cont = _continuation(rows, carry[0], hrules, lh, carry[1], ink)
        if cont is not None:
            out.append(cont[0])
            i = cont[1]
    while i < len(rows):
        anchor = next((a for a in (_anchor(rows, i, p, lh) for p in rows[i]) if a is not None), None)
        if anchor is None:
            anchor = _lost_code_header(rows, i, lh)
        grid = _table_at(rows, i, anchor, hrules, lh, ink) if anchor else None
        if grid is None:
            i += 1
            continue
        out.append(grid[0])
        i = grid[1]
    return out


_BULLET = ("-", "+", "*", "•", "–", "·")


def _is_number(t: str) -> bool:
    t = t.strip().rstrip("%")
    return bool(t) and all(c.isdigit() or c in ".,-" for c in t) and any(c.isdigit() for c in t)


def _opens_code_cell(words: list[str]) -> bool:
    """STT-column text that opens a cell: a code (I, 1.2, a)) or a capital / sign, not the lower-case
    rest of a word the narrow column wrapped ("Tro" / "ng đó")."""
    if not words:
        return False
    t = words[0]
    if t[:1].isalpha() and t[:1].islower():
        # "a)" opens a cell; so does a misread number ("l2:"); a bare lower-case word goes on one
        return (len(t) == 2 and t[1] in ").:") or not t.isalpha()
    return True


def tall_row_cuts(lines: list[tuple[list[str], list[str]]]) -> list[int]:
    """The lines of one tall grid row (a table ruled by columns only) that open a row of their own,
    each given as (STT-column words, name-column words): a code or a capital in the STT column, or a
    bullet opening the name. None unless two lines carry codes, as only a body does (a header's
    wrapped lines never)."""
    opens, coded = [], 0
    for code, name in lines:
        coded += bool(code and _CODE_WORD.match(code[0].strip(",;:")))
        opens.append(_opens_code_cell(code) or (not code and bool(name) and name[0][:1] in _BULLET))
    return [k for k in range(1, len(lines)) if opens[k]] if coded >= 2 else []


def _row_starts(body: list[list[Phrase]], xs: list[float], roles: list[Optional[str]],
                ink: Optional[InkProbe] = None) -> list[int]:
    """Lines of a table without row rules that open a row: text (or, on a scan, unread ink) in the
    STT column, a bullet opening the name, or a number in a value column that the row being built
    already has one in."""
    name_k = roles.index("name") if "name" in roles else 1
    value_ks = {k for k, r in enumerate(roles) if r is None and k > name_k}

    def col_words(line: list[Phrase]) -> dict[int, list[str]]:
        out: dict[int, list[str]] = {}
        for p in line:
            for w in p.words:
                cx = (w[0] + w[1]) / 2
                k = next((j for j in range(len(xs) - 1) if xs[j] <= cx < xs[j + 1]), None)
                if k is not None:
                    out.setdefault(k, []).append(w[2])
        return out

    starts = [0]
    have: set[int] = set()
    for k, line in enumerate(body):
        words = col_words(line)
        numbers = {j for j in value_ks if any(_is_number(t) for t in words.get(j, []))}
        lead = words.get(name_k, [""])[0][:1]
        if k and (_opens_row(line, xs, ink) or (lead in _BULLET and lead) or numbers & have):
            starts.append(k)
            have = set()
        have |= numbers
    return starts


def _opens_row(line: list[Phrase], xs: list[float], ink: Optional[InkProbe]) -> bool:
    """The line opens an STT cell: a code in that column, or on a scan unread ink there."""
    words = [w[2] for p in line for w in p.words if xs[0] <= (w[0] + w[1]) / 2 < xs[1]]
    if words:
        return _opens_code_cell(words)
    return ink is not None and ink(xs[0], _top(line), xs[1], _bottom(line))


def _split_bands(ys: list[float], body: list[list[Phrase]], xs: list[float],
                 ink: Optional[InkProbe] = None) -> list[float]:
    """Row rules a scan lost: a band between two rules that holds two lines opening an STT cell is
    two rows."""
    out = list(ys)
    for y0, y1 in zip(ys, ys[1:]):
        band = [r for r in body if y0 < (_top(r) + _bottom(r)) / 2 < y1]
        for prev, line in zip(band, band[1:]):
            if _opens_row(line, xs, ink):
                out.append((_bottom(prev) + _top(line)) / 2)
    return sorted(out)


def _row_rules(hrules: list[tuple[float, float, float]], left: float, right: float,
               min_y: float = float("-inf")) -> list[float]:
    """Heights of the rules that run across most of the table: row rules."""
    width = right - left
    return sorted({round(y, 1) for x0, x1, y in hrules
                   if x1 - x0 >= RULE_SPAN * width and _overlap(x0, x1, left, right) >= RULE_SPAN * width
                   and y >= min_y})


def _rule_run(rules: list[float], lh: float) -> list[float]:
    """The rules of one table: from the first, until a stretch too tall for a row (another table)."""
    run = rules[:1]
    for y in rules[1:]:
        if y - run[-1] > 25 * lh:
            break
        run.append(y)
    return run


def _body_ys(body: list[list[Phrase]], xs: list[float], roles: list[Optional[str]], ink: Optional[InkProbe],
             start: float, rules: list[float]) -> list[float]:
    """Row boundaries from ``start`` down: the row rules (and rows a scan lost between two), or
    without rules the lines that open a row."""
    if rules:
        ys = [start] + [y for y in rules if y > start + 1]
        if ys[-1] < _bottom(body[-1]):
            ys.append(_bottom(body[-1]) + 2)
        return _split_bands(ys, body, xs, ink)
    ys = [start]
    for k in _row_starts(body, xs, roles, ink)[1:]:
        ys.append((_bottom(body[k - 1]) + _top(body[k])) / 2)
    ys.append(_bottom(body[-1]) + 2)
    return ys


def _continuation(rows: list[list[Phrase]], xs: list[float], hrules: list[tuple[float, float, float]],
                  lh: float, roles: Optional[list[Optional[str]]] = None,
                  ink: Optional[InkProbe] = None) -> Optional[tuple[UnruledGrid, int]]:
    """The rows at the top of a page that continue a table cut by the page break (columns ``xs``)."""
    left, right = xs[0], xs[-1]
    n = 0
    while n < len(rows):
        r = rows[n]
        if n and _top(r) - _bottom(rows[n - 1]) > GAP_END_EM * lh:
            break
        if all(p.furniture for p in r) and not hrules:
            break
        if any(p.x0 < left - 2 or p.x1 > right + 2 or _running_text(p, right - left) for p in r) or _straddles(r, xs):
            break
        if _anchor_row(rows, n, lh):
            break  # a header: the page starts a table of its own
        n += 1
    if n < 1:
        return None
    body = rows[:n]
    span_rules = _row_rules(hrules, left, right)
    top = _top(body[0]) - 2
    ends: list[float] = []
    if span_rules:
        above = [y for y in span_rules if y <= _top(body[0]) + 0.4 * lh]
        top = above[-1] if above else top
        ends = _rule_run([y for y in span_rules if y > top], lh)
        while body and ends and _top(body[-1]) > ends[-1]:
            body.pop()
        if not body:
            return None
    ys = _body_ys(body, xs, roles or [None] * (len(xs) - 1), ink, top, ends)
    cells = plain_boxes(xs, ys)
    keys = {p.key for r in body for p in r}
    return UnruledGrid(bbox=(xs[0], ys[0], xs[-1], ys[-1]), cell_boxes=cells, keys=keys,
                       rules=bool(span_rules), xs=list(xs), roles=list(roles or [])), len(body)


_PHANTOM = -2  # key of a stand-in for an STT header the page lost
_CODE_WORD = grammar.STT_CODE_OPENING


def _lost_code_header(rows: list[list[Phrase]], i: int, lh: float) -> Optional[Phrase]:
    """A header row whose STT cell the page lost (a scan's narrow wrapped "ST"/"T"): an indicator-name
    header with codes (I, 1.1, a)) opening most of the lines below it, left of it."""
    name = next((p for p in rows[i] if len(p.text) <= 40 and _role(p.text) == "name"), None)
    if name is None or any(_anchor(rows, j, p, lh) for j in range(max(0, i - 3), min(len(rows), i + 4))
                           for p in rows[j]):
        return None
    codes, lines = [], 0
    for r in rows[i + 1:i + 20]:
        first = r[0].words[0] if r[0].words else None
        if first is None or first[1] > name.x0 - 2:
            continue
        lines += 1
        if _CODE_WORD.match(first[2]):
            codes.append(first)
    if len(codes) < 3 or len(codes) < 0.25 * lines:  # the other lines: names wrapped under a centred header
        return None
    x0, x1 = min(w[0] for w in codes), max(w[1] for w in codes)
    return Phrase(x0, x1, name.top, name.bottom, "", [], name.size, key=_PHANTOM, bold=name.bold)


def _anchor_row(rows: list[list[Phrase]], i: int, lh: float) -> bool:
    return any(_anchor(rows, i, p, lh) is not None for p in rows[i])


def _table_at(rows: list[list[Phrase]], a: int, anchor: Phrase, hrules: list[tuple[float, float, float]],
              lh: float, ink: Optional[InkProbe] = None) -> Optional[tuple[UnruledGrid, int]]:
    # ---- header band: short lines stacked tightly around the STT header, right of it
    reach = HEADER_REACH_EM * lh
    first = a
    while first > 0:
        r = rows[first - 1]
        if _top(rows[first]) - _bottom(r) > 0.9 * lh or anchor.top - _bottom(r) > reach:
            break
        if any(p.x0 < anchor.x0 - 2 * lh or p.x1 - p.x0 > 12 * lh or _is_caption(p.text) for p in r):
            break  # a caption or running text above the header
        first -= 1
    last = a  # the body starts at the first line below with text in the STT column
    code_lo, code_hi = anchor.x0 - lh, anchor.x1 + lh
    while last + 1 < len(rows):
        r = rows[last + 1]
        if _top(r) - _bottom(rows[last]) > 1.5 * lh or _top(r) - anchor.bottom > reach:
            break
        if _top(r) > anchor.bottom - 1 and any(_overlap(p.x0, p.x1, code_lo, code_hi) > 0 for p in r):
            break
        if anchor.bold and _top(r) > anchor.bottom - 1 and not any(p.bold for p in r):
            break  # a bold header ends where plain text starts (the rest of a row cut by the page break)
        last += 1
    header = [p for r in rows[first:last + 1] for p in r if p.x1 > anchor.x0 - 2]
    if anchor.key == _PHANTOM:
        header.append(anchor)
    if not any(_role(p.text) == "name" for p in header):
        return None
    cols, spanners = _columns(header)
    if len(cols) < 3 or not (cols[0][0] - 1 <= anchor.x0 and anchor.x1 <= cols[0][1] + 1):
        return None
    head_top = min(p.top for p in header)
    head_bottom = max(p.bottom for p in header)
    left, right = cols[0][0], cols[-1][1]

    # ---- body candidates: down to a wide gap, the page's text leaving the table's span, or the rules' end
    body_end = last + 1
    while body_end < len(rows):
        r = rows[body_end]
        prev_bottom = _bottom(rows[body_end - 1])
        if body_end > last + 1 and _top(r) - prev_bottom > GAP_END_EM * lh and not hrules:
            break
        if all(p.furniture for p in r) and not hrules:
            break
        if any(p.x0 < left - 2 * lh or _running_text(p, right - left) for p in r):
            break
        body_end += 1
    span_rules = _row_rules(hrules, left, right, head_top - lh)
    if span_rules:
        # rows sit between rules; the table ends with the last rule of its run
        kept = [y for y in span_rules if y > head_bottom]
        if not kept:
            return None
        table_bottom = _rule_run(kept, lh)[-1]
        # past the last rule only a row cut by the page's foot goes on: lines close under it
        k = last + 1
        while k < body_end and _top(rows[k]) <= table_bottom:
            k += 1
        while (k < body_end and k > last + 1 and _top(rows[k]) - _bottom(rows[k - 1]) <= GAP_END_EM * lh
               and not all(p.furniture for p in rows[k])):
            k += 1
        body_end = k
    body = rows[last + 1:body_end]
    if not body:
        return None

    cols = _split_at_gutters(cols, body, median(p.size for r in body for p in r))

    # ---- column boundaries, then cut the body at the first line that crosses one
    xs: list[float] = []
    for _ in range(3):
        words = [w for r in body for p in r for w in p.words]
        xs = [min(left, min(w[0] for w in words)) - 2]
        for (a0, a1), (b0, b1) in zip(cols, cols[1:]):
            lo, hi = (a1, b0) if b0 - a1 >= 1 else ((a0 + a1) / 2, (b0 + b1) / 2)
            xs.append(_boundary(lo, hi, words))
        xs.append(max(right, max(w[1] for w in words)) + 2)
        cut = next((k for k, r in enumerate(body) if _straddles(r, xs)), None)
        if cut is None:
            break
        body = body[:cut]
        if not body:
            return None
    if len(body) < 1 or any(b - a < 2 for a, b in zip(xs, xs[1:])):
        return None

    # ---- rows
    roles = [_role(" ".join(p.text for p in header if p not in spanners and _overlap(p.x0, p.x1, xs[k], xs[k + 1]) > 2))
             for k in range(len(cols))]
    top = head_top - 2
    if span_rules:
        above = [y for y in span_rules if y <= head_top + 0.4 * lh]  # a scan's marks may touch the rule
        if above:
            top = above[-1]
        body_top = min(_top(r) for r in body)
        inner = [y for y in span_rules if head_bottom < y <= table_bottom]
        head_end = max([y for y in inner if y <= body_top + 1] or [(head_bottom + body_top) / 2])
        ys = [top] + _body_ys(body, xs, roles, ink, head_end, [y for y in inner if y > head_end + 1])
    else:
        ys = [top] + _body_ys(body, xs, roles, ink, (head_bottom + _top(body[0])) / 2, [])

    cells: list[Box] = []
    # ---- header cells: cut by short rules inside the header and under spanning headers, then a
    # spanning header's pieces merged into one cell
    h0, h1 = ys[0], ys[1]
    ncol = len(cols)
    cuts: dict[int, set[float]] = {k: set() for k in range(ncol)}
    for x0, x1, y in hrules:
        if h0 + 0.4 * lh < y < h1 - 0.4 * lh:
            for k in range(ncol):
                if _overlap(x0, x1, xs[k], xs[k + 1]) > 0.5 * (xs[k + 1] - xs[k]):
                    cuts[k].add(round(y, 1))
    merges: list[tuple[int, int, float]] = []
    for p in spanners:
        ks = [k for k in range(ncol) if _overlap(p.x0, p.x1, xs[k], xs[k + 1]) > 2]
        if len(ks) < 2:
            continue
        below = [q.top for q in header if q.top > p.bottom - 1 and _overlap(p.x0, p.x1, q.x0, q.x1) > 1]
        y = (p.bottom + min(below)) / 2 if below else p.bottom + 1
        if not any(ks[0] <= k <= ks[-1] and any(abs(c - y) < 0.6 * lh for c in cuts[k]) for k in ks):
            for k in ks:
                cuts[k].add(round(y, 1))
        merges.append((ks[0], ks[-1], (p.top + p.bottom) / 2))
    pieces = {k: [h0] + sorted(c for c in cuts[k] if h0 < c < h1) + [h1] for k in range(ncol)}
    done: set[tuple[int, int]] = set()
    for k0, k1, cy in merges:
        i = next((j for j in range(len(pieces[k0]) - 1) if pieces[k0][j] <= cy < pieces[k0][j + 1]), None)
        if i is None:
            continue
        y0, y1 = pieces[k0][i], pieces[k0][i + 1]
        if all(y0 in pieces[k] and y1 in pieces[k] and pieces[k].index(y1) == pieces[k].index(y0) + 1
               for k in range(k0, k1 + 1)) and not any((k, i) in done for k in range(k0, k1 + 1)):
            cells.append((xs[k0], y0, xs[k1 + 1], y1))
            done.update((k, pieces[k].index(y0)) for k in range(k0, k1 + 1))
    for k in range(ncol):
        for j in range(len(pieces[k]) - 1):
            if (k, j) not in done:
                cells.append((xs[k], pieces[k][j], xs[k + 1], pieces[k][j + 1]))
    cells.extend(plain_boxes(xs, ys[1:]))  # the body
    taken = {p.key for r in rows[first:last + 1] for p in r} | {p.key for r in body for p in r}
    grid = UnruledGrid(bbox=(xs[0], ys[0], xs[-1], ys[-1]), cell_boxes=cells, keys=taken, rules=bool(span_rules),
                       xs=xs, roles=roles)
    end = last + 1 + len(body)
    return grid, end
