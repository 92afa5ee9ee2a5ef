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

import multiprocessing
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import cv2
import numpy as np
from PIL import Image

from extractor.errors import InputError
from extractor.layout.lines import split_at_gaps, tesseract_lines
from extractor.model import Footnote, Line, Page
from extractor.readers.tesseract import OcrWord, has_osd, run_tesseract
from extractor.readers.tesseract import osd_rotation as _osd_rotation
from extractor.vntext.marks import strip_marks
from extractor.vntext.syllables import is_syllable, split_glued_syllables, tone_count, untoned

if multiprocessing.parent_process() is not None:
    # a worker of a pool already has its share of the cores: OpenCV's own threads only contend
    cv2.setNumThreads(1)

__all__ = ["ocr_pdf_page", "ocr_image", "OcrWord", "run_tesseract", "has_osd"]

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


def _core_and_stroke(ink: np.ndarray, seg: list[OcrWord]) -> tuple[float, float]:
    """Core height (px) and stem width (px) of a segment, measured on the ink.

    The core runs from the row where ink rises most sharply (x-height line, or cap line for
    capitals) to the row where it falls most sharply (baseline); marks above and descenders
    below are outside it. The stem width is the median length of horizontal ink runs inside
    the core, which a bold face makes about 1.5x longer.
    """
    x0 = min(w.x0 for w in seg)
    x1 = max(w.x1 for w in seg)
    y0 = max(0, min(w.y0 for w in seg) - 2)
    y1 = max(w.y1 for w in seg) + 2
    crop = ink[y0:y1, x0:x1] > 0
    if crop.size == 0 or crop.sum() == 0:
        return float(max(1, y1 - y0) * 0.5), 0.0
    prof = crop.sum(axis=1).astype(np.float64)
    prof = np.convolve(prof, [0.25, 0.5, 0.25], mode="same")
    d = np.diff(prof)
    n = len(prof)
    top = int(np.argmax(d[: max(1, int(n * 0.75))])) + 1
    bottom = int(np.argmin(d[top:])) + top + 1 if top < len(d) else n
    core_h = float(bottom - top)
    if core_h < 0.2 * n:
        core_h = 0.5 * n
    band = crop[top:bottom]
    if band.size == 0:
        return core_h, 0.0
    padded = np.pad(band.astype(np.int8), ((0, 0), (1, 1)))
    dd = np.diff(padded, axis=1)
    st = np.nonzero(dd == 1)
    en = np.nonzero(dd == -1)
    if len(st[1]) == 0:
        return core_h, 0.0
    runs = en[1] - st[1]
    med = float(np.median(runs))
    runs = runs[runs <= 2 * med]  # drop horizontal bars, keep stems
    return core_h, float(runs.mean()) if len(runs) else med


def _caps_ratio(text: str) -> float:
    letters = [c for c in text if c.isalpha() or c.isdigit()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if c.isupper() or c.isdigit()) / len(letters)


# "I.KẾT QUẢ": Tesseract drops the space after a heading number set in bold capitals
_HEADING_GLUE = re.compile(r"^((?:[IVXL]+|\d{1,2}(?:\.\d{1,2})*)[.)])(?=[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ])")
_PAGE_NUM = re.compile(r"^[-–—\s]*(?:trang\s*)?\d{1,3}[-–—\s]*$", re.IGNORECASE)
_FOOTNOTE_START = re.compile(r"^\(?(\d{1,3})[\)\.]?\s+(\S.*)$")
_SUPER_TRAIL = set("0123456789'’‘`\"“”°¹²³⁴⁵⁶⁷⁸⁹⁰*^!|")
BOLD_STEM = 0.15  # stem width per em above which a segment is bold (Times: regular ~0.09, bold ~0.15)


def _superscript_tail(ink: np.ndarray, w: OcrWord, xh: float) -> bool:
    """True when the word ends (before trailing punctuation) in a small raised mark: a footnote digit."""
    crop = ink[w.y0:w.y1 + 1, w.x0:w.x1 + 1]
    if crop.size == 0:
        return False
    n, _, stats, _ = cv2.connectedComponentsWithStats((crop > 0).astype(np.uint8), 8)
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
            core, stroke = _core_and_stroke(ink, seg)
            caps = _caps_ratio(" ".join(w.text for w in seg)) > 0.6
            em = core / (0.66 if caps else 0.46)  # Times-like cap height / x-height per em
            xh = em * 0.46
            parts = []
            for w in seg:
                t = w.text
                punct = re.search(r"[.,;:)]*$", t).group(0)
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
            bold = bool(em > 0 and stroke / em > BOLD_STEM)
            size = em * s
            if os.environ.get("OCR_DEBUG"):
                print("DBG", round(stroke, 2), round(em, 1), round(stroke / max(em, 1), 3), " ".join(w.text for w in seg)[:40])
            conf = sum(w.conf for w in seg) / len(seg) / 100.0
            out.append((Line(text=text, page=page_number, box=box, size=size, bold=bold,
                             confidence=round(conf, 3)), seg, xh))
    # the core measure fails on short or odd segments: where it disagrees with the page's usual
    # size-to-box-height ratio by more than 20%, trust the box height
    ratios = [l.size / (l.box[3] - l.box[1]) for l, _, _ in out
              if l.size and l.box[3] > l.box[1] and len(l.text) >= 12]
    if ratios:
        r_med = float(np.median(ratios))
        for l, _, _ in out:
            bh = l.box[3] - l.box[1]
            if bh > 0 and (not l.size or abs(l.size / bh / r_med - 1) > 0.2):
                l.size = bh * r_med
    for l, _, _ in out:
        if l.size:
            l.size = round(l.size * 2) / 2
    return out


def _footnote_rule_y(hmask: np.ndarray, dpi: int, text_x0: float, tables_px: list) -> Optional[int]:
    """y (px) of a short separator rule in the lower part of the page, as Word draws above footnotes."""
    from extractor.readers.ocr_tables import _boxes

    h, w = hmask.shape
    best = None
    for x, y, ww, hh in _boxes(hmask):
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
        t2 = re.sub(r"^\[\^(\d+)\]\s*", r"\1 ", t)
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


# --------------------------------------------------------------------------- Vietnamese fixes


@dataclass
class _Catalogue:
    phrases: list[list[str]]
    known: set
    first: dict  # mark-free lower-case first word -> phrase indexes
    last: dict  # mark-free lower-case last word -> phrase indexes
    subs: list[tuple[str, str]]
    bare: list[str]  # each phrase mark-free, first letter lower-cased (as _same_letters compares)
    by_shape: dict  # (words, letters) -> phrase indexes: the only phrases a window can match
    keys: list  # each phrase's words as _key gives them


@lru_cache(maxsize=16384)
def _key(token: str) -> str:
    return strip_marks(_TOKEN_CLEAN.sub("", token)).lower()


@lru_cache(maxsize=1)
def _fix_catalogue() -> _Catalogue:
    try:
        from extractor import patterns

        data = patterns.load("ocr_fixes")
    except Exception:  # the catalogue is optional knowledge
        data = {}
    phrases: list[list[str]] = []
    seen = set()
    for p in data.get("phrases", {}).get("words", []):
        p = unicodedata.normalize("NFC", p)
        for form in (p, p.upper()):
            if form not in seen:
                seen.add(form)
                phrases.append(form.split())
    first: dict = {}
    last: dict = {}
    for k, pw in enumerate(phrases):
        first.setdefault(_key(pw[0]), []).append(k)
        last.setdefault(_key(pw[-1]), []).append(k)
    subs = [(unicodedata.normalize("NFC", a), unicodedata.normalize("NFC", b))
            for a, b in data.get("replace", {}).items()]
    bare = [_bare(" ".join(pw)) for pw in phrases]
    by_shape: dict = {}
    for k, (pw, b) in enumerate(zip(phrases, bare)):
        by_shape.setdefault((len(pw), len(b)), []).append(k)
    return _Catalogue(phrases, {" ".join(pw) for pw in phrases}, first, last, subs, bare, by_shape,
                      [tuple(_key(w) for w in pw) for pw in phrases])


def _bare(text: str) -> str:
    b = strip_marks(text)
    return b[:1].lower() + b[1:]


_TOKEN_CLEAN = re.compile(r"^[\W_]+|[\W_]+$")


def _same_letters(a: str, b: str) -> bool:
    """Equal once marks are ignored (both given by ``_bare``); long phrases may differ in one letter."""
    if len(a) != len(b) or not a:
        return False
    if a == b:
        return True
    diff = sum(x != y for x, y in zip(a, b))
    return diff == 0 or (diff == 1 and len(b) >= 10 and not any(x.isdigit() for x in a))


def _mark_distance(a: str, b: str) -> int:
    if len(a) != len(b):
        return abs(len(a) - len(b)) + 100
    return sum(x != y for x, y in zip(a, b))


_CASE_SLIP = re.compile(r"\b([a-zà-ỹđ]+)([À-ỸĐ])([a-zà-ỹđ]*)\b")


def _case_slip(m: "re.Match[str]") -> str:
    head, cap, tail = m.group(1), m.group(2), m.group(3)
    if cap.isascii() or not cap.isupper() or not head.islower():  # (the class ranges hold capitals too)
        return m.group(0)  # eGov, iPhone: a capital without marks may be meant
    return head + cap.lower() + tail


def _drop_twin_vowel(word: str) -> str:
    """'THỤỰC' -> 'THỰC': Tesseract's LSTM sometimes emits a marked vowel twice.

    A Vietnamese syllable carries one tone mark, so two adjacent vowels on the same letter that
    both carry one are a read slip; the twin with fewer marks goes (the ghost usually lost one).
    """
    out = list(word)
    i = 0
    while i + 1 < len(out):
        a, b = out[i], out[i + 1]
        same_letter = a.isalpha() and b.isalpha() and strip_marks(a).lower() == strip_marks(b).lower() \
            and strip_marks(a).lower() in "aeiouy"
        # two tone marks ('ỤỰ'), or the same hatted vowel twice ('ệê': no word has 'êê', 'ơơ', 'ưư')
        if same_letter and ((tone_count(a) and tone_count(b))
                           or (untoned(a) == untoned(b) and untoned(a) in "âêôơưă")):
            na, nb = (len(unicodedata.normalize("NFD", c)) for c in (a, b))
            del out[i if na <= nb else i + 1]
            continue
        i += 1
    return "".join(out)


_WORD_CORE = re.compile(r"^(\W*)(\w+?)(\W*)$")


def _mend_word(word: str) -> str:
    """One token's slips: a doubled vowel, and syllables whose space the read lost."""
    word = _drop_twin_vowel(word)
    m = _WORD_CORE.match(word)
    if not m or not m.group(2).isalpha():
        return word
    lead, core, trail = m.groups()
    cut = next((i for i, ch in enumerate(core) if not ch.islower()), len(core))
    if 2 <= cut <= len(core) - 2 and core[cut:].isupper() and is_syllable(core[:cut]):
        core = core[:cut] + " " + core[cut:]  # a syllable glued to an abbreviation: 'traCCHC'
    else:
        core = split_glued_syllables(core)
    return lead + core + trail


def _lone_speck(m: "re.Match[str]") -> str:
    before, after = m.string[m.start() - 1], m.string[m.end()]
    return " " if before.islower() and after.islower() else m.group(0)


def normalise_ocr_text(text: str) -> str:
    """Slips no Vietnamese text has: a marked capital inside a lower-case word ('tỜ' -> 'tờ'),
    and a lone '~' where a list dash was printed."""
    text = _CASE_SLIP.sub(_case_slip, text)
    text = " ".join(_mend_word(w) if len(w) > 1 else w for w in text.split(" "))
    text = re.sub(r"(^|\s)~(?=\s)", r"\1-", text)
    # specks read as marks no report prints on their own: a lone ` ¬ ^ token, a quote before the first capital
    text = re.sub(r"(^|\s)[`¬^_]+(?=\s|$)", r"\1", text)
    text = re.sub(r"^['`‘](?=[A-ZÀ-Ỹ])", "", text)
    # a speck between two words of a sentence read as a lone ':' or '.' ('đã : ban hành')
    text = re.sub(r"(?<=[^\W\d_]) [:.·] (?=[^\W\d_]+(?:\s|$))", _lone_speck, text)
    # coded units are printed "Có = 1": OCR drops the space after '=' as often as not
    text = re.sub(r"\s*=\s*(?=\d)", " = ", text)
    return re.sub(r" {2,}", " ", text).strip()


@lru_cache(maxsize=8192)
def fix_vietnamese(text: str) -> str:
    """Correct OCR slips only where the catalogue knows the right words; digits are never touched.

    A window of words that matches a catalogue phrase letter for letter once marks are ignored
    (or with one wrong letter in a long phrase) takes the catalogue's marks. Case is kept as
    printed: the catalogue holds each phrase as written and in capitals, and a phrase's first
    letter keeps the case it was read with. Phrases are looked up by their first or last word
    (mark-free), so a line costs a few dictionary hits, not a scan of the whole catalogue.
    """
    cat = _fix_catalogue()
    for a, b in cat.subs:
        if a in text:
            text = text.replace(a, b)
    if not cat.phrases or not text:
        return text
    toks = text.split(" ")
    keys = [_key(t) for t in toks]
    cands: set = set()
    for i, k in enumerate(keys):
        for p in cat.first.get(k, ()):
            cands.add((i, p))
        for p in cat.last.get(k, ()):
            cands.add((i - len(cat.phrases[p]) + 1, p))
    done_upto = -1
    for i, p in sorted(cands, key=lambda c: (c[0], -len(cat.phrases[c[1]]), c[1])):
        pw = cat.phrases[p]
        n = len(pw)
        if i < 0 or i + n > len(toks) or i <= done_upto:
            continue
        # a cheap test on the cached mark-free keys before the full one: the same words, or in a
        # long phrase one word with one letter misread
        ks = tuple(keys[i:i + n])
        if ks != cat.keys[p]:
            if len(cat.bare[p]) < 10:
                continue
            diffs = [(a, b) for a, b in zip(ks, cat.keys[p]) if a != b]
            if len(diffs) != 1 or len(diffs[0][0]) != len(diffs[0][1]):
                continue
        window = toks[i:i + n]
        if any(ch.isdigit() for t in window for ch in t):
            continue
        m = re.match(r"^([\W_]*)(.*?)([\W_]*)$", " ".join(window))
        lead, cand, trail = m.group(1), m.group(2), m.group(3)
        if not cand or len(cand.split(" ")) != n:
            continue
        if cand in cat.known or cand[0].swapcase() + cand[1:] in cat.known:
            continue
        bare = _bare(cand)
        if not _same_letters(bare, cat.bare[p]):
            continue
        # of equally valid spellings (HÒA / HOÀ) take the one nearest to what was read
        alts = [cat.phrases[q] for q in cat.by_shape.get((n, len(bare)), ()) if _same_letters(bare, cat.bare[q])]
        rep = list(min(alts or [pw], key=lambda q: _mark_distance(cand, " ".join(q))))
        if cand[0].islower():
            rep[0] = rep[0][0].lower() + rep[0][1:]
        elif cand[0].isupper():
            rep[0] = rep[0][0].upper() + rep[0][1:]
        rep[0] = lead + rep[0]
        rep[-1] = rep[-1] + trail
        toks[i:i + n] = rep
        done_upto = i + n - 1
    return unicodedata.normalize("NFC", " ".join(toks))


# a number with a digit read as a look-alike: '202]' (2021), 'I1' (11), 'l5/01' (15/01)
_DIGIT_LOOKALIKES = "]|[Il!oO"
_MIXED_NUMBER = re.compile(r"^(?=.*\d)(?=.*[%s])[\d%s./-]{2,}$" % (re.escape(_DIGIT_LOOKALIKES), re.escape(_DIGIT_LOOKALIKES)))


def _mend_digit_words(gray: np.ndarray, words: list[OcrWord], dpi: int) -> list[OcrWord]:
    """Read again, digits only, each word that is a number but for a look-alike of a digit.

    The replacement is a reading of the word's own pixels, never a guess: it is kept only when
    the digits-only read is confident and has exactly as many characters as the first read.
    """
    from dataclasses import replace

    from extractor.readers.ocr_tables import _single_read

    out = []
    pad = max(2, dpi // 100)
    for w in words:
        core = w.text.rstrip(",;:")
        tail = w.text[len(core):]
        if _MIXED_NUMBER.match(core):
            crop = gray[max(0, w.y0 - pad):w.y1 + pad + 1, max(0, w.x0 - pad):w.x1 + pad + 1]
            seps = "".join(sorted(set(core) & set("./-")))
            t, cf = _single_read(crop, dpi, "0123456789" + seps,
                                 lambda x: len(x) == len(core) and x[:1].isdigit() and x[-1:].isdigit())
            if t and cf >= 60:
                w = replace(w, text=t + tail)
        out.append(w)
    return out


# --------------------------------------------------------------------------- page


def ocr_image(image: Image.Image, page_number: int, order_start: int, dpi: int) -> Page:
    """OCR one page image into a ``Page`` (boxes in PDF points, text_source 'ocr')."""
    from extractor.readers import ocr_tables

    if not dpi or dpi < 50 or dpi > 1200:
        dpi = 300
    gray = to_gray(image)
    if gray.size == 0 or min(gray.shape) < 16:
        raise InputError("page image is empty")
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
                if abs(angle2) >= 0.2:
                    gray = rotate(gray, angle2)
                    ink = binarize(gray)
                    words = run_tesseract(gray, psm=3, dpi=dpi)

    words = _mend_digit_words(gray, words, dpi)

    s = PT / dpi
    h_px, w_px = gray.shape
    page = Page(number=page_number, width=w_px * s, height=h_px * s, text_source="ocr")

    tables, table_boxes_px, hmask, used = ocr_tables.extract_tables(gray, ink, words, dpi, page_number)
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
        flines = [l for l, _, _ in fsegs]
        footnotes = _parse_footnotes(flines, page_number)
        if not footnotes and fsegs:
            # the small raised number that opens a footnote is often read as letters ('DĐ'):
            # read short first words again as digits only
            from extractor.readers.ocr_tables import _single_read

            for l, seg, _ in fsegs:
                w = seg[0]
                if len(w.text) <= 3 and not w.text[:1].isdigit():
                    t, cf = _single_read(gray[w.y0:w.y1 + 1, w.x0:w.x1 + 1], dpi, "0123456789", str.isdigit)
                    if t and cf >= 80:
                        l.text = t + l.text[len(w.text):]
            footnotes = _parse_footnotes(flines, page_number)
        if not footnotes:
            main_words = body_words
    super_numbers = [f.number for f in footnotes]

    segs = _build_segments(main_words, ink, dpi, page_number, list(super_numbers))
    referenced = {int(n) for l, _, _ in segs for n in re.findall(r"\[\^(\d+)\]", l.text)}
    if any(n not in referenced for n in super_numbers):
        segs = _build_segments(main_words, ink, dpi, page_number, list(super_numbers), look_everywhere=True)
    # rules and specks read as text ('————', ':') carry no letters or digits and a low confidence
    # signatures and seals read as a few letters at near-zero confidence
    lines = [l for l, _, _ in segs
             if (any(ch.isalnum() for ch in l.text) or l.confidence >= 0.6) and l.confidence >= 0.2]
    # page numbers: a lone number above or below all other text
    if lines:
        for l in list(lines):
            if _PAGE_NUM.match(l.text) and len(l.text.strip()) <= 9:
                others = [o for o in lines if o is not l]
                if not others or l.box[1] <= min(o.box[1] for o in others) - 1 or \
                        l.box[1] >= max(o.box[1] for o in others) + 1:
                    lines.remove(l)
    for l in lines:
        l.text = fix_vietnamese(normalise_ocr_text(_HEADING_GLUE.sub(r"\1 ", l.text)))
        l.indent = max(0.0, round(l.box[0] - text_x0 * s, 1))
        l.align = _align(l, page.width, text_x0 * s)
    for f in footnotes:
        f.text = fix_vietnamese(normalise_ocr_text(f.text))

    # reading order: lines top-down, left-right; a table takes the place of its top edge
    items: list = list(lines)  # already in row order, left to right within a row
    for t in sorted(tables, key=lambda t: t.box[1]):
        k = next((i for i, it in enumerate(items) if isinstance(it, Line) and it.box[1] > t.box[1]), len(items))
        items.insert(k, t)
    for k, it in enumerate(items):
        it.order = order_start + k
    page.lines = lines
    page.tables = tables
    page.footnotes = footnotes
    return page


def _align(line: Line, page_w: float, left: float) -> Optional[str]:
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
        import pypdfium2.raw as pdfium_c

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
    import pypdfium2 as pdfium

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
            bitmap = page.render(scale=dpi / 72.0, grayscale=True)
            image = bitmap.to_pil()
            bitmap.close()
        finally:
            page.close()
    finally:
        pdf.close()
    return ocr_image(image, page_index + 1, order_start, dpi)
