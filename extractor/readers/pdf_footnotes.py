"""A PDF page's foot: the footnote block (under the short footnote rule, or small lines opening with
a number at the foot) parsed into footnotes, and page numbers told from text.
"""

from __future__ import annotations

from typing import Any, Optional

from extractor import grammar
from extractor.model import Footnote
from extractor.readers.pdf_glyphs import Seg, dominant_size
from extractor.readers.pdf_tables import GridTable

_PAGE_NUMBER_RE = grammar.PAGE_NUMBER
_FOOTNOTE_START_RE = grammar.FOOTNOTE_OPENING


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER_RE.match(text.strip()))


def footnote_rule_y(page: Any, segs: list[Seg], tables: list[GridTable]) -> Optional[float]:
    """The top of the short horizontal rule that opens the footnote block, if any."""
    if not segs:
        return None
    left = min(s.x0 for s in segs)
    width = page.width
    best = None
    cands = []
    for ln in page.lines:
        if abs(ln["top"] - ln["bottom"]) <= 2:
            cands.append((ln["x0"], ln["x1"], ln["top"]))
    for rc in page.rects:
        if rc["bottom"] - rc["top"] <= 2:
            cands.append((rc["x0"], rc["x1"], rc["top"]))
    # Word opens a footnote continued from the previous page with a full-width "continuation separator":
    # one lone wide rule low on the page (a chart's grid is many of them)
    wide = [c for c in cands if c[1] - c[0] > 0.5 * width and c[2] > 0.6 * page.height]
    for x0, x1, y in cands:
        w = x1 - x0
        wide_continuation = len(wide) == 1 and w <= 0.98 * width and y > 0.7 * page.height
        if not (15 <= w <= 0.5 * width or wide_continuation) or y < 0.35 * page.height or abs(x0 - left) > 0.1 * width:
            continue
        if any(t.bbox[1] - 2 <= y <= t.bbox[3] + 2 for t in tables):
            continue
        if not any(s.top > y for s in segs):
            continue
        # an underline sits just under a text baseline, over that text; a footnote rule has space above it
        if any(-1.0 <= y - s.base <= 0.25 * s.size and s.x0 - 3 <= x0 and x1 <= s.x1 + 3 for s in segs):
            continue
        if best is None or y < best:
            best = y
    return best


def split_footnote_zone(
    segs: list[Seg], page: Any, rule_y: Optional[float], page_size: float
) -> tuple[list[Seg], list[Seg]]:
    """Split a page's segments into (body, footnote block)."""
    if rule_y is not None:
        below = [s for s in segs if s.top > rule_y]
        if below:
            first = min(below, key=lambda s: (s.top, s.x0))
            above = [g for s in segs if s.top <= rule_y for g in s.glyphs]
            body_size = dominant_size(above) if above else page_size
            small = sum(s.size for s in below) / len(below) < body_size - 0.4
            if small or first.lead_note is not None:
                return [s for s in segs if s.top <= rule_y], below
    # No rule: trailing small-font lines at the page foot that open with a number.
    ordered = sorted(segs, key=lambda s: (s.top, s.x0))
    k = len(ordered)
    while k > 0 and ordered[k - 1].size <= page_size - 1.0 and ordered[k - 1].top > 0.5 * page.height:
        k -= 1
    block = ordered[k:]
    if block and k > 0:
        first = block[0]
        if first.lead_note is not None or _FOOTNOTE_START_RE.match(first.text):
            return ordered[:k], block
    return segs, []


def parse_footnotes(block: list[Seg], page_no: int, last: Optional[Footnote], refs: set[int]) -> list[Footnote]:
    """Footnotes of one page's block; text before the first number continues ``last``."""
    notes: list[Footnote] = []
    cur = last
    expected = (last.number + 1) if last else 1
    for s in sorted(block, key=lambda s: (s.top, s.x0)):
        num = None
        text = s.text
        if s.lead_note is not None:
            num, text = s.lead_note, s.lead_text
        else:
            m = _FOOTNOTE_START_RE.match(s.text)
            if m:
                n = int(m.group(1))
                if n == expected or n in refs or (cur is None and not notes):
                    num, text = n, m.group(2)
        if num is not None:
            cur = Footnote(number=num, text=text, page=page_no)
            notes.append(cur)
            expected = num + 1
        elif cur is not None:
            cur.text = (cur.text + " " + text).strip() if cur.text else text
        else:
            cur = Footnote(number=expected, text=text, page=page_no)
            notes.append(cur)
            expected += 1
    return notes
