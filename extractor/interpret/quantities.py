"""Quantities stated in body text: ``đã tiếp nhận 3.295 các loại văn bản`` -> 3295 "văn bản".

Every number stated with its unit, qualifier (trên, hơn, gần, ...) and sentence, as the contract's
``quantities`` table wants it. Dates, document numbers, legal references, footnote markers, section
numbers, phone numbers and times are not quantities.

Unit rule: classifiers (các, loại, các loại, những) are dropped; the longest catalogued unit alias
(``patterns/units.toml``) wins; otherwise the unit is the next one or two words (a Vietnamese
compound is mostly two syllables: ``6 nội dung lớn`` -> ``nội dung``), ending early at a function
word, punctuation, an acronym or a capitalised word after a lower-case one.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

import regex

from extractor import grammar
from extractor.patterns import load
from extractor.vntext.numbers import NUMBER_TOKEN, number_words, parse_digits, parse_number
from extractor.vntext.units import unit_alias_regex

__all__ = ["Quantity", "find_quantities", "name_numbers"]


@dataclass
class Quantity:
    """One stated number: ``text`` as written, ``value`` it means, ``unit`` as written (no classifier)."""

    text: str
    value: float
    unit: Optional[str]
    qualifier: Optional[str]
    sentence: str
    start: int
    end: int


def _alt(words: list[str]) -> str:
    """Regex alternation of words (longest first), each word's spaces matching any white space."""
    words = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return "|".join(r"\s+".join(regex.escape(p) for p in w.split()) for w in words)


@dataclass(frozen=True)
class _Rx:
    candidate: regex.Pattern
    words_number: regex.Pattern
    classifier: regex.Pattern
    masks: tuple[regex.Pattern, ...]
    label_tail: regex.Pattern
    prev_words: regex.Pattern
    qualifiers: dict[str, str]
    stop_words: frozenset[str]
    digit_words: frozenset[str]
    sentence_break: regex.Pattern
    scale_after: regex.Pattern
    scales: dict[str, float]
    value_lead: regex.Pattern
    percent_after: regex.Pattern
    year: regex.Pattern
    alone_not_number: frozenset[str]
    never_first: frozenset[str]
    alone_in_list: frozenset[str]
    not_after_word_number: frozenset[str]
    quoted_name: regex.Pattern
    quoted_max_words: int
    name_repeats: int
    name_gap: int


@lru_cache(maxsize=1)
def _rx() -> _Rx:
    p = load("numbers")
    q = p["quantities"]
    scales = _alt(list(p["scales"]))
    num = NUMBER_TOKEN
    # 290 tỷ / 1 tỷ 250 triệu / 1,5 triệu / 1.000 nghìn tỷ
    scaled = rf"(?:{scales})(?!\w)(?:\s+(?:{scales})(?!\w))*"  # "tỷ", "nghìn tỷ"
    phrase = rf"{num}(?:\s*{scaled}(?:\s+{num}\s*{scaled})*)?"
    quals = _alt(list(p["qualifiers"]))
    frm = _alt(p["ranges"]["from"])
    # range words between two numbers ("5 đến 10"); the dashes are punctuation
    to_words = _alt([w for w in p["ranges"]["to"] if w.isalpha()])
    pct_signs = "|".join(regex.escape(s) for s in p["grammar"]["percent"] if not s[:1].isalpha())
    pct_words = _alt([w for w in p["grammar"]["percent"] if w[:1].isalpha()])
    candidate = regex.compile(
        rf"""
        (?:(?<![\p{{L}}\p{{N}}])(?P<qual>{quals})\s+)?
        (?:(?<![\p{{L}}\p{{N}}])(?P<from>{frm})\s+)?
        (?<![\p{{L}}\p{{N}}_/\-–.,:^\\])
        (?P<n1>{phrase})
        (?:(?P<rsep>\s*[-–—]\s*|\s+(?:{to_words})\s+)(?P<n2>{phrase}))?
        (?P<pct>\s?(?:{pct_signs})|\s+(?:{pct_words})(?!\w))?
        (?![\p{{N}}])
        """,
        regex.I | regex.X | regex.V1,
    )
    vocab = sorted(number_words(), key=len, reverse=True)
    w = "|".join(regex.escape(x) for x in vocab)
    words_number = regex.compile(
        rf"(?<![\p{{L}}\p{{N}}])(?:{w})(?:\s+(?:{w}))*(?![\p{{L}}\p{{N}}])", regex.I | regex.V1
    )
    classifier = regex.compile(rf"(?:{_alt(q['classifiers'])})\s+", regex.I | regex.V1)
    # dates, document numbers, times, phone numbers... (patterns/numbers.toml)
    masks = tuple(grammar.compiled(m) for m in q["not_quantities"])
    labels = list(q["labels_before"]) + list(q["phone_labels"]) + list(q["time_before"])
    label_tail = regex.compile(rf"(?<![\p{{L}}])(?:{_alt(labels)})[\s:]*$", regex.I | regex.V1)
    prev_words = regex.compile(r"(\p{L}+)\s+(\p{L}+)[\s:]*$", regex.V1)
    g = p["grammar"]
    digit_words = frozenset(p["digits"]) | frozenset(g["tens_marker"]) | frozenset(g["ten"]) | frozenset(g["hundred"])
    abbreviations = "|".join(regex.escape(a) for a in q["abbreviations"])
    sentence_break = regex.compile(
        rf"\n+|(?<!\b(?:{abbreviations})\.)(?<=[.!?…]|\.\))\s+(?=[\p{{Lu}}\"“‘(\-+•])",
        regex.V1,
    )
    leads = _alt(q["value_lead"])
    lead_signs = "".join(regex.escape(s) for s in q["value_lead_signs"])
    return _Rx(
        candidate=candidate,
        words_number=words_number,
        classifier=classifier,
        masks=masks,
        label_tail=label_tail,
        prev_words=prev_words,
        qualifiers={k.lower(): v for k, v in p["qualifiers"].items()},
        stop_words=frozenset(s.lower() for s in q["stop_words"]),
        digit_words=digit_words,
        sentence_break=sentence_break,
        scale_after=regex.compile(rf"[^\S\r\n]*(?P<scale>{scales})(?!\w)", regex.I | regex.V1),
        scales={k.lower(): float(v) for k, v in p["scales"].items()},
        value_lead=regex.compile(rf"(?:(?<!\p{{L}})(?:{leads})|[{lead_signs}])\s*$", regex.I | regex.V1),
        percent_after=regex.compile(rf"\s+(?:{pct_words})(?!\w)"),
        year=grammar.compiled(q["year"]),
        alone_not_number=frozenset(q["alone_not_number"]),
        never_first=frozenset(q["never_first"]),
        alone_in_list=frozenset(q["alone_in_list"]),
        not_after_word_number=frozenset(w.lower() for w in q["not_after_word_number"]),
        quoted_name=_quoted_name_regex(q["quoted_name"]["open"], q["quoted_name"]["close"]),
        quoted_max_words=int(q["quoted_name"]["max_words"]),
        name_repeats=int(q["name_number_repeats"]),
        name_gap=int(q["name_number_gap"]),
    )


def _quoted_name_regex(opens: list[str], closes: list[str]) -> regex.Pattern:
    """A quoted span that opens with a capital letter: ``“Chiến dịch 360 ngày …”``."""
    o = "".join(regex.escape(c) for c in opens)
    c = "".join(regex.escape(x) for x in closes)
    return regex.compile(rf"[{o}](?=\p{{Lu}}|\p{{N}}+\p{{Lu}})[^{o}{c}\n]{{1,300}}?[{c}]", regex.V1)


def _masked(text: str, rx: _Rx) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for m in rx.masks:
        spans.extend(x.span() for x in m.finditer(text))
    for m in rx.quoted_name.finditer(text):
        if len(m.group(0).split()) <= rx.quoted_max_words:
            spans.append(m.span())  # a name in quotes: its numbers are part of the name
    spans.sort()
    return spans


_INTEGER = regex.compile(r"(?<![\p{L}\p{N}.,/\-])\d+(?![\p{N}\p{L}%/\-]|[.,]\d)", regex.V1)
_CLAUSE_END = regex.compile(r"[,.;:!?()\[\]“”\"\n–\-+•]", regex.V1)
_PLAIN_WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*", regex.V1)


def _is_title_word(w: str) -> bool:
    """``Đội``, ``Ban``: a capital then lower case (not an acronym such as ``UBND``)."""
    return len(w) >= 2 and w[0].isupper() and w[1:].islower()


def _clause_words(text: str, pos: int, n: int) -> Optional[list[str]]:
    """Up to ``n`` words right before ``pos`` in its clause, nearest first; None if one is not a plain word."""
    before = text[max(0, pos - 80) : pos]
    cut = 0
    for m in _CLAUSE_END.finditer(before):
        cut = m.end()
    tokens = before[cut:].split()
    if not tokens or not before.endswith((" ", "\t")):
        return None
    words = tokens[::-1][:n]
    if not all(_PLAIN_WORD.fullmatch(w) for w in words):
        return None
    return words


def name_numbers(texts: Iterable[str]) -> frozenset[str]:
    """Numbers that a document uses as names (``Đội kiểm tra 814``, ``Ban Chỉ đạo 814``), as written.

    Evidence: the number follows a capitalised name in the middle of a clause (a capitalised word with at
    most ``name_number_gap`` lower-case words between it and the number, itself after a lower-case word),
    after the same word at least ``name_number_repeats`` times. A count ("Sở Tư pháp 5 hồ sơ, Sở Nội vụ
    5 hồ sơ") follows different words each time.
    """
    rx = _rx()
    seen: dict[tuple[str, str], int] = {}
    for text in texts:
        if not text:
            continue
        masked = _masked(text, rx)
        mstarts = [a for a, _ in masked]
        for m in _INTEGER.finditer(text):
            if _overlaps(masked, mstarts, *m.span()) or _is_labelled(text, m.start(), rx):
                continue  # a document number, a date, "Điều 5": not evidence of a name
            words = _clause_words(text, m.start(), rx.name_gap + 2)
            if not words:
                continue
            for i, w in enumerate(words[: rx.name_gap + 1]):
                if _is_title_word(w):
                    between = words[:i]
                    if i + 1 < len(words) and words[i + 1].islower() and all(
                        b.islower() and b.lower() not in rx.stop_words for b in between
                    ):
                        k = (words[0].lower(), m.group(0))
                        seen[k] = seen.get(k, 0) + 1
                    break
                if not w.islower():
                    break
    return frozenset(num for (_, num), c in seen.items() if c >= rx.name_repeats)


def _used_as_name(text: str, m: regex.Match, names: frozenset[str], rx: _Rx) -> bool:
    """True when the candidate is a plain number this document uses as a name, right after a word."""
    if not names or m["qual"] or m["from"] or m["pct"] or m["n2"]:
        return False
    if m["n1"].strip() not in names:
        return False
    words = _clause_words(text, m.start("n1"), 1)
    if not words or words[0].lower() in rx.stop_words:
        return False
    return not rx.value_lead.search(text[max(0, m.start("n1") - 30) : m.start("n1")])


def _overlaps(spans: list[tuple[int, int]], starts: list[int], a: int, b: int) -> bool:
    i = bisect.bisect_left(starts, b)
    for j in range(i - 1, -1, -1):
        s, e = spans[j]
        if e > a and s < b:
            return True
        if e <= a and j < i - 40:
            break
    return False


def _is_labelled(text: str, pos: int, rx: _Rx) -> bool:
    """True when the words just before ``pos`` make the number an identifier or a date part."""
    before = text[max(0, pos - 40) : pos]
    m = rx.label_tail.search(before)
    if not m:
        return False
    word = m.group(0).strip(" \t\n:").lower()
    if word == "số":
        pw = rx.prev_words.search(before)
        if pw and pw.group(1).lower() in ("tổng", "với"):
            return False  # "tổng số 2.775.718 hồ sơ" is a count
    return True


_HSPACE = regex.compile(r"[^\S\r\n]*")
_NEXT_WORD = regex.compile(r"[^\S\r\n](\p{L}[\p{L}\p{M}]*)(?![\p{N}])", regex.V1)
_RE_WORD = regex.compile(r"[^\S\r\n]*(\p{L}[\p{L}\p{M}]*)", regex.V1)


def _unit_at(text: str, pos: int, rx: _Rx, catalogued_only: bool = False) -> tuple[Optional[str], int]:
    """(unit as written, end offset) for the unit that starts at ``pos`` (white space allowed)."""
    ws = _HSPACE.match(text, pos)
    p = ws.end() if ws else pos
    units = unit_alias_regex()
    m = units.match(text, p)
    if m is None:
        c = rx.classifier.match(text, p)
        if c is not None:
            m2 = units.match(text, c.end())
            if m2 is not None:
                m = m2
            elif not catalogued_only:
                got = _generic_unit(text, c.end(), rx)
                if got[0] is not None:
                    return got
    if m is not None:
        return regex.sub(r"\s+", " ", m["unit"]), m.end()
    if catalogued_only:
        return None, pos
    return _generic_unit(text, p, rx)


def _is_acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper()


def _generic_unit(text: str, p: int, rx: _Rx) -> tuple[Optional[str], int]:
    m1 = _RE_WORD.match(text, p)
    if m1 is None or m1.start(1) != p:
        return None, p
    w1 = m1.group(1)
    if w1.lower() in rx.stop_words or w1.lower() in rx.digit_words or len(w1) < 2:
        return None, p
    if _is_acronym(w1):
        return w1, m1.end()
    m2 = _NEXT_WORD.match(text, m1.end())
    if m2 is not None:
        w2 = m2.group(1)
        stop = (
            w2.lower() in rx.stop_words
            or w2.lower() in rx.digit_words
            or _is_acronym(w2)
            or (w2[0].isupper() and not w1[0].isupper())
        )
        if not stop:
            return f"{w1} {w2}", m2.end()
    return w1, m1.end()


def _sentence_bounds(text: str, rx: _Rx) -> list[int]:
    starts = [0]
    for m in rx.sentence_break.finditer(text):
        starts.append(m.end())
    return starts


def _sentence(text: str, starts: list[int], pos: int) -> str:
    i = bisect.bisect_right(starts, pos) - 1
    a = starts[i]
    b = starts[i + 1] if i + 1 < len(starts) else len(text)
    return regex.sub(r"^[\s\-–+•*]+|\s+$", "", text[a:b])


def _bare_number_counts(text: str, m: regex.Match, rx: _Rx) -> bool:
    """A number without unit counts only when stated as a value (``là 2.310``, ``: 843.180``).

    A bare small integer elsewhere is mostly an identifier (``Bảo Lâm 1``, ``PCI 2.0``, a year).
    """
    raw = m["n1"].strip()
    if rx.year.fullmatch(raw):
        return False  # a bare year
    if regex.fullmatch(r"\d+\.\d+", raw) and parse_digits(raw) != float(raw.replace(".", "")):
        return False  # "2.0": a version, not a Vietnamese number
    return bool(rx.value_lead.search(text[max(0, m.start() - 30) : m.start()]))


def _number_value(phrase: str) -> Optional[float]:
    v = parse_number(phrase)
    if v is None:
        v = parse_digits(phrase)
    return v


_LIST_SEP = regex.compile(r"[^\S\r\n]*(?:,|;|và|hoặc)[^\S\r\n]*|[^\S\r\n]*,[^\S\r\n]*và[^\S\r\n]+", regex.V1)
_RATIO_DEN = regex.compile(r"\s?/\s?(\d+(?:[.,]\d+)*)(?![\d/\-])")
_SLASH_AFTER = regex.compile(r"\s?[/\\]")


def find_quantities(text: str, names: Optional[frozenset[str]] = None) -> list[Quantity]:
    """Every quantity stated in ``text`` (a section body), in order of appearance.

    ``names``: the numbers the whole document uses as names (``name_numbers`` over all its texts); by
    default the evidence of ``text`` alone.
    """
    if not text:
        return []
    rx = _rx()
    if names is None:
        names = name_numbers([text])
    masked = _masked(text, rx)
    mstarts = [s for s, _ in masked]
    sentences = _sentence_bounds(text, rx)
    out: list[Quantity] = []
    unit: Optional[str]  # "%", a unit from _unit_at, or None

    for m in rx.candidate.finditer(text):
        n1s, n1e = m.span("n1")
        if _overlaps(masked, mstarts, n1s, n1e):
            continue
        first = m.start("from") if m["from"] else n1s
        if _is_labelled(text, first, rx):
            continue
        if _used_as_name(text, m, names, rx):
            continue
        if m["qual"] and m["from"]:
            continue  # "trên từ 5" is not a phrasing; be safe
        end = m.end()
        rest = text[end : end + 3]
        # Glued letters after the number (5K, 3a) are codes, unless they are a unit (5km).
        if not m["pct"] and rest[:1].isalpha():
            u, ue = _unit_at(text, end, rx, catalogued_only=True)
            if u is None:
                continue
        ratio_den: Optional[str] = None
        ratio_scale = 1.0
        if not m["pct"] and not m["n2"]:
            r = _RATIO_DEN.match(text, end)  # never text[end:]: slicing made long texts quadratic
            if r is not None:
                ratio_den = r.group(1)
                end = r.end()
                sc = rx.scale_after.match(text, end)
                if sc is not None:  # "654,935/871,321 triệu đồng": the scale applies to both
                    ratio_scale = rx.scales[regex.sub(r"\s+", " ", sc["scale"].lower())]
                    end = sc.end()
            elif _SLASH_AFTER.match(text, end):
                continue
        v1 = _number_value(m["n1"])
        if v1 is None:
            continue
        den_v = parse_digits(ratio_den) if ratio_den is not None else None
        v1 *= ratio_scale
        v2 = _number_value(m["n2"]) if m["n2"] else None
        if m["n2"] and (v2 is None or v2 < v1 or _overlaps(masked, mstarts, *m.span("n2"))):
            if m["rsep"].strip() in ("-", "–", "—"):
                continue  # "5-3" or "12-5-..." is a code, not a range
            v2 = None
            end = m.end("n1")
        if m["pct"]:
            unit, uend = "%", m.end("pct")
        else:
            unit, uend = _unit_at(text, end, rx)
            if unit is None:
                uend = end
        if ratio_den is not None:
            if unit is None or den_v is None or den_v * ratio_scale < v1:
                continue  # a bare "a/b" is a date or a code, not a count
        if unit is None and v2 is None and not m["qual"] and not _bare_number_counts(text, m, rx):
            continue
        qual = None
        if m["qual"]:
            qual = rx.qualifiers.get(regex.sub(r"\s+", " ", m["qual"].lower()))
        start = m.start()
        span_text = text[start:uend]
        sent = _sentence(text, sentences, n1s)
        if v2 is not None and m["n2"]:
            out.append(Quantity(span_text, v1, unit, qual, sent, start, uend))
            out.append(Quantity(span_text, v2, unit, qual, sent, start, uend))
        else:
            out.append(Quantity(span_text, v1, unit, qual, sent, start, uend))

    # Spelled-out numbers followed by a catalogued unit ("hai mươi lăm người"), or any counted word when
    # two or more of them are listed together ("một Đội trưởng, hai Đội phó").
    spelled: list[tuple[regex.Match, float, Optional[str], int, bool]] = []
    for m in rx.words_number.finditer(text):
        words = m.group(0).split()
        lw = [w.lower() for w in words]
        if lw[0] in rx.never_first:
            continue
        v = parse_number(m.group(0))
        if v is None or _is_labelled(text, m.start(), rx) or _overlaps(masked, mstarts, *m.span()):
            continue
        pct = rx.percent_after.match(text, m.end())
        if pct:
            spelled.append((m, v, "%", pct.end(), True))
            continue
        unit, uend = _unit_at(text, m.end(), rx, catalogued_only=True)
        catalogued = unit is not None
        if unit is None:
            ws = _HSPACE.match(text, m.end())
            unit, uend = _generic_unit(text, ws.end() if ws else m.end(), rx)
        if unit is None or unit.split()[0].lower() in rx.not_after_word_number:
            continue
        spelled.append((m, v, unit, uend, catalogued))
    for i, (m, v, unit, uend, catalogued) in enumerate(spelled):
        listed = (i + 1 < len(spelled) and _LIST_SEP.fullmatch(text, uend, spelled[i + 1][0].start())) or (
            i > 0 and _LIST_SEP.fullmatch(text, spelled[i - 1][3], m.start())
        )
        lw = m.group(0).lower().split()
        alone = len(lw) == 1 and lw[0] in rx.alone_not_number
        if alone and not (listed and lw[0] in rx.alone_in_list):
            continue
        if not catalogued and not listed:
            continue
        sent = _sentence(text, sentences, m.start())
        out.append(Quantity(text[m.start() : uend], v, unit, None, sent, m.start(), uend))

    out.sort(key=lambda q: (q.start, q.value))
    return out
