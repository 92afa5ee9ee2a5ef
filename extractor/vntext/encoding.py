"""Legacy Vietnamese encodings (TCVN3, VNI, VIQR) to Unicode NFC.

Old government files were typed in 8-bit "font encodings": the bytes are ordinary cp1252 text
and only the font (``.VnTime`` for TCVN3, ``VNI-Times`` for VNI) draws them as Vietnamese
letters.  A text layer or a DOCX run therefore holds strings such as ``B¸o c¸o`` (TCVN3) or
``Baùo caùo`` (VNI), which this module turns back into ``Báo cáo``.

The code tables are data (``patterns/encodings/*.toml``); this module is the engine.  Readers
call :func:`to_unicode` on every text run with the run's font name; the font is a strong hint,
never trusted blindly: many files name ``.VnTime`` but hold Unicode.  When the font and the text
leave room for doubt, each candidate decoding is scored by how many well-formed Vietnamese
syllables it yields.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Optional

from extractor import patterns

ENCODINGS = ("unicode", "tcvn3", "vni", "viqr")

# Combining marks Vietnamese uses (tones plus breve, circumflex, horn).
_COMBINING = frozenset("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
# Vietnamese letters that also exist as single cp1252 characters: legacy text is made of them too.
_LATIN1_VIET = frozenset("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")


def _viet_letters() -> frozenset[str]:
    """Every precomposed Vietnamese letter, both cases."""
    out = set()
    for base in "aăâeêioôơuưy":
        for tone in ("",) + tuple(_TONE_MARKS):
            ch = unicodedata.normalize("NFC", base + tone)
            out.add(ch)
            out.add(ch.upper())
    out |= {"đ", "Đ"}
    return frozenset(c for c in out if not c.isascii())


_VIET_LETTERS = _viet_letters()
# Letters no legacy text layer can hold: their presence means the run is already Unicode.
_VIET_BEYOND_LATIN1 = (_VIET_LETTERS - _LATIN1_VIET) | _COMBINING


# --------------------------------------------------------------------------- tables


class _Tcvn3:
    """TCVN3 code table: normal fonts and capitals ("H") fonts."""

    def __init__(self) -> None:
        data = patterns.load("encodings/tcvn3")
        self.encode: dict[str, str] = dict(data["encode"])
        self.decode: dict[str, str] = {v: k for k, v in self.encode.items()}
        self.decode.update(data.get("aliases", {}))
        self.table = str.maketrans(self.decode)
        self.font_res = [re.compile(p) for p in data["font_patterns"]]
        self.capitals_suffix: str = data["capitals_font_suffix"]
        # Characters only a TCVN3 run holds: table characters that are not Vietnamese letters.
        self.only = frozenset(c for c in self.decode if c not in _LATIN1_VIET and not c.isascii())


class _Vni:
    """VNI code table: a letter is a base character and a mark character."""

    def __init__(self) -> None:
        data = patterns.load("encodings/vni")
        self.encode: dict[str, str] = {}
        for uni, seq in data["encode"].items():
            self.encode[uni] = seq
            self.encode[uni.upper()] = seq.upper()
        self.decode: dict[str, str] = {v: k for k, v in self.encode.items()}
        # The mark's case sometimes disagrees with the base's ("Aù"): the base decides.
        for uni, seq in data["encode"].items():
            if len(seq) == 2:
                self.decode.setdefault(seq[0].upper() + seq[1], uni.upper())
                self.decode.setdefault(seq[0] + seq[1].upper(), uni)
        keys = sorted(self.decode, key=len, reverse=True)
        self.regex = re.compile("|".join(re.escape(k) for k in keys))
        self.font_res = [re.compile(p) for p in data["font_patterns"]]
        marks = {seq[-1] for seq in self.decode if len(seq) == 2}
        singles = {seq for seq in self.decode if len(seq) == 1}
        self.only = frozenset(c for c in marks | singles if c not in _LATIN1_VIET)


class _Viqr:
    """VIQR mnemonic: ASCII letters followed by modifier and tone characters."""

    def __init__(self) -> None:
        data = patterns.load("encodings/viqr")
        self.modifiers: dict[str, tuple[str, str]] = {
            k: (v["bases"], v["mark"]) for k, v in data["modifiers"].items()
        }
        self.tones: dict[str, str] = dict(data["tones"])
        self.letters: dict[str, str] = dict(data["letters"])
        mods = "".join(re.escape(m) for m in self.modifiers)
        tones = "".join(re.escape(t) for t in self.tones)
        letters = "|".join(re.escape(k) for k in sorted(self.letters, key=len, reverse=True))
        self.regex = re.compile(
            rf"\\(.)|({letters})|([aeiouyAEIOUY])([{mods}]?)([{tones}]?)", re.S
        )
        # Unambiguous VIQR signs (a modifier after its base, or dd): needed to believe a run is VIQR.
        self.evidence = re.compile(r"[aA][(^]|[eEoO]\^|[oOuU]\+|\b(?:dd|DD|Dd)[aeiouyAEIOUY]")
        self.rev_marks = {mark: key for key, (_, mark) in self.modifiers.items()}
        self.rev_tones = {mark: key for key, mark in self.tones.items()}
        self.rev_letters = {v: k for k, v in self.letters.items() if k[0] == k[1] or k == "dd"}


@lru_cache(maxsize=1)
def _tables() -> tuple[_Tcvn3, _Vni, _Viqr]:
    return _Tcvn3(), _Vni(), _Viqr()


@lru_cache(maxsize=1)
def _syllable_re() -> re.Pattern[str]:
    data = patterns.load("encodings/vietnamese")
    onsets = "|".join(sorted(data["onsets"], key=len, reverse=True))
    rhymes = "|".join(sorted(data["rhymes"], key=len, reverse=True))
    return re.compile(rf"(?:{onsets})?(?:{rhymes})")


# --------------------------------------------------------------------------- fonts


_SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")
_STYLE_SUFFIX = re.compile(
    r"[,-](?:Bold|Italic|BoldItalic|Oblique|BoldOblique|Regular|Roman|Normal|Semibold|Light|"
    r"Medium|Black|Heavy|MT|PS|PSMT|It|Bd|BdIt)$",
    re.I,
)


def _font_base(font: str) -> str:
    """Font name without PDF subset prefix ("CCBOEA+") and style suffixes (",Bold", "-Italic")."""
    name = _SUBSET_PREFIX.sub("", font.strip())
    while True:
        stripped = _STYLE_SUFFIX.sub("", name)
        if stripped == name:
            return name.strip()
        name = stripped


@lru_cache(maxsize=1024)
def _font_hint(font: Optional[str]) -> tuple[Optional[str], bool]:
    """(encoding the font announces or None, whether it is a TCVN3 capitals font)."""
    if not font:
        return None, False
    tcvn3, vni, _ = _tables()
    base = _font_base(font)
    low = base.lower()
    if any(r.search(low) for r in vni.font_res):
        return "vni", False
    if any(r.search(low) for r in tcvn3.font_res):
        return "tcvn3", base.endswith(tcvn3.capitals_suffix)
    return None, False


def font_encoding(font: Optional[str]) -> Optional[str]:
    """The legacy encoding a font's name announces ("tcvn3" for ``.VnTime``, "vni" for ``VNI-Times``), or
    None: what a reader may assume of a code before any text is seen."""
    return _font_hint(font)[0]


# --------------------------------------------------------------------------- decoders


def _decode_tcvn3(text: str, capitals: bool = False) -> str:
    out = text.translate(_tables()[0].table)
    return out.upper() if capitals else out


def _decode_vni(text: str) -> str:
    vni = _tables()[1]
    return vni.regex.sub(lambda m: vni.decode[m.group(0)], text)


def _decode_viqr(text: str) -> str:
    viqr = _tables()[2]

    def repl(m: re.Match[str]) -> str:
        if m.group(1) is not None:  # escaped literal
            return m.group(1)
        if m.group(2):
            return viqr.letters[m.group(2)]
        base, mod, tone = m.group(3), m.group(4), m.group(5)
        out = base
        if mod:
            bases, mark = viqr.modifiers[mod]
            if base in bases:
                out += mark
            else:
                out += mod
        if tone:
            out += viqr.tones[tone]
        return out

    return unicodedata.normalize("NFC", viqr.regex.sub(repl, text))


_TOKEN = re.compile(r"[^\s\d,;:!\"()\[\]{}<>/|_=*&%$#@-]+")


def _score(text: str) -> int:
    """Well-formed Vietnamese syllables minus malformed words in ``text`` (a decoding candidate)."""
    syll = _syllable_re()
    score = 0
    for tok in _TOKEN.findall(text):
        tok = tok.strip(".'`?~^+…“”‘’–—")
        if not tok:
            continue
        nfd = unicodedata.normalize("NFD", tok.lower())
        tones = sum(nfd.count(t) for t in _TONE_MARKS)
        bare = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONE_MARKS))
        if tones <= 1 and syll.fullmatch(bare):
            score += 1
        elif not tok.isascii() or tones:
            score -= 1
    return score


# --------------------------------------------------------------------------- public API


def detect_encoding(text: str, font: Optional[str] = None) -> str:
    """Tell which encoding ``text`` (one run, drawn in ``font``) is in: unicode, tcvn3, vni or viqr."""
    hint, _ = _font_hint(font)
    if text.isascii():
        if hint == "tcvn3":
            return "tcvn3"  # same letters; matters for the capitals fonts
        if _looks_viqr(text):
            return "viqr"
        return "unicode"
    chars = set(text)
    tcvn3, vni, _ = _tables()
    if chars & _VIET_BEYOND_LATIN1:
        if not (chars & tcvn3.only) or hint != "tcvn3":
            return "unicode"
    has = {"tcvn3": bool(chars & tcvn3.only), "vni": bool(chars & vni.only)}
    if hint in has and (has[hint] or len(text.strip()) <= 2):
        return hint  # the font and the text agree, or the run is too short to judge
    candidates = {"unicode": _score(text)}
    if has["tcvn3"] or hint == "tcvn3":
        candidates["tcvn3"] = _score(_decode_tcvn3(text))
    if has["vni"] or hint == "vni" or chars & _LATIN1_VIET:
        as_vni = _decode_vni(text)
        if as_vni != text:
            candidates["vni"] = _score(as_vni)
    best = max(candidates.values())
    # A tie (a short run: "Có" is Unicode "Có" or TCVN3 "Cú") goes to the font, else to Unicode.
    for enc in (hint, "unicode", "tcvn3", "vni"):
        if enc in candidates and candidates[enc] == best:
            return enc
    return "unicode"


def _looks_viqr(text: str) -> bool:
    """ASCII text that carries VIQR modifiers and reads better decoded."""
    viqr = _tables()[2]
    if len(viqr.evidence.findall(text)) < 2:
        return False
    return _score(_decode_viqr(text)) > _score(text)


def to_unicode(text: str, font: Optional[str] = None) -> str:
    """Return ``text`` as Unicode NFC, converting a legacy encoding told by ``font`` or by the text."""
    if not text:
        return text
    if text.isascii() and font is None and "^" not in text and "+" not in text and "(" not in text:
        return text  # fast path: nothing to convert, already NFC
    enc = detect_encoding(text, font)
    return decode(text, enc, _font_hint(font)[1])


def decode(text: str, encoding: str, capitals_font: bool = False) -> str:
    """Decode ``text`` from a known ``encoding`` to Unicode NFC (no detection).

    ``capitals_font``: TCVN3 text drawn in a ".Vn...H" font, where every byte is a capital.
    """
    if encoding == "unicode":
        out = text
    elif encoding == "tcvn3":
        out = _decode_tcvn3(text, capitals_font)
    elif encoding == "vni":
        out = _decode_vni(text)
    elif encoding == "viqr":
        out = _decode_viqr(text)
    else:
        raise ValueError(f"unknown encoding {encoding!r}")
    if unicodedata.is_normalized("NFC", out):
        return out
    return unicodedata.normalize("NFC", _MARK_RUN.sub(_vowel_mark_first, out))


# A run of combining marks. Vietnamese puts a vowel's own mark (circumflex, breve, horn) under its
# tone; accents drawn as separate glyphs come in any order (a PDF's by position, a typist's by key),
# and NFC composes "e" + acute + circumflex as "é" + circumflex, not "ế".
_MARK_RUN = re.compile("[\u0300-\u036f]{2,}")
_VOWEL_MARKS = "\u0302\u0306\u031b"


def _vowel_mark_first(m: re.Match[str]) -> str:
    return "".join(sorted(m.group(0), key=lambda c: c not in _VOWEL_MARKS))


def from_unicode(text: str, encoding: str, capitals_font: bool = False) -> str:
    """Encode Unicode ``text`` into a legacy encoding (for tests and fixtures).

    ``capitals_font`` writes TCVN3 for a ".Vn...H" font, where every byte draws a capital.
    A character the target cannot hold (a toned capital in a normal TCVN3 font) raises ValueError.
    """
    text = unicodedata.normalize("NFC", text)
    tcvn3, vni, viqr = _tables()
    if encoding == "unicode":
        return text
    if encoding == "tcvn3":
        if capitals_font:
            text = text.lower()
        out = []
        for ch in text:
            if ch in tcvn3.encode:
                out.append(tcvn3.encode[ch])
            elif ch in _VIET_LETTERS:
                raise ValueError(f"{ch!r} has no TCVN3 byte in a normal font (use capitals_font)")
            else:
                out.append(ch)
        return "".join(out)
    if encoding == "vni":
        return "".join(vni.encode.get(ch, ch) for ch in text)
    if encoding == "viqr":
        return _encode_viqr(text, viqr)
    raise ValueError(f"unknown encoding {encoding!r}")


def _encode_viqr(text: str, viqr: _Viqr) -> str:
    out: list[str] = []
    specials = set(viqr.modifiers) | set(viqr.tones) | {"\\"}
    for ch in text:
        if ch in viqr.rev_letters:
            out.append(viqr.rev_letters[ch])
            continue
        nfd = unicodedata.normalize("NFD", ch)
        base, marks = nfd[0], nfd[1:]
        if marks and base.isascii() and base.isalpha():
            piece = base
            for m in sorted(marks, key=lambda m: m in _TONE_MARKS):
                piece += viqr.rev_marks.get(m) or viqr.rev_tones.get(m) or m
            out.append(piece)
            continue
        prev = out[-1][-1] if out else ""
        # A literal mark character after a vowel, or a "d" after "d", would be read as VIQR: escape it.
        if ch in specials and (prev.lower() in "aeiouy(^+'`?~." and prev) or ch == "\\":
            out.append("\\" + ch)
        elif ch in "dD" and out and out[-1] in ("d", "D"):
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)
