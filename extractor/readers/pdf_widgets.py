"""Text that annotations draw on a PDF page: the filled-in number and date of a signed report.

Vietnam's e-signature tools (VNPT SmartCA, Viettel-CA, ...) stamp ``Số: 184 /BC-SNV`` and ``ngày 06 tháng 11``
into the page *after* the body was printed, as the normal appearance (``/AP /N``) of widget annotations
(signature or text fields). Every viewer and ``pdftotext`` draw those appearances, but a page's content
stream does not hold them, so pdfplumber's ``page.chars`` misses them and the header comes out as
``/BC-SNV``. This module draws each visible appearance with pdfminer's own interpreter, into characters in
the same form as ``page.chars`` and in page coordinates, so the reader puts them on the line where a reader
of the page sees them. A field with no appearance stream gives its value (``/V``) instead, at its box.
"""

from __future__ import annotations

from typing import Any, Optional

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar, LTComponent, LTContainer
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.psparser import PSLiteral
from pdfminer.utils import apply_matrix_pt, mult_matrix

Matrix = tuple[float, float, float, float, float, float]

HIDDEN = 1 << 1  # annotation flags (PDF 32000, 12.5.3): Hidden
NO_VIEW = 1 << 5  # NoView
DRAWN = {"Widget", "FreeText", "Stamp"}  # annotation kinds whose appearance can carry printed text


def _name(x: Any) -> str:
    x = resolve1(x)
    if isinstance(x, PSLiteral):
        return str(x.name)
    return x.decode("latin-1") if isinstance(x, bytes) else str(x or "")


def _appearance_matrix(stream: PDFStream, rect: list[float]) -> Optional[Matrix]:
    """PDF 32000 12.5.5 (algorithm 8.1): the form's BBox, transformed by its Matrix, is fitted onto the
    annotation's Rect; that fit, after the form's own Matrix, is the appearance's CTM."""
    bbox = [float(v) for v in resolve1(stream.get("BBox") or [0, 0, 0, 0])]
    m: Matrix = tuple(float(v) for v in resolve1(stream.get("Matrix") or [1, 0, 0, 1, 0, 0]))  # type: ignore[assignment]
    corners = [apply_matrix_pt(m, (x, y)) for x in (bbox[0], bbox[2]) for y in (bbox[1], bbox[3])]
    bx0, by0 = min(c[0] for c in corners), min(c[1] for c in corners)
    bx1, by1 = max(c[0] for c in corners), max(c[1] for c in corners)
    if bx1 - bx0 <= 0 or by1 - by0 <= 0:
        return None
    rx0, ry0, rx1, ry1 = min(rect[0], rect[2]), min(rect[1], rect[3]), max(rect[0], rect[2]), max(rect[1], rect[3])
    sx, sy = (rx1 - rx0) / (bx1 - bx0), (ry1 - ry0) / (by1 - by0)
    fit: Matrix = (sx, 0.0, 0.0, sy, rx0 - bx0 * sx, ry0 - by0 * sy)
    return mult_matrix(m, fit)


def _chars_of(layout: LTComponent) -> list[LTChar]:
    out: list[LTChar] = []
    stack: list[Any] = [layout]
    while stack:
        item = stack.pop()
        if isinstance(item, LTChar):
            out.append(item)
        elif isinstance(item, LTContainer):
            stack.extend(item)
    return out


def widget_chars(page: Any) -> list[dict]:
    """Characters drawn by the visible annotations of a pdfplumber page, as ``page.chars`` gives them
    (keys text, fontname, size, matrix, upright, x0, x1, y0, y1, top, bottom, width, height, adv)."""
    annots = resolve1(page.page_obj.annots) if page.page_obj.annots else None
    if not annots:
        return []
    height = float(page.height)
    mb = page.page_obj.mediabox
    page_ctm: Matrix = (1.0, 0.0, 0.0, 1.0, -float(mb[0]), -float(mb[1]))
    rsrc = PDFResourceManager(caching=True)
    device = PDFPageAggregator(rsrc, laparams=None)
    interp = PDFPageInterpreter(rsrc, device)
    out: list[dict] = []
    for ref in annots:
        a = resolve1(ref)
        if not isinstance(a, dict) or _name(a.get("Subtype")) not in DRAWN:
            continue
        if int(resolve1(a.get("F")) or 0) & (HIDDEN | NO_VIEW):
            continue
        rect = [float(v) for v in resolve1(a.get("Rect") or [0, 0, 0, 0])]
        ap = resolve1(a.get("AP"))
        normal = resolve1(ap.get("N")) if isinstance(ap, dict) else None
        if isinstance(normal, dict):  # appearance states (a check box): the one named by /AS
            normal = resolve1(normal.get(_name(a.get("AS")))) if a.get("AS") else None
        if not isinstance(normal, PDFStream):
            continue
        ctm = _appearance_matrix(normal, rect)
        if ctm is None:
            continue
        device.begin_page(page.page_obj, page_ctm)
        try:
            interp.render_contents(resolve1(normal.get("Resources")) or page.page_obj.resources, [normal],
                                   ctm=mult_matrix(ctm, page_ctm))
        except Exception:  # noqa: BLE001 - a broken appearance draws nothing, as in a viewer
            continue
        finally:
            device.end_page(page.page_obj)
        for c in _chars_of(device.get_result()):
            text = c.get_text()
            if not text or text.startswith("(cid:"):
                continue
            out.append({
                "text": text, "fontname": c.fontname, "size": c.size, "matrix": c.matrix, "upright": c.upright,
                "adv": c.adv, "x0": c.x0, "x1": c.x1, "y0": c.y0, "y1": c.y1, "width": c.width,
                "height": c.height, "top": height - c.y1, "bottom": height - c.y0, "annotation": True,
            })
    return out


def with_widget_chars(chars: list[dict], page: Any) -> list[dict]:
    """The page's characters with the annotations' drawn over them. A blank the signing tool filled was
    printed as space characters: those under a drawn character go, or '184' would read '1 8 4'."""
    drawn = [c for c in widget_chars(page) if not c["text"].isspace()]
    if not drawn:
        return chars

    def covered(c: dict) -> bool:
        return any(c["x0"] < d["x1"] and d["x0"] < c["x1"] and c["top"] < d["bottom"] and d["top"] < c["bottom"]
                   for d in drawn)

    return [c for c in chars if not (c["text"].isspace() and covered(c))] + drawn
