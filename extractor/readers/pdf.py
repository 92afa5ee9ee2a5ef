"""Born-digital PDF reader: pdfplumber's characters and ruling lines to the page model.

One pass per page over ``page.chars``: characters inside ruled tables go to their
cells, the rest are grouped by baseline into line *segments* (split at wide
gaps, so a report header's two side-by-side columns stay apart). Superscript
digits attached to a word become ``[^n]``; the block under the footnote rule
(or in a smaller font at the page foot) becomes ``Page.footnotes``; page numbers
and running headers/footers are dropped. Pages whose text layer is missing or
garbage go to OCR (``extractor.readers.ocr.ocr_pdf_page``) when asked to.

Its parts: ``pdf_chars`` (pdfplumber's character pass, fast for plain characters),
``pdf_glyphs`` (glyphs into line segments with text and style), ``pdf_tables`` (ruled,
column-ruled and rule-less tables on the ``layout`` grids), ``pdf_footnotes`` (the footnote block,
page numbers), ``pdf_workers`` (pages read in forked processes). This module reads a page with
them and runs the document-wide passes (footnotes over pages, running headers, margins, order).

The reader knows PDFs, not reports: nothing here is specific to one template.
"""

from __future__ import annotations

import os
import re
from typing import Any, Callable, Iterable, Optional

import pdfplumber

from extractor import grammar
from extractor.errors import InputError
from extractor.model import Document, Footnote, Line, Page, Table
from extractor.readers.pdf_chars import in_reading_orientation, left_to_right_share, mend_soft_hyphens, space_widths
from extractor.readers.pdf_footnotes import footnote_rule_y, is_page_number, parse_footnotes, split_footnote_zone
from extractor.readers.pdf_glyphs import Seg, build_segments, dominant_size, lead_emph, read_glyphs, rotated_segments
from extractor.readers.pdf_tables import find_tables, split_tall_rows, take_into_tables, take_unruled_tables
from extractor.readers.pdf_widgets import with_widget_chars
from extractor.readers.pdf_workers import scan_parallel, worker_count

# --------------------------------------------------------------------------------------
# Text-layer quality


def _is_garbage(text: str) -> bool:
    if len(text) > 1:
        return text.startswith("(cid:")
    o = ord(text)
    return o == 0xFFFD or 0xE000 <= o <= 0xF8FF or o < 0x20


def page_text_usable(chars: list[dict]) -> bool:
    """Whether a page's text layer can be read instead of OCR'd.

    Unusable when it has fewer than 15 visible glyphs (an image-only scan, maybe
    with a stray stamp or page number), or when more than 30 % of its visible
    glyphs are garbage: ``(cid:NN)`` (a font without a Unicode map),
    private-use code points, U+FFFD or control characters. Legacy TCVN3/VNI
    text is *not* garbage: it is Latin-1 glyphs the codec converts later.
    """
    visible = 0
    garbage = 0
    for c in chars:
        t = c["text"]
        if not t or t.isspace():
            continue
        visible += 1
        if _is_garbage(t):
            garbage += 1
    if visible < 15:
        return False
    return garbage <= 0.3 * visible


def scan_under_text(page: Any, chars: list[dict]) -> bool:
    """A scanned page carrying a text layer (a scanner's or OCRmyPDF's OCR): one image covers the
    page and the text lies on it. Such a layer has no ruling lines, its own reading slips and often
    no marks; in ``--ocr auto`` the page is read from its image like any scan."""
    area = float(page.width) * float(page.height)
    if area <= 0:
        return False
    for im in page.images:
        x0, x1 = max(0.0, float(im["x0"])), min(float(page.width), float(im["x1"]))
        top, bottom = max(0.0, float(im["top"])), min(float(page.height), float(im["bottom"]))
        if (x1 - x0) * (bottom - top) < 0.8 * area:
            continue
        ink = [c for c in chars if c["text"] and not c["text"].isspace()]
        inside = sum(1 for c in ink
                     if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom)
        return bool(ink) and inside >= 0.6 * len(ink)
    return False


_REF_RE = grammar.FOOTNOTE_MARK


def _normkey(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower()).strip()


# --------------------------------------------------------------------------------------
# The reader


def _open(path: str) -> Any:
    try:
        size = os.path.getsize(path)
    except OSError as e:
        raise InputError(f"cannot read file: {e.strerror or e}") from None
    if size == 0:
        raise InputError("empty file")
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        raise InputError("not a PDF file")
    try:
        pdf = pdfplumber.open(path)
        n = len(pdf.pages)
    except Exception as e:  # pdfplumber wraps pdfminer's errors in PdfminerException
        raise InputError(_open_error(e)) from None
    if n == 0:
        pdf.close()
        raise InputError("PDF has no pages")
    return pdf


def _open_error(e: Exception) -> str:
    inner = e.args[0] if e.args and isinstance(e.args[0], Exception) else e
    name = type(inner).__name__
    if "Password" in name or "Encrypt" in name:
        return "encrypted PDF, needs a password"
    if name in ("PSEOF",) or "EOF" in str(inner):
        return "truncated PDF (unexpected end of file)"
    return f"corrupt PDF ({name}: {str(inner)[:80]})" if str(inner) else f"corrupt PDF ({name})"


_ocr_found: list[Optional[Callable]] = []


def _ocr_function() -> Optional[Callable]:
    """The OCR entry point, or None without OCR; imported when a page first needs it (OpenCV is slow to load)."""
    if not _ocr_found:
        try:
            # deferred on purpose: the OCR reader loads OpenCV and Tesseract, which a text-layer page never needs
            from extractor.readers.ocr import ocr_pdf_page_carry
        except Exception:
            _ocr_found.append(None)
        else:
            _ocr_found.append(ocr_pdf_page_carry)
    return _ocr_found[0]


class _PageOut:
    """A text-layer page before document-wide passes (footnote chain, margins, running headers, order)."""

    def __init__(self, page: Page, items: list[tuple[float, float, Any]],
                 note_block: Optional[list[Seg]] = None, refs: Optional[set[int]] = None) -> None:
        self.page = page
        self.items = items  # (top, x0, Line|Table)
        # segments under the footnote rule, parsed once the previous page's note is known
        self.note_block = note_block or []
        self.refs = refs or set()  # note numbers referenced in the body
        self.open_cols: Optional[tuple] = None  # (columns, roles) of a rule-less table running off the page's foot


def _scan_pages(pdf: Any, indices: Iterable[int], ocr: str) -> list[tuple[bool, Any]]:
    """(usable text layer, _PageOut or an ("ocr", index) placeholder) for each page index."""
    out: list[tuple[bool, Any]] = []
    for idx in indices:
        page = in_reading_orientation(pdf.pages[idx])
        try:
            chars = with_widget_chars(page.chars, page)  # a signing tool's number and date live in annotations
            usable = page_text_usable(chars)
            # a short clean text layer on a page without images (a signature page) has nothing more to OCR
            want_ocr = ocr == "always" or (
                ocr == "auto" and not usable
                and (bool(page.images) or any(_is_garbage(c["text"]) for c in chars if c["text"]))
            ) or (ocr == "auto" and usable and bool(page.images) and scan_under_text(page, chars))
            if want_ocr and _ocr_function() is not None:
                out.append((usable, ("ocr", idx)))
            elif not usable and not any(not c["text"].isspace() and not _is_garbage(c["text"]) for c in chars):
                blank = Page(number=idx + 1, width=float(page.width), height=float(page.height))
                out.append((usable, _PageOut(blank, [])))
            else:
                done = _read_page(page, idx + 1, chars)
                if left_to_right_share(chars) < 0.5:  # neither as displayed nor as written
                    done.page.notes.append("orientation not settled: most of its text does not run left to right")
                out.append((usable, done))
        except InputError:
            raise
        except Exception as e:
            raise InputError(f"corrupt PDF, page {idx + 1} unreadable ({type(e).__name__})") from None
        finally:
            page.close()
    return out


def _continue_unruled(pdf: Any, scanned: list[tuple[bool, Any]]) -> None:
    """Read again, with the columns known, a page after one that ended inside a table without
    vertical rules, so rows continued without a repeated header are found. Rare, and one page each."""
    for i in range(len(scanned) - 1):
        o, (usable, nxt) = scanned[i][1], scanned[i + 1]
        if not (isinstance(o, _PageOut) and o.open_cols and isinstance(nxt, _PageOut)):
            continue
        if nxt.items and isinstance(min(nxt.items, key=lambda it: it[0])[2], Table):
            continue  # the next page opens with a table of its own (a repeated header was found)
        page = in_reading_orientation(pdf.pages[i + 1])
        try:
            scanned[i + 1] = (usable, _read_page(page, i + 2, page.chars, carry=o.open_cols))
        finally:
            page.close()


def read_pdf(path: str, ocr: str = "auto", workers: Optional[int] = None) -> Document:
    """Read a PDF into the page model; OCR pages without a usable text layer when ``ocr`` allows it.

    ``workers``: processes that read pages (None: automatic, see ``worker_count``; 1: sequential).
    The Document is the same whichever way the pages were read.
    """
    if ocr not in ("auto", "always", "never"):
        raise ValueError(f"ocr must be auto, always or never, not {ocr!r}")
    pdf = _open(path)
    n_pages = len(pdf.pages)
    doc = Document(source=path, format="pdf", page_count=n_pages)
    n_workers = worker_count(workers, n_pages)
    try:
        if n_workers > 1:
            scanned = scan_parallel(pdf, path, n_pages, ocr, n_workers, _open, _scan_pages)
        else:
            scanned = _scan_pages(pdf, range(n_pages), ocr)
        _continue_unruled(pdf, scanned)
    finally:
        pdf.close()

    outs: list[Any] = [o for _u, o in scanned]  # _PageOut, or ("ocr", index) placeholders
    usable_pages = sum(u for u, _o in scanned)
    ocr_pages = [o[1] + 1 for o in outs if isinstance(o, tuple)]
    if usable_pages == 0 and not ocr_pages:
        raise InputError("no text layer, needs OCR (run with --ocr auto)" if ocr == "never"
                         else "no text on any page, and no page image to read by OCR")
    ocr_fn = _ocr_function() if ocr_pages else None
    ocr_pages_done: set[int] = set()  # page indices OCR'd so far: a carry goes only to the page right after

    # footnotes: text above a page's first note number continues the previous page's last note
    last_note: Optional[Footnote] = None
    for o in outs:
        if isinstance(o, _PageOut) and o.note_block and o.page.number is not None:  # a PDF page has its number
            notes = parse_footnotes(o.note_block, o.page.number, last_note, o.refs)
            if notes:
                o.page.footnotes = [n for n in notes if n is not last_note]
                last_note = notes[-1]

    text_outs = [o for o in outs if isinstance(o, _PageOut)]
    _drop_running_lines(text_outs, len(outs))
    left, right = _margins(text_outs)

    order = 0
    carry = None  # columns of a table without vertical rules that the last OCR page ran off its foot
    for o in outs:
        if isinstance(o, tuple):
            try:
                # pages are OCR'd in order, so a scan's table continues like a text layer's (_continue_unruled)
                if ocr_fn is None:  # the pages to OCR were chosen where OCR is available
                    raise RuntimeError("OCR unavailable")
                pg, carry = ocr_fn(path, o[1], order, carry=carry if o[1] - 1 in ocr_pages_done else None)
                ocr_pages_done.add(o[1])
            except InputError:
                raise
            except Exception as e:
                raise InputError(f"OCR failed on page {o[1] + 1} ({type(e).__name__}: {str(e)[:80]})") from None
            pg.number = o[1] + 1
            pg.text_source = "ocr"
            items = sorted([*pg.lines, *pg.tables], key=lambda it: it.order)
            for it in items:
                it.order = order
                order += 1
            doc.pages.append(pg)
            continue
        for _top, _x0, it in _reading_order(o.items):
            it.order = order
            order += 1
            if isinstance(it, Line):
                _finish_line(it, left, right)
        doc.pages.append(o.page)
    doc.meta["ocr_pages"] = ocr_pages
    doc.meta["margins"] = (left, right)
    if ocr == "always" and _ocr_function() is None:
        doc.meta["ocr_unavailable"] = True
    return doc


def _read_page(page: Any, number: int, chars: list[dict], carry: Optional[tuple] = None) -> _PageOut:
    """One text-layer page. ``carry``: the columns of a table without vertical rules that the previous
    page ended in."""
    width, height = float(page.width), float(page.height)
    out_page = Page(number=number, width=width, height=height, text_source="text-layer")
    mend_soft_hyphens(page, chars)  # a legacy font's "ư" that pdfminer reads as a space
    upright, rotated = read_glyphs(chars, space_widths(page, chars))
    tables = find_tables(page)
    if tables:
        upright, rotated = take_into_tables(upright, tables), take_into_tables(rotated, tables)
        tables = [split_tall_rows(t) for t in tables]
    segs = build_segments(upright)
    segs.extend(rotated_segments(rotated))
    page_size = dominant_size([g for s in segs for g in s.glyphs]) if segs else 12.0

    # page numbers: a lone number as the first or last text of the page, in the top/bottom band
    # (unless a table without vertical rules claims it as a cell)
    furniture: list[Seg] = []
    if segs:
        by_top = sorted(segs, key=lambda s: s.top)
        for s in {id(by_top[0]): by_top[0], id(by_top[-1]): by_top[-1]}.values():
            if (s.top < 0.12 * height or s.bottom > 0.85 * height) and is_page_number(s.text):
                furniture.append(s)
    segs, open_cols = take_unruled_tables(page, segs, tables, carry, furniture)
    segs = [s for s in segs if not any(s is f for f in furniture)]

    rule_y = footnote_rule_y(page, segs, tables)
    body, block = split_footnote_zone(segs, page, rule_y, page_size)
    refs = {int(n) for s in body for n in _REF_RE.findall(s.text)}
    for s in block:
        s.glyphs = []  # parsed later (in the parent process, when read in parallel): keep it light

    items: list[tuple[float, float, Any]] = []
    for s in body:
        ln = Line(
            text=s.text,
            page=number,
            box=(round(s.x0, 2), round(s.top, 2), round(s.x1, 2), round(s.bottom, 2)),
            size=s.size,
            bold=s.bold,
            italic=s.italic,
            lead_emph=lead_emph(s),
            source="text-layer",
        )
        out_page.lines.append(ln)
        items.append((s.top, s.x0, ln))
    for t in tables:
        tb = t.to_table(number)
        out_page.tables.append(tb)
        items.append((t.ys[0], t.xs[0], tb))  # the top left corner of tb.box
    out = _PageOut(out_page, items, block, refs)
    out.open_cols = open_cols
    return out


def _reading_order(items: list[tuple[float, float, Any]]) -> list[tuple[float, float, Any]]:
    """Top to bottom; items whose tops are within 3 pt are one row, read left to right."""
    items = sorted(items, key=lambda t: t[0])
    out: list[tuple[float, float, Any]] = []
    row: list[tuple[float, float, Any]] = []
    for it in items:
        if row and it[0] - row[0][0] > 3:
            out.extend(sorted(row, key=lambda t: t[1]))
            row = []
        row.append(it)
    out.extend(sorted(row, key=lambda t: t[1]))
    return out


def _drop_running_lines(outs: list[_PageOut], n_pages: int) -> None:
    """Drop running headers/footers: the same text (digits aside) in the top or bottom band of many pages."""
    if len(outs) < 3:
        return
    seen: dict[str, set[int]] = {}
    for o in outs:
        h = o.page.height or 842.0
        for _t, _x, it in o.items:
            if isinstance(it, Line) and _in_running_band(it, h) and o.page.number is not None:
                seen.setdefault(_normkey(it.text), set()).add(o.page.number)
    need = max(3, int(0.5 * len(outs) + 0.5))
    running = {k for k, v in seen.items() if len(v) >= need}
    if not running:
        return
    for o in outs:
        h = o.page.height or 842.0
        keep = []
        for t, x, it in o.items:
            if isinstance(it, Line) and _in_running_band(it, h) and _normkey(it.text) in running:
                o.page.lines.remove(it)
                continue
            keep.append((t, x, it))
        o.items = keep


def _in_running_band(ln: Line, h: float) -> bool:
    """The line sits in the top or bottom band of a page ``h`` points high, where running headers are."""
    return ln.box is not None and (ln.box[1] < 0.09 * h or ln.box[3] > 0.93 * h)


def _margins(outs: list[_PageOut]) -> tuple[float, float]:
    """The body text's left and right edges: the most common line x0 and x1 across the document.

    Table boxes count too (a table usually spans the text area), which keeps the
    estimate sane for an annex made of one title and one big table.
    """
    x0s: dict[int, list[float]] = {}
    x1s: dict[int, list[float]] = {}
    n = 0
    for o in outs:
        boxes = [ln.box for ln in o.page.lines if ln.box and len(ln.text) > 3]
        boxes += [t.box for t in o.page.tables if t.box]
        for b in boxes:
            x0s.setdefault(round(b[0]), []).append(b[0])
            x1s.setdefault(round(b[2]), []).append(b[2])
            n += 1
    if not n:
        return 0.0, 0.0

    def mode(d: dict[int, list[float]], pick: Callable) -> float:
        # neighbouring integer buckets are one edge (x0 = 84.96 and 85.02 round apart)
        best = max(d, key=lambda k: len(d[k]) + len(d.get(k - 1, [])) + len(d.get(k + 1, [])))
        vals = d[best] + d.get(best - 1, []) + d.get(best + 1, [])
        if len(vals) >= 3 and len(vals) >= 0.2 * n:
            return sum(vals) / len(vals)
        return pick(v for vs in d.values() for v in vs)

    left = mode(x0s, min)
    right = mode(x1s, max)
    if right <= left + 50:
        right = max(v for vs in x1s.values() for v in vs)
    return round(left, 1), round(right, 1)


def _finish_line(ln: Line, left: float, right: float) -> None:
    """Indent from the body margin and a guess at alignment."""
    if ln.box is None:  # a text-layer line has its box
        return
    x0, _t, x1, _b = ln.box
    ln.indent = round(x0 - left, 1)
    width = right - left
    if width <= 0:
        return
    tol = max(2.5, 0.01 * width)
    if x0 <= left + tol and x1 >= right - tol:
        ln.align = "justify"
    elif x0 > left + 8 and abs((x0 - left) - (right - x1)) <= max(3.0, 0.05 * ((x0 - left) + (right - x1))):
        ln.align = "center"
    elif x1 >= right - tol and x0 > left + 0.25 * width:
        ln.align = "right"
    else:
        ln.align = "left"
