"""A PDF page's characters as glyphs, grouped into line segments with their text and style.

pdfplumber's characters become compact glyph lists; glyphs sharing a baseline are one visual line
(``layout.lines.group_lines``, with a raised small row folded in as superscripts), cut at wide gaps
into segments (a report header's two side-by-side columns stay apart). A segment's text is decoded
per font run (legacy TCVN3/VNI fonts), with superscript digits as ``[^n]`` footnote references.

Words: a space glyph is a word break; so is an empty gap, when it is wide against the font's own
space and the line's own letter spacing (``word_gap``). Older writers place glyphs one by one and
leave word gaps empty, condense or letter-space a line (``Tc``), and re-position the text at each
legacy-font letter; a fixed gap in em splits their words or glues them. Accents drawn as their own
glyphs over a letter (combining marks, zero-width legacy marks) belong to that letter (``_attach_marks``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from operator import itemgetter
from statistics import median
from typing import Iterable, Optional

from extractor import grammar
from extractor.layout.lines import group_lines
from extractor.vntext.encoding import to_unicode

# Tunables (in em = the line's dominant font size)

SEGMENT_GAP_EM = 1.2  # an empty horizontal gap (no space glyph) wider than this splits a line into segments
SPACE_RUN_EM = 5.0  # ...and so does a run of space glyphs wider than this (columns made with spaces)
COLUMN_BLANK_EM = 2.5  # ...and blank space this wide between words that includes an empty gap over 0.5 em
WORD_GAP_EM = 0.2  # an empty gap wider than this between glyphs is a word space (table cells' word extents)
SPACE_SHARE = 0.6  # an empty gap is a word break when it is this share of a spaced space above the line's spacing
WORD_GAP_MIN_EM = 0.1  # ...but never less than this much above it (a font with a tiny space width)
WORD_GAP_MAX_EM = 0.3  # ...nor more (a font stating a huge one: monospace, a CID font's default width)
SPACE_EM_GUESS = 0.25  # a font's space when neither the font nor the line tell it (a Times-like text face)
MARK_WIDTH_EM = 0.05  # a glyph narrower than this laid over the letter before it is that letter's accent
BASELINE_TOL_EM = 0.22  # glyphs whose baselines differ by less than this share a line
SUP_SIZE_RATIO = 0.85  # a superscript glyph is at most this fraction of the line's size...
SUP_RAISE_EM = 0.12  # ...and its baseline is raised by at least this much


_CID_RE = re.compile(r"^\(cid:\d+\)$")
_SQUARE_UNIT_RE = grammar.POWER_UNIT_BASE


_FONT_STYLE_CACHE: dict[str, tuple[bool, bool]] = {}


def font_style(fontname: str) -> tuple[bool, bool]:
    """(bold, italic) read from a font name such as 'ABCDEF+TimesNewRomanPS-BoldItalicMT' or 'Arial,Bold'."""
    got = _FONT_STYLE_CACHE.get(fontname)
    if got is not None:
        return got
    name = fontname.split("+", 1)[-1]
    low = name.lower()
    bold = bool(
        re.search(r"bold|black|heavy|semibold|demi", low)
        or re.search(r"[-,](?:b|bd|bi|z)$", low)
        or re.search(r"(?:[-,]|mt)bd", low)
    )
    italic = bool(
        re.search(r"italic|oblique|kursiv", low)
        or re.search(r"[-,](?:i|it|bi|z)$", low)
        or re.search(r"[-,]\w*it$", low) and not low.endswith("light")
    )
    _FONT_STYLE_CACHE[fontname] = (bold, italic)
    return bold, italic


# A glyph as a plain list (faster than dicts in the hot loops):
# [x0, x1, top, bottom, baseline, size, text, fontname, is_space, sup, space width (pt, 0: unknown)]
X0, X1, TOP, BOTTOM, BASE, SIZE, TEXT, FONT, SPACE, SUP, SPW = range(11)


def read_glyphs(chars: Iterable[dict], space_em: Optional[dict[str, float]] = None) -> tuple[list[list], list[list]]:
    """Upright glyphs and rotated glyphs, each as a compact list. ``space_em``: each font's space
    advance in em (``pdf_chars.space_widths``), what a glyph's word gaps are measured against."""
    upright: list[list] = []
    rotated: list[list] = []
    space_em = space_em or {}
    for c in chars:
        t = c["text"]
        if not t:
            continue
        if _CID_RE.match(t) if len(t) > 1 else False:
            continue
        m = c["matrix"]
        size = c["size"] or (c["bottom"] - c["top"]) or 1.0
        g = [
            c["x0"],
            c["x1"],
            c["top"],
            c["bottom"],
            c["bottom"] + c["y0"] - m[5],
            size,
            t,
            c["fontname"],
            t.isspace(),
            False,
            space_em.get(c["fontname"], 0.0) * size,
        ]
        if c["upright"]:
            upright.append(g)
        else:
            rotated.append(g)
    return upright, rotated


class Seg:
    """One line segment under construction (a visual line within a cell, or a body segment)."""

    __slots__ = ("glyphs", "x0", "x1", "top", "bottom", "base", "size", "text", "bold", "italic", "lead_note",
                 "lead_text")

    def __init__(self, glyphs: list[list], base: float, size: float) -> None:
        self.glyphs = glyphs
        self.base = base
        self.size = size
        ink = [g for g in glyphs if not g[SPACE]] or glyphs
        self.x0 = min(g[X0] for g in ink)
        self.x1 = max(g[X1] for g in ink)
        self.top = min(g[TOP] for g in ink)
        self.bottom = max(g[BOTTOM] for g in ink)
        self.text = ""
        self.bold = False
        self.italic = False
        self.lead_note: Optional[int] = None  # a superscript number opening the segment
        self.lead_text = ""  # the text without that number


def dominant_size(glyphs: list[list]) -> float:
    cnt: dict[float, int] = {}
    for g in glyphs:
        if not g[SPACE]:
            k = round(g[SIZE] * 2) / 2
            cnt[k] = cnt.get(k, 0) + 1
    if not cnt:
        return glyphs[0][SIZE]
    return max(cnt, key=cnt.__getitem__)  # the first of the most common, as Counter.most_common gives


def _on_baseline(g: list, row: list[list]) -> bool:
    """A glyph shares the row's baseline: within a tolerance of the last glyph's (sorted by baseline)."""
    return g[BASE] - row[-1][BASE] <= BASELINE_TOL_EM * g[SIZE]


def _baseline_rows(glyphs: list[list]) -> list[list[list]]:
    """Group glyphs into rows sharing a baseline, then fold raised small rows (superscripts) into the row below."""
    rows = group_lines(glyphs, itemgetter(BASE), _on_baseline)
    if len(rows) <= 1:
        return rows
    # Superscripts: a short row of small glyphs just above a row of larger ones.
    info: list[Optional[tuple]] = []
    for r in rows:
        ink = [g for g in r if not g[SPACE]]
        if not ink:
            info.append(None)
            continue
        info.append((max(g[SIZE] for g in ink), min(g[X0] for g in ink), max(g[X1] for g in ink), len(ink),
                     r[-1][BASE]))
    merged: list[Optional[list[list]]] = list(rows)
    for i in range(len(rows) - 1):
        a = info[i]
        if a is None or a[3] > 8:
            continue
        for j in range(i + 1, min(i + 4, len(rows))):
            b = info[j]
            if b is None or merged[j] is None:
                continue
            bsize = dominant_size(rows[j])
            rise = b[4] - a[4]
            if rise > 0.75 * bsize:
                break
            if (a[0] <= SUP_SIZE_RATIO * bsize and rise >= SUP_RAISE_EM * bsize and b[1] - 2 * bsize <= a[1]
                    and a[2] <= b[2] + bsize):
                merged[j] = merged[j] + merged[i]  # type: ignore[operator]
                merged[i] = None
                break
    return [r for r in merged if r]


def _split_row(row: list[list], split: bool) -> list[Seg]:
    """Sort a baseline row left to right and cut it at wide gaps into segments."""
    row.sort(key=lambda g: g[X0])
    size = dominant_size(row)
    base = Counter(round(g[BASE], 1) for g in row if not g[SPACE] and g[SIZE] >= SUP_SIZE_RATIO * size).most_common(1)
    base_y = base[0][0] if base else row[0][BASE]
    sup_size = SUP_SIZE_RATIO * size
    sup_rise = SUP_RAISE_EM * size
    for g in row:
        g[SUP] = (not g[SPACE]) and g[SIZE] <= sup_size and base_y - g[BASE] >= sup_rise
    if not split:
        return [Seg(row, base_y, size)]
    segs: list[Seg] = []
    start = 0
    last_x1: Optional[float] = None  # right edge of the last glyph, spaces included
    last_ink_x1: Optional[float] = None  # right edge of the last visible glyph
    widest = 0.0  # widest empty gap (not covered by space glyphs) since the last visible glyph
    gap_em = SEGMENT_GAP_EM * size
    run_em = SPACE_RUN_EM * size
    for i, g in enumerate(row):
        if last_x1 is not None and g[X0] - last_x1 > widest:
            widest = g[X0] - last_x1
        if g[SPACE]:
            last_x1 = g[X1] if last_x1 is None else max(last_x1, g[X1])
            continue
        blank = g[X0] - last_ink_x1 if last_ink_x1 is not None else 0.0
        if last_ink_x1 is not None and (
            widest > gap_em or blank > run_em or (blank > COLUMN_BLANK_EM * size and widest > 0.5 * size)
        ):
            segs.append(Seg(row[start:i], base_y, size))
            start = i
        last_x1 = g[X1] if last_x1 is None else max(last_x1, g[X1])
        last_ink_x1 = g[X1]
        widest = 0.0
    segs.append(Seg(row[start:], base_y, size))
    out = []
    for s in segs:
        if any(not g[SPACE] for g in s.glyphs):
            s.size = dominant_size(s.glyphs)
            out.append(s)
    return out


def _is_combining(g: list) -> bool:
    t = g[TEXT]
    return len(t) == 1 and t >= "\u0300" and unicodedata.combining(t) > 0


def _last_letter(out: list[list], marks: set[int]) -> Optional[list]:
    """The last glyph of ``out`` that is neither a mark nor behind a space (a mark's letter)."""
    for b in reversed(out):
        if b[SPACE]:
            return None
        if id(b) not in marks:
            return b
    return None


def _attach_marks(glyphs: list[list]) -> tuple[list[list], set[int]]:
    """The glyphs in reading order with each accent drawn as its own glyph right after its letter, and
    the ids of those accents. An accent is a combining mark, or a legacy font's zero-width glyph laid
    over the letter before it (a VNI tone). A combining mark belongs to the letter whose box holds its
    middle (the one before it when both do, the nearer when neither does: a zero-width mark drawn at
    the pen sits at its letter's right edge); sorted by left edge, a mark starting left of its letter
    comes first, and is moved behind it."""
    marks: set[int] = set()
    out: list[list] = []
    pending: list[list] = []  # combining marks waiting for the letter they sit on
    for i, g in enumerate(glyphs):
        if g[SPACE]:
            out.extend(pending)
            pending = []
            out.append(g)
            continue
        if _is_combining(g):
            marks.add(id(g))
            mid = (g[X0] + g[X1]) / 2
            base = _last_letter(out, marks)
            nxt = next((h for h in glyphs[i + 1:] if h[SPACE] or not _is_combining(h)), None)
            if nxt is not None and nxt[SPACE]:
                nxt = None
            if base is None or (nxt is not None and mid > base[X1] and mid - base[X1] > nxt[X0] - mid):
                pending.append(g)
            else:
                out.append(g)
            continue
        if out and g[X1] - g[X0] < MARK_WIDTH_EM * g[SIZE]:
            base = _last_letter(out, marks)
            if base is not None and base[X0] <= g[X0] <= base[X1] + MARK_WIDTH_EM * g[SIZE]:
                marks.add(id(g))
                out.append(g)
                continue
        out.append(g)
        if pending:
            out.extend(pending)
            pending = []
    out.extend(pending)
    return out, marks


def word_gap(glyphs: list[list], marks: set[int], size: float) -> tuple[float, float]:
    """(the line's letter spacing, the space width) in points, for a segment's glyphs in reading order.

    An empty gap between two letters is a word break when it exceeds the letter spacing by a share
    (``SPACE_SHARE``) of the space, itself spaced: the letter spacing is the lower quartile of the empty
    gaps between letters (most gaps lie inside words, at least half of them even in a line of one-figure
    words; it carries a line's condensed or expanded character spacing
    ``Tc``, which moves every gap alike and widens a space too, so that a word gap is the letter spacing
    plus the space plus the letter spacing again), the space is the font's own (``SPW``), else read
    from the line's gaps (the narrowest beyond the first clear jump), else a Times-like guess. A line
    without space glyphs may be all word gaps (figures in a row, one-letter words): a quartile gap over
    half a space there is taken for words, not for letter spacing (as wide a letter spacing, unusual,
    reads as one word per letter).
    """
    gaps: list[float] = []
    spw: list[float] = []
    explicit = False
    prev: Optional[list] = None
    for g in glyphs:
        if g[SPACE]:
            explicit = explicit or prev is not None
            prev = None
            continue
        if id(g) in marks or g[SUP]:
            continue
        if g[SPW]:
            spw.append(g[SPW])
        if prev is not None:
            gap = g[X0] - prev[X1]
            if gap > -0.3 * size and not (g[TEXT] == prev[TEXT] and abs(g[X0] - prev[X0]) < 0.15 * size):
                gaps.append(gap)
        prev = g
    level = sorted(gaps)[len(gaps) // 4] if len(gaps) >= 3 else 0.0
    level = max(level, -0.2 * size)
    space = median(spw) if spw else _space_from_gaps(gaps, level, size)
    if not explicit and level > 0.5 * space:
        level = 0.0  # gaps this wide in a line without space glyphs are its word gaps (figures in a row)
    return level, space


def _space_from_gaps(gaps: list[float], level: float, size: float) -> float:
    """A space width read from a line's own gaps: word gaps stand apart from letter gaps, above the
    first jump (at least 0.08 em) in the sorted gaps over the letter spacing; the narrowest of them
    is a plain space (a justified line widens the others) between two letter spacings."""
    lo = level
    for x in sorted(x for x in gaps if x > level):
        if x - lo >= 0.08 * size:
            return min(max(x - 2 * level, 0.15 * size), 0.6 * size)
        lo = x
    return SPACE_EM_GUESS * size


def _render(seg: Seg) -> None:
    """Fill seg.text (decoded per font run, footnote refs as [^n]), bold/italic and the lead note."""
    runs: list[list] = []  # [font or None, [str, ...]]

    def put(font: Optional[str], s: str) -> None:
        if runs and runs[-1][0] == font:
            runs[-1][1].append(s)
        else:
            runs.append([font, [s]])

    prev_x1: Optional[float] = None
    prev: Optional[list] = None
    need_space = False
    n_ink = n_bold = n_italic = 0
    glyphs, marks = _attach_marks(seg.glyphs)
    i = 0
    n = len(glyphs)
    level, space = word_gap(glyphs, marks, seg.size)
    # a word gap is the space's advance with the line's letter spacing on both sides of it
    gap_over = level + min(max(SPACE_SHARE * (space + level), WORD_GAP_MIN_EM * seg.size), WORD_GAP_MAX_EM * seg.size)
    lead_runs_at: Optional[int] = None
    while i < n:
        g = glyphs[i]
        if marks and id(g) in marks and prev is not None:  # an accent: part of the letter before it
            put(prev[FONT], g[TEXT])
            i += 1
            continue
        if g[SPACE]:
            need_space = prev is not None
            if prev_x1 is None or g[X1] > prev_x1:
                prev_x1 = g[X1]
            i += 1
            continue
        if g[SUP]:
            j = i
            while j < n and glyphs[j][SUP]:
                j += 1
            sup_text = "".join(x[TEXT] for x in glyphs[i:j])
            if sup_text.isdigit() and len(sup_text) <= 3:
                if prev is not None and sup_text in ("2", "3") and _SQUARE_UNIT_RE.search(_tail_text(runs)):
                    put(prev[FONT], "²" if sup_text == "2" else "³")  # m2, km2: a unit, not a note
                else:
                    if prev is None:
                        seg.lead_note = int(sup_text)
                        lead_runs_at = len(runs) + 1
                    # a ref after a space still attaches to the word before it: no space is put
                    put(None, f"[^{int(sup_text)}]")
                prev = glyphs[j - 1]
                prev_x1 = prev[X1]
                need_space = False
                i = j
                continue
        if prev is not None and (need_space or (prev_x1 is not None and g[X0] - prev_x1 > gap_over)):
            put(g[FONT] if runs and runs[-1][0] is None else runs[-1][0] if runs else g[FONT], " ")
        # duplicated glyph drawn twice for fake bold: same text, nearly same place
        if prev is not None and g[TEXT] == prev[TEXT] and abs(g[X0] - prev[X0]) < 0.15 * g[SIZE] and not need_space:
            n_bold += 1
            prev_x1 = max(prev_x1 or g[X1], g[X1])
            i += 1
            continue
        put(g[FONT], g[TEXT])
        n_ink += 1
        b, it = font_style(g[FONT])
        n_bold += b
        n_italic += it
        prev = g
        prev_x1 = g[X1] if prev_x1 is None else max(prev_x1, g[X1])
        need_space = False
        i += 1
    parts = [(_decode("".join(s), f) if f else "".join(s)) for f, s in runs]
    seg.text = _squash("".join(parts))
    if seg.lead_note is not None and lead_runs_at is not None:
        seg.lead_text = _squash("".join(parts[lead_runs_at:]))
    seg.bold = n_ink > 0 and n_bold >= 0.8 * n_ink
    seg.italic = n_ink > 0 and n_italic >= 0.8 * n_ink


_DECODED: dict[tuple[str, str], str] = {}


def _decode(text: str, font: str) -> str:
    """``to_unicode`` remembered per (text, font): table cells repeat the same short runs page after page."""
    key = (text, font)
    got = _DECODED.get(key)
    if got is None:
        if len(_DECODED) > 100_000:
            _DECODED.clear()
        got = _DECODED[key] = to_unicode(text, font=font)
    return got


def _tail_text(runs: list[list]) -> str:
    tail = ""
    for _f, s in reversed(runs):
        tail = "".join(s) + tail
        if len(tail) > 6:
            break
    return tail[-6:]


_WS_RE = re.compile(r"\s+")


def _squash(s: str) -> str:
    return _WS_RE.sub(" ", s).strip()


def build_segments(glyphs: list[list], split: bool = True) -> list[Seg]:
    segs: list[Seg] = []
    for row in _baseline_rows(glyphs):
        for s in _split_row(row, split):
            _render(s)
            if s.text:
                segs.append(s)
    return segs


def rotated_segments(glyphs: list[list]) -> list[Seg]:
    """Rotated text (vertical table headers, margin notes): one segment per column of glyphs, read bottom-up."""
    if not glyphs:
        return []
    glyphs.sort(key=lambda g: (round(g[X0] / 3), -g[BOTTOM]))
    cols: dict[int, list[list]] = {}
    for g in glyphs:
        cols.setdefault(round(g[X0] / 3), []).append(g)
    out = []
    for col in cols.values():
        s = Seg(col, col[0][BASE], dominant_size(col))
        text = "".join(g[TEXT] for g in col)
        s.text = _squash(to_unicode(text, font=col[0][FONT]))
        b = sum(font_style(g[FONT])[0] for g in col)
        s.bold = b >= 0.8 * len(col)
        if s.text:
            out.append(s)
    return out


#: a bold/italic opening of at least this many letters is a run-in title (not a bold word)
LEAD_EMPH_MIN_LETTERS = 8


def lead_emph(seg: Seg) -> bool:
    """The segment opens with a bold or italic run-in title and goes on in plain type ("5. Về tổng
    hợp ...: Tổng số ..."): heading typography for the number before it, which may be in any type."""
    if seg.bold or seg.italic:
        return False
    lead, letters = 0, False
    for g in seg.glyphs:
        if g[SPACE] or g[SUP] or not g[TEXT].strip():
            continue
        if not letters and not g[TEXT].isalpha():
            continue
        letters = True
        b, it = font_style(g[FONT])
        if not (b or it):
            break
        lead += 1
    return lead >= LEAD_EMPH_MIN_LETTERS
