"""Tables that continue over page breaks, decided once for every reader.

Readers hand over one ``Table`` per page piece (DOCX: one per Word table). Here the pieces
of a table that runs over pages become one ``JoinedTable``, whatever read them — a PDF's
text layer, OCR of a scan, or Word:

* A piece continues the table above it when no body text stands between them, it is on the
  same or the next page, and its columns are the table's columns. Columns are compared by
  their geometry and header, not only by count: a column that holds no text and is a narrow
  sliver (a scan's page edge or doubled rule read as one more column) is dropped before the
  comparison, so it neither splits the table nor appears in it.
* A header repeated on the continuing page is dropped.
* A row cut by the page break (the second part with no STT code and reading on) is mended
  into the row above.

Which column is the STT code and which the indicator name comes from the header aliases in
``patterns/annex.toml`` weighed against each column's content (``assign_roles``): the mending
needs it, and the annex interpreter reads the roles from here instead of working them out again.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from dataclasses import dataclass, field
from statistics import median
from typing import Any, Optional

import regex as re

from .. import grammar, patterns
from ..model import Cell, Document, Line, Table
from .unruled import header_role

_WS = re.compile(r"\s+")
_CODE = grammar.STT_CODE
_COLNUM = grammar.COLUMN_NUMBER

SLIVER_WIDTH = 0.4  # an empty column narrower than this share of the median column is a sliver
EDGE_TOLERANCE = 0.06  # column edges of two pieces agree within this share of the table's width

# Column content (the evidence a header is weighed against): shares of a column's filled data cells.
NUMERIC_COLUMN = 0.6  # a column this numeric holds values, whatever its header says ("Chỉ số" over 93,01%)
TEXT_COLUMN = 0.6  # a column this much text (not numbers, not codes) can hold the rows' names
DISTINCT_NAMES = 0.6  # names of indicators or entities rarely repeat; units of measure and grades do
CODE_COLUMN = 0.6  # a first column this much STT codes is the code column
REMARK_WORDS = 6.0  # a column of text this long on average, beside values, holds remarks

# A cell that is a number as tables print them: 89,00 / 93,01% / 9,49/ 9,5 / 12/63 / 862/1.266 (68,1%) /
# 12/73/82 / "17, 66" (a stray space after the decimal comma)
_NUM = r"[+\-−]?\d(?:[.,]\s?\d|\d)*\s?%?"
_NUMERIC_CELL = re.compile(rf"^{_NUM}(?:\s*/\s*{_NUM}){{0,2}}(?:\s*\(\s*{_NUM}\s*\))?$")
_DATE_CELL = re.compile(r"^\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}$")  # 10/8/1985 is a date
_IDENTIFIER_CELL = re.compile(r"^0\d{8,}$")  # 0888044444: a telephone or account number, not a value
_BLANK_CELL = re.compile(r"^[\s\-–—.…x/]*$", re.IGNORECASE)  # "-", "…", "x": nothing of its own
_LETTER = re.compile(r"\p{L}")


def norm(text: str) -> str:
    """Lower-case, NFC, one space: the form header aliases are matched in."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text or "")).strip().lower()


def _aliases() -> dict[str, Any]:
    return patterns.load("annex")


#: The role (code, name, unit, note) a column header names, or None for a value column: one match of
#: ``patterns/annex.toml``'s aliases for the whole layout stage and the annex interpreter.
role_of = header_role


def is_code(text: str) -> bool:
    """An STT code as printed: a Roman numeral, a dotted number or a letter, with an optional '.' or ')'."""
    return bool(_CODE.match(text))


@dataclass
class Row:
    """A logical row of a joined table: its cells keyed by the joined table's column."""

    cells: dict[int, Cell]
    page: Optional[int]
    is_header: bool = False
    bold: bool = False


@dataclass
class JoinedTable:
    """One table of the document after its page pieces are joined.

    ``roles`` names the code, name, unit and note columns; ``value_columns`` gives every other
    column under a header its header path ("Năm 2024 / Kế hoạch"). ``lines_before`` are the
    body lines between the previous table and this one, where an interpreter finds the caption.
    """

    pieces: list[Table]
    rows: list[Row]
    n_cols: int
    header_rows: int
    order: int
    page_start: Optional[int]
    page_end: Optional[int]
    title: Optional[str] = None
    roles: dict[int, str] = field(default_factory=dict)
    value_columns: dict[int, str] = field(default_factory=dict)
    lines_before: list[Line] = field(default_factory=list)
    edges: Optional[list[tuple[float, float]]] = None  # the columns' x extents on the first piece
    slivers: bool = False  # the first piece's grid had sliver columns taken out
    repeats: list[tuple[Table, int]] = field(default_factory=list)  # later pieces and the header rows dropped
    guessed: list[str] = field(default_factory=list)  # roles read from the content, no header naming them

    @property
    def is_indicator(self) -> bool:
        """A column names the rows and others hold their values (an STT column is not needed: a ranking
        of industrial zones may print none). Whether the values are data the annex interpreter decides."""
        return bool(self.value_columns) and "name" in self.roles.values()


# ---------------------------------------------------------------- header rows

def _looks_like_code_cell(t: str) -> bool:
    t = t.strip()
    return bool(t) and bool(_CODE.match(t)) and t.lower() not in ("tt",)


def _is_header_row(texts: list[str]) -> bool:
    markers = _aliases()["header"]["markers"]
    cells = [norm(t) for t in texts if t and t.strip()]
    if not cells:
        return False
    hits = 0
    for t in cells:
        if role_of(t) or any(t == m or t.startswith((m + " ", m + "(")) for m in markers):
            hits += 1
    return hits >= max(2, (len(cells) + 1) // 2) and not any(_looks_like_code_cell(t) for t in cells[:1])


def _is_colnum_row(texts: list[str]) -> bool:
    """A row that just numbers the columns: (1) (2) (3) or A B 1 2 3."""
    cells = [t.strip() for t in texts if t and t.strip()]
    return len(cells) >= 3 and all(_COLNUM.match(t) for t in cells) and len(set(cells)) == len(cells)


def _is_first_header_row(texts: list[str]) -> bool:
    """The top row names an STT column next to another known column (STT | Nội dung | Lâm Đồng ...)."""
    ambiguous = _aliases().get("ambiguous", {})
    roles = [role_of(t) or ("ambiguous" if norm(t) in ambiguous else None) for t in texts if t and t.strip()]
    named = [r for r in roles if r]
    # STT plus one more known column; or, when the STT cell is unreadable (a scan's "TT" read "11"),
    # two other known columns such as name and unit
    return len(named) >= 2 and ("code" in named or len(set(named) - {"ambiguous"}) >= 2)


def _row_cells(table: Table) -> list[dict[int, Cell]]:
    rows: list[dict[int, Cell]] = [{} for _ in range(table.n_rows)]
    for c in table.cells:
        if 0 <= c.row < table.n_rows:
            rows[c.row][c.col] = c
    return rows


def _row_texts(cells: dict[int, Cell], n_cols: int) -> list[str]:
    return [cells[k].text if k in cells else "" for k in range(n_cols)]


def _count_header_rows(table: Table) -> int:
    rows = _row_cells(table)
    n = 0
    span_until = 0
    for i, cells in enumerate(rows):
        texts = _row_texts(cells, table.n_cols)
        if (i < span_until or _is_header_row(texts) or (i == 0 and _is_first_header_row(texts))
                or (n == i and n > 0 and _is_colnum_row(texts))):
            n = i + 1
            for c in cells.values():
                span_until = max(span_until, c.row + c.row_span)
            continue
        if i == 0 and table.header_rows:
            n = table.header_rows
            break
        break
    if table.header_rows and n < table.header_rows:
        n = table.header_rows
    return n


def _content_header_rows(table: Table) -> int:
    """1 when the top row is a header no alias names ("Khu công nghiệp | Diện tích (ha) | Tỷ lệ lấp đầy (%)"):
    every cell of it is words, and under at least one of its cells the rows below hold numbers (most of
    them, in at least half the rows). A first data row has a number or a code somewhere; a group row has
    blanks. Only a table's first piece is read so: a later page's top row is the table's data."""
    rows = _row_cells(table)
    if len(rows) < 3:
        return 0
    top = rows[0]
    kinds = {k: cell_class(c.text) for k, c in top.items()}
    if sum(1 for x in kinds.values() if x != "empty") < 2 or any(x not in ("text", "empty") for x in kinds.values()):
        return 0
    below = rows[1:]
    for k, kind in kinds.items():
        if kind != "text":
            continue
        cls = [cell_class(r[k].text) for r in below if k in r]
        filled = [x for x in cls if x != "empty"]
        if len(filled) >= 2 and sum(x == "number" for x in filled) >= NUMERIC_COLUMN * len(filled) \
                and len(filled) >= 0.5 * len(below):
            return 1
    return 0


def _header_signature(rows: list[dict[int, Cell]], n: int, n_cols: int) -> list[str]:
    return [norm(" ".join(_row_texts(r, n_cols))) for r in rows[:n]]


# ---------------------------------------------------------------- columns

def _column_edges(table: Table) -> Optional[list[tuple[float, float]]]:
    """Each column's x extent, from the cells that start and end in it; None without boxes."""
    lefts: list[list[float]] = [[] for _ in range(table.n_cols)]
    rights: list[list[float]] = [[] for _ in range(table.n_cols)]
    for c in table.cells:
        if c.box is None:
            return None
        if 0 <= c.col < table.n_cols:
            lefts[c.col].append(c.box[0])
        end = c.col + c.col_span - 1
        if 0 <= end < table.n_cols:
            rights[end].append(c.box[2])
    if any(not a or not b for a, b in zip(lefts, rights)):
        return None
    return [(median(a), median(b)) for a, b in zip(lefts, rights)]


def _speck(text: str) -> bool:
    """Text too short to name or fill a column: a mark or two that noise or a rule left. An STT code
    ('1', 'IV', 'a)') or an STT header ('TT') is a real column's, however short."""
    t = text.strip()
    return sum(ch.isalnum() for ch in t) <= 2 and not _CODE.match(t) and not grammar.STT_HEADER.match(t)


def _slivers(table: Table, edges: Optional[list[tuple[float, float]]]) -> set[int]:
    """Columns much narrower than the others that hold nothing of their own (at most a speck): a
    page edge, a doubled rule or a stacked header's stray mark that a reader took for a column.
    A real column, even an empty one, has a header; a cell spanning into a sliver keeps its text."""
    if edges is None or table.n_cols < 3:
        return set()
    widths = [b - a for a, b in edges]
    typical = median(widths)
    narrow = {k for k, w in enumerate(widths) if w < SLIVER_WIDTH * typical}
    drop = set()
    for k in narrow:
        covering = [c for c in table.cells if c.col <= k < c.col + c.col_span and c.text.strip()]
        own = [c for c in covering if all(j in narrow for j in range(c.col, c.col + c.col_span))]
        if len(own) <= 1 and all(_speck(c.text) for c in own):  # noise is sporadic: one stray mark at most
            drop.add(k)
    return drop


def _without_columns(table: Table, drop: set[int]) -> Table:
    """The table with the columns ``drop`` taken out: cells spanning them lose that span, cells
    only in them go."""
    if not drop:
        return table
    new_index = {}
    k2 = 0
    for k in range(table.n_cols):
        if k not in drop:
            new_index[k] = k2
            k2 += 1
    cells: list[Cell] = []
    for c in table.cells:
        kept = [k for k in range(c.col, c.col + c.col_span) if k not in drop]
        if not kept:
            continue
        cells.append(dataclasses.replace(c, col=new_index[kept[0]], col_span=len(kept)))
    return dataclasses.replace(table, cells=cells, n_cols=k2)


def _edges_agree(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> bool:
    """Two pieces' columns line up: the same count, each inner boundary at the same place relative
    to the table's left edge (a scan shifts a whole page, never one column)."""
    if len(a) != len(b):
        return False
    width = max(a[-1][1] - a[0][0], b[-1][1] - b[0][0], 1.0)
    bounds_a = [x - a[0][0] for _x0, x in a[:-1]]
    bounds_b = [x - b[0][0] for _x0, x in b[:-1]]
    return all(abs(p - q) <= EDGE_TOLERANCE * width for p, q in zip(bounds_a, bounds_b))


def _fits(current: JoinedTable, piece: Table, edges: Optional[list[tuple[float, float]]],
          header: list[str], slivers: bool) -> bool:
    """The piece's columns are the joined table's: the same count, as every reader keeps a table's
    grid over pages. Where a count agrees only once slivers are taken out, the columns must also line
    up or the header repeat, so two different tables are not joined by a mended count."""
    if piece.n_cols != current.n_cols:
        return False
    if not (slivers or current.slivers) or current.edges is None or edges is None:
        return True
    if _edges_agree(current.edges, edges):
        return True
    first = _row_cells(current.pieces[0])
    return bool(header) and header == _header_signature(first, len(header), current.n_cols)


# ---------------------------------------------------------------- joining

def join_tables(doc: Document) -> list[JoinedTable]:
    """Whole-document tables: page pieces joined, repeated headers dropped, split rows mended."""
    joined: list[JoinedTable] = []
    lines_since: list[Line] = []
    current: Optional[JoinedTable] = None
    for item in doc.items():
        if isinstance(item, Line):
            if not item.in_table:
                lines_since.append(item)
            continue
        raw: Table = item
        if raw.layout or raw.n_rows == 0 or raw.n_cols == 0 or _is_drawing(raw):
            continue
        raw_edges = _column_edges(raw)
        slivers = _slivers(raw, raw_edges)
        table, edges = _without_columns(raw, slivers), raw_edges
        if raw_edges is not None and slivers:
            edges = [e for k, e in enumerate(raw_edges) if k not in slivers]
        cont = (
            current is not None
            and not [ln for ln in lines_since if ln.text.strip()]
            and (raw.page is None or current.page_end is None or raw.page in (current.page_end, current.page_end + 1))
        )
        if cont and current is not None:
            # the piece without its slivers, or, when that does not fit, as read (a narrow column that
            # is empty on this page only, under no repeated header, is still the table's column)
            tries = ((table, edges, bool(slivers)), (raw, raw_edges, False))[:1 + bool(slivers)]
            for cand, cand_edges, dropped in tries:
                h = _count_header_rows(cand)
                if _fits(current, cand, cand_edges, _header_signature(_row_cells(cand), h, cand.n_cols), dropped):
                    table = cand
                    break
            else:
                cont = False
        h = _count_header_rows(table)
        rows = _row_cells(table)
        if cont and current is not None:
            prev_sig = _header_signature(_row_cells(current.pieces[0]), current.header_rows, current.n_cols)
            if not h and current.header_rows and _header_signature(rows, current.header_rows, table.n_cols) == prev_sig:
                h = current.header_rows  # a header no alias names, repeated word for word on the next page
            drop = h if (h and _header_signature(rows, h, table.n_cols) == prev_sig[:h]) else (h if h else 0)
            current.pieces.append(table)
            if drop:
                current.repeats.append((table, drop))
            data = [Row(cells=r, page=table.page, bold=_row_bold(r)) for r in rows[drop:]]
            if (data and current.rows and not current.rows[-1].is_header
                    and _should_join_split_row(current.rows[-1], data[0], current.roles)):
                _merge_rows(current.rows[-1], data.pop(0))
            current.rows.extend(data)
            current.page_end = table.page if table.page is not None else current.page_end
        else:
            h = h or _content_header_rows(table)
            current = JoinedTable(
                pieces=[table],
                rows=[Row(cells=r, page=table.page, is_header=i < h, bold=_row_bold(r)) for i, r in enumerate(rows)],
                n_cols=table.n_cols,
                header_rows=h,
                order=table.order,
                page_start=table.page,
                page_end=table.page,
                lines_before=list(lines_since),
                edges=edges,
                slivers=bool(slivers),
            )
            assign_roles(current)
            joined.append(current)
        lines_since = []
    for t in joined:
        if len(t.pieces) > 1:
            assign_roles(t)  # the content of every page, not only the first piece's
        _roles_from_repeats(t)
    return joined


def _is_drawing(table: Table) -> bool:
    """Ruled vector art (a chart's grid) that a reader took for a table: a wide grid of nearly empty cells."""
    if table.n_cols < 12:
        return False
    filled = sum(1 for c in table.cells if c.text.strip())
    return filled < 0.2 * table.n_rows * table.n_cols


def _row_bold(cells: dict[int, Cell]) -> bool:
    texty = [c for c in cells.values() if c.text.strip() and not _looks_like_code_cell(c.text)]
    return bool(texty) and all(c.bold for c in texty)


def _starts_lower(text: str) -> bool:
    text = text.strip()
    return bool(text) and text[0].isalpha() and text[0].islower()


def _should_join_split_row(prev: Row, first: Row, roles: dict[int, str]) -> bool:
    """A page break cut one row in two: the second part has no code and reads as a continuation."""
    code_cols = [k for k, r in roles.items() if r == "code"]
    name_cols = [k for k, r in roles.items() if r == "name"]
    if code_cols:
        code_cell = first.cells.get(code_cols[0])
        if code_cell is not None and code_cell.text.strip():
            return False
    texts = [c.text for c in first.cells.values() if c.text.strip()]
    if not texts:
        return False
    if name_cols:
        name_cell = first.cells.get(name_cols[0])
        name = name_cell.text if name_cell else ""
        if name.strip():
            if _starts_lower(name):
                return True
            # "(mã TTHC:" | "1.011443)": a bracket the row above opened, closed by a fragment with nothing else
            before = prev.cells.get(name_cols[0])
            opened = before is not None and before.text.count("(") > before.text.count(")")
            alone = all(not c.text.strip() for k, c in first.cells.items() if k != name_cols[0])
            return opened and alone and name.count(")") > name.count("(")
    # no name text: a fragment of unit/note only ("đơn vị") continues the row above
    return all(_starts_lower(t) or not t.strip()[0].isalnum() for t in texts)


def _merge_rows(into: Row, part: Row) -> None:
    for k, c in part.cells.items():
        if not c.text.strip():
            continue
        if k in into.cells:
            old = into.cells[k]
            into.cells[k] = Cell(row=old.row, col=old.col, text=(old.text + " " + c.text).strip(),
                                 row_span=old.row_span, col_span=old.col_span, box=old.box,
                                 confidence=min(old.confidence, c.confidence), bold=old.bold,
                                 lines=old.lines + c.lines)
        else:
            into.cells[k] = c


# ---------------------------------------------------------------- column roles

def cell_class(text: str) -> str:
    """What a data cell holds: ``empty``, ``number`` (a value as tables print it), ``code`` (an STT code
    that is no value: I, 1.2, a)), ``text`` (words), or ``other`` (marks, dates, identifiers)."""
    t = _WS.sub(" ", text or "").strip()
    if _BLANK_CELL.match(t):
        return "empty"
    if _DATE_CELL.match(t) or _IDENTIFIER_CELL.match(t.replace(" ", "")):
        return "other"
    if _NUMERIC_CELL.match(t):
        return "number"
    if _CODE.match(t.replace(" ", "")):
        return "code"
    return "text" if _LETTER.search(t) else "other"


@dataclass
class ColumnProfile:
    """What a column's data cells hold, as shares of its filled cells: the evidence its role is read from
    when the header names none, or names one the content contradicts."""

    filled: int = 0
    numbers: int = 0
    codes: int = 0  # STT codes, small whole numbers included (1, 2, 3 are codes and numbers alike)
    texts: int = 0
    distinct: float = 0.0  # share of distinct texts among the text cells
    words: float = 0.0  # mean words of a text cell

    def share(self, n: int) -> float:
        return n / self.filled if self.filled else 0.0

    @property
    def numeric(self) -> bool:
        return self.filled > 0 and self.share(self.numbers) >= NUMERIC_COLUMN

    @property
    def textual(self) -> bool:
        return self.filled > 0 and self.share(self.texts) >= TEXT_COLUMN

    @property
    def names(self) -> bool:
        """Running text that differs from row to row: the names of indicators or of ranked entities."""
        return self.textual and (self.distinct >= DISTINCT_NAMES or self.texts <= 2)


def column_profiles(t: JoinedTable) -> dict[int, ColumnProfile]:
    """Each column's profile over the table's data rows."""
    out: dict[int, ColumnProfile] = {}
    data = [r for r in t.rows if not r.is_header]
    for k in range(t.n_cols):
        prof = ColumnProfile()
        texts: list[str] = []
        for r in data:
            c = r.cells.get(k)
            if c is None:
                continue
            kind = cell_class(c.text)
            if kind == "empty":
                continue
            prof.filled += 1
            if kind == "number":
                prof.numbers += 1
                if _CODE.match(c.text.strip()):
                    prof.codes += 1
            elif kind == "code":
                prof.codes += 1
            elif kind == "text":
                prof.texts += 1
                texts.append(norm(c.text))
        if texts:
            prof.distinct = len(set(texts)) / len(texts)
            prof.words = sum(len(x.split()) for x in texts) / len(texts)
        out[k] = prof
    return out


def _header_paths(t: JoinedTable) -> dict[int, list[str]]:
    """Each column's header levels from the top, column-number rows left out."""
    paths: dict[int, list[str]] = {k: [] for k in range(t.n_cols)}
    grid = t.pieces[0].grid()[: t.header_rows]
    for row in grid:
        anchors = list({id(c): c.text for c in row if c is not None}.values())
        if _is_colnum_row(anchors):
            continue  # "(1) (2) (3)" numbers the columns; it names none of them
        for k, cell in enumerate(row):
            if cell is None:
                continue
            text = _WS.sub(" ", cell.text).strip()
            if text and (not paths[k] or paths[k][-1] != text):
                paths[k].append(text)
    return paths


def _named_role(path: list[str], prof: ColumnProfile) -> Optional[str]:
    """The role the header names by the aliases, or "ambiguous" for a header whose role the table decides
    ("Đơn vị"), unless the content says otherwise: a name header over a column of numbers ("Chỉ số chung"
    over 93,01%) heads values."""
    ambiguous = _aliases().get("ambiguous", {})
    for level in path:
        role = role_of(level) or ("ambiguous" if norm(level) in ambiguous else None)
        if role == "name" and prof.numeric:
            return None
        if role:
            return role
    return None


def _label(path: list[str]) -> str:
    return path[-1] if path else ""


def assign_roles(t: JoinedTable) -> None:
    """Column roles from the header and the content together.

    The header's aliases (``patterns/annex.toml``) name the code, name, unit and note columns, unless
    the column's content contradicts them: a "name" header over numbers heads a value column. A header
    whose role depends on the table ("Đơn vị") is the unit beside a column that names the rows, else the
    rows' own names (the agencies of a ranking). A table whose header names no name column takes the one
    holding running text that differs row by row; one without an STT header takes a first column of codes.
    Beside values, a column of long running text holds remarks whatever its header ("Tài liệu kiểm chứng").
    Every role read from the content where no header named it is listed in ``t.guessed``: the annex
    interpreter turns the list into a ``checks`` row.
    """
    paths = _header_paths(t)
    profiles = column_profiles(t)
    ambiguous = _aliases().get("ambiguous", {})
    named = {k: _named_role(paths[k], profiles[k]) for k in range(t.n_cols)}
    roles: dict[int, str] = {}
    guessed: list[str] = []
    has_name = any(r == "name" for r in named.values())
    for k in range(t.n_cols):
        role = named[k]
        if role == "ambiguous":
            key = next(norm(x) for x in paths[k] if norm(x) in ambiguous)
            # "Đơn vị": the unit beside an indicator-name column, else the name (a list of agencies)
            as_unit, otherwise = ambiguous[key]
            role = as_unit if has_name else otherwise
        if role and role not in roles.values():
            roles[k] = role

    def describe(k: int) -> str:
        head = " / ".join(paths[k])
        return f"column {k + 1}" + (f" ('{head}')" if head else " (no header)")

    if "name" not in roles.values():
        # the name column holds running text that differs row by row: the leftmost such column
        free = [k for k in range(t.n_cols) if k not in roles and profiles[k].names]
        if free:
            roles[free[0]] = "name"
            guessed.append(f"name = {describe(free[0])}")
    if "code" not in roles.values():
        # the STT header was misread, left blank or names a rank ("Thứ hạng"): a first column of codes
        # left of the name is the STT column
        name_col = min((k for k, r in roles.items() if r == "name"), default=None)
        first = next((k for k in range(name_col if name_col is not None else 0) if k not in roles), None)
        prof = profiles.get(first) if first is not None else None
        if first is not None and prof is not None and prof.filled and prof.share(prof.codes) >= CODE_COLUMN:
            roles[first] = "code"
            if not paths[first]:
                guessed.append(f"code = {describe(first)}")
    if "note" not in roles.values() and "name" in roles.values():
        # remarks whatever their header: long running text right of a column of values
        numeric = [k for k in range(t.n_cols) if k not in roles and profiles[k].numeric]
        for k in range(t.n_cols):
            prof = profiles[k]
            if (k not in roles and numeric and k > min(numeric) and prof.textual
                    and prof.words >= REMARK_WORDS and prof.distinct >= DISTINCT_NAMES):
                roles[k] = "note"
                guessed.append(f"note = {describe(k)}")
                break
    values: dict[int, str] = {}
    label = _aliases().get("headerless", {}).get("value_column", "{n}")
    shares_name = _under_the_name_header(t, roles)
    for k in range(t.n_cols):
        if k in roles or k in shares_name:
            continue
        if paths[k]:
            values[k] = " / ".join(paths[k])
        elif not t.header_rows and profiles[k].filled:
            values[k] = label.format(n=k + 1)  # a table printed without a header: its columns by number
    if not t.header_rows and values and "name" in roles.values():
        guessed.append("the table has no header row: value columns are named by their position")
    t.roles = roles
    t.value_columns = values
    t.guessed = guessed


def _under_the_name_header(t: JoinedTable, roles: dict[int, str]) -> set[int]:
    """Columns that one header cell spans together with the name column ("Nhiệm vụ/tiêu chí" over a
    name and its breakdown "Chia theo ...: Nghị quyết của HĐND"): the rows' names in two parts, not values."""
    name_col = next((k for k, r in roles.items() if r == "name"), None)
    grid = t.pieces[0].grid()[: t.header_rows] if t.pieces else []
    if name_col is None or not grid:
        return set()
    return {k for k in range(t.n_cols) if k != name_col and k not in roles
            and all(row[k] is not None and row[k] is row[name_col] for row in grid)}


def _roles_from_repeats(t: JoinedTable) -> None:
    """A column the first header left without a role (a scan's stacked "Đơn vị / tính" read as
    "» tính") takes the role a header repeated on a later page names, when no column has it yet."""
    for piece, n in t.repeats:
        grid = piece.grid()[:n]
        for k in range(t.n_cols):
            if k in t.roles:
                continue
            texts = list(dict.fromkeys(_WS.sub(" ", c.text).strip() for c in (row[k] for row in grid) if c is not None))
            role = next((r for r in map(role_of, texts) if r), None)
            if role and role not in t.roles.values():
                t.roles[k] = role
                t.value_columns.pop(k, None)


__all__ = ["ColumnProfile", "JoinedTable", "Row", "assign_roles", "cell_class", "column_profiles", "is_code",
           "join_tables", "norm", "role_of"]
