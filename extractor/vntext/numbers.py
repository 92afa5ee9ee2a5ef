"""Vietnamese numbers: digits with Vietnamese separators, scale words, number words, ranges, table cells.

This is the only number parser of the project (DESIGN.md, "Text normalisation"); the annex,
quantity and header interpreters call it. The word lists live in ``patterns/numbers.toml``.

Separator rule (CONTRACT.md): ``.`` groups thousands and ``,`` marks decimals
(``3.295`` = 3295, ``8,3`` = 8.3, ``1.234.567,5``); English style is accepted only where it
cannot be read the Vietnamese way (``1,234,567.5``, ``8.3``, ``12.50``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import regex

from extractor.patterns import load

__all__ = [
    "ValueParse",
    "parse_digits",
    "parse_number",
    "parse_range",
    "parse_value",
    "column_decimal_mark",
    "parse_codes",
    "number_words",
    "NUMBER_TOKEN",
]

# One digit token as it may be printed: 3.295 / 1.234.567,5 / 8,3 / 1,234,567.5 / 07
NUMBER_TOKEN = r"\d+(?:[.,]\d+)*"

_RE_INT = regex.compile(r"\d+")
_RE_VN_GROUPED = regex.compile(r"(?:[1-9]\d{0,2}|0)(?:\.\d{3})+(?:,\d+)?")
_RE_EN_GROUPED = regex.compile(r"[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?")
_RE_DEC_COMMA = regex.compile(r"\d+,\d+")
_RE_DEC_DOT = regex.compile(r"\d+\.\d+")
_RE_SPACE_GROUPED = regex.compile(r"[1-9]\d{0,2}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?")
_RE_TOKENS = regex.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:\.[^\W\d_]+)?|%")
_RE_SPACES = regex.compile(r"\s+")
_RE_BLANK = regex.compile(r"[-–—x×./\\…\s]*|n/?a|k/?c|không có số liệu", regex.I)


def _nfc_lower(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def parse_digits(text: str) -> Optional[float]:
    """Value of one printed digit token (``3.295``, ``8,3``, ``1,234,567.5``, ``07``), else None."""
    s = text.strip()
    if not s:
        return None
    if _RE_INT.fullmatch(s):
        return float(int(s))
    if _RE_VN_GROUPED.fullmatch(s):
        if s.startswith("0.") and "," not in s:
            return float(s)  # 0.500 is an English decimal, not "0 thousand 500"
        return float(s.replace(".", "").replace(",", "."))
    if _RE_EN_GROUPED.fullmatch(s):
        if s.count(",") == 1 and "." not in s:
            return float(s.replace(",", "."))  # 1,234: the contract reads "," as the decimal mark
        return float(s.replace(",", ""))
    if _RE_DEC_COMMA.fullmatch(s):
        return float(s.replace(",", "."))
    if _RE_DEC_DOT.fullmatch(s):
        return float(s)
    if _RE_SPACE_GROUPED.fullmatch(s):
        return float(regex.sub(r"[ \u00a0\u202f]", "", s).replace(",", "."))
    return None


@dataclass(frozen=True)
class _Grammar:
    digits: dict[str, int]
    zero: frozenset[str]
    ten: frozenset[str]
    tens_marker: frozenset[str]
    hundred: frozenset[str]
    half: frozenset[str]
    point: frozenset[str]
    negative: frozenset[str]
    after_tens_only: frozenset[str]
    scales: dict[str, float]
    percent_suffix: regex.Pattern
    percent_units: frozenset[str]

    @property
    def vocabulary(self) -> frozenset[str]:
        return (frozenset(self.digits) | self.zero | self.ten | self.tens_marker | self.hundred | self.half
                | frozenset(self.scales))


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    p = load("numbers")
    g = p["grammar"]
    return _Grammar(
        digits={_nfc_lower(k): int(v) for k, v in p["digits"].items()},
        zero=frozenset(map(_nfc_lower, g["zero_markers"])),
        ten=frozenset(map(_nfc_lower, g["ten"])),
        tens_marker=frozenset(map(_nfc_lower, g["tens_marker"])),
        hundred=frozenset(map(_nfc_lower, g["hundred"])),
        half=frozenset(map(_nfc_lower, g["half"])),
        point=frozenset(map(_nfc_lower, g["decimal_point"])),
        negative=frozenset(map(_nfc_lower, g["negative"])),
        after_tens_only=frozenset(map(_nfc_lower, g["after_tens_only"])),
        scales={_nfc_lower(k): float(v) for k, v in p["scales"].items()},
        # "%" or "phần trăm" closing a number; the unit cells that say a column holds percents
        percent_suffix=regex.compile(
            r"\s*(?:" + "|".join(r"\s+".join(map(regex.escape, w.split())) for w in g["percent"]) + r")\s*$"),
        percent_units=frozenset(_nfc_lower(a) for u in load("units")["unit"] if u.get("kind") == "percent"
                                for a in u["aliases"]),
    )


def number_words() -> frozenset[str]:
    """Every word that can be part of a spelled-out number (digits, tens, hundreds, scales)."""
    return _grammar().vocabulary


def _parse_group(tokens: list[str], g: _Grammar) -> Optional[tuple[float, bool]]:
    """Value of a group below one thousand (``hai trăm linh năm``) or of one digit token.

    Returns (value, is_bare_digit) where is_bare_digit tells the caller that the group was a
    single digit word, which after a scale word means a tenth of that scale (một nghìn hai = 1200).
    """
    if len(tokens) == 1 and tokens[0][0].isdigit():
        v = parse_digits(tokens[0])
        return None if v is None else (v, False)
    hundreds: Optional[float] = None
    tens: Optional[float] = None
    units: Optional[float] = None
    pending: Optional[float] = None
    zero_marker = False
    last = ""
    for tok in tokens:
        if tok[0].isdigit():
            if pending is not None or hundreds is not None or tens is not None or zero_marker:
                return None
            v = parse_digits(tok)
            if v is None:
                return None
            pending = v
        elif tok in g.digits:
            if pending is not None or units is not None:
                return None
            if tok in g.after_tens_only and tens is None:
                return None
            if tens is not None:
                units = float(g.digits[tok])
            else:
                pending = float(g.digits[tok])
        elif tok in g.hundred:
            if hundreds is not None or tens is not None or zero_marker or units is not None:
                return None
            hundreds = 1.0 if pending is None else pending
            pending = None
        elif tok in g.tens_marker:
            if pending is None or tens is not None or units is not None:
                return None
            tens = pending
            pending = None
        elif tok in g.ten:
            if pending is not None or tens is not None or units is not None:
                return None
            tens = 1.0
        elif tok in g.zero:
            if zero_marker or pending is not None or tens is not None or units is not None:
                return None
            zero_marker = True
        elif tok in g.half:
            # một trăm rưỡi = 150
            if last not in g.hundred:
                return None
            tens = 5.0
        else:
            return None
        last = tok
    bare = False
    if pending is not None:
        if hundreds is not None and not zero_marker and tens is None:
            tens = pending  # một trăm hai = 120 (spoken form; 102 is "một trăm linh hai")
        else:
            units = pending
            bare = hundreds is None and tens is None and not zero_marker and len(tokens) == 1
    if hundreds is None and tens is None and units is None:
        return None
    value = (hundreds or 0.0) * 100 + (tens or 0.0) * 10 + (units or 0.0)
    return value, bare


def _parse_integer_words(tokens: list[str], g: _Grammar) -> Optional[float]:
    """Combine groups and scale words: một nghìn tỷ = 10^12, 1 tỷ 250 triệu, 1,5 triệu."""
    if not tokens:
        return None
    parts: list[tuple[float, float]] = []  # (scale, value already multiplied); scales decreasing
    segment: list[str] = []
    last_scale: Optional[float] = None
    for tok in tokens:
        scale = g.scales.get(tok)
        if scale is None:
            if tok in g.half and not segment and parts:
                parts.append((parts[-1][0] / 1000, parts[-1][0] / 2))  # hai triệu rưỡi
                last_scale = None
                continue
            segment.append(tok)
            continue
        if segment:
            grp = _parse_group(segment, g)
            if grp is None:
                return None
            acc = grp[0]
        elif parts and parts[-1][0] < scale:
            acc = 0.0  # "một nghìn tỷ": the scale multiplies what came before
        elif not parts:
            acc = 1.0  # bare "triệu" = 10^6
        else:
            return None
        while parts and parts[-1][0] < scale:
            acc += parts.pop()[1]
        if parts and parts[-1][0] == scale:
            return None
        parts.append((scale, acc * scale))
        segment = []
        last_scale = scale
    total = sum(v for _, v in parts)
    if segment:
        grp = _parse_group(segment, g)
        if grp is None:
            return None
        value, bare = grp
        if bare and last_scale is not None and not segment[0][0].isdigit():
            value *= last_scale / 10  # một nghìn hai = 1200, hai triệu năm = 2 500 000
        total += value
    return total


def _tokens(text: str) -> Optional[list[str]]:
    s = _nfc_lower(text).strip()
    toks = _RE_TOKENS.findall(s)
    if not toks:
        return None
    # Everything but the tokens must be white space: "4217/KH" or "2021-2025" is not one number.
    if _RE_SPACES.sub("", _RE_TOKENS.sub("", s)):
        return None
    return toks


@lru_cache(maxsize=65536)
def _parse_number_cached(text: str) -> Optional[float]:
    g = _grammar()
    s = _nfc_lower(text).strip().replace("\u2212", "-")
    if not s:
        return None
    sign = 1.0
    if s[0] in "+-":
        sign = -1.0 if s[0] == "-" else 1.0
        s = s[1:].lstrip()
    s = g.percent_suffix.sub("", s)
    v = parse_digits(s)
    if v is not None:
        return sign * v
    toks = _tokens(s)
    if toks is None:
        return None
    if toks[0] in g.negative and len(toks) > 1:
        sign, toks = -sign, toks[1:]
    point = next((i for i, t in enumerate(toks) if t in g.point), None)
    if point is not None:
        whole = _parse_integer_words(toks[:point], g)
        frac_toks = toks[point + 1 :]
        if whole is None or not frac_toks:
            return None
        if all(t in g.digits and t not in g.after_tens_only for t in frac_toks):
            digits = "".join(str(g.digits[t]) for t in frac_toks)  # phẩy không năm = .05
        else:
            frac = _parse_integer_words(frac_toks, g)
            if frac is None or frac != int(frac):
                return None
            digits = str(int(frac))
        return sign * (whole + int(digits) / 10 ** len(digits))
    v = _parse_integer_words(toks, g)
    return None if v is None else sign * v


def parse_number(text: str) -> Optional[float]:
    """The number that the whole of ``text`` states, else None.

    Digits with Vietnamese separators, scale words (1 tỷ 250 triệu, 1,5 triệu), number words
    (một nghìn không trăm linh năm), a sign, and a trailing ``%`` (ignored for the value).
    """
    if not text or len(text) > 200:
        return None
    return _parse_number_cached(text)


# ---------------------------------------------------------------------------------------------
# Ranges

@lru_cache(maxsize=1)
def _range_regex() -> regex.Pattern:
    r = load("numbers")["ranges"]
    frm = "|".join(regex.escape(w) for w in sorted(r["from"], key=len, reverse=True))
    to = "|".join(regex.escape(w) for w in sorted(r["to"], key=len, reverse=True))
    return regex.compile(
        rf"^\s*(?:(?:{frm})\s+)?(?P<lo>.+?)\s*(?:\s(?:{to})\s|\s?[-–—÷~]\s?)\s*(?P<hi>.+?)\s*$",
        regex.I,
    )


def parse_range(text: str) -> Optional[tuple[float, float]]:
    """(low, high) of ``từ 5 đến 10``, ``5-10``, ``5 – 10``, ``1-2 triệu``; None when not a range."""
    if not text:
        return None
    m = _range_regex().match(unicodedata.normalize("NFC", text))
    if not m:
        return None
    lo_t, hi_t = m["lo"], m["hi"]
    hi = parse_number(hi_t)
    lo = parse_number(lo_t)
    if lo is None or hi is None:
        return None
    # "1-2 triệu": a scale word after the high end applies to a bare low end too.
    scales = _grammar().scales
    hi_words = _nfc_lower(hi_t).split()
    if hi_words and hi_words[-1] in scales and not any(w in scales for w in _nfc_lower(lo_t).split()):
        scaled = lo * scales[hi_words[-1]]
        if scaled <= hi:
            lo = scaled
    if lo > hi:
        return None
    return lo, hi


# ---------------------------------------------------------------------------------------------
# Annex table cells

@dataclass
class ValueParse:
    """A table cell read as a value: ``kind`` is number, percent, coded, text or empty."""

    value: Optional[float]
    kind: str
    label: Optional[str]
    of: Optional[float] = None  # the number after a slash: a score's maximum (9,49/9,5), a rank's count (12/63)


_RE_CODE = regex.compile(
    r"(?P<label>[^\W\d_][^=;,/\n\d]*?)\s*[=:]\s*(?P<code>\d+)(?!\s*[.,]\d)",
)


@lru_cache(maxsize=4096)
def parse_codes(unit: str) -> tuple[tuple[str, float], ...]:
    """The (label, code) pairs a unit cell lists: ``Không = 0 Có = 1`` -> (("Không", 0), ("Có", 1))."""
    if not unit or "=" not in unit:
        return ()
    s = unicodedata.normalize("NFC", unit)
    pairs = []
    for m in _RE_CODE.finditer(s):
        label = regex.sub(r"^[\s\-–+•(]+|[\s\-–)]+$", "", m["label"]).strip()
        if label:
            pairs.append((label, float(m["code"])))
    return tuple(pairs)


def _is_percent_unit(unit: str) -> bool:
    u = _nfc_lower(unit).strip()
    return u in _grammar().percent_units


def parse_value(raw: str, unit: str = "", decimal: Optional[str] = None) -> ValueParse:
    """Read one annex value cell under its unit cell, as the contract's ``indicators`` row wants it.

    ``decimal``: the column's own decimal mark when its values show one (``column_decimal_mark``)."""
    s = unicodedata.normalize("NFC", raw or "").strip()
    if _RE_BLANK.fullmatch(s):
        return ValueParse(None, "empty", None)
    codes = parse_codes(unit or "")
    if len(codes) >= 2:
        key = _nfc_lower(s).rstrip(".")
        for label, code in codes:
            if _nfc_lower(label) == key:
                return ValueParse(code, "coded", label)
        v = parse_digits(s.rstrip("."))
        if v is not None:
            named = next((lab for lab, code in codes if code == v), None)
            return ValueParse(v, "coded", named)
        return ValueParse(None, "text", None)
    has_digit = any(c.isdigit() for c in s)
    s = _RE_STRAY_DECIMAL_SPACE.sub(r"\1\2", s)  # "17, 66": a space typed after the decimal comma
    restated = _RE_FRACTION_PERCENT.match(s)
    if restated:
        # "862/1.266 (68,1%)": a count out of a total with its share restated; the share must agree
        frac = _fraction(restated.group("frac"), decimal)
        share = parse_number(restated.group("pct"))
        if frac is not None and share is not None and frac[1] > 0 \
                and abs(100.0 * frac[0] / frac[1] - share) <= FRACTION_SHARE_TOLERANCE:
            return ValueParse(frac[0], "number", None, frac[1])
    percent = s.endswith("%") or _is_percent_unit(unit or "")
    if has_digit:
        v = _column_number(s, decimal) if decimal else parse_number(s)
        if v is not None:
            return ValueParse(v, "percent" if percent else "number", None)
        parts = [p.strip() for p in s.split("/")]
        if len(parts) >= 2 and all(parts):
            num = _column_number(parts[0], decimal) if decimal else parse_number(parts[0])
            den = _column_number(parts[1], decimal) if decimal else parse_number(parts[1])
            # one out of another: a score and its maximum, a rank and the count ranked (never 15/3, a date)
            if num is not None and den is not None and 0 <= num <= den:
                return ValueParse(num, "percent" if percent else "number", None, den)
    return ValueParse(None, "text", None)


def _fraction(s: str, decimal: Optional[str]) -> Optional[tuple[float, float]]:
    parts = [p.strip() for p in s.split("/")]
    if len(parts) != 2 or not all(parts):
        return None
    num = _column_number(parts[0], decimal) if decimal else parse_number(parts[0])
    den = _column_number(parts[1], decimal) if decimal else parse_number(parts[1])
    if num is None or den is None or not 0 <= num <= den:
        return None
    return num, den


_RE_STRAY_DECIMAL_SPACE = regex.compile(r"^([+-]?\d+,) (\d{1,2}%?)$")
_RE_FRACTION_PERCENT = regex.compile(r"^(?P<frac>[\d.,]+\s*/\s*[\d.,]+)\s*\(\s*(?P<pct>[\d.,]+)\s*%\s*\)$")
#: percentage points a restated share may differ from the fraction it restates (rounding)
FRACTION_SHARE_TOLERANCE = 1.0

_RE_DOT_DECIMAL = regex.compile(r"^[+-]?\d+\.(?:\d{1,2}|\d{4,})%?$")  # 9.50, 1.5: a dot not before 3 digits
_RE_COMMA_GROUPS = regex.compile(r"^[+-]?[1-9]\d{0,2}(?:,\d{3}){2,}(?:\.\d+)?%?$")  # 2,096,584,751
_RE_COMMA_DECIMAL = regex.compile(r"^[+-]?\d+,\d{1,2}%?$")  # 8,3: the Vietnamese decimal comma
_RE_DOT_GROUPS = regex.compile(r"^[+-]?\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?%?$")  # 1.234.567: Vietnamese thousands
_RE_PLAIN_DIGITS = regex.compile(r"^[+-]?[\d,]*\.?\d+%?$")


def column_decimal_mark(raws: list[str]) -> Optional[str]:
    """``'.'`` when a column's own values write numbers the English way round (``9.50``, ``14.50`` — a dot
    followed by other than three digits — or ``2,096,584,751``, commas between groups of three) and none
    writes them the Vietnamese way; else None, and each value is read by the Vietnamese rule."""
    english = vietnamese = False
    for raw in raws:
        t = unicodedata.normalize("NFC", raw or "").strip().replace(" ", "")
        if _RE_DOT_DECIMAL.match(t) or _RE_COMMA_GROUPS.match(t):
            english = True
        elif _RE_COMMA_DECIMAL.match(t) or _RE_DOT_GROUPS.match(t):
            vietnamese = True  # 8,3 or 1.234.567: the contract's own way
    return "." if english and not vietnamese else None


def _column_number(text: str, decimal: str) -> Optional[float]:
    """A plain digit token read with the column's decimal mark (``'.'``: commas group thousands)."""
    t = text.strip().replace(" ", "")
    if decimal == "." and _RE_PLAIN_DIGITS.match(t):
        try:
            return float(t.rstrip("%").replace(",", ""))
        except ValueError:
            return None
    return parse_number(text)
