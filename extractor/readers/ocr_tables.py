"""Ruled tables in a page image: ruling lines -> merged cell grid -> cells filled from the page's OCR words.

Ruling lines are found with morphology (an opening with a long horizontal / vertical kernel keeps
only long straight runs of ink, which letters never make). Line segments are clustered into the
grid's row and column boundaries; where a boundary is missing between two neighbouring grid
cells, the two are one merged cell. Words from the single whole-page OCR run are assigned to cells
by their centres; cells that hold ink but got no (or poor) words, and cells of number columns whose
read is not a clean number, are read again from their crops. Those crops are stacked into one strip
image so a page costs at most two extra Tesseract runs, not one per cell.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from operator import itemgetter
from typing import Optional

import cv2
import numpy as np

from extractor import grammar
from extractor.errors import InputError
from extractor.layout.grid import Grid, RuledGrid, clusters
from extractor.layout.lines import overlapping_lines, split_at_gaps, tesseract_lines
from extractor.layout.rows import RowLine, cut_tall_rows
from extractor.layout.unruled import Phrase, find_unruled_tables
from extractor.model import Cell, Table
from extractor.readers.ink import em_and_bold, mask_boxes
from extractor.readers.ocr_text import fix_vietnamese, normalise_ocr_text
from extractor.readers.tesseract import OcrWord, run_tesseract

PT = 72.0
CARRY_MARGIN_PT = 8.0  # outer edges of columns carried to the next scanned page widen by this much
_LONE_NUMBER = grammar.PAGE_NUMBER  # a page number
Carry = tuple[list[float], list[Optional[str]]]  # column boundaries (points) and header roles

_NUMBER = grammar.NUMBER_CELL
_CODE_STRICT = grammar.STT_CODE_EVIDENCE  # tells an STT column
_CODE = grammar.STT_CODE_OPENING  # any STT cell
DIGITS_WHITELIST = "0123456789.,%-"
CODE_WHITELIST = "0123456789.IVXL"
MAX_SINGLE_READS = 6  # per table: cells read one by one when the strip read found nothing


def _masks(ink: np.ndarray, dpi: int) -> tuple[np.ndarray, np.ndarray]:
    hk = max(20, int(dpi * 0.3))
    vk = max(15, int(dpi * 0.2))
    # a thin rule turned twice (skewed in the scanner, deskewed here) is a staircase of short runs:
    # thickened across its length first, its steps join into one long run
    h = cv2.dilate(ink, np.ones((3, 1), np.uint8))
    v = cv2.dilate(ink, np.ones((1, 3), np.uint8))
    h = cv2.morphologyEx(h, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (hk, 1)))
    v = cv2.morphologyEx(v, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, vk)))
    # bridge small breaks that noise or JPEG left in a ruling line
    gap = max(3, dpi // 50)
    h = cv2.morphologyEx(h, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    v = cv2.morphologyEx(v, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, gap)))
    return h, v


def _segments(mask: np.ndarray, horizontal: bool, min_len: int) -> list[tuple[float, int, int]]:
    """(position across, start along, end along) of each straight line component."""
    out = []
    for x, y, w, h in mask_boxes(mask):
        if horizontal and w >= min_len:
            out.append((y + h / 2, int(x), int(x + w)))
        elif not horizontal and h >= min_len:
            out.append((x + w / 2, int(y), int(y + h)))
    return out


def _cluster(segs: list[tuple[float, int, int]], tol: float) -> list[tuple[float, list[tuple[int, int]]]]:
    """Rule segments (position across, start, end) closer than ``tol`` across: one rule, at their mean."""
    return [(float(np.mean([p for p, _a, _b in c])), [(a, b) for _p, a, b in c])
            for c in clusters(sorted(segs), tol, itemgetter(0))]


def _find_grids(hmask: np.ndarray, vmask: np.ndarray, dpi: int) -> list[RuledGrid]:
    grid = cv2.bitwise_or(hmask, vmask)
    grid = cv2.dilate(grid, np.ones((3, 3), np.uint8))
    tol = max(4.0, dpi * 0.035)
    min_row = dpi * 0.08
    out: list[RuledGrid] = []
    for x, y, w, h in mask_boxes(grid):
        if w < dpi * 1.0 or h < dpi * 0.25:
            continue
        hs = _segments(hmask[y:y + h, x:x + w], True, int(dpi * 0.3))
        vs = _segments(vmask[y:y + h, x:x + w], False, int(dpi * 0.12))
        hs = [(p + y, a + x, b + x) for p, a, b in hs]
        vs = [(p + x, a + y, b + y) for p, a, b in vs]
        hc = _cluster(hs, tol)
        vc = _cluster(vs, tol)
        if len(vc) < 2 or not hc:
            continue
        ys = [p for p, _ in hc]
        yiv: list[Optional[list]] = [iv for _, iv in hc]
        xs = [p for p, _ in vc]
        xiv: list[Optional[list]] = [iv for _, iv in vc]
        # a table cut by the page edge has no closing rule: the vertical lines say where it ends
        vtop = float(np.median([min(a for a, _ in iv) for _, iv in vc]))
        vbot = float(np.median([max(b for _, b in iv) for _, iv in vc]))
        if vbot - ys[-1] > min_row:
            ys.append(vbot)
            yiv.append(None)
        if ys[0] - vtop > min_row:
            ys.insert(0, vtop)
            yiv.insert(0, None)
        if len(ys) < 2:
            continue
        # drop boundaries too close to the previous one (double rules)
        keep = [0]
        for k in range(1, len(ys)):
            if ys[k] - ys[keep[-1]] >= min_row:
                keep.append(k)
        ys = [ys[k] for k in keep]
        yiv = [yiv[k] for k in keep]
        keep = [0]
        for k in range(1, len(xs)):
            if xs[k] - xs[keep[-1]] >= dpi * 0.08:
                keep.append(k)
        xs = [xs[k] for k in keep]
        xiv = [xiv[k] for k in keep]
        if len(ys) < 3 or len(xs) < 3:
            continue  # a framed box (stamp, boxed note) is not a table: its words stay body lines
        if xs[-1] - xs[0] < dpi * 2.2 and len(ys) < 4:
            continue  # a small ruled stamp ("ĐẾN / Số / Ngày" of a received-mail stamp)
        # the outer frame counts as drawn (only inner separators decide spans)
        yiv[0] = yiv[-1] = None
        xiv[0] = xiv[-1] = None
        out.append(RuledGrid(ys, yiv, xs, xiv))
    return out


def _split_tall_rows(xs: list, ys: list, cells: list, words: list) -> tuple[list, list, list]:
    """A table ruled by columns only holds its whole body in one grid row: that row is cut where its
    lines open rows (``layout.rows``, as for the PDF reader)."""
    inside = [w for w in words if xs[0] <= w.cx <= xs[-1] and ys[0] <= w.cy <= ys[-1]]

    def row_lines(r: int) -> list[RowLine]:
        band = [w for w in inside if ys[r] <= w.cy <= ys[r + 1]]
        code = [w for w in band if w.cx < xs[1]]
        # cheap test first: cutting needs two lines in the STT cell (most rows hold one)
        if len(band) < 4 or not code or max(w.y0 for w in code) - min(w.y0 for w in code) < max(w.h for w in code):
            return []
        return [(min(w.y0 for w in ln), max(w.y1 for w in ln), [(w.x0, w.x1, w.text) for w in ln])
                for ln in tesseract_lines(band)]

    new_ys, new_cells = cut_tall_rows(xs, ys, cells, row_lines)
    return xs, new_ys, new_cells


_RULE_CHARS = "|[]{}!¦"


def _clean_cell_word(w):
    """A word with ruling-line debris removed ('|' read from a cell border), or None if only debris."""
    t = w.text.strip(_RULE_CHARS)
    if not t:
        return None
    if len(t) <= 2 and w.conf < 35 and not any(ch.isalnum() for ch in t):
        return None
    if (len(t) == 1 and w.conf < 20) or w.conf < 10:  # below 10 Tesseract is reading noise
        return None
    return replace(w, text=t) if t != w.text else w


def _lines_of(words: list) -> list[str]:
    """Visual lines of a cell's words, each as its text."""
    return [" ".join(w.text for w in ln) for ln in overlapping_lines(words)]


def _better_second(first: str, conf1: float, second: str, conf2: float, valid) -> bool:
    """Whether a second read of a number/code cell should replace the first.

    Separators are faint and get lost, rarely invented: with the same digits the read that sees
    more separators wins; a read with fewer digits never replaces a valid one (a lost digit);
    otherwise the clearly more confident read wins.
    """
    if not first or not valid(first):
        return True
    d1 = re.sub(r"\D", "", first)
    d2 = re.sub(r"\D", "", second)
    if d1 == d2:
        return len(second) > len(first)
    if len(d2) < len(d1):
        return False
    return conf2 > conf1 + 5


def _has_glyph(sub: np.ndarray, dpi: int) -> bool:
    """Some ink shape in the cell is as tall as a small character (noise specks are not)."""
    n, _, stats, _ = cv2.connectedComponentsWithStats((sub > 0).astype(np.uint8), connectivity=8)
    return any(stats[i][3] >= dpi * 0.045 for i in range(1, n))


def _clean_number(text: str) -> bool:
    return bool(_NUMBER.match(text.replace(" ", "")))


def _prep_crop(crop: np.ndarray, dpi: int, scale: Optional[float] = None, binarise: bool = True) -> np.ndarray:
    """Cell crop for a second read: enlarged to ~400 dpi and binarised here.

    Measured on noisy 200 dpi JPEG scans: Tesseract's own binarisation of a small gray crop
    reads codes such as '7.3.1' as '20:1' or 'V2'; a 2x cubic enlargement plus a light blur
    and Otsu threshold reads them right.
    """
    f = _crop_scale(dpi) if scale is None else scale
    if f != 1.0:
        crop = cv2.resize(crop, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC)
    if binarise:
        crop = cv2.GaussianBlur(crop, (3, 3), 0)
        _, crop = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return crop


def _crop_scale(dpi: int) -> float:
    return 2.0 if dpi < 300 else 1.5 if dpi < 400 else 1.0


def single_read(crop: np.ndarray, dpi: int, whitelist: str, valid=None) -> tuple[str, float]:
    """Read one small crop on its own (Tesseract's page layout drops lone digits).

    No one preparation reads every crop (a blurred upsampled '44' is lost at 1.5x but read at
    2x; '1.1' needs one line mode, '44' the block mode), so up to three are tried, stopping at
    the first valid read that Tesseract is sure of.
    """
    s = _crop_scale(dpi)
    variants = [(s, True, 7), (2.0 if s != 2.0 else 1.0, True, 6), (1.0, False, 6)]
    best = ("", 0.0)
    empty = 0
    for scale, binarise, psm in variants:
        pad = max(10, int(dpi * scale) // 10)
        img = cv2.copyMakeBorder(_prep_crop(crop, dpi, scale, binarise), pad, pad, pad, pad,
                                 cv2.BORDER_CONSTANT, value=255)
        ws = run_tesseract(img, psm=psm, config=[f"tessedit_char_whitelist={whitelist}"], dpi=int(dpi * scale))
        ws = [c for c in (_clean_cell_word(w) for w in ws) if c is not None]
        if not ws:
            empty += 1
            if empty >= 2:
                break  # two preparations saw nothing: there is nothing to read
            continue
        t = "".join(w.text for w in ws)
        cf = sum(w.conf for w in ws) / len(ws)
        if valid is not None and not valid(t):
            continue
        if cf > best[1]:
            best = (t, cf)
        if cf >= 80:
            break
    return best


def _crops_at(crops: list[Optional[np.ndarray]], idx: list[int]) -> list[np.ndarray]:
    """The crops of the cells ``idx``, all chosen among the cells that have one."""
    return [c for c in (crops[i] for i in idx) if c is not None]


#: the tallest strip of stacked cell crops given to Tesseract in one read (its image limit is 32767)
MAX_STRIP_PX = 30000


def _strip_read(gray: np.ndarray, crops: list[np.ndarray], dpi: int, digits: bool | str
                ) -> list[tuple[list[str], float]]:
    """Read several cell crops with one Tesseract run: stack them with white gaps, map lines back."""
    if not crops:
        return []
    prepped = [_prep_crop(c, dpi) for c in crops]
    if len(prepped) > 1 and sum(c.shape[0] for c in prepped) > MAX_STRIP_PX:
        half = len(crops) // 2  # Tesseract will not take an image this tall: two strips
        return _strip_read(gray, crops[:half], dpi, digits) + _strip_read(gray, crops[half:], dpi, digits)
    crops = prepped
    rdpi = int(dpi * _crop_scale(dpi))
    pad = max(10, rdpi // 10)
    width = max(c.shape[1] for c in crops) + 2 * pad
    bands = []
    spans = []
    y = pad
    for c in crops:
        band = np.full((c.shape[0] + pad, width), 255, np.uint8)
        band[pad // 2:pad // 2 + c.shape[0], pad:pad + c.shape[1]] = c
        spans.append((y, y + band.shape[0]))
        bands.append(band)
        y += band.shape[0]
    strip = np.vstack([np.full((pad, width), 255, np.uint8)] + bands + [np.full((pad, width), 255, np.uint8)])
    wl = digits if isinstance(digits, str) else DIGITS_WHITELIST
    cfg = [f"tessedit_char_whitelist={wl}"] if digits else []
    try:
        words = run_tesseract(strip, psm=6, config=cfg, dpi=rdpi)
    except InputError:
        words = []  # a second read that fails leaves the page's own read of these cells
    results: list[list[OcrWord]] = [[] for _ in crops]
    for w in words:
        for i, (a, b) in enumerate(spans):
            if a <= w.cy < b:
                results[i].append(w)
                break
    out: list[tuple[list[str], float]] = []
    for ws in results:
        ws = [c for c in (_clean_cell_word(w) for w in ws) if c is not None]
        if not ws:
            out.append(([], 0.0))
            continue
        out.append((_lines_of(ws), sum(w.conf for w in ws) / len(ws)))
    return out


def _column_kinds(cells_rc, texts: list[str], nc: int) -> tuple[set, set]:
    """(number columns, code columns) judged from the cells' current texts."""
    numeric_cols: set[int] = set()
    code_cols: set[int] = set()
    for c in range(nc):
        vals = [texts[i] for i, (r, cc, rs, cs) in enumerate(cells_rc) if cc == c and cs == 1 and texts[i]]
        nums = [v for v in vals if _clean_number(v)]
        codes = [v for v in vals if _CODE_STRICT.match(v)]
        if len(codes) >= 3 and len(codes) >= 0.4 * len(vals):
            code_cols.add(c)  # STT: 1.1.2, IV, a) ... read again as codes, never as values
        elif len(nums) >= 3 and len(nums) >= 0.5 * len(vals):
            numeric_cols.add(c)
    return numeric_cols, code_cols


def extract_tables(gray: np.ndarray, ink: np.ndarray, words: list, dpi: int, page_number: int,
                   carry: Optional[Carry] = None):
    """Tables of one page image.

    ``carry``: the columns (in points) of a table without vertical rules that the previous page
    ended in; rows at the top of this page that fit them continue it without a repeated header.
    Returns (tables, table boxes in px, horizontal ruling mask, indices of words used by tables,
    the columns in points of a table without vertical rules that runs off this page's foot).
    """
    # rules are often one pixel thick in a 200 dpi scan: a median filter would erase them, so the
    # line mask is thresholded from the raw image
    _, raw_ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    hmask, vmask = _masks(raw_ink, dpi)
    grids = _find_grids(hmask, vmask, dpi)
    s = PT / dpi
    tables: list[Table] = []
    boxes_px: list[tuple[float, float, float, float]] = []
    used: set[int] = set()
    specs = [_split_tall_rows(list(g.xs), list(g.ys), g.merged_cells(), words) for g in grids]
    unruled, open_cols = _unruled_grids(words, ink, hmask, dpi, [(xs[0], ys[0], xs[-1], ys[-1]) for xs, ys, _ in specs],
                                        carry)
    specs += unruled
    if not specs:
        return tables, boxes_px, hmask, used, open_cols
    rules = cv2.dilate(cv2.bitwise_or(hmask, vmask), np.ones((5, 5), np.uint8))
    text_ink = cv2.bitwise_and(ink, cv2.bitwise_not(rules))
    for gxs, gys, cells_rc in specs:
        nr, nc = len(gys) - 1, len(gxs) - 1
        grid = Grid(gxs, gys, cells_rc)
        cell_words: list[list] = [[] for _ in cells_rc]
        x0t, x1t, y0t, y1t = gxs[0], gxs[-1], gys[0], gys[-1]
        for i, w in enumerate(words):
            if i in used or not (x0t <= w.cx <= x1t and y0t <= w.cy <= y1t):
                continue
            used.add(i)
            w = _clean_cell_word(w)
            if w is None:
                continue
            at = grid.cell_at(w.cx, w.cy)
            if at is not None:
                cell_words[at].append(w)

        texts: list[str] = []
        lines: list[list[str]] = []
        confs: list[float] = []
        has_ink: list[bool] = []
        min_confs: list[float] = []
        crops: list[Optional[np.ndarray]] = []
        lost: list[bool] = []  # the page read missed a line of the cell (a bold header's first line)
        inset = max(2, dpi // 60)
        for idx, (r, c, rs, cs) in enumerate(cells_rc):
            ws = cell_words[idx]
            ls = _lines_of(ws)
            lines.append(ls)
            texts.append(" ".join(ls))
            confs.append(sum(w.conf for w in ws) / len(ws) if ws else -1.0)
            min_confs.append(min((w.conf for w in ws), default=-1.0))
            y0, y1 = int(gys[r]) + inset, int(gys[r + rs]) - inset
            x0, x1 = int(gxs[c]) + inset, int(gxs[c + cs]) - inset
            sub = text_ink[max(0, y0):max(0, y1), max(0, x0):max(0, x1)]
            ink_px = int((sub > 0).sum()) if sub.size else 0
            has_ink.append(ink_px >= max(12, (dpi / 100) ** 2 * 6) and _has_glyph(sub, dpi))
            lost.append(bool(sub.size) and has_ink[-1] and bool(ws) and _ink_outside_words(sub, ws, x0, y0, dpi))
            if sub.size and has_ink[-1]:
                crop = gray[y0:y1, x0:x1].copy()
                crop[rules[y0:y1, x0:x1] > 0] = 255
                crops.append(crop)
            else:
                crops.append(None)

        # number columns: most filled cells read as clean numbers; STT columns: hierarchical codes
        numeric_cols, code_cols = _column_kinds(cells_rc, texts, nc)
        reread = [i for i in range(len(cells_rc)) if crops[i] is not None and (lost[i] or (
                  (not texts[i] or confs[i] < 75 or min_confs[i] < 70)
                  and cells_rc[i][1] not in numeric_cols and cells_rc[i][1] not in code_cols))]
        if reread:
            for i, (ls, cf) in zip(reread, _strip_read(gray, _crops_at(crops, reread), dpi, False)):
                if os.environ.get("OCR_DEBUG"):
                    print("REREAD", i, lost[i], repr(texts[i]), confs[i], ls, cf)
                read = " ".join(ls)
                more = lost[i] and cf >= 60 and len(read) > len(texts[i]) and _keeps_words(texts[i], read)
                if ls and (cf > max(confs[i], 30) + 5 or more):
                    texts[i], confs[i], lines[i] = " ".join(ls), cf, ls
            # a column that the page read garbled may show its kind only now
            n2, c2 = _column_kinds(cells_rc, texts, nc)
            code_cols |= c2
            numeric_cols |= n2 - code_cols
        # number cells and STT cells (a faint dot makes '1.1' read as '11') are read again,
        # together in one strip with a digits (and Roman numerals) whitelist.
        # Every cell of those columns is read twice: a second read costs one small Tesseract run
        # for the whole strip, and a lost ',' (8,3 -> 83) is seen by only one of the two reads.
        # a header cell in a number column ("Kỳ báo cáo năm 2024") keeps its words
        words_cell = {i for i in range(len(cells_rc)) if lost[i] and re.search(r"[^\W\d_]{2,}", texts[i])}
        digit = [i for i in range(len(cells_rc)) if crops[i] is not None and cells_rc[i][1] in numeric_cols
                 and cells_rc[i][3] == 1 and i not in words_cell]
        coded = [i for i in range(len(cells_rc)) if crops[i] is not None and cells_rc[i][1] in code_cols
                 and cells_rc[i][3] == 1 and i not in words_cell]
        second = digit + coded
        if second:
            reads = _strip_read(gray, _crops_at(crops, second), dpi, DIGITS_WHITELIST + "IVXL")
            for i, (ls, cf) in zip(second, reads):
                t = "".join(ls).replace(" ", "")
                if not t:
                    continue
                first = texts[i]
                if i in coded:
                    if _CODE.match(t) and _better_second(first, confs[i], t, cf, _CODE.match):
                        texts[i], confs[i], lines[i] = t, max(cf, confs[i]), [t]
                elif _clean_number(t) and _better_second(first, confs[i], t, cf, _clean_number):
                    texts[i], confs[i], lines[i] = t, max(cf, confs[i]), [t]
        # what the strip read left doubtful (nothing read, not a number/code, a dotless STT code
        # among dotted ones) is read once more on its own, a few cells per table
        doubtful = []
        for i, (r, c, rs, cs) in enumerate(cells_rc):
            if crops[i] is None or cs != 1 or (c not in numeric_cols and c not in code_cols) or i in words_cell:
                continue
            valid = _CODE.match(texts[i]) if c in code_cols else _clean_number(texts[i])
            if not texts[i] or not valid or (c in code_cols and re.fullmatch(r"\d{2,}", texts[i])):
                doubtful.append(i)
        doubtful.sort(key=lambda i: (bool(texts[i]), confs[i]))
        for i in doubtful[:MAX_SINGLE_READS]:
            cell_crop = crops[i]
            if cell_crop is None:  # a doubtful cell has its crop
                continue
            code = cells_rc[i][1] in code_cols
            t, cf = single_read(cell_crop, dpi, CODE_WHITELIST if code else DIGITS_WHITELIST,
                                 _CODE.match if code else _clean_number)
            if not t or not (_CODE.match(t) if code else _clean_number(t)):
                continue
            if _better_second(texts[i], confs[i], t, cf, _CODE.match if code else _clean_number):
                texts[i], confs[i], lines[i] = t, max(cf, confs[i]), [t]

        cells: list[Cell] = []
        for idx, (r, c, rs, cs) in enumerate(cells_rc):
            if texts[idx]:
                conf = max(0.0, confs[idx]) / 100.0
            else:
                conf = 0.3 if has_ink[idx] else 1.0
            box = (gxs[c] * s, gys[r] * s, gxs[c + cs] * s, gys[r + rs] * s)
            cell_lines = [fix_vietnamese(normalise_ocr_text(x)) for x in lines[idx]]
            # a known phrase can wrap inside a cell ("đã kiếm" / "tra"): fix the joined text too
            cell_text = fix_vietnamese(normalise_ocr_text(" ".join(cell_lines)))
            cells.append(Cell(row=r, col=c, text=cell_text, row_span=rs, col_span=cs,
                              bold=_cell_bold(ink, cell_words[idx]), box=tuple(round(v, 2) for v in box),
                              confidence=round(conf, 3), lines=cell_lines))
        filled = [c.confidence for c in cells if c.text]
        tconf = float(np.mean(filled)) if filled else 1.0
        box = (x0t * s, y0t * s, x1t * s, y1t * s)
        tables.append(Table(cells=cells, n_rows=nr, n_cols=nc, page=page_number,
                            box=tuple(round(v, 2) for v in box),
                            row_tops=[round(y * s, 2) for y in gys[:-1]], confidence=round(tconf, 3),
                            source="ocr"))
        boxes_px.append((x0t, y0t, x1t, y1t))
    return tables, boxes_px, hmask, used, open_cols


def _unruled_grids(words: list, ink: np.ndarray, hmask: np.ndarray, dpi: int,
                   skip: list[tuple[float, float, float, float]],
                   carry: Optional[Carry] = None) -> tuple[list[tuple[list, list, list]], Optional[Carry]]:
    """Annex tables printed with row rules only, or none: (xs, ys, cells) grids in pixels, found by
    ``layout.unruled`` from the page's words the ruled grids left; and the columns (in points) of
    the last of them when it runs to the page's foot, as the PDF reader carries them to the next page."""
    free = [w for w in words if not any(x0 <= w.cx <= x1 and y0 <= w.cy <= y1 for x0, y0, x1, y1 in skip)
            and any(ch.isalnum() for ch in w.text)]
    if len(free) < 6:
        return [], None
    s = PT / dpi
    if carry is not None and skip and min(b[1] for b in skip) < min(w.y0 for w in free):
        carry = None  # the page opens with a ruled table of its own

    hs = sorted(w.h for w in free)
    h = float(hs[len(hs) // 2]) or 10.0
    size = h / 0.9  # a Vietnamese word box, stacked marks to baseline: about 0.9 of the type size
    phrases: list = []
    owners: list[list] = []
    for row in tesseract_lines(free):
        for ws in split_at_gaps(row, 1.0 * h):  # cells apart, words together: cut at gaps over one line height
            phrases.append(Phrase(min(w.x0 for w in ws), max(w.x1 for w in ws), min(w.y0 for w in ws),
                                  max(w.y1 for w in ws), " ".join(w.text for w in ws),
                                  [(w.x0, w.x1, w.text) for w in ws], size, key=len(phrases)))
            # bold is left unset: measured from a scan it is too unsure to end a header on
            owners.append(ws)
    # a scanned rule comes in pieces (noise, a slight bow): pieces on one line are one rule
    hrules = []
    for y, ivs in _cluster(_segments(hmask, True, max(20, int(dpi * 0.1))), max(2.0, dpi / 100)):
        ivs.sort()
        run = list(ivs[0])
        for a, b in ivs[1:]:
            if a - run[1] <= dpi * 0.4:
                run[1] = max(run[1], b)
            else:
                hrules.append((float(run[0]), float(run[1]), y))
                run = [a, b]
        hrules.append((float(run[0]), float(run[1]), y))
    out = []
    pad = max(2, dpi // 75)

    def has_ink(x0: float, top: float, x1: float, bottom: float) -> bool:
        sub = ink[int(top) + pad:int(bottom) - pad, int(x0) + pad:int(x1) - pad]
        return sub.size > 0 and int((sub > 0).sum()) >= (dpi / 100) ** 2 * 6 and _has_glyph(sub, dpi)

    carry_px = None
    if carry is not None:
        # a scanned page sits a little off its neighbour: the outer edges get a margin, as only the
        # inner boundaries tell one column from the next
        xs_px = [x / s for x in carry[0]]
        margin = CARRY_MARGIN_PT / s
        carry_px = ([xs_px[0] - margin, *xs_px[1:-1], xs_px[-1] + margin], list(carry[1]))
    grids = find_unruled_tables(phrases, hrules, line_height=1.25 * size, ink=has_ink)
    if carry_px is not None and not _opens_with(grids, phrases):
        # as the PDF reader does: only a page that does not open with a table of its own (a repeated
        # header) is read again with the columns carried, so its first rows continue the table
        grids = find_unruled_tables(phrases, hrules, line_height=1.25 * size, carry=carry_px, ink=has_ink)
    open_cols: Optional[Carry] = None
    if grids:
        last = max(grids, key=lambda g: g.bbox[3])
        below = [p for k, p in enumerate(phrases) if k not in last.keys and p.top > last.bbox[3]
                 and not _LONE_NUMBER.match(p.text)]
        if not below and not any(b[1] > last.bbox[3] for b in skip):
            # a continuation passes the columns on as they came (its edges already have their margin)
            same = carry is not None and carry_px is not None and list(last.xs) == carry_px[0]
            open_cols = carry if same else ([x * s for x in last.xs], list(last.roles))
    for grid in grids:
        xs = list(grid.xs)
        ys = sorted({round(v, 1) for b in grid.cell_boxes for v in (b[1], b[3])})
        out.append((xs, ys, sorted(Grid.from_boxes(grid.cell_boxes, 0.0, xs=xs, ys=ys).cells)))
    return out, open_cols


def _opens_with(grids: list, phrases: list) -> bool:
    """The page's text starts with one of the grids: no phrase outside it (but a page number) above it."""
    if not grids:
        return False
    first = min(grids, key=lambda g: g.bbox[1])
    return not any(p.top < first.bbox[1] for k, p in enumerate(phrases)
                   if k not in first.keys and not _LONE_NUMBER.match(p.text))


def _cell_bold(ink: np.ndarray, words: list) -> bool:
    """Bold as the page's lines measure it (stem width against the em), on the cell's first text line.

    Group rows of annex tables are set in bold; without this a scan loses what a text layer tells.
    """
    ws = [w for w in words if any(ch.isalpha() for ch in w.text)]
    if not ws:
        return False
    top = min(ws, key=lambda w: w.cy)
    half = max(2.0, (top.y1 - top.y0) / 2)
    line = [w for w in ws if abs(w.cy - top.cy) <= half]
    return em_and_bold(ink, line, " ".join(w.text for w in line))[1]


def _ink_outside_words(sub: np.ndarray, words: list, x0: int, y0: int, dpi: int) -> bool:
    """Whether a cell holds a line of ink that none of its read words covers (a dropped line)."""
    covered = np.zeros(sub.shape, dtype=bool)
    pad = max(2, dpi // 50)
    for w in words:
        covered[max(0, int(w.y0) - y0 - pad):max(0, int(w.y1) - y0 + pad),
                max(0, int(w.x0) - x0 - pad):max(0, int(w.x1) - x0 + pad)] = True
    ink = sub > 0
    total = int(ink.sum())
    if total == 0:
        return False
    out = ink & ~covered
    rows_out = out.sum(axis=1)
    # a whole uncovered text row: enough ink across at least a glyph's height
    tall = int((rows_out > max(3, dpi // 40)).sum())
    if tall >= dpi // 20 and int(out.sum()) > 0.15 * total:
        return True
    # a dropped word ("Số" before "thủ tục ..."): one glyph-sized blob of ink no word box covers
    n, _labels, stats, _ = cv2.connectedComponentsWithStats(out.astype(np.uint8), connectivity=8)
    glyph = dpi / 25
    return any(stats[i, cv2.CC_STAT_HEIGHT] >= glyph and stats[i, cv2.CC_STAT_AREA] >= glyph * glyph * 0.3
               for i in range(1, n))


def _keeps_words(old: str, new: str) -> bool:
    """The new read has every word of the old one, in order (it only adds what the page read lost)."""
    it = iter(new.split())
    return all(any(w == x for x in it) for w in old.split())
