"""Citations of legal and administrative documents in body text (the ``references`` table).

A citation is ``KIND [name words] [số] NUMBER [, ngày DATE] [của ISSUER]``:
``Kế hoạch số 4217/KH-UBND ngày 29/12/2022 của UBND tỉnh Điện Biên``.  A kind word without a
number (``Luật Đầu tư công``) is not a citation, and neither is a blank number (``số   /BC-UBND``,
the report's own number on a form).  Kinds and issuer vocabulary live in ``patterns/references.toml``.
Every occurrence counts: a document cited twice gives two references.
"""

from __future__ import annotations

import datetime
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from extractor import grammar, patterns


@dataclass
class Reference:
    """One citation: ``text`` is the citation as written (whitespace collapsed), ``start``/``end`` its span."""

    kind: str
    number: Optional[str]  # None for a document cited by name and date
    date: Optional[str]
    issuer: Optional[str]
    text: str
    start: int
    end: int
    title: Optional[str] = None  # the name the citation gives the document ("Luật Tổ chức Chính phủ")




@dataclass(frozen=True)
class _Rules:
    citation: re.Pattern[str]
    shared: re.Pattern[str]
    more: re.Pattern[str]
    kind_of: dict[str, str]
    heads: re.Pattern[str]
    name_words: tuple[str, ...]
    stop_words: frozenset[str]
    stop_phrases: tuple[tuple[str, ...], ...]
    issuer_max: int


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = patterns.load("references")
    kind_of: dict[str, str] = {}
    for canon, spellings in data["kinds"].items():
        for s in spellings:
            kind_of[s.lower()] = canon
    abbrev = {k.lower(): v for k, v in data.get("kind_abbreviations", {}).items()}
    kinds = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(kind_of, key=len, reverse=True))
    abbr = "|".join(re.escape(k) for k in sorted(abbrev, key=len, reverse=True))
    kind_of.update(abbrev)
    name_max = int(data["name"]["max_words"])
    # Name words between the kind and "số": no punctuation, no digits, no other citation.
    name = rf"(?:\s+(?!số\b|(?:{kinds})\b)[^\s\d.,;:()\[\]“”\"/–-][^\s.,;:()\[\]“”\"/]*){{1,{name_max}}}?"
    head = (rf"(?<![\w])(?:(?P<kind>{kinds})(?:(?P<name>{name})\s+số\b|\s+số\b)?\s*:?\s*"
            rf"|(?P<abbr>{abbr})\s+số\s*:?\s*)")
    # the document number and date grammar, written once in patterns/references.toml
    number = grammar.DOCUMENT_NUMBER.pattern
    dated = rf"(?:\s*,?\s*{re.escape(data['date']['prefix'])}\s+{grammar.DOCUMENT_DATE.pattern})?"
    citation = re.compile(head + number + dated, re.I)
    # numbers that share the last one's symbol: "Nghị định số 87, 88, 31/CP"
    shared = re.compile(head + grammar.DOCUMENT_NUMBER_BARE_LIST.pattern + number + dated, re.I)
    more = re.compile(grammar.DOCUMENT_NUMBER_BETWEEN.pattern + number + dated)
    issuer = data["issuer"]
    heads = "|".join(re.escape(h) for h in sorted(issuer["heads"], key=len, reverse=True))
    stops = [s for s in issuer["stop_words"]]
    return _Rules(
        citation=citation,
        shared=shared,
        more=more,
        kind_of=kind_of,
        heads=re.compile(rf"(?:{heads})(?![\w])"),
        name_words=tuple(sorted(issuer["name_words"], key=len, reverse=True)),
        stop_words=frozenset(s for s in stops if " " not in s),
        stop_phrases=tuple(tuple(s.split()) for s in stops if " " in s),
        issuer_max=int(issuer["max_words"]),
    )


def _iso(m: re.Match[str]) -> Optional[str]:
    """ISO date from the date groups of a citation match, or None when absent or impossible."""
    if not m.group("date"):
        return None
    d, mo, y = (m.group("d1"), m.group("m1"), m.group("y1")) if m.group("d1") else (
        m.group("d2"), m.group("m2"), m.group("y2"))
    try:
        return datetime.date(int(y), int(mo), int(d)).isoformat()
    except ValueError:
        return None


def _clean_number(num: str) -> str:
    return re.sub(r"\s+", "", num)


_WORD = re.compile(r"\S+")
_PLACE_LEVELS = ("tỉnh", "thành", "huyện", "quận", "thị", "xã", "phường")
_OF = grammar.pattern("references", "issuer.connector")
_TRAIL = "”“\"'),.;:!?]"


def _issuer(text: str, pos: int, rules: _Rules) -> tuple[Optional[str], int]:
    """Issuer named right after ``pos`` ("của UBND tỉnh Điện Biên"), and where it ends."""
    m = _OF.match(text, pos)
    head = rules.heads.match(text, m.end()) if m else None
    if not head:
        return None, pos
    # The head is taken whole ("Ban chỉ đạo", "Thủ tướng Chính phủ"), then the name that follows.
    taken: list[tuple[str, int, int]] = [(head.group(0), head.start(), head.end())]
    # only the words an issuer can span: scanning to the end of the text made long documents quadratic
    window = head.end() + 40 * (rules.issuer_max + 3)
    words = [(w.group(0), w.start(), w.end()) for w in _WORD.finditer(text, head.end(), window)]
    if re.match(r"\w", text[head.end() : head.end() + 1]):
        return None, pos  # the head word goes on ("Bộ" in "Bộphận" is no head)
    lower_run = 0
    i = 0
    while i < len(words) and len(taken) < rules.issuer_max:
        raw, s, e = words[i]
        word = raw.rstrip(_TRAIL)
        punct = raw[len(word):]
        e = s + len(word)
        if not word:
            break
        if taken and _starts_citation(text, s, rules):
            break
        nxt = tuple(w[0].rstrip(_TRAIL) for w in words[i : i + 3])
        if taken and any(nxt[: len(p)] == p for p in rules.stop_phrases):
            break
        if taken and word in rules.stop_words:
            break
        phrase = next((p for p in rules.name_words if nxt[: len(p.split())] == tuple(p.split())), None)
        if phrase and taken:
            n = len(phrase.split())
            if phrase == "và" and not (len(nxt) > 1 and nxt[1][:1].isupper()):
                break
            last = words[i + n - 1]
            taken.extend(words[i : i + n])
            taken[-1] = (last[0].rstrip(_TRAIL), last[1], last[1] + len(last[0].rstrip(_TRAIL)))
            lower_run = 0
            punct = last[0][len(last[0].rstrip(_TRAIL)):]
            i += n
        elif word[:1].isupper() or (word[:1].isdigit() and taken and len(word) <= 4 and word.isdigit()):
            taken.append((word, s, e))
            lower_run = 0
            i += 1
        elif word[:1].islower() and taken and lower_run == 0 and taken[-1][0][:1].isupper():
            taken.append((word, s, e))
            lower_run = 1
            i += 1
        else:
            break
        if punct:
            # A list of issuers goes on after a comma: "Bộ Tài chính, Bộ Nội vụ".
            if punct == "," and i < len(words) and rules.heads.match(text, words[i][1]):
                continue
            # ... and so does a place: "UBND huyện Mường Nhé, tỉnh Điện Biên".
            if punct == "," and i < len(words) and words[i][0] in _PLACE_LEVELS and taken[-1][0][:1].isupper():
                continue
            break
    # Drop a dangling connector.
    while taken and taken[-1][0] in ("và", "&", "-", ","):
        taken.pop()
    if not taken:
        return None, pos
    end = taken[-1][2]
    return _squash(text[taken[0][1] : end]), end


def _starts_citation(text: str, pos: int, rules: _Rules) -> bool:
    m = rules.citation.match(text, pos)
    return bool(m and m.start() == pos)


def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _shared_suffix(text: str, m: re.Match[str], rules: _Rules, out: list[Reference]) -> int:
    """References of a list whose numbers share the last one's symbol ("số 87, 88, 31/CP" is 87/CP,
    88/CP and 31/CP); the date and issuer after the list go with all of them. Returns where to go on."""
    kind_word = re.sub(r"\s+", " ", (m.group("kind") or m.group("abbr") or "").lower())
    kind = rules.kind_of.get(kind_word)
    if kind is None or (m.group("name") and not m.group("kind")[:1].isupper()):
        return m.start() + 1
    last = _clean_number(m.group("num"))
    suffix = last[len(m.group("serial")):]
    issuer, iend = _issuer(text, m.end(), rules)
    date = _iso(m)
    bare_start = m.start("bare")
    for n in re.finditer(r"\d{1,6}", m.group("bare")):
        start = m.start() if n.start() == 0 else bare_start + n.start()
        out.append(Reference(kind=kind, number=n.group(0) + suffix, date=date, issuer=issuer,
                             text=_squash(text[start:bare_start + n.end()]), start=start, end=bare_start + n.end()))
    end = iend if issuer else m.end()
    out.append(Reference(kind=kind, number=last, date=date, issuer=issuer, text=_squash(text[m.start("num"):end]),
                         start=m.start("num"), end=end))
    return end


@lru_cache(maxsize=1)
def _named_rules() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], int]:
    spec = patterns.load("references")["named"]
    kinds = "|".join(re.escape(k) for k in sorted(spec["kinds"], key=len, reverse=True))
    return (grammar.compiled(rf"(?<![\w])(?:{kinds})(?![\w])"), grammar.compiled(spec["date"]),
            grammar.compiled(spec["boundary"]), int(spec["max_words"]))


def _named_references(text: str, taken: list[tuple[int, int]]) -> list[Reference]:
    """Documents cited by name and date with no number (laws, ordinances): kind, title and date; the
    citation starts at the first kind word after the last boundary before its date."""
    kind_rx, date_rx, boundary_rx, max_words = _named_rules()
    kind_of = _rules().kind_of
    out: list[Reference] = []
    bounds = [bm.end() for bm in boundary_rx.finditer(text)]  # where a citation may start, found once
    for dm in date_rx.finditer(text):
        if any(a <= dm.start() < b for a, b in taken):
            continue
        k = bisect_right(bounds, dm.start()) - 1
        start = bounds[k] if k >= 0 else 0
        km = kind_rx.search(text, start, dm.start())
        if km is None:
            continue
        title = _squash(text[km.start():dm.start()])
        words = title.split()
        if len(words) > max_words or len(words) < 2 or any(ch.isdigit() for ch in title):
            continue  # a name holds no number: "Luật Đất đai, UBND tỉnh ban hành 12 ..." is prose
        if dm.group("y3") and (len(words) > 8 or "," in title):
            continue  # "năm 2019" alone closes only a short name ("Bộ luật Lao động năm 2019")
        if any(a < dm.start() and km.start() < b for a, b in taken):
            continue  # a numbered citation already holds this span
        y, mo, d = dm.group("y1") or dm.group("y2") or dm.group("y3"), dm.group("m1") or dm.group("m2"), \
            dm.group("d1") or dm.group("d2")
        try:
            date = datetime.date(int(y), int(mo), int(d)).isoformat() if d else y
        except ValueError:
            date = None
        out.append(Reference(kind=kind_of.get(_squash(km.group(0)).lower(), "Luật"), number=None, date=date,
                             issuer=None, text=_squash(text[km.start():dm.end()]), start=km.start(), end=dm.end(),
                             title=title))
    return out


def find_references(text: str) -> list[Reference]:
    """Every citation of a legal or administrative document in ``text``, in reading order: by number
    (``Nghị định số 138/2020/NĐ-CP ngày ...``) and by name and date (``Luật Đầu tư ngày 17 tháng 6 năm 2020``)."""
    numbered = _numbered_references(text)
    named = _named_references(text, [(r.start, r.end) for r in numbered])
    return sorted(numbered + named, key=lambda r: r.start)


def _numbered_references(text: str) -> list[Reference]:
    rules = _rules()
    out: list[Reference] = []
    search_from = 0
    sm = rules.shared.search(text)  # rare: searched again only once passed
    while True:
        m = rules.citation.search(text, search_from)
        if sm is not None and sm.start() < search_from:
            sm = rules.shared.search(text, search_from)
        if sm is not None and (m is None or sm.start() < m.start()):
            search_from = _shared_suffix(text, sm, rules, out)
            continue
        if m is None:
            break
        search_from = m.start() + 1
        kind_word = (m.group("kind") or m.group("abbr") or "").lower()
        kind_word = re.sub(r"\s+", " ", kind_word)
        kind = rules.kind_of.get(kind_word)
        if kind is None:
            continue
        if m.group("name") and not m.group("kind")[:1].isupper():
            continue  # "luật ... số": a lowercase kind word with a name is ordinary prose
        items = [(m, m.start())]
        pos = m.end()
        while True:
            nm = rules.more.match(text, pos)
            if not nm:
                break
            items.append((nm, nm.start("num")))
            pos = nm.end()
        issuer, iend = _issuer(text, pos, rules)
        search_from = pos
        for k, (im, start) in enumerate(items):
            last = k == len(items) - 1
            end = iend if (last and issuer) else im.end()
            out.append(
                Reference(
                    kind=kind,
                    number=_clean_number(im.group("num")),
                    date=_iso(im),
                    issuer=issuer,
                    text=_squash(text[start:end]),
                    start=start,
                    end=end,
                )
            )
    return out
