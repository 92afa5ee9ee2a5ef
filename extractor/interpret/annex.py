"""Annex indicator tables, read from the whole-document tables the layout stage joined.

``extractor.layout.continuation`` has already joined the page pieces of each table (repeated
header rows dropped, rows cut by a page break mended) and named its columns' roles from the
header. Here each table gets its caption, and when the header names an STT column and value
columns, every data row becomes indicator records (long format: one per value column).
"""

from __future__ import annotations

from typing import Any, Optional

import regex as re

from .. import grammar, patterns
from ..catalogue import match_indicator
from ..layout.continuation import JoinedTable, Row, cell_class, is_code, join_tables, norm, role_of
from ..model import OCR, Document, Line
from ..records import box_columns
from ..vntext import numbers, units

_WS = re.compile(r"\s+")
_ROMAN = grammar.ROMAN
_HEADING_NUMBER = grammar.HEADING_NUMBER_OPENING

__all__ = ["JoinedTable", "Row", "holds_data", "norm", "read_tables", "role_of", "table_records"]


def _aliases() -> dict[str, Any]:
    return patterns.load("annex")


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
    return is_code(code)


class _Ranker:
    """Hierarchy rank of codes as a table uses them: Roman 0, '1' 1, '1.1' 2, ..., letters under their number.
    A Roman row's numbered part ('III.1') ranks 1, and the numbers after it go one level under it.

    A plain number right after Roman V that reads as its successor ('6' after 'V', as templates that
    switch numbering half-way print) stays at the Roman level.
    """

    def __init__(self) -> None:
        self.last_top: Optional[int] = None
        self.plain_since_top = False  # a plain number already served as a child of the last top row
        self.roman_parts = False  # a numbered part of the last Roman row ("III.1") opened: numbers go under it

    def rank(self, code: str) -> int:
        if _ROMAN.match(code) and code.isupper():
            self.last_top = _roman_value(code)
            self.plain_since_top = False
            self.roman_parts = False
            return 0
        head = code.split(".")[0]
        if head != code and _ROMAN.match(head) and head.isupper():
            self.roman_parts = True
            return 1
        deeper = int(self.roman_parts)
        if code.isdigit():
            n = int(code)
            if self.last_top is not None and n == self.last_top + 1 and not self.plain_since_top:
                self.last_top = n
                self.roman_parts = False
                return 0
            self.plain_since_top = True
            return 1 + deeper
        if len(code) == 1 and code.isalpha():
            return 50
        return code.count(".") + 1 + deeper


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


def holds_data(t: JoinedTable) -> bool:
    """Whether a table's value columns hold values: at least one column of numbers (or codes its unit
    lists), and no more columns of words than of numbers. A task list (Sản phẩm, Thời gian hoàn thành,
    Cơ quan chủ trì) or a table of comments and responses holds words; a ranking's grade column (TỐT,
    KHÁ) beside its scores does not make it one. A blank form (no value filled in) is still data."""
    col_of = {role: k for k, role in t.roles.items()}
    unit_col = col_of.get("unit")
    numeric = wordy = 0
    for k in t.value_columns:
        filled = values = 0
        for r in t.rows:
            if r.is_header or k not in r.cells:
                continue
            unit = r.cells[unit_col].text if unit_col is not None and unit_col in r.cells else ""
            text = r.cells[k].text
            kind = numbers.parse_value(text, unit).kind
            if kind == "empty" or cell_class(text) == "empty":
                continue
            filled += 1
            values += kind in ("number", "percent", "coded") or cell_class(text) == "number"
        if not filled:
            continue
        if values >= 0.5 * filled:
            numeric += 1
        else:
            wordy += 1
    return (numeric == 0 and wordy == 0) or (numeric > 0 and numeric >= wordy)


def _spanned_texts(data: list[Row], columns: list[int]) -> dict[tuple[int, int], str]:
    """(row, column) -> the text of a unit or remarks cell merged down over that row from a row above: one
    remark ("Chưa có số liệu ...") written once for the rows it stands beside belongs to each of them."""
    out: dict[tuple[int, int], str] = {}
    for k in columns:
        carry, left = "", 0
        for i, row in enumerate(data):
            cell = row.cells.get(k)
            if cell is not None:
                carry, left = _WS.sub(" ", cell.text).strip(), cell.row_span - 1
            elif left > 0:
                out[(i, k)] = carry
                left -= 1
            else:
                carry = ""
    return out


def table_records(t: JoinedTable, table_index: int, document_id: Any = None) -> tuple[dict, list[dict], list[dict]]:
    """The `tables` row, its `cells` rows and, for an indicator table, its `indicators` rows.

    A table whose column roles were read from the content where no header named them says which in
    ``roles_guessed`` (not a stored column): ``interpret.checks`` makes it a ``checks`` row."""

    kind = "indicator" if t.is_indicator and holds_data(t) else "other"
    table_row = {
        "table_index": table_index, "title": t.title, "kind": kind,
        "page_start": t.page_start, "page_end": t.page_end,
        "n_rows": len(t.rows), "n_cols": t.n_cols, "header_rows": t.header_rows,
        **box_columns(t.pieces[0].box if t.pieces else None),
        "block": t.pieces[0].block if t.pieces else None,
    }
    if kind == "indicator" and t.guessed:
        table_row["roles_guessed"] = "; ".join(t.guessed)
    cells: list[dict] = []
    for r_i, row in enumerate(t.rows):
        for k in sorted(row.cells):
            c = row.cells[k]
            cells.append({"table_index": table_index, "row": r_i, "col": k, "row_span": c.row_span,
                          "col_span": c.col_span, "is_header": 1 if row.is_header else 0, "text": c.text,
                          **box_columns(c.box), "block": table_row["block"]})
    if kind != "indicator":
        return table_row, cells, []

    col_of = {role: k for k, role in t.roles.items()}
    data = [r for r in t.rows if not r.is_header]
    # a column's own values decide its decimal mark (9.50, 14.50 or 2,096,584,751: the English way round)
    marks = {k: numbers.column_decimal_mark([r.cells[k].text for r in data if k in r.cells]) for k in t.value_columns}
    # a Roman/number row whose text repeats header markers is a header on a later piece that slipped through
    codes: list[Optional[str]] = []
    stt_names: list[str] = []  # an STT cell that holds a label ("CHỈ SỐ CHUNG" across STT and name)
    for row in data:
        cell = row.cells.get(col_of["code"]) if "code" in col_of else None
        code: Optional[str] = None
        label = ""
        if cell is not None:
            code = _clean_code(cell.text)
            if code is not None and not _is_code(code):
                label, code = _WS.sub(" ", cell.text).strip(), None
        codes.append(code)
        stt_names.append(label)
    if any(piece.source == OCR for piece in t.pieces):
        _mend_ocr_roman_codes(codes)
    ranker = _Ranker()
    ranks: list[Optional[int]] = [ranker.rank(c) if c is not None else None for c in codes]  # None: no code
    has_children = [False] * len(data)
    for i, code in enumerate(codes):
        rank = ranks[i]
        if code is None or rank is None:
            continue
        for j in range(i + 1, len(data)):
            nxt, nxt_rank = codes[j], ranks[j]
            if nxt is None or nxt_rank is None:
                continue
            has_children[i] = nxt_rank > rank or nxt.startswith(code + ".")
            break

    spanned = _spanned_texts(data, [k for k in (col_of.get("unit"), col_of.get("note")) if k is not None])
    indicators: list[dict] = []
    seen: set[str] = set()
    stack: list[tuple[int, str]] = []
    last_code: Optional[str] = None
    row_index = 0
    for i, row in enumerate(data):
        def text_of(role: str) -> str:
            k = col_of.get(role)
            if k is None:
                return ""
            if k not in row.cells:
                return spanned.get((i, k), "")
            return _WS.sub(" ", row.cells[k].text).strip()

        code = codes[i]
        name = text_of("name") or stt_names[i]
        unit = text_of("unit")
        note = text_of("note")
        values = {k: (_WS.sub(" ", row.cells[k].text).strip() if k in row.cells else "") for k in t.value_columns}
        if code is None and not name and not unit and not any(values.values()) and not note:
            continue
        rank = ranks[i]
        if code is not None and rank is not None:  # a code always has its rank
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
            parsed = numbers.parse_value(raw, unit, marks[k])
            cell = row.cells.get(k)
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
                "value_of": parsed.of, **box_columns(cell.box if cell is not None else None),
                "block": table_row["block"],
            })
        row_index += 1
    return table_row, cells, indicators


def read_tables(doc: Document, joined: Optional[list[JoinedTable]] = None
                ) -> tuple[list[dict], list[dict], list[dict], list[JoinedTable]]:
    """`tables`, `cells` and `indicators` rows of a document, and the joined tables themselves.

    ``joined``: the document's tables as the layout stage joined them (the pipeline passes them);
    joined here when not given.
    """
    tables: list[dict] = []
    cells: list[dict] = []
    indicators: list[dict] = []
    if joined is None:
        joined = join_tables(doc)
    for t in joined:
        t.title = _caption_above(t.lines_before, t.page_start)
    for i, t in enumerate(joined):
        tr, cr, ir = table_records(t, i)
        tables.append(tr)
        cells.extend(cr)
        indicators.extend(ir)
    return tables, cells, indicators, joined
