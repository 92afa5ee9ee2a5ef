"""Unit catalogue: printed unit -> canonical key and, for money, the factor to đồng.

The catalogue is data (``patterns/units.toml``) so that a new report's units are a data change.
The printed unit is kept by the caller; this module only names what it means.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import regex

from extractor.patterns import load

__all__ = ["UnitInfo", "canonical_unit", "value_base", "unit_alias_regex", "normalise_unit"]


@dataclass(frozen=True)
class UnitInfo:
    """Canonical unit ``key`` (``đồng``, ``người``, ``%`` ...); ``factor`` converts money to đồng."""

    key: str
    factor: Optional[float]
    kind: str = "count"


_RE_SEP = regex.compile(r"\s*([,;/])\s*")
_RE_WS = regex.compile(r"\s+")
_RE_WRAP = regex.compile(r"^[\s(\[{.:\-–]+|[\s)\]}.:]+$")


def normalise_unit(text: str) -> str:
    """Lower-case NFC with single spaces and ``, ; /`` written as ``, ``, for catalogue look-up."""
    s = unicodedata.normalize("NFC", text or "").lower().strip()
    if s not in ("(%)",):
        s = _RE_WRAP.sub("", s)
    s = _RE_SEP.sub(r", ", s)
    return _RE_WS.sub(" ", s).strip()


@lru_cache(maxsize=1)
def _catalogue() -> tuple[dict[str, UnitInfo], tuple[tuple[str, UnitInfo], ...]]:
    """(alias -> info for table cells, (alias, info) usable after a number in prose)."""
    by_alias: dict[str, UnitInfo] = {}
    body: list[tuple[str, UnitInfo]] = []
    for entry in load("units")["unit"]:
        factor = entry.get("factor")
        info = UnitInfo(entry["key"], None if factor is None else float(factor), entry.get("kind", "count"))
        for alias in entry["aliases"]:
            norm = normalise_unit(alias) or alias.lower()
            by_alias.setdefault(norm, info)
            if entry.get("body", True):
                body.append((unicodedata.normalize("NFC", alias), info))
    return by_alias, tuple(body)


@lru_cache(maxsize=4096)
def canonical_unit(text: str) -> Optional[UnitInfo]:
    """Catalogue entry of a printed unit (``Triệu đồng`` -> ``UnitInfo("đồng", 1e6)``), else None."""
    if not text:
        return None
    by_alias, _ = _catalogue()
    norm = normalise_unit(text)
    hit = by_alias.get(norm)
    if hit is None and norm.endswith(")") and "(" in norm:
        # "Tỷ đồng (ước)" / "Người (lượt)": the part before the bracket names the unit.
        hit = by_alias.get(normalise_unit(norm[: norm.index("(")]))
    return hit


def value_base(value: Optional[float], unit_text: str) -> Optional[float]:
    """``value`` in the base unit: money to đồng (17.454.000 Triệu đồng -> 1.7454e13), others unchanged."""
    if value is None:
        return None
    info = canonical_unit(unit_text)
    if info is not None and info.factor is not None:
        return value * info.factor
    return value


def _alias_pattern(alias: str) -> str:
    parts = []
    for word in _RE_WS.split(alias.strip()):
        pieces = [regex.escape(p) for p in regex.split(r"([,;/])", word)]
        parts.append("".join(r"\s*[,;/]\s*" if p in (r"\,", ",", r"\;", ";", r"\/", "/") else p for p in pieces))
    return r"\s+".join(parts)


@lru_cache(maxsize=1)
def unit_alias_regex() -> regex.Pattern:
    """A regex matching, at a position, the longest catalogued unit alias followed by a word end.

    Group ``unit`` is the alias as written. Used by the body-text quantity miner.
    """
    _, body = _catalogue()
    aliases = sorted({a for a, _ in body}, key=lambda a: (-len(a), a))
    alt = "|".join(_alias_pattern(a) for a in aliases)
    return regex.compile(rf"(?P<unit>{alt})(?![\w])", regex.IGNORECASE | regex.V1)
