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
from typing import Optional

import regex

from extractor import grammar
from extractor.patterns import load
from extractor.vntext.numbers import NUMBER_TOKEN, number_words, parse_digits, parse_number
from extractor.vntext.units import unit_alias_regex

__all__ = ["Quantity", "find_quantities"]


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
    )


def _masked(text: str, rx: _Rx) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for m in rx.masks:
        spans.extend(x.span() for x in m.finditer(text))
    spans.sort()
    return spans


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


_RATIO_DEN = regex.compile(r"\s?/\s?(\d+(?:[.,]\d+)*)(?![\d/\-])")
_SLASH_AFTER = regex.compile(r"\s?[/\\]")


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity stated in ``text`` (a section body), in order of appearance."""
    if not text:
        return []
    rx = _rx()
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

    # Spelled-out numbers followed by a catalogued unit ("hai mươi lăm người").
    for m in rx.words_number.finditer(text):
        words = m.group(0).split()
        lw = [w.lower() for w in words]
        if len(words) == 1 and lw[0] in rx.alone_not_number:
            continue
        if lw[0] in rx.never_first:
            continue
        v = parse_number(m.group(0))
        if v is None or _is_labelled(text, m.start(), rx) or _overlaps(masked, mstarts, *m.span()):
            continue
        pct = rx.percent_after.match(text, m.end())
        if pct:
            unit, uend = "%", pct.end()
        else:
            unit, uend = _unit_at(text, m.end(), rx, catalogued_only=True)
            if unit is None:
                continue
        sent = _sentence(text, sentences, m.start())
        out.append(Quantity(text[m.start() : uend], v, unit, None, sent, m.start(), uend))

    out.sort(key=lambda q: (q.start, q.value))
    return out
