"""OCR reader: page images (scans) to the same page model a born-digital PDF gives.

Pipeline per page (memory is bounded by one page image):

1. rasterise one PDF page with pypdfium2 (``ocr_pdf_page``) or take a PIL image;
2. orientation: a cheap projection test tells a page lying on its side; Tesseract
   OSD (``--psm 0``, when ``osd.traineddata`` is installed) is only asked when that
   test or a poor first read says the page may be turned, because OSD costs about
   half a page read;
3. deskew (projection-profile search up to +-5 degrees on a small copy);
4. one Tesseract 5 run (``-l vie``) on the whole page producing TSV;
5. ruling-line tables (``ocr_tables``): words inside a table become cells, the rest
   become ``Line`` segments; footnotes under a short rule go to ``Page.footnotes``;
   page numbers are dropped; known Vietnamese OCR slips are fixed from
   ``patterns/ocr_fixes.toml``.

How Tesseract is called (in-process through tesserocr, the binary as fallback) and why is
said in ``readers/tesseract.py``.

Measured on the seed scan (2 shared cores, see benchmarks/bench_ocr.py): a text page costs
about 1.2-1.4x one bare ``Recognize`` of the page by the same engine; an annex page 1.5-1.8x, the
price of reading every STT and number cell a second time (one strip image per table, plus a few
single cells) and weakly read text cells once more, which is what makes every value of the annex
come out right. Against the ``tesseract`` program the whole path costs 1.0-1.1x.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import re
import unicodedata
from dataclasses import replace
from typing import Optional

import cv2
import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from extractor import grammar
from extractor.errors import InputError
from extractor.layout.lines import split_at_gaps, tesseract_lines
from extractor.model import Footnote, Line, Mark, Page, Table
from extractor.readers.colour_ink import colour_labels, patches, rotate_labels, take_off, turn_labels
from extractor.readers.ink import em_and_bold, mask_boxes
from extractor.readers.ocr_tables import Carry, extract_tables, single_read
from extractor.readers.ocr_text import fix_vietnamese, normalise_ocr_text
from extractor.readers.tesseract import OcrWord, has_osd, run_tesseract
from extractor.readers.tesseract import osd_rotation as _osd_rotation

if multiprocessing.parent_process() is not None:
    # a worker of a pool already has its share of the cores: OpenCV's own threads only contend
    cv2.setNumThreads(1)

__all__ = ["ocr_pdf_page", "ocr_image", "OcrWord", "run_tesseract", "has_osd", "fix_vietnamese", "normalise_ocr_text"]

PT = 72.0


# --------------------------------------------------------------------------- orientation


def osd_rotation(gray: np.ndarray) -> Optional[int]:
    """Degrees (clockwise) to turn the page upright per Tesseract OSD, asked on a small copy."""
    return _osd_rotation(_downscale(gray, 1600))


# --------------------------------------------------------------------------- image preparation


def _downscale(gray: np.ndarray, longest: int) -> np.ndarray:
    h, w = gray.shape[:2]
    s = longest / max(h, w)
    if s >= 1:
        return gray
    return cv2.resize(gray, (max(1, int(w * s)), max(1, int(h * s))), interpolation=cv2.INTER_AREA)


def to_gray(image: Image.Image) -> np.ndarray:
    """PIL image (any mode) to an 8-bit grayscale array, transparency on white."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        bg = Image.new("RGBA", image.size, (255, 255, 255, 255))
        bg.alpha_composite(image.convert("RGBA"))
        image = bg
    if image.mode == "1":
        image = image.convert("L")
    elif image.mode == "I;16" or image.mode == "I":
        arr = np.asarray(image, dtype=np.float64)
        arr = 255 * (arr - arr.min()) / max(1.0, float(arr.max() - arr.min()))
        return arr.astype(np.uint8)
    elif image.mode != "L":
        image = image.convert("L")
    return np.array(image, dtype=np.uint8)


#: a page with fewer dark pixels than this share of its inner part (margins off), looked at near
#: 100 dpi, is blank: a short word of print is several times more, dust a fraction of it
BLANK_INK_SHARE = 0.0001
BLANK_DARK = 150
#: its border, where a scanner leaves dark edges and punched holes, is not looked at (share of a side)
BLANK_BORDER = 0.05


def is_blank(gray: np.ndarray, dpi: int) -> bool:
    """No print on the page: dust and specks (a pixel or two) fade at 100 dpi, print does not."""
    h, w = gray.shape
    by, bx = int(h * BLANK_BORDER), int(w * BLANK_BORDER)
    inner = gray[by:h - by, bx:w - bx]
    if inner.size == 0:
        return True
    small = _downscale(inner, max(64, int(max(inner.shape) * 100 / max(dpi, 1))))
    return float(np.count_nonzero(small < BLANK_DARK)) < BLANK_INK_SHARE * small.size


def binarize(gray: np.ndarray) -> np.ndarray:
    """Ink mask (255 = ink) robust to uneven background: Otsu after a light median filter."""
    blur = cv2.medianBlur(gray, 3)
    _, ink = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return ink


def _profile_score(ink_small: np.ndarray, angle: float) -> float:
    h, w = ink_small.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    rot = cv2.warpAffine(ink_small, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
    prof = rot.sum(axis=1, dtype=np.float64)
    d = np.diff(prof)
    return float((d * d).sum())


def estimate_skew(ink: np.ndarray, max_angle: float = 5.0) -> float:
    """Skew in degrees (positive = content turned counter-clockwise) from text-line projection sharpness.

    Rows of a deskewed page alternate sharply between text lines and gaps (and a ruling line
    is one very sharp row), so the rotation that maximises the row profile's variation wins.
    """
    small = _downscale(ink, 1000)
    small = (small > 96).astype(np.uint8)
    if small.sum() < 50:
        return 0.0
    base = _profile_score(small, 0.0)
    coarse = np.arange(-max_angle, max_angle + 1e-9, 0.5)
    scores = [_profile_score(small, a) for a in coarse]
    best = float(coarse[int(np.argmax(scores))])
    fine = np.arange(best - 0.5, best + 0.5 + 1e-9, 0.1)
    scores = [_profile_score(small, a) for a in fine]
    best = float(fine[int(np.argmax(scores))])
    fine = np.arange(best - 0.1, best + 0.1 + 1e-9, 0.025)
    scores = [_profile_score(small, a) for a in fine]
    if max(scores) < 1.02 * base:
        return 0.0  # no clear gain (a near-empty page): do not turn on noise
    return float(fine[int(np.argmax(scores))])


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    """Rotate by ``angle`` degrees (counter-clockwise) about the centre, same size, white fill."""
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                          borderValue=255)


def _looks_sideways(ink: np.ndarray) -> bool:
    """Text lines run vertically: the column profile is much sharper than the row profile."""
    small = (_downscale(ink, 800) > 96).astype(np.float64)
    if small.sum() < 200:
        return False
    r = np.diff(small.sum(axis=1))
    c = np.diff(small.sum(axis=0))
    rs = float((r * r).sum()) / max(1, small.shape[0])
    cs = float((c * c).sum()) / max(1, small.shape[1])
    return cs > 1.8 * rs


def _turn(gray: np.ndarray, cw: int) -> np.ndarray:
    cw %= 360
    if cw == 90:
        return cv2.rotate(gray, cv2.ROTATE_90_CLOCKWISE)
    if cw == 180:
        return cv2.rotate(gray, cv2.ROTATE_180)
    if cw == 270:
        return cv2.rotate(gray, cv2.ROTATE_90_COUNTERCLOCKWISE)
    return gray


def _read_quality(words: list[OcrWord]) -> float:
    """Mean confidence weighted by word length; near 0 for an upside-down page."""
    if not words:
        return 0.0
    n = sum(len(w.text) for w in words)
    return sum(w.conf * len(w.text) for w in words) / max(1, n)


# --------------------------------------------------------------------------- lines


def _split_segments(row: list[OcrWord]) -> list[list[OcrWord]]:
    """Split a baseline at gaps wider than ~2 line heights (columns of a header block)."""
    hs = sorted(w.h for w in row)
    h = hs[len(hs) // 2] if hs else 10
    return split_at_gaps(row, 2.2 * h)


# "I.KẾT QUẢ": Tesseract drops the space after a heading number set in bold capitals
_HEADING_GLUE = grammar.HEADING_NUMBER_GLUED
_PAGE_NUM = grammar.PAGE_NUMBER
_FOOTNOTE_START = grammar.FOOTNOTE_OPENING
_SUPER_TRAIL = set("0123456789'’‘`\"“”°¹²³⁴⁵⁶⁷⁸⁹⁰*^!|")


def _superscript_tail(ink: np.ndarray, w: OcrWord, xh: float) -> bool:
    """True when the word ends (before trailing punctuation) in a small raised mark: a footnote digit."""
    crop = ink[w.y0:w.y1 + 1, w.x0:w.x1 + 1]
    if crop.size == 0:
        return False
    n, _, stats, _ = cv2.connectedComponentsWithStats((crop > 0).astype(np.uint8), connectivity=8)
    comps = [tuple(int(v) for v in stats[i]) for i in range(1, n) if stats[i][4] >= 4]
    if len(comps) < 2:
        return False
    base = float(np.median([c[1] + c[3] for c in comps]))
    on_base = [c for c in comps if c[1] + c[3] > base - 0.3 * xh]
    raised = [c for c in comps if c[1] + c[3] < base - 0.35 * xh and c[3] >= 0.4 * xh]
    for r in sorted(raised, key=lambda c: -c[0]):
        left = [c for c in on_base if c[0] < r[0]]
        right = [c for c in on_base if c[0] >= r[0]]
        if not left or any(c[0] + c[2] > r[0] + 1 for c in left):
            continue
        if any(c[2] > 0.5 * xh or c[3] > 0.6 * xh for c in right):  # only punctuation may follow
            continue
        return True
    return False


def _build_segments(words: list[OcrWord], ink: np.ndarray, dpi: int, page_number: int,
                    super_numbers: list[int], look_everywhere: bool = False
                    ) -> list[tuple[Line, list[OcrWord], float]]:
    """Line segments (without order) with their words and x-height in px.

    ``super_numbers`` are the page's footnote numbers, consumed in order by the superscript
    references found. A reference is looked for where Tesseract ended a word with a digit or a
    mark it often makes of a small raised digit; with ``look_everywhere`` also after words it
    read as plain letters (it sometimes drops the raised digit altogether).
    """
    s = PT / dpi
    out: list[tuple[Line, list[OcrWord], float]] = []
    for row in tesseract_lines(words):
        for seg in _split_segments(row):
            em, bold = em_and_bold(ink, seg, " ".join(w.text for w in seg))
            xh = em * 0.46
            parts = []
            for w in seg:
                t = w.text
                punct = t[len(t.rstrip(".,;:)")):]  # the trailing run of these marks
                t = t[: len(t) - len(punct)] if punct else t
                if look_everywhere and super_numbers and len(t) > 1 and t[-1].isalpha() \
                        and _superscript_tail(ink, w, xh):
                    t = f"{t}[^{super_numbers.pop(0)}]"
                elif len(t) > 1 and t[-1] in _SUPER_TRAIL and not t[:-1].isdigit() and _superscript_tail(ink, w, xh):
                    num = None
                    m = re.search(r"(\d+)$", t)
                    if m and not t[: m.start()].rstrip().endswith(tuple("0123456789")):
                        num = int(m.group(1))
                        t = t[: m.start()]
                    else:
                        t = t[:-1]
                    if num is None:
                        num = super_numbers.pop(0) if super_numbers else None
                    elif num in super_numbers:
                        super_numbers.remove(num)
                    if num is not None:
                        t = f"{t}[^{num}]"
                parts.append(t + punct)
            text = unicodedata.normalize("NFC", " ".join(parts))
            box = (min(w.x0 for w in seg) * s, min(w.y0 for w in seg) * s,
                   max(w.x1 for w in seg) * s, max(w.y1 for w in seg) * s)
            size = em * s
            if os.environ.get("OCR_DEBUG"):
                print("DBG", round(em, 1), bold, " ".join(w.text for w in seg)[:40])
            conf = sum(w.conf for w in seg) / len(seg) / 100.0
            out.append((Line(text=text, page=page_number, box=box, size=size, bold=bold,
                             confidence=round(conf, 3), source="ocr"), seg, xh))
    # the core measure fails on short or odd segments: where it disagrees with the page's usual
    # size-to-box-height ratio by more than 20%, trust the box height
    ratios = [ln.size / _height(ln) for ln, _, _ in out
              if ln.size and _height(ln) > 0 and len(ln.text) >= 12]
    if ratios:
        r_med = float(np.median(ratios))
        for ln, _, _ in out:
            bh = _height(ln)
            if bh > 0 and (not ln.size or abs(ln.size / bh / r_med - 1) > 0.2):
                ln.size = bh * r_med
    for ln, _, _ in out:
        if ln.size:
            ln.size = round(ln.size * 2) / 2
    return out


def _height(ln: Line) -> float:
    """Height of the line's box (every OCR segment has one)."""
    return ln.box[3] - ln.box[1] if ln.box is not None else 0.0


def _table_top(t: Table) -> float:
    """Top of the table's box (every OCR table has one), as ``Line.top``."""
    return t.box[1] if t.box else 0.0


def _footnote_rule_y(hmask: np.ndarray, dpi: int, text_x0: float, tables_px: list) -> Optional[int]:
    """y (px) of a short separator rule in the lower part of the page, as Word draws above footnotes."""
    h, w = hmask.shape
    best = None
    for x, y, ww, hh in mask_boxes(hmask):
        if y < 0.45 * h or hh > dpi * 0.03:
            continue
        if not (dpi * 0.6 <= ww <= w * 0.45):
            continue
        if abs(x - text_x0) > dpi * 0.5:
            continue
        if any(tx0 - 5 <= x <= tx1 + 5 and ty0 - 5 <= y <= ty1 + 5 for tx0, ty0, tx1, ty1 in tables_px):
            continue
        if best is None or y < best:
            best = y
    return best


def _parse_footnotes(lines: list[Line], page_number: int) -> list[Footnote]:
    notes: list[Footnote] = []
    for ln in lines:
        t = ln.text.strip()
        mark = grammar.FOOTNOTE_MARK.match(t)  # a note opening with its raised number, as "[^3]"
        t2 = f"{mark.group(1)} {t[mark.end():].lstrip()}" if mark else t
        m = _FOOTNOTE_START.match(t2)
        # a wrapped line may start with a number ("... mức 3, mức / 4 trên hệ thống"): a new
        # footnote must continue the numbering
        if m and (not notes or int(m.group(1)) == notes[-1].number + 1):
            notes.append(Footnote(number=int(m.group(1)), text=m.group(2).strip(), page=page_number))
        elif notes:
            notes[-1].text = (notes[-1].text + " " + t).strip()
        else:
            return []  # text under the rule that does not start with a number: not footnotes
    return notes


# a number with a digit read as a look-alike: '202]' (2021), 'I1' (11), 'l5/01' (15/01)
_DIGIT_LOOKALIKES = "]|[Il!oO"
_MIXED_NUMBER = re.compile(
    r"^(?=.*\d)(?=.*[%s])[\d%s./-]{2,}$" % (re.escape(_DIGIT_LOOKALIKES), re.escape(_DIGIT_LOOKALIKES))
)


def _mend_digit_words(gray: np.ndarray, words: list[OcrWord], dpi: int) -> list[OcrWord]:
    """Read again, digits only, each word that is a number but for a look-alike of a digit.

    The replacement is a reading of the word's own pixels, never a guess: it is kept only when
    the digits-only read is confident and has exactly as many characters as the first read.
    """
    out = []
    pad = max(2, dpi // 100)
    for w in words:
        core = w.text.rstrip(",;:")
        tail = w.text[len(core):]
        if _MIXED_NUMBER.match(core):
            crop = gray[max(0, w.y0 - pad):w.y1 + pad + 1, max(0, w.x0 - pad):w.x1 + pad + 1]
            seps = "".join(sorted(set(core) & set("./-")))
            t, cf = single_read(crop, dpi, "0123456789" + seps,
                                 lambda x: len(x) == len(core) and x[:1].isdigit() and x[-1:].isdigit())
            if t and cf >= 60:
                w = replace(w, text=t + tail)
        out.append(w)
    return out


# --------------------------------------------------------------------------- page


UNSETTLED_QUALITY = 40.0  # mean word confidence under which no orientation tried gives a readable page
PAGE_PIXEL_BUDGET = 40_000_000  # an A3 page at 400 dpi is ~31 Mpx; OCR holds several copies of the page
MIN_OCR_DPI = 70  # below this, print of any usual size is unreadable: refuse rather than guess


#: handwriting this small (inches) may be a number or a day written into the print: it is read
HANDWRITTEN_FIELD_MAX_IN = (2.0, 0.6)
#: at most this many such patches a page are read (a signature's strokes are many)
MAX_READ_MARKS = 6


def _marks(labels: np.ndarray, raw: np.ndarray, turns: list[tuple[int, float]], dpi: int,
           page_number: int) -> list[Mark]:
    """The page's coloured marks, in the orientation its words were read in. A blue patch the size
    of a number is read on its own (digits), so the document keeps what the hand seems to say
    and how sure the OCR is, beside the field it leaves empty."""
    for cw, angle in turns:
        if cw:
            labels, raw = turn_labels(labels, cw), _turn(raw, cw)
        if abs(angle) >= 0.05:
            labels, raw = rotate_labels(labels, angle), rotate(raw, angle)
    s = PT / dpi
    out: list[Mark] = []
    read = 0
    for p in patches(labels, dpi):
        x0, y0, x1, y1 = p.box
        kind = "stamp" if p.colour == "red" else "handwriting"
        mark = Mark(kind=kind, colour=p.colour, page=page_number,
                    box=(round(x0 * s, 2), round(y0 * s, 2), round(x1 * s, 2), round(y1 * s, 2)))
        wmax, hmax = HANDWRITTEN_FIELD_MAX_IN
        if kind == "handwriting" and read < MAX_READ_MARKS and x1 - x0 <= wmax * dpi and y1 - y0 <= hmax * dpi:
            read += 1
            text, conf = single_read(raw[y0:y1, x0:x1], dpi, "0123456789")
            if text:
                mark.text, mark.confidence = text, round(conf / 100.0, 3)
        out.append(mark)
    return out


def budget_dpi(width_in: float, height_in: float, dpi: float) -> float:
    """``dpi``, lowered so that a page of this size in inches stays within the pixel budget."""
    pixels = width_in * dpi * height_in * dpi
    return dpi if pixels <= PAGE_PIXEL_BUDGET else dpi * math.sqrt(PAGE_PIXEL_BUDGET / pixels)


def fit_pixel_budget(image: Image.Image, dpi: int, page_number: int) -> tuple[Image.Image, int]:
    """A page image within the pixel budget (scaled down with its dpi), or a clear refusal: memory per page
    is bounded whatever size a file claims (a 200-inch page once asked for 5.7 GB)."""
    w, h = image.size
    new_dpi = budget_dpi(w / dpi, h / dpi, dpi)
    if new_dpi >= dpi:
        return image, dpi
    if new_dpi < MIN_OCR_DPI:
        raise InputError(f"page {page_number} is {w / dpi:.0f} x {h / dpi:.0f} inches ({w} x {h} pixels at {dpi} dpi): "
                         "too large to OCR")
    scale = new_dpi / dpi
    return image.resize((max(1, int(w * scale)), max(1, int(h * scale)))), int(new_dpi)


def ocr_image(image: Image.Image, page_number: int, order_start: int, dpi: int) -> Page:
    """OCR one page image into a ``Page`` (boxes in PDF points, text_source 'ocr')."""
    return ocr_image_carry(image, page_number, order_start, dpi)[0]


def ocr_image_carry(image: Image.Image, page_number: int, order_start: int, dpi: int,
                    carry: Optional[Carry] = None) -> tuple[Page, Optional[Carry]]:
    """``ocr_image`` for a page of a document read in page order: ``carry`` holds the columns of a
    table without vertical rules that the previous page ran off its foot (rows at this page's top
    that fit them continue it, header or not), and the columns of such a table on this page are
    returned for the next, as the PDF reader does for its text layer."""
    if not dpi or dpi < 50 or dpi > 1200:
        dpi = 300
    image, dpi = fit_pixel_budget(image, dpi, page_number)
    gray = to_gray(image)
    if gray.size == 0 or min(gray.shape) < 16:
        raise InputError("page image is empty")
    # stamps and handwriting in colour: off the page the OCR reads, kept as marks
    labels = colour_labels(image, dpi)
    raw = None
    if labels is not None:
        raw = gray.copy()
        take_off(gray, labels)
    del image
    if is_blank(gray, dpi):
        s = PT / dpi
        return Page(number=page_number, width=gray.shape[1] * s, height=gray.shape[0] * s, text_source="ocr",
                    blank=True), None
    ink = binarize(gray)

    # orientation: sideways pages first (cheap), then a poor read asks OSD
    turned = 0
    sideways = _looks_sideways(ink)
    if sideways:
        # OSD decides when installed; without it a sideways page is turned clockwise and the
        # read-quality check below tries the other way
        rot = osd_rotation(gray) if has_osd() else 90
        if rot:
            turned = rot
            gray = _turn(gray, turned)
            ink = _turn(ink, turned)

    angle = estimate_skew(ink)
    if abs(angle) >= 0.05:
        gray = rotate(gray, angle)
        ink = binarize(gray)
    turns: list[tuple[int, float]] = [(turned, angle)]  # what was done to the page, for its marks

    words = run_tesseract(gray, psm=3, dpi=dpi)
    quality = _read_quality(words)
    if quality < 60 and len(words) >= 1 and (has_osd() or (sideways and turned == 90)):
        rot = osd_rotation(gray) if has_osd() else 180
        if rot:
            g2 = _turn(gray, rot)
            w2 = run_tesseract(g2, psm=3, dpi=dpi)
            if _read_quality(w2) > quality + 10:
                gray, words, turned = g2, w2, (turned + rot) % 360
                ink = binarize(gray)
                angle2 = estimate_skew(ink, 2.0)
                turns.append((rot, 0.0))
                if abs(angle2) >= 0.2:
                    gray = rotate(gray, angle2)
                    ink = binarize(gray)
                    words = run_tesseract(gray, psm=3, dpi=dpi)
                    turns.append((0, angle2))

    words = _mend_digit_words(gray, words, dpi)

    s = PT / dpi
    h_px, w_px = gray.shape
    page = Page(number=page_number, width=w_px * s, height=h_px * s, text_source="ocr")
    if labels is not None and raw is not None:
        page.marks = _marks(labels, raw, turns, dpi, page_number)
    if len(words) >= 10 and _read_quality(words) < UNSETTLED_QUALITY:
        page.notes.append(f"orientation not settled: the page reads poorly every way it was turned "
                          f"(mean confidence {_read_quality(words):.0f})")

    tables, table_boxes_px, hmask, used, open_cols = extract_tables(gray, ink, words, dpi, page_number, carry)
    body_words = [w for i, w in enumerate(words) if i not in used]

    # text left margin (px) for indent and for finding the footnote rule
    xs = sorted(w.x0 for w in body_words) if body_words else [0]
    text_x0 = float(np.percentile(xs, 5)) if len(xs) > 20 else float(xs[0])

    rule_y = _footnote_rule_y(hmask, dpi, text_x0, table_boxes_px)
    foot_words = [w for w in body_words if rule_y is not None and w.y0 > rule_y]
    main_words = [w for w in body_words if rule_y is None or w.y0 <= rule_y]

    footnotes: list[Footnote] = []
    if foot_words:
        fsegs = [f for f in _build_segments(foot_words, ink, dpi, page_number, []) if not _PAGE_NUM.match(f[0].text)]
        flines = [ln for ln, _, _ in fsegs]
        footnotes = _parse_footnotes(flines, page_number)
        if not footnotes and fsegs:
            # the small raised number that opens a footnote is often read as letters ('DĐ'):
            # read short first words again as digits only
            for ln, seg, _ in fsegs:
                w = seg[0]
                if len(w.text) <= 3 and not w.text[:1].isdigit():
                    t, cf = single_read(gray[w.y0:w.y1 + 1, w.x0:w.x1 + 1], dpi, "0123456789", str.isdigit)
                    if t and cf >= 80:
                        ln.text = t + ln.text[len(w.text):]
            footnotes = _parse_footnotes(flines, page_number)
        if not footnotes:
            main_words = body_words
    super_numbers = [f.number for f in footnotes]

    segs = _build_segments(main_words, ink, dpi, page_number, list(super_numbers))
    referenced = {n for ln, _, _ in segs for n in grammar.footnote_marks(ln.text)}
    if any(n not in referenced for n in super_numbers):
        segs = _build_segments(main_words, ink, dpi, page_number, list(super_numbers), look_everywhere=True)
    # rules and specks read as text ('————', ':') carry no letters or digits and a low confidence
    # signatures and seals read as a few letters at near-zero confidence
    lines = [ln for ln, _, _ in segs
             if (any(ch.isalnum() for ch in ln.text) or ln.confidence >= 0.6) and ln.confidence >= 0.2]
    # page numbers: a lone number above or below all other text
    if lines:
        for ln in list(lines):
            if _PAGE_NUM.match(ln.text) and len(ln.text.strip()) <= 9:
                others = [o for o in lines if o is not ln]
                if not others or ln.top <= min(o.top for o in others) - 1 or \
                        ln.top >= max(o.top for o in others) + 1:
                    lines.remove(ln)
    for ln in lines:
        ln.text = fix_vietnamese(normalise_ocr_text(_HEADING_GLUE.sub(r"\1 ", ln.text)))
        ln.indent = max(0.0, round(ln.x0 - text_x0 * s, 1))
        ln.align = _align(ln, page.width, text_x0 * s)
    for f in footnotes:
        f.text = fix_vietnamese(normalise_ocr_text(f.text))

    # reading order: lines top-down, left-right; a table takes the place of its top edge
    items: list[Line | Table] = list(lines)  # already in row order, left to right within a row
    for t in sorted(tables, key=_table_top):
        k = next((i for i, it in enumerate(items) if isinstance(it, Line) and it.top > _table_top(t)), len(items))
        items.insert(k, t)
    for k, it in enumerate(items):
        it.order = order_start + k
    page.lines = lines
    page.tables = tables
    page.footnotes = footnotes
    return page, open_cols


def _align(line: Line, page_w: float, left: float) -> Optional[str]:
    if line.box is None:  # every OCR line has its box
        return None
    x0, _, x1, _ = line.box
    right = page_w - left
    mid = (x0 + x1) / 2
    if abs(mid - page_w / 2) < 0.03 * page_w and x0 > left + 20:
        return "center"
    if x0 <= left + 40:
        return "left"
    if x1 >= right - 10 and x0 > page_w / 2:
        return "right"
    return None


def _render_dpi(page, dpi: int) -> int:
    """``dpi``, or the scan's own resolution when the page is one scanned image of 150 dpi or more
    but less than ``dpi``: upsampling adds no detail, only OCR time (the 200 dpi seed scan read
    at 300 dpi took 1.9x as long and got no value more right). Scans under 150 dpi are enlarged,
    which does help Tesseract."""
    try:
        imgs = list(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2))
        if len(imgs) != 1:
            return dpi
        x0, y0, x1, y1 = imgs[0].get_bounds()
        w, h = page.get_size()
        if (x1 - x0) * (y1 - y0) < 0.9 * w * h:
            return dpi
        meta = imgs[0].get_metadata()
        native = min(meta.horizontal_dpi, meta.vertical_dpi)
        if 150 <= native < dpi:
            return int(round(native))
    except Exception:  # metadata is a speed hint only
        pass
    return dpi


def ocr_pdf_page(path: str, page_index: int, order_start: int, dpi: int = 300) -> Page:
    """Rasterise one PDF page (only that page is held in memory) and OCR it; Page.number = page_index + 1.

    ``dpi`` is the rendering resolution; a page that is a single scanned image of lower (but at
    least 150 dpi) resolution is rendered at the scan's own resolution instead. Boxes are in PDF
    points either way.
    """
    return ocr_pdf_page_carry(path, page_index, order_start, dpi)[0]


def ocr_pdf_page_carry(path: str, page_index: int, order_start: int, dpi: int = 300,
                       carry: Optional[Carry] = None) -> tuple[Page, Optional[Carry]]:
    """``ocr_pdf_page`` with the columns of a table without vertical rules carried in from the
    previous page and out to the next (see ``ocr_image_carry``)."""
    try:
        pdf = pdfium.PdfDocument(path)
    except Exception as exc:  # pdfium raises its own error types
        raise InputError(f"cannot open PDF for OCR: {exc}") from None
    try:
        if not 0 <= page_index < len(pdf):
            raise InputError(f"page {page_index + 1} does not exist")
        page = pdf[page_index]
        try:
            dpi = _render_dpi(page, dpi)
            w_pt, h_pt = page.get_size()
            fitted = budget_dpi(w_pt / PT, h_pt / PT, dpi)
            if fitted < MIN_OCR_DPI:
                raise InputError(f"page {page_index + 1} is {w_pt / PT:.0f} x {h_pt / PT:.0f} inches: too large to OCR")
            dpi = int(fitted)
            bitmap = page.render(scale=dpi / 72.0)  # in colour: stamps and handwriting are told by it
            image = bitmap.to_pil()
            bitmap.close()
        finally:
            page.close()
    finally:
        pdf.close()
    return ocr_image_carry(image, page_index + 1, order_start, dpi, carry)
