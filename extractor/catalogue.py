"""Canonical indicator keys: one key for the same statistic across reports, periods and template versions.

Codes are not stable (the 2023 template numbers "Tổng số nhiệm vụ được giao"
1.3.1, the 2026 one 4.1) and wording drifts ("do sở, ngành" / "do các sở,
ngành"), so annex rows are matched by name against ``patterns/indicators.toml``
with rapidfuzz on a normalised form. Matching is deliberately strict: a name
that differs in a digit or in a contrast word (tỉnh/xã, mới/lại, kiểm tra/rà
soát, …) never matches; nor does one that adds or drops a qualifying phrase
("… tại các ĐVSNCL" / "… tại các ĐVSNCL bị kỷ luật": more than
``max_extra_words`` words of substance that the other lacks), however close the
two read; and a near-tie between two entries that the code does not settle
gives ``None`` - a missing key is better than a wrong one on a dashboard. Keys
are the catalogue's own: the matcher never makes one up.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Optional

import regex as re
from rapidfuzz import fuzz

from . import patterns

_PAREN = re.compile(r"\([^()]*\)")
_NONWORD = re.compile(r"[^\w%]+")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
# new-style tone placement (hoà, thuỷ) to the old style the templates use (hòa, thủy)
_TONE = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oè": "òe", "oé": "óe", "oẻ": "ỏe",
         "oẽ": "õe", "oẹ": "ọe", "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}
_TONE_RE = re.compile(r"(" + "|".join(_TONE) + r")(?!\w)")


def _clean(text: str, abbreviations: dict[str, str]) -> str:
    """Lower case, NFC, tone placement unified, punctuation to spaces, abbreviations written out."""
    t = unicodedata.normalize("NFC", text or "").lower()
    t = t.replace("tỉ lệ", "tỷ lệ")
    t = _TONE_RE.sub(lambda m: _TONE[m.group(1)], t)
    words = _NONWORD.sub(" ", t).split()
    out: list[str] = []
    for w in words:
        out.append(abbreviations.get(w, w))
    return " ".join(out)


@dataclass(frozen=True)
class _Form:
    """A name in the two forms compared: whole, and without parenthetical remarks."""

    full: str
    base: str
    digits: frozenset[str]
    words: frozenset[str] = frozenset()


@dataclass
class _Entry:
    key: str
    name: str
    unit: str
    codes: tuple[str, ...]
    code_only: bool
    forms: list[_Form] = field(default_factory=list)
    contrasts: list[tuple[frozenset[str], ...]] = field(default_factory=list)


@dataclass
class _Catalogue:
    entries: list[_Entry]
    threshold: float
    tie_margin: float
    contrast: list[list[str]]
    abbreviations: dict[str, str]
    max_extra_words: int = 1
    fillers: frozenset[str] = frozenset()

    def form(self, text: str) -> _Form:
        full = _clean(text, self.abbreviations)
        base = _clean(_PAREN.sub(" ", text or ""), self.abbreviations) or full
        words = frozenset(w for w in base.split() if w not in self.fillers)
        return _Form(full, base, frozenset(_DIGITS.findall(base)), words)

    def same_scope(self, a: _Form, b: _Form) -> bool:
        """False when either name holds a qualifying phrase the other lacks (words of substance, not fillers)."""
        return len(a.words - b.words) <= self.max_extra_words and len(b.words - a.words) <= self.max_extra_words

    def contrast_sets(self, form: _Form) -> tuple[frozenset[str], ...]:
        """Which words of each contrast group the name (without remarks) holds, longest phrases first."""
        out = []
        for group in self.contrast:
            text = f" {form.base} "
            found = set()
            for word in sorted(group, key=len, reverse=True):
                w = " " + _clean(word, self.abbreviations) + " "
                if w in text:
                    found.add(word)
                    text = text.replace(w, " | ")
            out.append(frozenset(found))
        return tuple(out)


@lru_cache(maxsize=1)
def _catalogue() -> _Catalogue:
    data: dict[str, Any] = patterns.load("indicators")
    m = data.get("matching", {})
    abbreviations = {_NONWORD.sub(" ", unicodedata.normalize("NFC", k).lower()).strip(): v.lower()
                     for k, v in data.get("abbreviations", {}).items()}
    cat = _Catalogue(entries=[], threshold=float(m.get("threshold", 88)), tie_margin=float(m.get("tie_margin", 1.5)),
                     contrast=[list(g) for g in m.get("contrast", [])], abbreviations=abbreviations,
                     max_extra_words=int(m.get("max_extra_words", 1)),
                     fillers=frozenset(w for f in m.get("fillers", []) for w in _clean(f, abbreviations).split()))
    for item in data.get("indicator", []):
        e = _Entry(key=item["key"], name=item["name"], unit=item.get("unit", ""),
                   codes=tuple(item.get("codes", [])), code_only=item.get("match") == "code")
        for n in [item["name"], *item.get("aliases", [])]:
            f = cat.form(n)
            e.forms.append(f)
            e.contrasts.append(cat.contrast_sets(f))
        cat.entries.append(e)
    return cat


def catalogue_entries() -> list[dict[str, Any]]:
    """The catalogue as plain rows (key, name, unit, area, codes) for reports and datasette metadata."""
    data = patterns.load("indicators")
    areas = data.get("areas", {})
    return [{"key": i["key"], "name": i["name"], "unit": i.get("unit", ""), "area": i.get("area"),
             "area_title": areas.get(i.get("area"), i.get("area")), "codes": list(i.get("codes", []))}
            for i in data.get("indicator", [])]


def _unit_norm(unit: Optional[str]) -> str:
    return " ".join(_NONWORD.sub(" ", unicodedata.normalize("NFC", unit or "").lower()).split())


@lru_cache(maxsize=8192)
def match_indicator(name: str, code: Optional[str] = None, unit: Optional[str] = None) -> Optional[str]:
    """The canonical key of an annex row, or None when no catalogue entry matches it well and unambiguously."""
    if not name or not name.strip():
        return None
    cat = _catalogue()
    q = cat.form(name)
    if len(q.base) < 3:
        return None
    q_contrast = cat.contrast_sets(q)
    code = (code or "").strip().rstrip(".") or None
    scored: list[tuple[float, _Entry]] = []
    for e in cat.entries:
        if e.code_only and (code is None or code not in e.codes):
            continue
        best = 0.0
        for f, cs in zip(e.forms, e.contrasts):
            if f.digits != q.digits or cs != q_contrast or not cat.same_scope(q, f):
                continue
            s = max(fuzz.token_sort_ratio(q.base, f.base), fuzz.token_sort_ratio(q.full, f.full))
            best = max(best, s)
        if best >= cat.threshold:
            scored.append((best, e))
    if not scored:
        return None
    scored.sort(key=lambda t: -t[0])
    top = scored[0][0]
    close = [e for s, e in scored if top - s <= cat.tie_margin]
    if len({e.key for e in close}) == 1:
        return close[0].key
    if code is not None:
        by_code = [e for e in close if code in e.codes]
        if len(by_code) == 1:
            return by_code[0].key
        if by_code:
            close = by_code
    if unit:
        u = _unit_norm(unit)
        by_unit = [e for e in close if _unit_norm(e.unit) == u]
        if len(by_unit) == 1:
            return by_unit[0].key
    return None
