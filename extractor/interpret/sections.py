"""Numbered sections of a report body, read from the page model only.

Four steps:

1. Paragraphs. DOCX lines are paragraphs already. PDF/OCR lines are wrapped
   segments: a new paragraph starts at a first-line indent, a bullet
   ("-", "+", "•"), after a line that stops well short of the right margin, or
   where bold/italic switches (a bold heading line followed by its run-in body).
2. Candidates. A paragraph whose first line starts with a heading number
   (``patterns/headings.toml``: I., 1., 1.1., a), Phần I, Chương II, Điều 1,
   Phụ lục I, ...).
3. Evidence. A candidate is a heading when its typography says so (bold,
   italic, capitals, a bold run-in title, a keyword style), or when its
   numbering does: it continues the count of an open plain heading, or it opens
   a level whose next number follows before any heading of its parents' styles
   (a run 1., 2., 3.; a) b) c) under a number). A lone plain candidate must be
   short and not end like a list item. Numbering decides, not bold: run-on
   headings (number, title, colon, body in one paragraph) give their title up
   to the first colon or sentence end and the rest is body.
4. Hierarchy, kept on a stack. A sibling must continue its predecessor's count
   (a skip of up to ``max_step`` is allowed, real reports skip numbers), a new
   level must start near 1, and a decimal "1.2" must sit under "1"; a style not
   open yet nests under the innermost open heading. That rejects numbered list
   items that restart inside a body and lines that only begin with a number.
   Keyword headings follow the legal order of ``[tree]`` (Phụ lục > Phần >
   Chương > Mục > Điều): one closes every heading it outranks, and Điều numbers
   run on across chapters. An annex after the signature (``Phụ lục II``) is a
   tree of its own.

Body text: wrapped lines of a paragraph are joined with one space, paragraphs
with "\\n"; tables are skipped (their text is not section body); footnote
markers "[^n]" stay as the reader wrote them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from dataclasses import replace as dc_replace
from functools import lru_cache
from typing import Optional

import regex as re

from extractor import grammar, patterns
from extractor.model import OCR, Box, Document, Line

BULLETS = ("-", "+", "•", "*", "–", "·", "♦", "●", "▪", "")


@dataclass
class Section:
    level: int
    number: str
    path: str
    title: str
    page: Optional[int]
    body: str
    parent: Optional[int]  # index into the returned list; None at the top level
    order: int  # `order` of the heading's first line
    box: Optional[tuple[float, float, float, float]] = None  # the heading's first line on its page (None for DOCX)
    block: Optional[int] = None  # DOCX: the heading paragraph's position in the body


@dataclass
class _Para:
    lines: list[Line]

    @property
    def first(self) -> Line:
        return self.lines[0]

    @property
    def text(self) -> str:
        return _norm(" ".join(ln.text for ln in self.lines))


@dataclass
class _Option:
    style: str  # style key; decimals carry their depth ("decimal2")
    kind: str
    number: str
    title: str
    value: object  # int, or tuple[int, ...] for decimals
    strong: bool = False


@dataclass
class _Cand:
    para: _Para
    options: list[_Option] = field(default_factory=list)
    emph: bool = False
    upper: bool = False
    lead_emph: bool = False  # a bold/italic run-in title opens it, plain body follows


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFC", s).replace("\u00a0", " ").replace("\t", " ")
    return re.sub(r"[ \r\n\f\v]+", " ", s).strip()


def _hp() -> dict:
    return patterns.load("headings")


@lru_cache(maxsize=None)
def _is_upper(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) / len(letters) >= 0.85


def _roman(s: str) -> Optional[int]:
    """A heading's Roman number in either case (``iv``, ``IV``), by the one grammar; None when malformed."""
    return grammar.roman_value(s.upper()) if s else None


def _alpha_value(ch: str) -> Optional[int]:
    alphabet = _hp()["alphabet"].split()
    ch = ch.lower()
    return alphabet.index(ch) + 1 if ch in alphabet else None


def _keyword_value(num: str) -> Optional[int]:
    parts = num.split()
    tail = parts[-1]
    if tail.isdigit():
        return int(tail)
    r = _roman(tail)
    if r:
        return r
    return _hp()["ordinals"].get(tail.lower())


def _options(text: str) -> list[_Option]:
    out = []
    for spec, rx in grammar.heading_styles():
        m = rx.match(text)
        if not m:
            continue
        num = _norm(m.group("num"))
        title = _norm(m.group("title")).strip()
        kind = spec["kind"]
        key = spec["key"]
        value: object = None
        if kind == "roman":
            value = _roman(num)
        elif kind == "arabic":
            value = int(num)
            if value > 60:
                value = None
        elif kind == "alpha":
            value = _alpha_value(num)
        elif kind == "ALPHA":
            value = _alpha_value(num)
        elif kind == "decimal":
            value = tuple(int(x) for x in num.split("."))
            key = f"{key}{len(value)}"
            if any(v > 60 for v in value):
                value = None
        elif kind == "keyword":
            value = _keyword_value(num)
        if value is None:
            continue
        out.append(_Option(key, kind, num, title, value, bool(spec.get("strong"))))
    return out


# --------------------------------------------------------------------------- paragraphs


def _right_edges(lines: list[Line]) -> dict:
    """Text right margin of each page: a high percentile of the line ends; on a page of a few lines
    (an annex's title page) the document's at least, as its own lines need not reach the margin."""
    by_page: dict = {}
    for ln in lines:
        if ln.box is not None:
            by_page.setdefault(ln.page, []).append(ln.box[2])
    everything = sorted(x for xs in by_page.values() for x in xs)
    doc_right = everything[int(0.9 * (len(everything) - 1))] if everything else 0.0
    out = {}
    for p, xs in by_page.items():
        xs.sort()
        own = xs[int(0.9 * (len(xs) - 1))]
        out[p] = own if len(xs) >= 15 else max(own, doc_right)
    return out


def _left_edges(lines: list[Line]) -> dict:
    """Text left margin of each page: a low percentile of the line starts (wrapped lines
    return to the margin; first lines and headings are indented from it)."""
    by_page: dict = {}
    for ln in lines:
        if ln.box is not None and not ln.in_table:
            by_page.setdefault(ln.page, []).append(ln.box[0])
    everything = sorted(x for xs in by_page.values() for x in xs)
    doc_left = everything[int(0.1 * (len(everything) - 1))] if everything else 0.0
    out = {}
    for p, xs in by_page.items():
        xs.sort()
        out[p] = xs[int(0.1 * (len(xs) - 1))] if len(xs) >= 5 else doc_left
    return out


_NUMBER_ONLY = grammar.HEADING_NUMBER_ALONE


_LEADING_ROMAN = grammar.LEADING_ROMAN
# what Tesseract makes of a lone 'I.' / 'II.' / 'III.' set apart by a tab: 'L', 'H.', 'Il', '|.' ...
_ROMAN_LOOKALIKE = grammar.ROMAN_LOOKALIKE  # "lll.." too
_ROMANS = [grammar.roman(n) for n in range(1, 13)]  # I .. XII
_LONE_NUMBER_COMMA = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,3}[,;:]$")


def _same_baseline(a: Box, b: Box) -> bool:
    """Two segments of one printed line: their boxes overlap for most of the smaller one's height
    (OCR boxes of '1.' and of 'Số hóa' differ in top by a few points)."""
    if abs(a[1] - b[1]) < 2.0:
        return True
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    return overlap >= 0.6 * min(a[3] - a[1], b[3] - b[1])


def _join_number_segments(lines: list[Line]) -> list[Line]:
    """Word's automatic heading number and its tab come out of a PDF as two segments on
    one baseline ('I.' at the indent, the title at the tab stop): join them into one line."""
    out: list[Line] = []
    skip: set[int] = set()
    last_roman = 0
    for i, ln in enumerate(lines):
        if i in skip:
            continue
        head = _LEADING_ROMAN.match(_norm(ln.text))
        if head:
            value = grammar.roman_value(head.group(1)) or 0
            if (ln.source == OCR and value == last_roman and (ln.bold or ln.text.isupper())
                    and last_roman < len(_ROMANS)):
                # a scan read 'III.' as 'II.' (a stroke lost): a heading never repeats its number
                ln = dc_replace(ln, text=_ROMANS[last_roman] + _norm(ln.text)[head.end(1):])
                value = last_roman + 1
            last_roman = value or last_roman
        lookalike = ln.source == OCR and bool(_ROMAN_LOOKALIKE.match(_norm(ln.text)))
        if ln.source == OCR and not lookalike:
            first, _, rest = _norm(ln.text).partition(" ")
            # 'H.' may open a place ('H. Lâm Hà'): only in heading type; 'l.', 'lI.', '|.' open no
            # Vietnamese word, so they are the next Roman number whatever the type
            typed = ln.bold or ln.text.isupper() or "H" not in first
            if typed and rest and _ROMAN_LOOKALIKE.match(first) and first[-1:] in ".)," \
                    and last_roman < len(_ROMANS):
                # the same misread kept on one line with its title: 'l. Cải cách chế độ công vụ'
                ln = dc_replace(ln, text=_ROMANS[last_roman] + ". " + rest)
                last_roman += 1
        if ln.source == OCR and _LONE_NUMBER_COMMA.match(_norm(ln.text)):
            ln = dc_replace(ln, text=_norm(ln.text)[:-1] + ".")  # a scan's lone '1.' read as '1,' or '1;'
        lbox = ln.box  # kept by the replacements of the text below
        if lbox is not None and (_NUMBER_ONLY.match(_norm(ln.text)) or lookalike):
            size = ln.size or 12.0
            for j in range(i + 1, min(len(lines), i + 4)):
                nx = lines[j]
                if j in skip or nx.box is None or nx.page != ln.page or not _same_baseline(lbox, nx.box):
                    continue
                gap = nx.box[0] - lbox[2]
                if -1.0 <= gap <= max(72.0, 6 * size) and _norm(nx.text):
                    if lookalike:
                        if not (nx.bold or nx.text.isupper()) or last_roman >= len(_ROMANS):
                            break
                        # a scan's lone Roman heading number read as 'L' or 'H.': the next in sequence
                        ln = dc_replace(ln, text=_ROMANS[last_roman] + ".")
                        last_roman += 1
                    box = (lbox[0], min(lbox[1], nx.box[1]), nx.box[2], max(lbox[3], nx.box[3]))
                    ln = dc_replace(ln, text=_norm(ln.text) + " " + nx.text, box=box,
                                    bold=nx.bold, italic=nx.italic, size=nx.size or ln.size)
                    skip.add(j)
                    break
        out.append(ln)
    return out


def _body_size(lines: list[Line]) -> Optional[float]:
    """The font size most of the body's characters are printed in."""
    weight: dict[float, int] = {}
    for ln in lines:
        if ln.size:
            weight[ln.size] = weight.get(ln.size, 0) + len(ln.text)
    return max(weight, key=weight.__getitem__) if weight else None


def _drop_chart_text(lines: list[Line]) -> list[Line]:
    """A chart printed into a PDF leaves its axis labels, data labels and legend as text:
    a run of many small-font fragments scattered across the width, often under a short
    title line. None of it is body text (the DOCX keeps it inside the drawing)."""
    body = _body_size(lines)
    if not body:
        return lines
    small, tiny = 0.8 * body, 0.65 * body
    drop: set[int] = set()
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln.box is None or ln.in_table or not ln.size or ln.size > small:
            i += 1
            continue
        j = i
        while j + 1 < len(lines):
            nx = lines[j + 1]
            if nx.box is None or nx.page != ln.page or not nx.size or nx.size > small or nx.in_table:
                break
            j += 1
        run = lines[i:j + 1]  # every line with a box and a size
        n = len(run)
        xs = [r.box[0] for r in run if r.box is not None]
        if n >= 8 and sum(r.size is not None and r.size <= tiny for r in run) >= 0.5 * n \
                and sum(len(r.text.split()) <= 4 for r in run) >= 0.5 * n \
                and max(xs) - min(xs) >= 100 \
                and not any(re.search(r"[.;:]$", _norm(r.text)) for r in run):
            drop.update(range(i, j + 1))
            # the chart's title just above it: one short line that is no heading and no sentence
            if i > 0:
                t = lines[i - 1]
                tt = _norm(t.text)
                if t.box is not None and t.page == ln.page and 0 <= ln.box[1] - t.box[3] <= 30 \
                        and _is_upper(tt) and len(tt.split()) <= 15 and not _options(tt) \
                        and not re.search(r"[.;:,]$", tt):
                    drop.add(i - 1)
        i = j + 1
    return [ln for k, ln in enumerate(lines) if k not in drop] if drop else lines


def _paragraphs(lines: list[Line]) -> list[_Para]:
    """Group wrapped lines into paragraphs by their geometry; a line that is a whole paragraph
    (``Line.is_paragraph``: the source marks paragraph ends, as Word does) stands alone."""
    right = _right_edges(lines)
    left = _left_edges(lines)
    paras: list[_Para] = []
    prev: Optional[Line] = None
    for ln in lines:
        t = _norm(ln.text)
        if not t:
            continue
        if prev is None or ln.is_paragraph or prev.is_paragraph or ln.box is None or prev.box is None:
            new = True
        else:
            new = False
            size = ln.size or 12.0
            redge = right.get(prev.page, prev.box[2])
            # a line that runs to the right margin was wrapped: its paragraph goes on
            wrapped = prev.box[2] >= redge - max(size, 10.0)
            indented = ln.box[0] - left.get(ln.page, ln.box[0]) > max(4.0, 0.35 * size)
            if ln.indent > max(4.0, 0.35 * size):
                new = True
            elif t.startswith(BULLETS[:-1]):
                new = True
            elif indented and (_options(t) or re.search(r"[.;:!?…]$", _norm(prev.text))):
                # a wrapped line goes back to the margin: a line at the first-line indent
                # under a nearly full line starts a paragraph (a heading, a new sentence)
                new = True
            elif prev.box[2] < redge - max(3 * size, 36.0):
                new = True  # the previous line stopped short: its paragraph ended
            elif prev.italic != ln.italic and not wrapped:
                new = True
            elif prev.bold != ln.bold and not (wrapped and not prev.bold):
                new = True  # bold ends a heading line; plain text wrapping into bold goes on
            elif _options(t) and re.search(r"[.;:!?]$", _norm(prev.text)):
                new = True
            elif ln.in_table != prev.in_table:
                new = True
        if new:
            paras.append(_Para([ln]))
        else:
            paras[-1].lines.append(ln)
        prev = ln
    return paras


# --------------------------------------------------------------------------- hierarchy


def _next_ok(prev: object, new: object, step: int) -> bool:
    if isinstance(prev, tuple) and isinstance(new, tuple):
        return len(prev) == len(new) and prev[:-1] == new[:-1] and prev[-1] < new[-1] <= prev[-1] + step
    if isinstance(prev, int) and isinstance(new, int):
        return prev < new <= prev + step
    return False


def _first_ok(value: object, first: int) -> bool:
    v = value[-1] if isinstance(value, tuple) else value
    return isinstance(v, int) and 0 <= v <= first


def _ancestor_ok(stack: list[dict], opt: _Option) -> bool:
    """A decimal number's prefix must be the number of the heading it sits under."""
    if opt.kind != "decimal" or not isinstance(opt.value, tuple):  # a decimal's value is a tuple
        return True
    want = opt.value[:-1]
    for e in reversed(stack):
        if e["kind"] == "decimal" and len(e["value"]) == len(want):
            return e["value"] == want
        if e["kind"] == "arabic" and len(want) == 1:
            return (e["value"],) == want
    return True


def _after_closing(doc: Document, body_end: int, stop: Optional[int] = None) -> list[Line]:
    """Lines after the closing block from the first heading that opens a tree of its own there
    (``Phụ lục II`` after the signature): an annex's outline is part of the document's."""
    styles = set(_hp()["tree"]["after_closing"])
    rxs = [rx for spec, rx in grammar.heading_styles() if spec["key"] in styles]
    rest = [it for it in doc.items() if isinstance(it, Line) and it.order >= body_end
            and (stop is None or it.order < stop)]
    for k, ln in enumerate(rest):
        if not ln.in_table and any(rx.match(_norm(ln.text)) for rx in rxs):
            return rest[k:]
    return []


def _next_of_style(cands: list[Optional[_Cand]], i: int, style: str, closers: set) -> Optional[_Option]:
    """The next candidate number of ``style`` after paragraph ``i``, unless a heading of one of the
    ``closers`` (its parents' styles) comes first: where a count would go on."""
    for c in cands[i + 1:]:
        if c is None:
            continue
        same = next((o for o in c.options if o.style == style), None)
        if same is not None:
            return same
        if any(o.style in closers for o in c.options):
            return None
    return None


def _in_sequence(stack: list[dict], placed: list[dict], cands: list[Optional[_Cand]], i: int,
                 opt: _Option) -> bool:
    """Is a plain numbered paragraph a heading by the evidence of its numbering? It is when it
    continues the count of a plain heading already open (``c)`` after ``b)``), or when it opens a new
    level and the next number of its style follows before any heading of its parents' styles
    (``a)`` followed by ``b)``). A list restarting under a heading of its own style never fits."""
    closers = {e["style"] for e in placed[:-1]}
    if _restarted_by_heading(cands, i, opt, closers):
        return False
    for e in stack:
        if e["style"] == opt.style:
            # _place took it as the next sibling: a plain count goes on, a plain number after
            # a heading in heading typography is a list item of its body
            return bool(e.get("plain"))
    nxt = _next_of_style(cands, i, opt.style, closers)
    return nxt is not None and _next_ok(opt.value, nxt.value, 1)


def _restarted_by_heading(cands: list[Optional[_Cand]], i: int, opt: _Option, closers: set) -> bool:
    """A plain run the same parent's headings start again after (``1. …;`` ``2. …;`` in the body of
    ``I.``, then a bold ``1. Công tác chỉ đạo``): the run was a list in the body, not the outline."""
    for c in cands[i + 1:]:
        if c is None:
            continue
        if any(o.style in closers for o in c.options):
            return False
        same = next((o for o in c.options if o.style == opt.style), None)
        if same is not None and (c.emph or c.upper or c.lead_emph) and isinstance(same.value, int) \
                and isinstance(opt.value, int) and same.value <= opt.value:
            return True
    return False


def _repeated(stack: list[dict], opt: _Option, cands: list[Optional[_Cand]], i: int) -> Optional[list[dict]]:
    """A number printed twice (``b)``, ``b)``, ``c)``): the second is a heading too when it could stand
    alone, nothing opened under the first, and the count goes on from it; the heading-sequence check
    reports the repeat. (A scan's repeat is a misread: see ``_ocr_repair``.)"""
    for k, e in enumerate(stack):
        if e["style"] != opt.style:
            continue
        if e["value"] != opt.value or not isinstance(opt.value, int) or k != len(stack) - 1:
            return None  # a repeat never closes headings under the first
        nxt = _next_of_style(cands, i, opt.style, {x["style"] for x in stack[:k]})
        if nxt is None or not _next_ok(opt.value, nxt.value, 1):
            return None
        return stack[:k] + [{"style": opt.style, "kind": opt.kind, "value": opt.value, "number": opt.number}]
    return None


_SENTENCE_END = re.compile(r"(?<=\p{Ll}{2,}|\d|\))[.!?](?=\s+[\p{Lu}\d\-–+])")


def _split_run_on(title: str) -> tuple[str, str]:
    """A run-on heading (number, title, colon or sentence end, body in one paragraph) gives its
    title up to the first colon or sentence end; the rest is body."""
    colon = title.find(": ")
    m = _SENTENCE_END.search(title)
    cut = min(x for x in (colon if colon >= 0 else None, m.start() if m else None, len(title)) if x is not None)
    rest = title[cut + 1:].strip()
    if not rest:
        return title, ""
    return title[:cut].strip(), rest


def _plain_alone_ok(c: _Cand, opt: _Option, emph_share: dict, limits: dict) -> bool:
    """May a plain numbered paragraph be a heading without a sequence to support it?"""
    if opt.kind in ("ALPHA", "roman") and emph_share.get(opt.style, (0, 0))[0] >= 0.5:
        return False  # capital letters / roman numerals without heading typography are too ambiguous
    return _accept_plain(c, opt, emph_share, limits)


def _accept_plain(c: _Cand, opt: _Option, emph_share: dict, limits: dict) -> bool:
    """May a candidate without bold/italic/capitals be a heading?"""
    text = c.para.text
    if re.search(r"[;,]$", text):
        return False
    if text.endswith(".") and len(text) > 60:
        return False
    share, n = emph_share.get(opt.style, (0.0, 0))
    if n >= 2 and share >= 0.5:
        return len(opt.title) <= limits["plain_in_emph_style_max_chars"]
    return len(text) <= limits["plain_max_chars"]


def read_sections(doc: Document, body_start: int, body_end: Optional[int],
                  stop: Optional[int] = None) -> list[Section]:
    """Numbered headings of the body (items with body_start <= order < body_end), and of the trees
    that follow the closing block (annexes) up to ``stop``, where a document bound after this one starts."""
    lines = [
        it for it in doc.items()
        if isinstance(it, Line) and it.order >= body_start and (body_end is None or it.order < body_end)
    ]
    if body_end is not None:
        lines += _after_closing(doc, body_end, stop)
    paras = _paragraphs(_join_number_segments(_drop_chart_text(lines)))
    limits = _hp()["limits"]
    tree = _hp()["tree"]

    cands: list[Optional[_Cand]] = []
    for p in paras:
        opts = _options(p.text)
        if not opts:
            cands.append(None)
            continue
        emph = all(ln.bold or ln.italic for ln in p.lines)
        upper = _is_upper(opts[0].title) if opts[0].title else False
        cands.append(_Cand(p, opts, emph, upper, p.first.lead_emph))

    # typography of each style in this document
    counts: dict[str, list[int]] = {}
    for c in cands:
        if c is None:
            continue
        for o in c.options:
            k = counts.setdefault(o.style, [0, 0])
            k[0] += 1
            k[1] += 1 if (c.emph or c.upper) else 0
    emph_share = {k: (v[1] / v[0], v[0]) for k, v in counts.items()}

    sections: list[Section] = []
    bodies: list[list[str]] = []
    stack: list[dict] = []
    last: dict[str, object] = {}  # the last value placed in each style, for the continuous ones
    skip_next = False
    for i, (p, c) in enumerate(zip(paras, cands)):
        if skip_next:
            skip_next = False
            continue
        placed = None
        if c is not None:
            for opt in c.options:
                typographic = c.emph or c.upper or c.lead_emph or opt.strong
                if typographic:
                    res = _ocr_skip_repair(stack, opt, cands, i) if p.first.source == OCR else None
                    if res is None:
                        res = _place(stack, opt, limits, tree, last)
                    if res is None and p.first.source == OCR:
                        res = _ocr_repair(stack, opt, limits)
                else:
                    res = _place(stack, opt, {**limits, "max_first": 1}, tree, last)
                    if res is not None and not _in_sequence(stack, res, cands, i, opt) \
                            and not _plain_alone_ok(c, opt, emph_share, limits):
                        res = None
                if res is None and p.first.source != OCR and (
                        typographic or _plain_alone_ok(c, opt, emph_share, limits)):
                    res = _repeated(stack, opt, cands, i)
                if res is not None:
                    placed = (opt, res)
                    break
        if placed is None:
            if sections:
                bodies[-1].append(p.text)
            continue
        opt, new_stack = placed
        assert c is not None  # placed only from a candidate
        opt.number = new_stack[-1]["number"]
        new_stack[-1]["plain"] = not (c.emph or c.upper or c.lead_emph or opt.strong)
        last[opt.style] = opt.value
        title = opt.title
        run_on = ""
        if not c.emph:
            title, run_on = _split_run_on(title)
        title = re.sub(r"\s*[,;:]+$", "", title)  # OCR often reads a final dot as a comma
        # specks between a scanned number and its title read as '_' or '..': no title starts so
        title = re.sub(r"^[_.,:;~`]+\s*(?=\w)", "", title)
        if not title and i + 1 < len(paras) and cands[i + 1] is None:
            nxt = paras[i + 1]
            if all(ln.bold or ln.italic for ln in nxt.lines) or _is_upper(nxt.text):
                title = nxt.text  # 'PHẦN THỨ NHẤT' / 'KẾT QUẢ ...' on the next line
                skip_next = True
        parent = new_stack[-2]["idx"] if len(new_stack) > 1 else None
        new_stack[-1]["idx"] = len(sections)
        stack[:] = new_stack
        path = "/".join(e["number"] for e in stack)
        sections.append(Section(
            level=len(stack), number=opt.number, path=path, title=title,
            page=p.first.page, body="", parent=parent, order=p.first.order, box=p.first.box, block=p.first.block,
        ))
        bodies.append([run_on] if run_on else [])
    for s, b in zip(sections, bodies):
        s.body = "\n".join(b)
    return sections


def _place(stack: list[dict], opt: _Option, limits: dict, tree: dict,
           last: dict) -> Optional[list[dict]]:
    """The stack after ``opt`` becomes a heading, or None when the numbering does not fit."""
    entry = {"style": opt.style, "kind": opt.kind, "value": opt.value, "number": opt.number}
    order = tree["order"]
    if opt.style in order:
        # a keyword heading closes every heading it outranks (Chương II closes Điều 6 and its khoản)
        rank = order.index(opt.style)
        cut = next((k for k, e in enumerate(stack)
                    if e["style"] not in order or order.index(e["style"]) >= rank), len(stack))
        if cut < len(stack) and stack[cut]["style"] == opt.style:
            return stack[:cut] + [entry] if _next_ok(stack[cut]["value"], opt.value, limits["max_step"]) else None
        if _first_ok(opt.value, limits["max_first"]) or (
                opt.style in tree["continuous"] and opt.style in last
                and _next_ok(last[opt.style], opt.value, limits["max_step"])):
            return stack[:cut] + [entry]
        return None
    for k, e in enumerate(stack):
        if e["style"] == opt.style:
            if _next_ok(e["value"], opt.value, limits["max_step"]) and _ancestor_ok(stack[:k], opt):
                return stack[:k] + [entry]
            return None
    if opt.kind == "arabic" and isinstance(opt.value, int):
        # '1.2' stands open without its '1.' (a scan lost the number): '2.' follows that '1.'
        for k, e in enumerate(stack):
            if e["kind"] == "decimal" and len(e["value"]) == 2:
                if _next_ok(e["value"][0], opt.value, limits["max_step"]):
                    return stack[:k] + [entry]
                break
    # a style not open yet starts a level under the innermost open heading: documents nest the
    # same styles differently in different parts (a) under 1. here, under 3.2. there)
    new = list(stack)
    if not _first_ok(opt.value, limits["max_first"]):
        return None
    if not _ancestor_ok(new, opt):
        return None
    return new + [entry]


def _format_number(kind: str, value: int, like: str) -> Optional[str]:
    if kind == "arabic":
        return str(value)
    if kind == "alpha":
        alphabet = _hp()["alphabet"].split()
        return alphabet[value - 1] if 0 < value <= len(alphabet) else None
    if kind == "roman":
        out, n = "", value
        for v, r in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
            while n >= v:
                out += r
                n -= v
        return out
    return None


def _ocr_skip_repair(stack: list[dict], opt: _Option, cands: list[Optional[_Cand]],
                     i: int) -> Optional[list[dict]]:
    """An OCR'd number that skips ('1.', '3.') while the next sibling reads the same number again or
    the one after the expected ('3.', '4.'): this one was the expected number misread ('2.' as '3;')."""
    if opt.kind not in ("roman", "arabic", "alpha") or not isinstance(opt.value, int):
        return None
    for k, e in enumerate(stack):
        if e["style"] != opt.style:
            continue
        want = e["value"] + 1
        if opt.value <= want:
            return None
        nxt = _next_of_style(cands, i, opt.style, {x["style"] for x in stack[:k]})
        if nxt is None or nxt.value not in (opt.value, want + 1):
            return None
        number = _format_number(opt.kind, want, opt.number)
        if number is None:
            return None
        return stack[:k] + [{"style": opt.style, "kind": opt.kind, "value": want, "number": number}]
    return None


def _ocr_repair(stack: list[dict], opt: _Option, limits: dict) -> Optional[list[dict]]:
    """An OCR'd heading in heading typography whose number was misread ('II.' for 'III.'):
    take it as the next sibling of its style, renumbered."""
    if opt.kind not in ("roman", "arabic", "alpha"):
        return None
    for k, e in enumerate(stack):
        if e["style"] == opt.style:
            want = e["value"] + 1
            if abs(opt.value - want) > 1:
                return None
            number = _format_number(opt.kind, want, opt.number)
            if number is None:
                return None
            return stack[:k] + [{"style": opt.style, "kind": opt.kind, "value": want, "number": number}]
    return None
