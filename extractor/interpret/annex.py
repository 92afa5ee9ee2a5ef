"""Tables and annex indicator tables, read from the page model's tables.

Readers hand over one ``Table`` per page piece. Here the pieces of a table that
runs over pages become one table: repeated header rows are dropped and a row
cut by the page break is joined back. Then, when the header names an STT
column and value columns, every data row becomes indicator records (long
format: one per value column).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any, Optional

import regex as re

from .. import grammar, patterns
from ..model import OCR, Cell, Document, Line, Table

_WS = re.compile(r"\s+")
_ROMAN = grammar.ROMAN
_CODE = grammar.STT_CODE
_HEADING_NUMBER = grammar.HEADING_NUMBER_OPENING
_COLNUM = grammar.COLUMN_NUMBER


def norm(text: str) -> str:
    """Lower-case, NFC, one space: the form header aliases are matched in."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text or "")).strip().lower()


@dataclass
class Row:
    """A logical row of a joined table: its cells keyed by grid column."""

    cells: dict[int, Cell]
    page: Optional[int]
    is_header: bool = False
    bold: bool = False


@dataclass
class JoinedTable:
    """One table of the document after its page pieces are joined."""

    pieces: list[Table]
    rows: list[Row]
    n_cols: int
    header_rows: int
    title: Optional[str]
    order: int
    page_start: Optional[int]
    page_end: Optional[int]
    roles: dict[int, str] = field(default_factory=dict)
    value_columns: dict[int, str] = field(default_factory=dict)

    @property
    def is_indicator(self) -> bool:
        return "code" in self.roles.values() and bool(self.value_columns) and "name" in self.roles.values()


# ---------------------------------------------------------------- roles

def _aliases() -> dict[str, Any]:
    return patterns.load("annex")


def role_of(header_text: str) -> Optional[str]:
    """The role (code, name, unit, note) a column header names, or None for a value column."""
    t = norm(header_text).rstrip(":").strip()
    if not t:
        return None
    for role in ("code", "unit", "note", "name"):
        spec = _aliases()["roles"][role]
        if t in spec["exact"] or any(t.startswith(p) for p in spec["prefix"]):
            return role
    return None


def _is_header_row(texts: list[str]) -> bool:
    markers = _aliases()["header"]["markers"]
    cells = [norm(t) for t in texts if t and t.strip()]
    if not cells:
        return False
    hits = 0
    for t in cells:
        if role_of(t) or any(t == m or t.startswith(m + " ") or t.startswith(m + "(") for m in markers):
            hits += 1
    return hits >= max(2, (len(cells) + 1) // 2) and not any(_looks_like_code_cell(t) for t in cells[:1])


def _is_colnum_row(texts: list[str]) -> bool:
    """A row that just numbers the columns: (1) (2) (3) or A B 1 2 3."""
    cells = [t.strip() for t in texts if t and t.strip()]
    return len(cells) >= 3 and all(_COLNUM.match(t) for t in cells) and len(set(cells)) == len(cells)


def _looks_like_code_cell(t: str) -> bool:
    t = t.strip()
    return bool(t) and bool(_CODE.match(t)) and not t.lower() in ("tt",)


# ---------------------------------------------------------------- joining

def _row_cells(table: Table) -> list[dict[int, Cell]]:
    rows: list[dict[int, Cell]] = [dict() for _ in range(table.n_rows)]
    for c in table.cells:
        if 0 <= c.row < table.n_rows:
            rows[c.row][c.col] = c
    return rows


def _row_texts(cells: dict[int, Cell], n_cols: int) -> list[str]:
    return [cells[k].text if k in cells else "" for k in range(n_cols)]


def _is_first_header_row(texts: list[str]) -> bool:
    """The top row names an STT column next to another known column (STT | Nội dung | Lâm Đồng ...)."""
    ambiguous = _aliases().get("ambiguous", {})
    roles = [role_of(t) or ("ambiguous" if norm(t) in ambiguous else None) for t in texts if t and t.strip()]
    named = [r for r in roles if r]
    # STT plus one more known column; or, when the STT cell is unreadable (a scan's "TT" read "11"),
    # two other known columns such as name and unit
    return len(named) >= 2 and ("code" in named or len(set(named) - {"ambiguous"}) >= 2)


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


def _header_signature(table: Table, n: int) -> list[str]:
    rows = _row_cells(table)[:n]
    return [norm(" ".join(_row_texts(r, table.n_cols))) for r in rows]


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
            return _starts_lower(name)
    # no name text: a fragment of unit/note only ("đơn vị") continues the row above
    return all(_starts_lower(t) or not t.strip()[0].isalnum() for t in texts)


def _caption_above(doc_lines: list[Line], page: Optional[int] = None) -> Optional[str]:
    """The caption lines right above a table: short, centred or bold or a known caption start."""
    spec = _aliases()["caption"]
    picked: list[str] = []
    for line in reversed(doc_lines):
        t = line.text.strip()
        if not t:
            continue
        low = norm(t)
        looks = (line.bold or line.align == "center" or t.isupper() or any(low.startswith(p) for p in spec["prefixes"])
                 or (t.startswith("(") and t.endswith(")")))
        if not looks or len(picked) >= spec["max_lines"] or (page is not None and line.page != page):
            break
        picked.append(t)
        if _HEADING_NUMBER.match(t):
            break  # a numbered heading right above is the caption; the headings above it are not
    if not picked:
        return None
    picked.reverse()
    # a numbered form ("Biểu mẫu 3 ...") under a general annex caption is this table's own title
    starts = [i for i, t in enumerate(picked) if any(norm(t).startswith(p) for p in spec["numbered"])]
    if starts:
        picked = picked[starts[-1]:]
    return _WS.sub(" ", " ".join(picked)).strip()


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
        table: Table = item
        if table.layout or table.n_rows == 0 or table.n_cols == 0 or _is_drawing(table):
            continue
        h = _count_header_rows(table)
        cont = (
            current is not None
            and not [ln for ln in lines_since if ln.text.strip()]
            and (table.page is None or current.page_end is None or table.page in (current.page_end, current.page_end + 1))
            and table.n_cols == current.n_cols
        )
        rows = _row_cells(table)
        if cont and current is not None:
            prev_sig = _header_signature(current.pieces[0], current.header_rows)
            drop = h if (h and _header_signature(table, h) == prev_sig[:h]) else (h if h else 0)
            current.pieces.append(table)
            data = [Row(cells=r, page=table.page, bold=_row_bold(r)) for r in rows[drop:]]
            if data and current.rows and not current.rows[-1].is_header and _should_join_split_row(current.rows[-1], data[0], current.roles):
                _merge_rows(current.rows[-1], data.pop(0))
            current.rows.extend(data)
            current.page_end = table.page if table.page is not None else current.page_end
        else:
            title = _caption_above(lines_since, table.page)
            current = JoinedTable(
                pieces=[table],
                rows=[Row(cells=r, page=table.page, is_header=i < h, bold=_row_bold(r)) for i, r in enumerate(rows)],
                n_cols=table.n_cols,
                header_rows=h,
                title=title,
                order=table.order,
                page_start=table.page,
                page_end=table.page,
            )
            _assign_roles(current)
            joined.append(current)
        lines_since = []
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


def _assign_roles(t: JoinedTable) -> None:
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
    roles: dict[int, str] = {}
    values: dict[int, str] = {}
    found = {role_of(level) for path in paths.values() for level in path}
    ambiguous = _aliases().get("ambiguous", {})
    for k in range(t.n_cols):
        path = paths[k]
        role = None
        for level in path:
            role = role_of(level)
            if not role and norm(level) in ambiguous:
                # "Đơn vị": the unit beside an indicator-name column, else the name (a list of agencies)
                as_unit, otherwise = ambiguous[norm(level)]
                role = as_unit if "name" in found else otherwise
            if role:
                break
        if role and role not in roles.values():
            roles[k] = role
        elif path:
            values[k] = " / ".join(path)
    if "code" not in roles.values() and "name" in roles.values():
        # the STT header was misread or left blank: a first column of codes is the STT column
        name_col = min(k for k, r in roles.items() if r == "name")
        free = [k for k in range(name_col) if k not in roles]
        first = free[0] if free else None
        if first is not None:
            data = [r.cells.get(first) for r in t.rows if not r.is_header]
            texts = [c.text.strip() for c in data if c is not None and c.text.strip()]
            if texts and sum(bool(_CODE.match(_WS.sub("", x))) for x in texts) >= 0.6 * len(texts):
                roles[first] = "code"
                values.pop(first, None)
    t.roles = roles
    t.value_columns = values if t.header_rows else {}


# ---------------------------------------------------------------- records

def _clean_code(text: str) -> Optional[str]:
    """The STT cell as a code (no spaces, no trailing dot/bracket); None for blanks and 'Trong đó'."""
    t = _WS.sub("", text or "")
    t = t.rstrip(".)").lstrip("(")
    if not t:
        return None
    low = norm(text)
    if low in _aliases()["uncoded"]["stt_words"] or low.startswith("trong đó"):
        return None
    return t


def _is_code(code: str) -> bool:
    return bool(_CODE.match(code))


class _Ranker:
    """Hierarchy rank of codes as a table uses them: Roman 0, '1' 1, '1.1' 2, ..., letters under their number.

    A plain number right after Roman V that reads as its successor ('6' after 'V', as templates that
    switch numbering half-way print) stays at the Roman level.
    """

    def __init__(self) -> None:
        self.last_top: Optional[int] = None
        self.plain_since_top = False  # a plain number already served as a child of the last top row

    def rank(self, code: str) -> int:
        if _ROMAN.match(code) and code.isupper():
            self.last_top = _roman_value(code)
            self.plain_since_top = False
            return 0
        if code.isdigit():
            n = int(code)
            if self.last_top is not None and n == self.last_top + 1 and not self.plain_since_top:
                self.last_top = n
                return 0
            self.plain_since_top = True
            return 1
        if len(code) == 1 and code.isalpha():
            return 50
        return code.count(".") + 1


_ROMANS = [grammar.roman(n) for n in range(1, 16)]  # I .. XV


def _mend_ocr_roman_codes(codes: list[Optional[str]]) -> None:
    """OCR drops a stroke of a Roman numeral ('III' read 'II'); the rows under it tell the right one.

    Only a Roman code that does not follow its predecessor, whose successor is what the next
    decimal code's first part ('3.1') says, is changed. Values are never touched.
    """
    prev = 0
    for i, code in enumerate(codes):
        if code is None or not (_ROMAN.match(code) and code.isupper()):
            continue
        val = _roman_value(code)
        if val != prev + 1 and prev + 1 <= len(_ROMANS):
            nxt = next((c for c in codes[i + 1:] if c is not None), None)
            head = nxt.split(".")[0] if nxt else ""
            if head.isdigit() and int(head) == prev + 1:
                codes[i] = _ROMANS[prev]
                val = prev + 1
        prev = val


def _roman_value(code: str) -> int:
    vals = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for a, b in zip(code, code[1:] + " "):
        v = vals[a]
        total += -v if b != " " and vals.get(b, 0) > v else v
    return total


def _parent_code(code: str, rank: int, seen: set[str], stack: list[tuple[int, str]]) -> Optional[str]:
    if "." in code:
        prefix = code.rsplit(".", 1)[0]
        if prefix in seen:
            return prefix
    for r, c in reversed(stack):
        if r < rank:
            return c
    return None


def table_records(t: JoinedTable, table_index: int, document_id: Any = None) -> tuple[dict, list[dict], list[dict]]:
    """The `tables` row, its `cells` rows and, for an indicator table, its `indicators` rows."""
    from ..catalogue import match_indicator
    from ..vntext import numbers, units  # imported here: the vntext package is shared by every interpreter

    kind = "indicator" if t.is_indicator else "other"
    table_row = {
        "table_index": table_index, "title": t.title, "kind": kind,
        "page_start": t.page_start, "page_end": t.page_end,
        "n_rows": len(t.rows), "n_cols": t.n_cols, "header_rows": t.header_rows,
    }
    cells: list[dict] = []
    for r_i, row in enumerate(t.rows):
        for k in sorted(row.cells):
            c = row.cells[k]
            cells.append({"table_index": table_index, "row": r_i, "col": k, "row_span": c.row_span,
                          "col_span": c.col_span, "is_header": 1 if row.is_header else 0, "text": c.text})
    if kind != "indicator":
        return table_row, cells, []

    col_of = {role: k for k, role in t.roles.items()}
    data = [r for r in t.rows if not r.is_header]
    # a Roman/number row whose text repeats header markers is a header on a later piece that slipped through
    codes: list[Optional[str]] = []
    stt_names: list[str] = []  # an STT cell that holds a label ("CHỈ SỐ CHUNG" across STT and name)
    for row in data:
        cell = row.cells.get(col_of["code"])
        code = _clean_code(cell.text) if cell is not None else None
        label = ""
        if code is not None and not _is_code(code):
            label, code = _WS.sub(" ", cell.text).strip(), None
        codes.append(code)
        stt_names.append(label)
    if any(piece.source == OCR for piece in t.pieces):
        _mend_ocr_roman_codes(codes)
    ranker = _Ranker()
    ranks = [ranker.rank(c) if c is not None else None for c in codes]
    has_children = [False] * len(data)
    for i, code in enumerate(codes):
        if code is None:
            continue
        for j in range(i + 1, len(data)):
            nxt = codes[j]
            if nxt is None:
                continue
            has_children[i] = ranks[j] > ranks[i] or nxt.startswith(code + ".")
            break

    indicators: list[dict] = []
    seen: set[str] = set()
    stack: list[tuple[int, str]] = []
    last_code: Optional[str] = None
    row_index = 0
    for i, row in enumerate(data):
        def text_of(role: str) -> str:
            k = col_of.get(role)
            if k is None or k not in row.cells:
                return ""
            return _WS.sub(" ", row.cells[k].text).strip()

        code = codes[i]
        name = text_of("name") or stt_names[i]
        unit = text_of("unit")
        note = text_of("note")
        values = {k: (_WS.sub(" ", row.cells[k].text).strip() if k in row.cells else "") for k in t.value_columns}
        if code is None and not name and not unit and not any(values.values()) and not note:
            continue
        if code is not None:
            rank = ranks[i]
            parent = _parent_code(code, rank, seen, stack)
            while stack and stack[-1][0] >= rank:
                stack.pop()
            stack.append((rank, code))
            seen.add(code)
            last_code = code
        else:
            parent = last_code
        label_bold = any(row.cells[k].bold for k in (col_of.get("code"), col_of.get("name"))
                         if k is not None and k in row.cells and row.cells[k].text.strip())
        is_group = int(
            code is not None and (has_children[i] or label_bold or (ranks[i] == 0 and bool(_ROMAN.match(code))))
        )
        unit_info = units.canonical_unit(unit) if unit else None
        key = match_indicator(name, code, unit) if name else None
        conf = min([c.confidence for c in row.cells.values()] or [1.0])
        for k, column in t.value_columns.items():
            raw = values[k]
            parsed = numbers.parse_value(raw, unit)
            base = None
            if parsed.value is not None and unit_info is not None and unit_info.factor:
                base = parsed.value * unit_info.factor
            elif parsed.value is not None and unit_info is not None:
                base = parsed.value
            indicators.append({
                "table_index": table_index, "row_index": row_index, "code": code, "parent_code": parent,
                "is_group": is_group, "name": name, "unit": unit, "value_column": column,
                "value_raw": raw, "value": parsed.value, "value_kind": parsed.kind, "value_label": parsed.label,
                "note": note, "page": row.page, "confidence": round(conf, 4),
                "unit_key": unit_info.key if unit_info else None, "value_base": base, "indicator_key": key,
            })
        row_index += 1
    return table_row, cells, indicators


def read_tables(doc: Document) -> tuple[list[dict], list[dict], list[dict], list[JoinedTable]]:
    """`tables`, `cells` and `indicators` rows of a document, and the joined tables themselves."""
    tables: list[dict] = []
    cells: list[dict] = []
    indicators: list[dict] = []
    joined = join_tables(doc)
    for i, t in enumerate(joined):
        tr, cr, ir = table_records(t, i)
        tables.append(tr)
        cells.extend(cr)
        indicators.extend(ir)
    return tables, cells, indicators, joined
