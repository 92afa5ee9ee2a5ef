"""Vietnamese syllable structure, for mending OCR reads that lost the space between two syllables.

Vietnamese writes one syllable per word: (initial consonant) + one run of vowels + (final
consonant), with at most one tone mark. A token with two separate vowel runs is therefore two
syllables glued together ('Kếhoạch', 'Kiểmtra'), which is what Tesseract makes of a narrow
space. The split point is where the first syllable's final ends and the next one's initial
begins; it is taken only when both pieces are well-formed syllables, so foreign words and
abbreviations ('Internet', 'eGov', 'CCHC') are never touched.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

from extractor.vntext.marks import strip_marks

__all__ = ["is_syllable", "split_glued_syllables", "tone_count", "untoned"]

_INITIALS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
             "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")
_FINALS = ("ch", "nh", "ng", "c", "m", "n", "p", "t", "")
_VOWELS = "aăâeêioôơuưy"
_SYLLABLE = re.compile(
    "^(?:%s)[%s]{1,3}(?:%s)$" % ("|".join(i for i in _INITIALS if i), _VOWELS, "|".join(f for f in _FINALS if f))
    + "|^[%s]{1,3}(?:%s)$" % (_VOWELS, "|".join(f for f in _FINALS if f))
    + "|^(?:%s)[%s]{1,3}$" % ("|".join(i for i in _INITIALS if i), _VOWELS)
    + "|^[%s]{1,3}$" % _VOWELS
)
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # grave, acute, tilde, hook above, dot below
_VIET_ONLY = set("ăâêôơưđ")


def untoned(ch: str) -> str:
    """The letter without its tone mark, keeping ă â ê ô ơ ư đ (lower case)."""
    d = unicodedata.normalize("NFD", ch.lower())
    return unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES))


def tone_count(word: str) -> int:
    """How many tone marks a word carries (a syllable has at most one)."""
    return sum(c in _TONES for c in unicodedata.normalize("NFD", word))


def is_syllable(word: str) -> bool:
    """A well-formed Vietnamese syllable (any case, at most one tone mark)."""
    if not word or tone_count(word) > 1:
        return False
    b = "".join(untoned(c) for c in word)
    if not _SYLLABLE.match(b):
        return False
    # spelling rules: 'ngh', 'gh' and 'k' only before i/e/ê (k also before y); 'ng', 'g', 'c' never there
    front = b[1:2] if b[:1] in "kc" else b[3:4] if b.startswith("ngh") else b[2:3] if b[:2] in ("gh", "ng") else ""
    if b.startswith(("ngh", "gh")) and front not in ("i", "e", "ê"):
        return False
    if b[:1] == "k" and front not in ("i", "e", "ê", "y"):
        return False
    if (b.startswith("ng") and not b.startswith("ngh") or b[:1] == "c" and b[:2] != "ch") and front in ("i", "e", "ê"):
        return False
    return True


def _vowel_runs(bases: str) -> list[tuple[int, int]]:
    runs = []
    for m in re.finditer("[%s]+" % _VOWELS, bases):
        a, b = m.span()
        # 'gi' and 'qu' open a syllable: their i/u belong to the initial, not to a vowel run
        if a > 0 and b - a >= 2 and (bases[a - 1], bases[a]) in (("g", "i"), ("q", "u")):
            a += 1
        runs.append((a, b))
    return runs


def split_glued_syllables(word: str) -> str:
    """'Kếhoạch' -> 'Kế hoạch'; any word that is not two or more glued syllables comes back as it is."""
    if len(word) < 4 or not word.isalpha():
        return word
    bases = "".join(untoned(c) for c in word)
    if not (tone_count(word) or _VIET_ONLY & set(bases)):
        return word  # no Vietnamese letter: a foreign word or an abbreviation
    if len(strip_marks(word)) != len(word):
        return word  # a letter that is not one code point (should not happen after NFC)
    runs = _vowel_runs(bases)
    if len(runs) < 2:
        return word
    options: list[list[int]] = []
    for (_a0, b0), (a1, _b1) in zip(runs, runs[1:]):
        cons = bases[b0:a1]
        # cut points that end a syllable on a final and open the next on an initial, the
        # shortest final first ('Hànội' is 'Hà nội', not 'Hàn ội': an opening vowel is rarer)
        cuts = [b0 + k for k in range(len(cons) + 1) if cons[:k] in _FINALS and cons[k:] in _INITIALS]
        if not cuts:
            return word
        options.append(cuts)
    for choice in itertools.product(*options):
        bounds = [0, *choice, len(word)]
        pieces = [word[x:y] for x, y in zip(bounds, bounds[1:])]
        if all(is_syllable(p) for p in pieces):
            return " ".join(pieces)
    return word
