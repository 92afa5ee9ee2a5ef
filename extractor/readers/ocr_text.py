"""Vietnamese text as an OCR read gives it, mended: slips no Vietnamese text has (a marked capital
inside a word, a doubled vowel, syllables run together, specks read as marks), and known phrases
put right from the catalogue of ``patterns/ocr_fixes.toml``.

Both the page reader (``readers.ocr``) and the table reader (``readers.ocr_tables``) call it on
what Tesseract read; it knows text, not images.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from extractor import patterns
from extractor.vntext.marks import strip_marks
from extractor.vntext.syllables import is_syllable, split_glued_syllables, tone_count, untoned


@dataclass
class _Catalogue:
    phrases: list[list[str]]
    known: set
    first: dict  # mark-free lower-case first word -> phrase indexes
    last: dict  # mark-free lower-case last word -> phrase indexes
    subs: list[tuple[str, str]]
    bare: list[str]  # each phrase mark-free, first letter lower-cased (as _same_letters compares)
    by_shape: dict  # (words, letters) -> phrase indexes: the only phrases a window can match
    keys: list  # each phrase's words as _key gives them


@lru_cache(maxsize=16384)
def _key(token: str) -> str:
    return strip_marks(_TOKEN_CLEAN.sub("", token)).lower()


@lru_cache(maxsize=1)
def _fix_catalogue() -> _Catalogue:
    try:
        data = patterns.load("ocr_fixes")
    except Exception:  # the catalogue is optional knowledge
        data = {}
    phrases: list[list[str]] = []
    seen = set()
    for p in data.get("phrases", {}).get("words", []):
        p = unicodedata.normalize("NFC", p)
        for form in (p, p.upper()):
            if form not in seen:
                seen.add(form)
                phrases.append(form.split())
    first: dict = {}
    last: dict = {}
    for k, pw in enumerate(phrases):
        first.setdefault(_key(pw[0]), []).append(k)
        last.setdefault(_key(pw[-1]), []).append(k)
    subs = [(unicodedata.normalize("NFC", a), unicodedata.normalize("NFC", b))
            for a, b in data.get("replace", {}).items()]
    bare = [_bare(" ".join(pw)) for pw in phrases]
    by_shape: dict = {}
    for k, (pw, b) in enumerate(zip(phrases, bare)):
        by_shape.setdefault((len(pw), len(b)), []).append(k)
    return _Catalogue(phrases, {" ".join(pw) for pw in phrases}, first, last, subs, bare, by_shape,
                      [tuple(_key(w) for w in pw) for pw in phrases])


def _bare(text: str) -> str:
    b = strip_marks(text)
    return b[:1].lower() + b[1:]


_TOKEN_CLEAN = re.compile(r"^[\W_]+|[\W_]+$")


def _same_letters(a: str, b: str) -> bool:
    """Equal once marks are ignored (both given by ``_bare``); long phrases may differ in one letter."""
    if len(a) != len(b) or not a:
        return False
    if a == b:
        return True
    diff = sum(x != y for x, y in zip(a, b))
    return diff == 0 or (diff == 1 and len(b) >= 10 and not any(x.isdigit() for x in a))


def _mark_distance(a: str, b: str) -> int:
    if len(a) != len(b):
        return abs(len(a) - len(b)) + 100
    return sum(x != y for x, y in zip(a, b))


_CASE_SLIP = re.compile(r"\b([a-zà-ỹđ]+)([À-ỸĐ])([a-zà-ỹđ]*)\b")


def _case_slip(m: "re.Match[str]") -> str:
    head, cap, tail = m.group(1), m.group(2), m.group(3)
    if cap.isascii() or not cap.isupper() or not head.islower():  # (the class ranges hold capitals too)
        return m.group(0)  # eGov, iPhone: a capital without marks may be meant
    return head + cap.lower() + tail


def _drop_twin_vowel(word: str) -> str:
    """'THỤỰC' -> 'THỰC': Tesseract's LSTM sometimes emits a marked vowel twice.

    A Vietnamese syllable carries one tone mark, so two adjacent vowels on the same letter that
    both carry one are a read slip; the twin with fewer marks goes (the ghost usually lost one).
    """
    out = list(word)
    i = 0
    while i + 1 < len(out):
        a, b = out[i], out[i + 1]
        same_letter = a.isalpha() and b.isalpha() and strip_marks(a).lower() == strip_marks(b).lower() \
            and strip_marks(a).lower() in "aeiouy"
        # two tone marks ('ỤỰ'), or the same hatted vowel twice ('ệê': no word has 'êê', 'ơơ', 'ưư')
        if same_letter and ((tone_count(a) and tone_count(b))
                           or (untoned(a) == untoned(b) and untoned(a) in "âêôơưă")):
            na, nb = (len(unicodedata.normalize("NFD", c)) for c in (a, b))
            del out[i if na <= nb else i + 1]
            continue
        i += 1
    return "".join(out)


_WORD_CORE = re.compile(r"^(\W*)(\w+?)(\W*)$")


def _mend_word(word: str) -> str:
    """One token's slips: a doubled vowel, and syllables whose space the read lost."""
    word = _drop_twin_vowel(word)
    m = _WORD_CORE.match(word)
    if not m or not m.group(2).isalpha():
        return word
    lead, core, trail = m.groups()
    cut = next((i for i, ch in enumerate(core) if not ch.islower()), len(core))
    if 2 <= cut <= len(core) - 2 and core[cut:].isupper() and is_syllable(core[:cut]):
        core = core[:cut] + " " + core[cut:]  # a syllable glued to an abbreviation: 'traCCHC'
    else:
        core = split_glued_syllables(core)
    return lead + core + trail


def _lone_speck(m: "re.Match[str]") -> str:
    before, after = m.string[m.start() - 1], m.string[m.end()]
    return " " if before.islower() and after.islower() else m.group(0)


def normalise_ocr_text(text: str) -> str:
    """Slips no Vietnamese text has: a marked capital inside a lower-case word ('tỜ' -> 'tờ'),
    and a lone '~' where a list dash was printed."""
    text = _CASE_SLIP.sub(_case_slip, text)
    text = " ".join(_mend_word(w) if len(w) > 1 else w for w in text.split(" "))
    text = re.sub(r"(^|\s)~(?=\s)", r"\1-", text)
    # specks read as marks no report prints on their own: a lone ` ¬ ^ token, a quote before the first capital
    text = re.sub(r"(^|\s)[`¬^_]+(?=\s|$)", r"\1", text)
    text = re.sub(r"^['`‘](?=[A-ZÀ-Ỹ])", "", text)
    # a speck between two words of a sentence read as a lone ':' or '.' ('đã : ban hành')
    text = re.sub(r"(?<=[^\W\d_]) [:.·] (?=[^\W\d_]+(?:\s|$))", _lone_speck, text)
    # a hyphen of a document symbol read twice round a speck ('06/QĐ- -TTg'): no symbol prints that
    text = re.sub(r"(?<=[A-ZĐ])-\s+-(?=[A-ZĐ])", "-", text)
    # coded units are printed "Có = 1": OCR drops the space after '=' as often as not
    text = re.sub(r"\s*=\s*(?=\d)", " = ", text)
    return re.sub(r" {2,}", " ", text).strip()


@lru_cache(maxsize=8192)
def fix_vietnamese(text: str) -> str:
    """Correct OCR slips only where the catalogue knows the right words; digits are never touched.

    A window of words that matches a catalogue phrase letter for letter once marks are ignored
    (or with one wrong letter in a long phrase) takes the catalogue's marks. Case is kept as
    printed: the catalogue holds each phrase as written and in capitals, and a phrase's first
    letter keeps the case it was read with. Phrases are looked up by their first or last word
    (mark-free), so a line costs a few dictionary hits, not a scan of the whole catalogue.
    """
    cat = _fix_catalogue()
    for a, b in cat.subs:
        if a in text:
            text = text.replace(a, b)
    if not cat.phrases or not text:
        return text
    toks = text.split(" ")
    keys = [_key(t) for t in toks]
    cands: set = set()
    for i, k in enumerate(keys):
        for p in cat.first.get(k, ()):
            cands.add((i, p))
        for p in cat.last.get(k, ()):
            cands.add((i - len(cat.phrases[p]) + 1, p))
    done_upto = -1
    for i, p in sorted(cands, key=lambda c: (c[0], -len(cat.phrases[c[1]]), c[1])):
        pw = cat.phrases[p]
        n = len(pw)
        if i < 0 or i + n > len(toks) or i <= done_upto:
            continue
        # a cheap test on the cached mark-free keys before the full one: the same words, or in a
        # long phrase one word with one letter misread
        ks = tuple(keys[i:i + n])
        if ks != cat.keys[p]:
            if len(cat.bare[p]) < 10:
                continue
            diffs = [(a, b) for a, b in zip(ks, cat.keys[p]) if a != b]
            if len(diffs) != 1 or len(diffs[0][0]) != len(diffs[0][1]):
                continue
        window = toks[i:i + n]
        if any(ch.isdigit() for t in window for ch in t):
            continue
        m = re.match(r"^([\W_]*)(.*?)([\W_]*)$", " ".join(window))
        if m is None:  # every part is optional: it always matches, but the type does not say so
            continue
        lead, cand, trail = m.group(1), m.group(2), m.group(3)
        if not cand or len(cand.split(" ")) != n:
            continue
        if cand in cat.known or cand[0].swapcase() + cand[1:] in cat.known:
            continue
        bare = _bare(cand)
        if not _same_letters(bare, cat.bare[p]):
            continue
        # of equally valid spellings (HÒA / HOÀ) take the one nearest to what was read
        alts = [cat.phrases[q] for q in cat.by_shape.get((n, len(bare)), ()) if _same_letters(bare, cat.bare[q])]
        rep = list(min(alts or [pw], key=lambda q: _mark_distance(cand, " ".join(q))))
        if cand[0].islower():
            rep[0] = rep[0][0].lower() + rep[0][1:]
        elif cand[0].isupper():
            rep[0] = rep[0][0].upper() + rep[0][1:]
        rep[0] = lead + rep[0]
        rep[-1] = rep[-1] + trail
        toks[i:i + n] = rep
        done_upto = i + n - 1
    return unicodedata.normalize("NFC", " ".join(toks))
