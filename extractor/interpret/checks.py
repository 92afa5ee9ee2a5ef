"""Problems a report carries, found in its records so a dashboard can flag them.

Extraction never "fixes" a printed value; when something does not add up it is
recorded here (the `checks` table) with the rows involved and a message.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any, Optional

from .. import grammar
from ..model import Line, Mark
from ..records import Records

_QUARTER = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _period_in(text: str) -> tuple[Optional[int], Optional[int]]:
    """(year, quarter) a caption states, ignoring its '(Kèm theo Báo cáo số ... ngày ...)' note."""
    text = grammar.ANNEX_NOTE.sub(" ", text or "")
    m = grammar.CAPTION_QUARTER.search(text)
    if m:
        year = int(m.group(2)) if m.group(2) else None
        if year is None:
            y = grammar.CAPTION_YEAR.search(text, m.end())
            year = int(y.group(1)) if y else None
        return year, _QUARTER[m.group(1).lower()]
    y = grammar.CAPTION_YEAR.search(text)
    return (int(y.group(1)) if y else None), None


def _check(kind: str, message: str, table_index: Optional[int] = None, rows: Any = None) -> dict:
    rows_json = json.dumps(rows, ensure_ascii=False) if rows is not None else None
    return {"kind": kind, "table_index": table_index, "rows": rows_json, "message": message}


def _code_key(code: str) -> Optional[tuple[str, int]]:
    """(parent prefix, last number) of a dotted decimal code; None for Roman or lettered codes."""
    parts = code.split(".")
    if not parts[-1].isdigit():
        return None
    return ".".join(parts[:-1]), int(parts[-1])


#: Header fields whose absence a reader of the archive should see (a bare annex has no agency, say).
HEADER_FIELDS = ("doc_type", "doc_number", "agency", "issued_date", "title", "signer_name")


def header_checks(doc: dict) -> list[dict]:
    """A ``checks`` row for each header field the document left empty, so a missing value never passes
    for a read one."""
    return [_check("header_field_missing", f"no {field.replace('_', ' ')} found in the document's header")
            for field in HEADER_FIELDS if not doc.get(field)]


def heading_sequence_checks(sections: list[dict]) -> list[dict]:
    """A gap or a repeat among sibling headings (1., 2., 4. / a), b), d) / II, II) is a ``checks`` row: a
    heading the extractor missed, or one the document numbers wrong, shows. ``Điều`` runs through the
    whole document (a regulation attached to a decision starts it again at 1), other numbers restart
    under each parent."""
    last: dict[tuple, tuple[int, str]] = {}
    out: list[dict] = []
    for s in sections:
        o = grammar.ordinal(s.get("number") or "")
        if o is None:
            continue
        kind, pos = o
        key = (kind,) if not kind.startswith(("dotted", "roman", "letter")) else (kind, s.get("parent"))
        prev = last.get(key)
        restart = pos == 1 and key == (kind,)  # a regulation issued with a decision counts its Điều anew
        if prev is not None and pos != prev[0] + 1 and not restart:
            what = "repeats" if pos == prev[0] else "follows"
            out.append(_check("heading_sequence", f"heading {s.get('path')} {what} {prev[1]} out of sequence"))
        elif prev is None and pos > 1 and kind.startswith(("dotted", "roman", "letter")):
            out.append(_check("heading_sequence", f"heading {s.get('path')} opens its list (no earlier sibling)"))
        last[key] = (pos, s.get("path") or "")
    return out


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0]))


def handwriting_checks(marks: list[Mark], lines: list[Line]) -> list[dict]:
    """A ``checks`` row for each header field written by hand into its print (``Số: 289/TTr-…``,
    ``ngày 22 tháng 10``): the OCR read the page without the hand's ink, so the field keeps its
    printed part only, and the archive's reader must see that a value was there. The field is
    told by the print round the hand: the line it stands in, or the pieces just left and right
    of it on its row (the gap the hand filled may cut the printed line in two)."""
    out: list[dict] = []
    fields = (("doc_number", grammar.HEADER_NUMBER_LINE), ("issued_date", grammar.HEADER_DATE_LINE))
    for m in marks:
        if m.kind != "handwriting":
            continue
        x0, top, x1, bottom = m.box
        row = [ln for ln in lines if ln.page == m.page and ln.box is not None
               and _overlap((top, bottom), (ln.box[1], ln.box[3]))
               >= 0.5 * min(bottom - top, ln.box[3] - ln.box[1])]
        inside = [ln for ln in row if ln.box is not None and ln.box[0] <= x0 and ln.box[2] >= x1]
        left = [ln for ln in row if ln.box is not None and ln.box[2] <= x0 + 4 and x0 - ln.box[2] <= 72]
        right = [ln for ln in row if ln.box is not None and ln.box[0] >= x1 - 4 and ln.box[0] - x1 <= 72]
        around = inside[:1] or (
            [max(left, key=lambda ln: ln.box[2] if ln.box else 0.0)] if left else []
        ) + ([min(right, key=lambda ln: ln.box[0] if ln.box else 0.0)] if right else [])
        text = " ".join(ln.text for ln in around)
        name = next((n for n, rx in fields if rx.search(text)), None)
        if name is None:
            continue
        read = f"; the OCR reads '{m.text}' there (confidence {m.confidence:.2f})" if m.text else ""
        out.append(_check("field_handwritten", f"{name}: written by hand on page {m.page}, not read; "
                                               f"stored with its printed part only{read}"))
    return out


def find_checks(records: Records) -> list[dict]:
    doc = records.document
    out: list[dict] = header_checks(doc) + heading_sequence_checks(records.sections)
    for t in records.tables:
        if t.get("roles_guessed"):
            out.append(_check("column_roles_guessed",
                              f"table {t['table_index']}: column roles read from the content, not named by the header: "
                              + t["roles_guessed"], t["table_index"]))
    year, quarter = doc.get("period_year"), doc.get("period_quarter")
    for t in records.tables:
        if t.get("kind") != "indicator" or not t.get("title") or year is None:
            continue
        ty, tq = _period_in(t["title"])
        if (ty is not None and ty != year) or (tq is not None and quarter is not None and tq != quarter):
            label = doc.get("period_label") or str(year)
            out.append(_check("period_mismatch",
                              f"table {t['table_index']} title states a period ({'quý ' + str(tq) + ' ' if tq else ''}"
                              f"năm {ty}) that differs from the report's ({label})", t["table_index"]))

    by_table: dict[int, list[dict]] = defaultdict(list)
    for r in records.indicators:
        by_table[r["table_index"]].append(r)
    for ti, rows in by_table.items():
        # one value column at a time
        columns: dict[str, list[dict]] = defaultdict(list)
        for r in rows:
            columns[r["value_column"]].append(r)
        for column, rs in columns.items():
            by_code = {r["code"]: r for r in rs if r["code"]}
            for r in rs:
                if r["value_kind"] == "percent" and r["value"] is not None and r["value"] > 100:
                    what = r["code"] or r["name"]
                    out.append(_check("percent_over_100", f"{what}: {r['value_raw']} is a percentage over 100",
                                      ti, [r["row_index"]]))
                parent = by_code.get(r["parent_code"]) if r["parent_code"] else None
                if (parent is not None and r["value"] is not None and parent["value"] is not None
                        and r["value_kind"] == "number" and parent["value_kind"] == "number"
                        and (r["unit"] or "").lower() == (parent["unit"] or "").lower() and r["unit"]
                        and r["value"] > parent["value"]):
                    out.append(_check("part_exceeds_total",
                                      f"{r['code'] or r['name']} ({r['value_raw']}) is larger than its total "
                                      f"{parent['code']} ({parent['value_raw']}) [{column}]",
                                      ti, [parent["row_index"], r["row_index"]]))
            # uncoded breakdown rows ("Trong đó") summing past their total
            groups: dict[str, list[dict]] = defaultdict(list)
            for r in rs:
                if r["code"] is None and r["parent_code"]:
                    groups[r["parent_code"]].append(r)
            for code, parts in groups.items():
                parent = by_code.get(code)
                vals = [p["value"] for p in parts if p["value"] is not None and p["value_kind"] == "number"]
                # a breakdown is several rows, or one under a "Tổng ..." row; a lone summary row is not one
                breakdown = len(parts) >= 2 or (
                    parent is not None and (parent["name"] or "").lower().startswith("tổng"))
                if parent is not None and parent["value"] is not None and vals and sum(vals) > parent["value"] \
                        and breakdown and all((p["unit"] or "") == (parent["unit"] or "") for p in parts):
                    total = parent["value_raw"]
                    out.append(_check("parts_exceed_total",
                                      f"the breakdown under {code} sums to {sum(vals):g}, more than its total {total}",
                                      ti, [parent["row_index"]] + [p["row_index"] for p in parts]))
            break  # code sequence is the same for every value column
        last: dict[str, int] = {}
        for r in rows:
            code = r["code"]
            if r["value_column"] != rows[0]["value_column"]:
                continue
            if not code:
                if r["value_kind"] == "empty":
                    last.clear()  # an uncoded sub-heading ("Thanh toán trực tuyến") starts numbering afresh
                continue
            key = _code_key(code)
            if key is None:
                continue
            prefix, n = key
            group = r["parent_code"] or ""  # siblings restart under each group ("1" under I, again under II)
            prev = last.get(group)
            if prev is not None and n != prev + 1:
                before = f"{prefix}.{prev}" if prefix else f"{prev}"
                out.append(_check("code_sequence", f"code {code} follows {before} out of sequence",
                                  ti, [r["row_index"]]))
            last[group] = n
    return out
