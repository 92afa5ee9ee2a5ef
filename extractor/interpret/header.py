"""Document header block (agency, number, place/date, kind, title), the reporting
period and the closing signature block, read from the page model only.

The header of a Vietnamese administrative document (Decree 30/2020 layout) is
two columns: left the superior body, the issuing body and ``Số: ...``; right
the national motto and ``<place>, ngày .. tháng .. năm ..``. Readers deliver
the two columns as separate ``Line`` segments (PDF: same ``top``, different
``x0``; DOCX layout table: ``in_table`` lines placed by ``Line.cell``), but
OCR or odd layouts may merge them, so the motto and the date are also cut
out of a line by their text. Every phrase lives in ``patterns/header.toml``
and ``patterns/document_kinds.toml``.

Choices (documented because the contract leaves them open):

* ``signer_title`` is the signer's own position, the last title line of the
  signature block ("PHÓ GIÁM ĐỐC" for "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"), as in the
  seed truth; the whole block joined is kept in ``signer_title_full``.
* A multi-year period ("giai đoạn 2026 - 2030") gets ``period_year`` NULL: it
  belongs to no single year. Start and end dates still cover the whole range.
* Without a kind line, ``doc_type`` comes from the kind code in the number
  (``/BC-`` -> BÁO CÁO); failing that a ``V/v`` subject line makes it
  ``CÔNG VĂN``; otherwise NULL.
"""

from __future__ import annotations

import calendar
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Optional

import regex as re

from extractor import grammar, patterns
from extractor.model import OCR, Document, Line

HEADER_SCAN_LINES = 45  # the header never runs longer than this many lines
CLOSING_SCAN_LINES = 40  # lines after the closing block start searched for the signature


@dataclass
class HeaderInfo:
    doc_type: Optional[str] = None
    doc_number: Optional[str] = None
    title: Optional[str] = None
    agency: Optional[str] = None
    province: Optional[str] = None
    issued_date: Optional[str] = None
    period_label: Optional[str] = None
    period_year: Optional[int] = None
    period_quarter: Optional[int] = None
    period_start: Optional[str] = None
    period_end: Optional[str] = None
    signer_name: Optional[str] = None
    signer_title: Optional[str] = None
    body_start: int = 0  # `order` of the first body item after the title block
    body_end: Optional[int] = None  # `order` of the first item of the closing block
    signer_title_full: Optional[str] = None  # all signature title lines joined ("KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC")
    place: Optional[str] = None  # place name printed before the date
    #: fields a scan did not let us read, with what the OCR gave (a number written by hand, say)
    unread: dict[str, str] = field(default_factory=dict)


# --------------------------------------------------------------------------- helpers


def _norm(s: str) -> str:
    """NFC, non-breaking spaces and tabs to spaces, runs collapsed."""
    s = unicodedata.normalize("NFC", s).replace("\u00a0", " ").replace("\t", " ")
    return re.sub(r"\s+", " ", s).strip()


@lru_cache(maxsize=None)
def _rx(pattern: str):
    return re.compile(pattern, re.IGNORECASE)


def _hp() -> dict:
    return patterns.load("header")


def _kinds() -> dict:
    return patterns.load("document_kinds")


def _upper_ratio(s: str) -> float:
    letters = [c for c in s if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if c.isupper()) / len(letters)


def _is_upper(s: str) -> bool:
    return _upper_ratio(s) >= 0.85 and sum(c.isalpha() for c in s) >= 2


def _strip_motto(s: str) -> str:
    for p in _hp()["motto"]:
        s = _rx(p).sub(" ", s)
    return _norm(s)


def _is_rule(s: str) -> bool:
    return bool(_rx(_hp()["rule_line"]).match(s))


def _center(line: Line) -> Optional[float]:
    span = line.x_span
    if span is None:
        return None
    return (span[0] + span[1]) / 2


def _block_break(prev: Line, ln: Line) -> bool:
    """``ln`` starts another block than ``prev``: a tall gap under it on one page, or another row
    (or table) of a layout table. Without either kind of place nothing says so."""
    if ln.box is not None and prev.box is not None:
        return ln.page == prev.page and ln.top - prev.top > 40
    if ln.cell is not None and prev.cell is not None:
        return (ln.cell.table, ln.cell.row) != (prev.cell.table, prev.cell.row)
    return False


# --------------------------------------------------------------------------- casing


_VOWELS = set("aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


def _is_acronym(word: str) -> bool:
    core = re.sub(r"[^\w&]", "", word)
    if not core:
        return False
    if core.upper() in {a.upper() for a in _hp()["acronyms"]}:
        return True
    letters = [c for c in core.lower() if c.isalpha()]
    return bool(letters) and not any(c in _VOWELS for c in letters) and core.isupper()


def _province_canon(name: str) -> Optional[str]:
    """Canonical province name for ``name`` (any case), or None when it is not a province."""
    n = _norm(name).strip(" ,.;:-")
    n = grammar.PROVINCE_PREFIX.sub("", n)
    key = n.casefold()
    for alias, canon in _hp()["province_aliases"].items():
        if alias.casefold() == key:
            return canon
    for p in _hp()["provinces"]:
        if p.casefold() == key:
            return p
    return None


def sentence_case(text: str) -> str:
    """'SỞ KẾ HOẠCH VÀ ĐẦU TƯ' -> 'Sở Kế hoạch và Đầu tư' (proper names and acronyms kept)."""
    text = _norm(text)
    if not _is_upper(text):
        return text  # already printed in normal case
    words = text.split(" ")
    out = []
    for w in words:
        out.append(w if _is_acronym(w) else w.lower())
    s = " ".join(out)
    hp = _hp()
    # place names after tỉnh/huyện/...: known provinces first, then capitalise the rest of the segment
    for p in sorted(hp["provinces"], key=len, reverse=True):
        s = re.sub(r"(?<!\w)" + re.escape(p.lower()) + r"(?!\w)", p, s)
    pw = "|".join(sorted((re.escape(w) for w in hp["place_words"]), key=len, reverse=True))
    s = re.sub(
        r"(?<!\w)(" + pw + r")\s+([^\s,;()]+(?:\s+[^\s,;()]+){0,3})$",
        lambda m: m.group(1) + " " + " ".join(x[:1].upper() + x[1:] for x in m.group(2).split(" ")),
        s,
    )
    # the word after a leading head word starts the proper name ("Trung tâm Phục vụ ...")
    for head in sorted(hp["agency_heads"], key=len, reverse=True):
        m = re.match(re.escape(head) + r"\s+(\S+)", s, flags=re.IGNORECASE)
        if m and not _is_acronym(head) and m.group(1).lower() not in hp["place_words"]:
            s = s[: m.start(1)] + m.group(1)[:1].upper() + s[m.start(1) + 1:]
            break
    # known names last: they override the head-word rule ('Ủy ban nhân dân')
    for ph in sorted(hp["proper"], key=len, reverse=True):
        s = re.sub(r"(?<!\w)" + re.escape(ph) + r"(?!\w)", ph, s, flags=re.IGNORECASE)
    return s[:1].upper() + s[1:]


def _title_name(s: str) -> str:
    """'BÙI THỊ THANH BÌNH' -> 'Bùi Thị Thanh Bình'; normal case left alone."""
    s = _norm(s)
    if _is_upper(s):
        return " ".join(w[:1].upper() + w[1:].lower() for w in s.split(" "))
    return s


# --------------------------------------------------------------------------- period


_ROMAN_Q = {"I": 1, "II": 2, "III": 3, "IV": 4}


def _month_end(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"


def parse_period(text: str, kinds: Optional[set[str]] = None) -> Optional[dict]:
    """Find the reporting period in ``text``; returns the period_* fields or None."""
    text = _norm(text)
    hp = _hp()
    words = hp["number_words"]
    for spec in hp["period"]:
        if kinds is not None and spec["kind"] not in kinds:
            continue
        m = _rx(spec["regex"]).search(text)
        if not m:
            continue
        k = spec["kind"]
        label = m.group(0).strip()
        g = m.groupdict()
        if k == "month_and_months_from_start":
            mo, y = int(g["m"]), int(g["y"])
            n = g["n"].lower()
            n_months = int(n) if n.isdigit() else int(words.get(n, 0))
            if not 1 <= mo <= 12 or n_months != mo:
                continue
            return dict(period_label=label, period_year=y, period_quarter=1 if mo == 3 else None,
                        period_start=f"{y}-01-01", period_end=_month_end(y, mo))
        if k == "quarter":
            qs = g["q"].upper()
            q = _ROMAN_Q.get(qs) or int(qs)
            y = int(g["y"])
            return dict(period_label=label, period_year=y, period_quarter=q,
                        period_start=f"{y}-{3 * q - 2:02d}-01", period_end=_month_end(y, 3 * q))
        if k in ("months_from_start", "months_to_end"):
            n = g["n"].lower()
            n = int(n) if n.isdigit() else int(words.get(n, 0))
            y = int(g["y"])
            if not 1 <= n <= 12:
                continue
            if k == "months_from_start":
                start, end = f"{y}-01-01", _month_end(y, n)
            else:
                start, end = f"{y}-{13 - n:02d}-01", f"{y}-12-31"
            quarter: Optional[int] = None
            if n == 3:
                quarter = 1 if k == "months_from_start" else 4
            return dict(period_label=label, period_year=y, period_quarter=quarter, period_start=start, period_end=end)
        if k == "month":
            mo, y = int(g["m"]), int(g["y"])
            if not 1 <= mo <= 12:
                continue
            return dict(period_label=label, period_year=y, period_quarter=None,
                        period_start=f"{y}-{mo:02d}-01", period_end=_month_end(y, mo))
        if k == "range":
            y1, y2 = int(g["y1"]), int(g["y2"])
            if not y1 < y2 <= y1 + 30:
                continue
            return dict(period_label=label, period_year=None, period_quarter=None,
                        period_start=f"{y1}-01-01", period_end=f"{y2}-12-31")
        if k == "year":
            y = int(g["y"])
            return dict(period_label=label, period_year=y, period_quarter=None,
                        period_start=f"{y}-01-01", period_end=f"{y}-12-31")
    return None


# --------------------------------------------------------------------------- header


def _parse_date(text: str) -> tuple[Optional[str], Optional[str], Optional[re.Match]]:
    """(place, iso date, match) from a '<place>, ngày .. tháng .. năm ....' text."""
    m = _rx(_hp()["place_date"]).search(text)
    if m:
        place = _norm(m.group("place")).strip(" .,-–")
        place = grammar.CITY_PREFIX.sub("", place).strip()
    else:
        m = _rx(_hp()["date_only"]).search(text)
        place = None
        if not m:
            return None, None, None
    y = int(m.group("y"))
    mo = m.group("m")
    d = m.group("d")
    iso = f"{y:04d}"
    if mo and 1 <= int(mo) <= 12:
        iso += f"-{int(mo):02d}"
        if d and 1 <= int(d) <= 31:
            iso += f"-{int(d):02d}"
    return place or None, iso, m


def _kind_of(text: str) -> Optional[tuple[str, str]]:
    """(kind, rest) when ``text`` is a kind line ('BÁO CÁO', 'KẾ HOẠCH ...')."""
    t = _norm(text).rstrip(":").strip()
    if not t or not _is_upper(t) or len(t) > 160:
        return None
    for k in sorted(_kinds()["kinds"], key=len, reverse=True):
        if t.upper() == k:
            return t, ""
        if t.upper().startswith(k + " "):
            rest = t[len(k):].strip()
            # 'BÁO CÁO TÓM TẮT' etc. are kinds themselves; other words start the title
            return t[: len(k)], rest
    return None


def _lines(doc: Document) -> list[Line]:
    return [it for it in doc.items() if isinstance(it, Line)]


def _centered(line: Line, left: float, right: float) -> Optional[bool]:
    if line.align:
        return line.align == "center"
    if line.box is None or right - left < 50:
        return None
    lg, rg = line.box[0] - left, right - line.box[2]
    return min(lg, rg) >= 8 and abs(lg - rg) <= max(15.0, 0.06 * (right - left))


def _page_extent(lines: list[Line], page: Optional[int]) -> tuple[float, float]:
    boxes = [ln.box for ln in lines if ln.box is not None and ln.page == page]
    if not boxes:
        return 0.0, 0.0
    return min(b[0] for b in boxes), max(b[2] for b in boxes)


def _split_agency(lines: list[Line]) -> list[str]:
    """The issuing body's lines out of the left-column lines above 'Số:'."""
    hp = _hp()
    texts = [_norm(_strip_motto(ln.text)) for ln in lines]
    keep = [(ln, t) for ln, t in zip(lines, texts) if t and not _is_rule(t)]
    if not keep:
        return []
    lines = [k[0] for k in keep]
    texts = [k[1].strip(" -–_") for k in keep]
    heads = sorted(hp["agency_heads"], key=len, reverse=True)

    def starts_head(t: str) -> bool:
        u = t.upper()
        return any(u == h or u.startswith(h + " ") for h in heads)

    # 1. superior body on the first line(s), issuing body starting with a head word
    for i in range(1, len(texts)):
        sup = " ".join(texts[:i])
        if starts_head(texts[i]) and any(_rx(p).match(sup) for p in hp["superior"]):
            return texts[i:]
    # 2. Decree-30 typography: superior regular, issuing body bold. A bold line that
    #    starts with a place word ('TỈNH VĨNH LONG' under a plain 'ỦY BAN NHÂN DÂN')
    #    only finishes the name above it: no superior body there.
    places = sorted((w.upper() for w in hp["place_words"]), key=len, reverse=True)
    bold = [ln.bold for ln in lines]
    if any(bold) and not all(bold):
        first_bold = bold.index(True)
        u = texts[first_bold].upper()
        continues = any(u == w or u.startswith(w + " ") for w in places)
        if first_bold > 0 and all(bold[first_bold:]) and not continues:
            return texts[first_bold:]
    return texts


def _number_token(rest: str) -> Optional[str]:
    """'  329 /BC-SKHĐT  DỰ THẢO' -> '329/BC-SKHĐT' (spaces of a blank number dropped)."""
    s = re.sub(r"\s*([/\-–])\s*", r"\1", _norm(rest))
    tokens = s.split(" ")
    for tok in tokens:
        if "/" in tok:
            return tok.strip(".,;:") or None
    s = s.replace(" ", "").strip(".,;:")
    return s or None


def _join_wrapped(parts: list[str]) -> str:
    """Join column lines; a line broken inside a word group just gets one space."""
    return _norm(" ".join(parts))


def read_header(doc: Document) -> HeaderInfo:
    """Read the header, title, period and signature of ``doc``."""
    info = HeaderInfo()
    lines = _lines(doc)
    if not lines:
        return info
    hp = _hp()
    head = lines[:HEADER_SCAN_LINES]

    # ---- the kind line ends the header columns
    kind_i = None
    for i, ln in enumerate(head):
        if ln.in_table:
            continue
        k = _kind_of(ln.text)
        if k:
            kind_i = i
            info.doc_type = k[0]
            kind_rest = k[1]
            break
        if i > 0 and _heading_like(ln.text) and i > 8:
            break
    zone = head[:kind_i] if kind_i is not None else head[:25]

    # columns: split header segments around the middle of their centres
    centres = [c for c in (_center(ln) for ln in zone) if c is not None]
    mid = None
    if centres and max(centres) - min(centres) > 60:
        mid = (max(centres) + min(centres)) / 2

    def is_left(ln: Line) -> bool:
        c = _center(ln)
        return True if (mid is None or c is None) else c < mid

    # ---- number, place/date, subject (V/v)
    num_i = date_i = None
    subject_idx: list[int] = []
    number_parts: set[int] = set()  # segments read as the rest of the number: no date starts there
    notes = _issued_with_lines(zone)  # "(Kèm theo Báo cáo số … ngày …)": another document's number and date
    for i, ln in enumerate(zone):
        t = _norm(ln.text)
        if i in notes:
            continue
        if num_i is None and _rx(hp["number"]).match(t):
            num_i = i
            rest = _rx(hp["number"]).match(t).group("num")
            _, _, dm = _parse_date(rest)
            if dm:
                rest = rest[: dm.start()]
            # the number itself may be the next segment on the same row
            for j, ln2 in enumerate(zone[i + 1:i + 4], start=i + 1):
                if ln.beside(ln2, 3.0) and is_left(ln2):
                    t2 = _norm(ln2.text)
                    if _parse_date(t2)[2] is None and re.match(r"^[\d/\-–]", t2):
                        rest = rest + " " + t2
                        number_parts.add(j)
            info.doc_number = _number_token(rest)
            serial, sep, tail = (info.doc_number or "").partition("/")
            if ln.source == OCR and serial and sep and not grammar.NUMBER_SERIAL.fullmatch(serial):
                # not digits where the printed form wants them: a number written by hand into the blank,
                # which the OCR cannot read. Keep the printed part, and say so (a checks row), never guess.
                info.unread["doc_number"] = info.doc_number or ""
                info.doc_number = sep + tail
        if date_i is None and i not in number_parts:
            place, iso, dm = _parse_date(_strip_motto(t))
            if not iso and not _rx(hp["number"]).match(t):
                # a blank day may split the date line into segments on one row
                row = [_norm(x.text) for x in zone[i + 1:i + 4] if ln.beside(x, 4.0)]
                if row:
                    place, iso, dm = _parse_date(_strip_motto(" ".join([t] + row)))
            if iso:
                date_i = i
                info.issued_date = iso
                info.place = place
        if _rx(hp["subject"]).match(t):
            subject_idx.append(i)

    # ---- agency: left-column lines above the number (or the date / kind line)
    stop = min(x for x in (num_i, date_i, len(zone)) if x is not None)
    left = []
    for ln in zone[:stop]:
        t = _strip_motto(_norm(ln.text))
        if not t or _is_rule(t) or not is_left(ln) or not _is_upper(t):
            continue  # agency blocks are printed in capitals; anything else is not one
        if _parse_date(t)[1] or _rx(hp["number"]).match(t):
            continue
        left.append(replace(ln, text=t))
    # without a number, a date line or the national motto beside it this is no Decree-30 header (a bare
    # annex, a form): its capitalised lines are titles, not an issuing body
    motto = any(_rx(p).search(_norm(ln.text)) for ln in zone for p in hp["motto"])
    agency_lines = _split_agency(left) if (num_i is not None or date_i is not None or motto) else []
    if agency_lines:
        info.agency = sentence_case(_join_wrapped(agency_lines))

    # ---- province: 'TỈNH X' in the agency block, else the place if it is a province
    for ln in left:
        m = grammar.PROVINCE_IN_AGENCY.search(_norm(ln.text))
        if m:
            cand = re.split(r"\s*[,;(]", m.group(1))[0]
            canon = _province_canon(cand)
            if canon:
                info.province = canon
                break
            if m.group(0).upper().startswith("TỈNH") and _is_upper(cand):
                info.province = " ".join(w[:1].upper() + w[1:].lower() for w in cand.split())
                break
    # the place of issue names the province of a local body only: a ministry's or the Government's place
    # (Hà Nội) is where it sits, and without an agency block the place alone says nothing of a body
    central = any(grammar.CENTRAL_BODY.match(_norm(ln.text)) for ln in left)
    if info.province is None and info.place and left and not central:
        info.province = _province_canon(info.place)

    # ---- title under the kind line
    title_parts: list[str] = []
    last_title_i = kind_i
    if kind_i is not None:
        if kind_rest:
            title_parts.append(kind_rest)
        first = None
        pl, pr = _page_extent(lines, head[kind_i].page)
        for j in range(kind_i + 1, min(len(head), kind_i + 8)):
            ln = head[j]
            t = _norm(ln.text)
            if not t or _is_rule(t):
                if title_parts:
                    last_title_i = j
                    break
                continue
            if (ln.in_table or _heading_like(t)
                    or any(_rx(p).match(t) for p in hp["body_openers"]) and first is not None):
                break
            if first is not None and t.startswith("("):
                break  # '(Ban hành kèm theo ...)' under a regulation's title
            if first is not None and (_beside_column(ln, first) or sum(c.isalpha() for c in t) < 2):
                continue  # a stamp or a margin note beside the title lines (a scan's received stamp), or specks
            if first is None:
                if any(_rx(p).match(t) for p in hp["body_openers"]) and not ln.bold:
                    break
                first = ln
            else:
                if first.bold and not ln.bold:
                    break
                if _is_upper(t) and not _is_upper(_norm(first.text)):
                    break  # the authority line of a decision ('CHỦ TỊCH ỦY BAN NHÂN DÂN ...')
                cen = _centered(ln, pl, pr)
                if not first.bold and cen is False:
                    break
                if len(title_parts) >= 5:
                    break
            title_parts.append(t)
            last_title_i = j
        if title_parts:
            info.title = _norm(" ".join(title_parts))
    elif subject_idx:
        i0 = subject_idx[0]
        parts = [_norm(zone[i0].text)]
        last_title_i = i0
        for j in range(i0 + 1, min(len(zone), i0 + 4)):
            ln = zone[j]
            t = _norm(ln.text)
            if not t or not is_left(ln) or _parse_date(t)[1] or _kind_of(t) or _rx(hp["number"]).match(t):
                break
            if _block_break(zone[j - 1], ln):
                break
            parts.append(t)
            last_title_i = j
        info.title = _norm(" ".join(parts))
        last_title_i = max(last_title_i, *(x for x in (num_i, date_i) if x is not None))
    else:
        last_title_i = max([x for x in (num_i, date_i) if x is not None], default=-1)

    # a regulation or an annex without a date line of its own: the date of the document it comes with
    if info.issued_date is None:
        after = head[last_title_i + 1: last_title_i + 4] if last_title_i is not None else head[:4]
        tied = _issued_with_lines(after)
        if tied:
            _, iso, _ = _parse_date(" ".join(_norm(after[i].text) for i in sorted(tied)))
            info.issued_date = iso

    # doc_type without a kind line
    if info.doc_type is None:
        m = grammar.NUMBER_KIND_CODE.search(info.doc_number or "")
        codes = _kinds()["codes"]
        if m and m.group(1) in codes:
            info.doc_type = codes[m.group(1)]
        elif subject_idx:
            info.doc_type = _kinds()["letter_kind"]

    # ---- body start: first line after the title block (layout-table lines of the header skipped)
    start_i = (last_title_i + 1) if last_title_i is not None else 0
    while start_i < len(lines) and lines[start_i].in_table and start_i < HEADER_SCAN_LINES:
        start_i += 1
    info.body_start = lines[start_i].order if start_i < len(lines) else (lines[-1].order + 1)

    # ---- period: title first, then the opening lines (only the specific kinds there)
    per = parse_period(info.title or "") if info.title else None
    if per is None:
        opening = " ".join(_norm(ln.text) for ln in lines[start_i:start_i + 4])
        per = parse_period(opening, {"month_and_months_from_start", "quarter", "months_from_start",
                                     "months_to_end", "month"})
    if per:
        for k, v in per.items():
            setattr(info, k, v)

    # ---- closing block and signature
    _read_closing(doc, lines, start_i, info)
    return info


def _beside_column(ln: Line, first: Line) -> bool:
    """``ln`` stands beside the title block, not under it: neither line spans the other's centre (a stamp
    or a margin note next to a centred title; a wider or narrower title line spans the same centre).
    Needs boxes (PDF, scans)."""
    if ln.box is None or first.box is None or ln.page != first.page:
        return False
    c_ln, c_first = (ln.box[0] + ln.box[2]) / 2, (first.box[0] + first.box[2]) / 2
    return not (ln.box[0] <= c_first <= ln.box[2]) and not (first.box[0] <= c_ln <= first.box[2])


def _issued_with_lines(lines: list[Line]) -> set[int]:
    """Indexes of the lines of an "issued with / attached to" note, from its opening to its closing bracket."""
    opener = _rx(_hp()["issued_with"])
    out: set[int] = set()
    i = 0
    while i < len(lines):
        t = _norm(lines[i].text)
        if opener.match(t):
            out.add(i)
            depth = t.count("(") - t.count(")")
            j = i + 1
            while depth > 0 and j < len(lines) and j <= i + 3:
                u = _norm(lines[j].text)
                out.add(j)
                depth += u.count("(") - u.count(")")
                j += 1
            i = j
            continue
        i += 1
    return out


def _heading_like(t: str) -> bool:
    return bool(grammar.HEADING_START.match(t))


def _read_closing(doc: Document, lines: list[Line], start_i: int, info: HeaderInfo) -> None:
    hp = _hp()
    cl = hp["closing"]
    rec = _rx(cl["recipients"])
    deleg = _rx(cl["delegation"])
    positions = sorted(cl["positions"], key=len, reverse=True)
    ranks = sorted(cl.get("ranks", []), key=len, reverse=True)

    def is_title_line(t: str) -> bool:
        if not t or not _is_upper(t) or len(t) > 70:
            return False
        if deleg.match(t):
            return True
        u = t.upper()
        return any(u.startswith(p) for p in positions)

    # first closing item: 'Nơi nhận:' or a signature title after the last body paragraph
    end_i = None
    for i in range(start_i, len(lines)):
        t = _norm(lines[i].text)
        if rec.match(t):
            end_i = i
            break
        if deleg.match(t) and _is_upper(t) and len(t) < 70:
            end_i = i
            break
    if end_i is None:
        # signature without a recipients list: last title-like line group near the end
        for i in range(len(lines) - 1, max(start_i, len(lines) - CLOSING_SCAN_LINES) - 1, -1):
            t = _norm(lines[i].text)
            if is_title_line(t) and (lines[i].in_table or lines[i].align in ("center", "right", None)):
                end_i = i
                while end_i - 1 > start_i and is_title_line(_norm(lines[end_i - 1].text)):
                    end_i -= 1
                break
    if end_i is None:
        return
    # a same-row segment printed left of 'Nơi nhận' (PDF) belongs to the block as well
    info.body_end = lines[end_i].order

    block = lines[end_i:end_i + CLOSING_SCAN_LINES]
    titles: list[str] = []
    name = None
    noise = [_rx(p) for p in cl["noise"]]
    not_name = set(cl["not_name"])
    body_starts = sorted(cl.get("not_name_starts", []), key=len, reverse=True)

    def is_body_name(t: str) -> bool:
        u = t.upper()
        return any(u == b or u.startswith(b + " ") for b in body_starts)

    for ln in block:
        t = _norm(ln.text)
        t = rec.sub("", t).strip() if rec.match(t) else t
        if not t:
            continue
        if name is None and is_title_line(t):
            titles.append(t)
            continue
        if t.startswith(("-", "+", "•")) or any(p.search(t) for p in noise):
            continue
        rank = next((r for r in ranks if t.casefold().startswith(r.casefold() + " ")), None)
        if rank is not None:
            t = t[len(rank):].strip()
        elif not titles:
            continue
        words = t.split()
        if 2 <= len(words) <= 5 and all(w[:1].isupper() and w.isalpha() for w in words) \
                and not any(w.upper() in not_name for w in words) and not is_body_name(t):
            name = _title_name(t)
            break
        if _is_upper(t) and len(words) > 6:
            break  # an annex heading: the block is over
    if titles:
        info.signer_title_full = _norm(" ".join(titles))
        own = [t for t in titles if not deleg.match(t)]
        if own:
            info.signer_title = own[0]  # later lines add a concurrent post ('PHÓ CHỦ TỊCH UBND TỈNH')
        else:
            # 'KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC' on one line: the position after the delegated one
            last = deleg.sub("", titles[-1]).strip()
            m = grammar.DEPUTY_POST.search(last)
            info.signer_title = m.group(1) if m else last
    info.signer_name = name
