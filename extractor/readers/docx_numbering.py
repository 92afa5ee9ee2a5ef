"""Word automatic list numbering (numbering.xml) turned back into printed labels.

Word stores "1.2." or "II." of a numbered heading not in the text but as a
``w:numPr`` reference to a list definition. The page shows the label; the text
does not. This module replays Word's counters in document order so the DOCX
reader can put the label back in front of the paragraph, as a PDF of the same
report would show it.

Counters live per list instance: every ``w:num`` that points at one
``w:abstractNum`` shares that abstract list's counters, unless the ``w:num``
overrides a start value (``w:lvlOverride/w:startOverride``), which makes it a
list of its own that restarts there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from extractor import grammar

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

# Bullet glyphs that print as a dash (Symbol/Wingdings private-use code points included).
_DASH_BULLETS = {"-", "\u2013", "\u2014", "\u2012", "\u2212", "\u2010", "\u2011", "\uf02d", "\uf0bd", "\uf0be"}
# Bullet glyphs kept as they print (Vietnamese reports use "+" as a second bullet level).
_KEPT_BULLETS = {"+": "+", "\uf02b": "+"}


@dataclass
class Level:
    """One level (w:lvl) of a list definition."""

    ilvl: int
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: Optional[int] = None  # w:lvlRestart (1-based level number; 0 = never); None = default
    is_lgl: bool = False
    suffix: str = "tab"
    pstyle: Optional[str] = None
    ind: dict = field(default_factory=dict)  # w:ind attributes of the level's pPr (twips)


@dataclass
class _Num:
    abstract_id: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    level_overrides: dict[int, Level] = field(default_factory=dict)


def _val(el, name: str) -> Optional[str]:
    if el is None:
        return None
    return el.get(W + name)


def _int(s: Optional[str], default: Optional[int] = None) -> Optional[int]:
    if s is None:
        return default
    try:
        return int(s)
    except ValueError:
        return default


def _parse_level(lvl) -> Level:
    ilvl = _int(lvl.get(W + "ilvl"), 0) or 0
    lv = Level(ilvl=ilvl)
    start = lvl.find(W + "start")
    if start is not None:
        lv.start = _int(_val(start, "val"), 1)  # type: ignore[assignment]
    fmt = lvl.find(W + "numFmt")
    if fmt is None:  # Word 2010+ custom formats hide numFmt inside mc:AlternateContent
        fmt = lvl.find(f"{MC}AlternateContent/{MC}Fallback/{W}numFmt")
    if fmt is not None:
        lv.fmt = _val(fmt, "val") or "decimal"
    text = lvl.find(W + "lvlText")
    if text is not None:
        lv.text = _val(text, "val") or ""
    restart = lvl.find(W + "lvlRestart")
    if restart is not None:
        lv.restart = _int(_val(restart, "val"))
    lgl = lvl.find(W + "isLgl")
    if lgl is not None:
        lv.is_lgl = _val(lgl, "val") not in ("0", "false", "off")
    suff = lvl.find(W + "suff")
    if suff is not None:
        lv.suffix = _val(suff, "val") or "tab"
    ps = lvl.find(W + "pStyle")
    if ps is not None:
        lv.pstyle = _val(ps, "val")
    ind = lvl.find(f"{W}pPr/{W}ind")
    if ind is not None:
        lv.ind = {k.split("}")[-1]: v for k, v in ind.attrib.items()}
    return lv


def _letter(n: int) -> str:
    """Word's letter numbering: a..z, then aa..zz, aaa.. (repeated letter, not base 26)."""
    if n <= 0:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """Render counter ``n`` in Word number format ``fmt``."""
    if fmt == "upperRoman":
        return grammar.roman(n)
    if fmt == "lowerRoman":
        return grammar.roman(n).lower()
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "decimalZero":
        return f"{n:02d}" if n < 10 else str(n)
    if fmt in ("none", "bullet"):
        return ""
    return str(n)  # decimal, ordinal, cardinalText and exotic formats: digits are the honest fallback


class Numbering:
    """List definitions of one DOCX plus the running counters, fed paragraphs in order."""

    def __init__(self, root=None, style_numpr: Optional[dict[str, tuple[Optional[str], Optional[int]]]] = None):
        """``root``: parsed numbering.xml (or None); ``style_numpr``: styleId -> (numId, ilvl) for numStyleLink."""
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.abstract_link: dict[str, str] = {}  # abstractNumId -> numStyleLink styleId
        self.nums: dict[str, _Num] = {}
        self.style_numpr = style_numpr or {}
        # list-instance key -> {ilvl: current value or None}
        self._counters: dict[str, dict[int, Optional[int]]] = {}
        if root is None:
            return
        for an in root.iter(W + "abstractNum"):
            aid = an.get(W + "abstractNumId")
            if aid is None:
                continue
            levels = {}
            for lvl in an.findall(W + "lvl"):
                lv = _parse_level(lvl)
                levels[lv.ilvl] = lv
            self.abstracts[aid] = levels
            link = an.find(W + "numStyleLink")
            if link is not None and _val(link, "val"):
                self.abstract_link[aid] = _val(link, "val")  # type: ignore[assignment]
        for num in root.iter(W + "num"):
            nid = num.get(W + "numId")
            ab = num.find(W + "abstractNumId")
            if nid is None or ab is None:
                continue
            n = _Num(abstract_id=_val(ab, "val") or "")
            for ov in num.findall(W + "lvlOverride"):
                ilvl = _int(ov.get(W + "ilvl"), 0) or 0
                so = ov.find(W + "startOverride")
                if so is not None:
                    n.start_overrides[ilvl] = _int(_val(so, "val"), 1)  # type: ignore[assignment]
                lvl = ov.find(W + "lvl")
                if lvl is not None:
                    lv = _parse_level(lvl)
                    lv.ilvl = ilvl
                    n.level_overrides[ilvl] = lv
            self.nums[nid] = n

    def _abstract_id(self, num: _Num, depth: int = 0) -> str:
        """Follow numStyleLink (list styles) to the abstractNum that holds the levels."""
        aid = num.abstract_id
        style = self.abstract_link.get(aid)
        if style and depth < 5:
            nid, _ = self.style_numpr.get(style, (None, None))
            if nid and nid in self.nums and self.nums[nid].abstract_id != aid:
                return self._abstract_id(self.nums[nid], depth + 1)
        return aid

    def levels(self, num_id: str) -> dict[int, Level]:
        """The effective levels of list ``num_id`` (abstract levels with the num's overrides)."""
        num = self.nums.get(num_id)
        if num is None:
            return {}
        levels = dict(self.abstracts.get(self._abstract_id(num), {}))
        levels.update(num.level_overrides)
        return levels

    def level_for_style(self, num_id: str, style_id: Optional[str]) -> Optional[int]:
        """The level whose w:pStyle names ``style_id`` (style-linked numbering without an ilvl)."""
        if not style_id:
            return None
        for lv in self.levels(num_id).values():
            if lv.pstyle == style_id:
                return lv.ilvl
        return None

    def level(self, num_id: str, ilvl: int) -> Optional[Level]:
        return self.levels(num_id).get(ilvl)

    def next_label(self, num_id: Optional[str], ilvl: int) -> Optional[tuple[str, str]]:
        """Advance the counters for a paragraph at (num_id, ilvl); return (label, suffix) or None.

        ``label`` is the printed text ("1.2.", "a)", "-"); an empty label means
        the list prints nothing visible (a bullet glyph, format none).
        """
        if not num_id or num_id == "0":
            return None
        num = self.nums.get(num_id)
        if num is None:
            return None
        levels = self.levels(num_id)
        lv = levels.get(ilvl)
        if lv is None:
            return None
        aid = self._abstract_id(num)
        key = f"num:{num_id}" if num.start_overrides else f"abs:{aid}"
        counters = self._counters.get(key)
        if counters is None:
            counters = {}
            self._counters[key] = counters

        def start_of(k: int) -> int:
            if k in num.start_overrides:
                return num.start_overrides[k]
            l2 = levels.get(k)
            return l2.start if l2 else 1

        cur = counters.get(ilvl)
        counters[ilvl] = start_of(ilvl) if cur is None else cur + 1
        # Deeper levels restart when this (higher) level advances, unless lvlRestart says otherwise.
        for k in list(counters):
            if k <= ilvl:
                continue
            deeper = levels.get(k)
            restart = deeper.restart if deeper else None
            if restart is None or (restart != 0 and ilvl < restart):
                counters[k] = None

        if lv.fmt == "bullet":
            glyph = lv.text.strip()
            if glyph in _DASH_BULLETS:
                return "-", lv.suffix
            if glyph in _KEPT_BULLETS:
                return _KEPT_BULLETS[glyph], lv.suffix
            return "", lv.suffix

        def render(m_level: int) -> str:
            val = counters.get(m_level)
            if val is None:
                val = start_of(m_level)
            ref = levels.get(m_level)
            fmt = ref.fmt if ref else "decimal"
            if lv.is_lgl and fmt not in ("none",):
                fmt = "decimalZero" if fmt == "decimalZero" else "decimal"
            return format_number(val, fmt)

        out = []
        text = lv.text
        i = 0
        while i < len(text):
            ch = text[i]
            if ch == "%" and i + 1 < len(text) and text[i + 1].isdigit():
                out.append(render(int(text[i + 1]) - 1))
                i += 2
                continue
            out.append(ch)
            i += 1
        return "".join(out), lv.suffix
