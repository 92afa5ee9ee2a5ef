"""pdfplumber's object pass with a fast path for plain characters (most of a page's objects).

``FastCharPage`` is a pdfplumber ``Page`` whose ``process_object`` (the documented per-object hook
that builds each object's dict) builds a character's dict directly instead of walking every
attribute generically; anything unusual goes to pdfplumber's own method. ``fast_chars`` gives a
page of the PDF as such a page.
"""

from __future__ import annotations

from statistics import median
from typing import Any, Iterator, Optional

from pdfminer.layout import LTChar
from pdfminer.pdffont import PDFFont
from pdfminer.pdftypes import PDFObjRef, resolve1
from pdfminer.psparser import PSLiteral
from pdfplumber.page import ALL_ATTRS, Page
from pdfplumber.utils import resolve_and_decode

from extractor.vntext.encoding import font_encoding

_PLAIN = (float, int, bool, str, type(None))
_NCS_NAMES: dict[str, Any] = {}
# pdfminer's LTChar attributes pdfplumber keeps, in pdfminer's order; all but the last
# two are numbers pdfminer computed (or its font name), so only those two need a look
_CHAR_KEYS = ("matrix", "fontname", "adv", "upright", "x0", "y0", "x1", "y1", "width", "height", "size", "mcid", "tag")
_char_specs: dict[tuple, bool] = {}  # an LTChar's attribute names -> whether they are _CHAR_KEYS' layout


def _char_layout(keys: tuple) -> bool:
    got = _char_specs.get(keys)
    if got is None:
        got = _char_specs[keys] = tuple(k for k in keys if k in ALL_ATTRS) == _CHAR_KEYS
    return got


class FastCharPage(Page):
    """A pdfplumber page whose object pass builds a plain character's dict directly."""

    def process_object(self, obj: Any) -> dict:
        """pdfplumber's ``Page.process_object`` for a plain character, without its generic per-attribute walk.

        Gives the very dict pdfplumber would (same keys, order and values; a test holds it to
        that) at a fraction of the cost; anything unusual (a non-character, an attribute layout
        of another pdfminer version, a font name in bytes, a PDF reference as marked-content
        id, Unicode normalisation asked for) goes to pdfplumber's own code.
        """
        if obj.__class__ is not LTChar or self.pdf.unicode_norm is not None:
            return super().process_object(obj)
        d = obj.__dict__
        fontname, mcid, tag = d.get("fontname"), d.get("mcid"), d.get("tag")
        if (
            fontname.__class__ is not str
            or mcid.__class__ not in _PLAIN
            or tag.__class__ not in _PLAIN
            or d["matrix"].__class__ is not tuple
            or not _char_layout(tuple(d))
        ):
            return super().process_object(obj)
        attr = {
            "matrix": d["matrix"], "fontname": fontname, "adv": d["adv"], "upright": d["upright"],
            "x0": d["x0"], "y0": d["y0"], "x1": d["x1"], "y1": d["y1"], "width": d["width"], "height": d["height"],
            "size": d["size"], "mcid": mcid, "tag": tag, "object_type": "char", "page_number": self.page_number,
        }
        for cs in ("ncs", "scs"):
            if hasattr(obj, cs):
                name = getattr(obj, cs).name
                got = _NCS_NAMES.get(name) if name.__class__ is str else None
                if got is None:
                    got = resolve_and_decode(name)
                    if name.__class__ is str:
                        _NCS_NAMES[name] = got
                attr[cs] = got
        attr["text"] = obj.get_text()
        gs = obj.graphicstate
        attr["stroking_color"] = gs.scolor if isinstance(gs.scolor, tuple) else (gs.scolor,)
        attr["non_stroking_color"] = gs.ncolor if isinstance(gs.ncolor, tuple) else (gs.ncolor,)
        mb_x0, mb_top = self.mediabox[:2]
        top = (self.height - attr["y1"]) + mb_top
        attr["top"] = top
        attr["bottom"] = (self.height - attr["y0"]) + mb_top
        attr["doctop"] = self.initial_doctop + top
        if mb_x0 != 0:
            attr["x0"] = attr["x0"] + mb_x0
            attr["x1"] = attr["x1"] + mb_x0
        return attr


def fast_chars(page: Page) -> FastCharPage:
    """The same page of the same PDF as a ``FastCharPage`` (nothing of it is parsed yet)."""
    return FastCharPage(page.pdf, page.page_obj, page_number=page.page_number, initial_doctop=page.initial_doctop)


def left_to_right_share(chars: list[dict]) -> float:
    """The share of visible characters set left to right on a horizontal baseline, as a reader sees the
    page: their matrix runs +x (a > 0, b ~ 0). Upside-down (a < 0) and sideways text do not count."""
    ink = [c for c in chars if c["text"] and not c["text"].isspace()]
    if not ink:
        return 1.0
    ok = sum(1 for c in ink if c["matrix"][0] > 0 and abs(c["matrix"][1]) <= 0.2 * c["matrix"][0])
    return ok / len(ink)


def in_reading_orientation(page: Page) -> FastCharPage:
    """``fast_chars(page)``, with the page's ``/Rotate`` dropped when that is what sets its text upright.

    A page rotated for display (``/Rotate 90``, ``180``, ``270``) over content written the normal way
    reads, in display coordinates, backwards or sideways (``.ưt uầĐ àv hcạoh ếK``); a page whose rotation
    turns sideways content upright reads right only with it. The characters decide: the rotation is kept
    when most of them run left to right with it, else the page is read as its content was written.
    """
    fp = fast_chars(page)
    if not fp.rotation or left_to_right_share(fp.chars) >= 0.5:
        return fp
    obj = page.page_obj
    kept_attrs, kept_rotate = obj.attrs, obj.rotate
    obj.attrs, obj.rotate = {**obj.attrs, "Rotate": 0}, 0
    flat = fast_chars(page)
    if left_to_right_share(flat.chars) > left_to_right_share(fp.chars):
        fp.close()
        return flat
    flat.close()
    obj.attrs, obj.rotate = kept_attrs, kept_rotate
    return fp


def space_widths(page: Page, chars: list[dict]) -> dict[str, float]:
    """Each font's space advance in em, by font name: what a word gap is measured against.

    A space glyph drawn on the page tells it best (its box is the font's advance for the space,
    horizontal scaling included, character and word spacing not); a font that draws no space (a
    writer that places every glyph on its own and leaves word gaps empty) tells it by its own
    metrics, the width of the code that maps to a space (``/Widths`` or a CID font's ``/W``).
    A font whose metrics give no space width is absent: the caller falls back on an estimate.
    """
    seen: dict[str, list[float]] = {}
    for c in chars:
        if c["text"] == " " and c["size"] and c["upright"]:
            seen.setdefault(c["fontname"], []).append((c["x1"] - c["x0"]) / c["size"])
    out = {f: median(ws) for f, ws in seen.items() if median(ws) > 0}
    try:
        for font in _page_fonts(page):
            name = font.fontname
            if isinstance(name, str) and name not in out:
                w = _font_space_em(font)
                if w is not None:
                    out[name] = w
    except Exception:  # a damaged font dictionary: the glyphs are read all the same, without its metrics
        pass
    return out


def mend_soft_hyphens(page: Page, chars: list[dict]) -> None:
    """Give back code 0xAD its own character where pdfminer read it as a space.

    pdfminer's WinAnsiEncoding maps 0xAD (the soft hyphen) to "space". A legacy TCVN3 font draws
    "ư" there, in nearly every other word (người, nước, được): read as a space glyph it splits the
    word ("ng ời"). A "space" of a font named as TCVN3 whose advance is that of code 0xAD, not that
    of its space, is that code: it reads as U+00AD, which the TCVN3 codec turns into "ư". Other fonts,
    fonts with a ToUnicode map, and fonts whose two codes are equally wide are left alone.
    """
    wide: dict[str, tuple[float, float]] = {}  # font name -> (advance em of 0xAD, of the space)
    try:
        for font in _page_fonts(page):
            c2u = getattr(font, "cid2unicode", None)
            if (not c2u or c2u.get(0xAD) != " " or getattr(font, "unicode_map", None) is not None
                    or not isinstance(font.fontname, str) or font_encoding(font.fontname) != "tcvn3"):
                continue
            w_ad, w_sp = font.widths.get(0xAD), font.widths.get(0x20)
            if isinstance(w_ad, (int, float)) and isinstance(w_sp, (int, float)) and w_ad > 0 and w_sp > 0:
                if abs(w_ad - w_sp) > 0.1 * max(w_ad, w_sp):
                    wide[font.fontname] = (w_ad * font.hscale, w_sp * font.hscale)
    except Exception:  # a damaged font dictionary: its glyphs keep pdfminer's reading
        return
    if not wide:
        return
    for c in chars:
        if c["text"] == " " and c["fontname"] in wide and c["size"]:
            w_ad, w_sp = wide[c["fontname"]]
            em = (c["x1"] - c["x0"]) / c["size"]
            if abs(em - w_ad) < abs(em - w_sp):
                c["text"] = "\xad"


def _page_fonts(page: Page) -> Iterator[PDFFont]:
    """The fonts of a page's resources and of its form XObjects' (one level down), as pdfminer
    built them to read the page (its resource manager keeps them by object id)."""
    res = resolve1(page.page_obj.resources) or {}
    stacks = [res]
    xobjects = resolve1(res.get("XObject")) or {}
    for ref in xobjects.values():
        xo = resolve1(ref)
        attrs = getattr(xo, "attrs", None)
        if attrs and isinstance(attrs.get("Subtype"), PSLiteral) and attrs["Subtype"].name == "Form":
            sub = resolve1(attrs.get("Resources"))
            if isinstance(sub, dict):
                stacks.append(sub)
    done: set[int] = set()
    for r in stacks:
        fonts = resolve1(r.get("Font")) or {}
        for ref in fonts.values():
            objid = ref.objid if isinstance(ref, PDFObjRef) else None
            spec = resolve1(ref)
            if not isinstance(spec, dict) or (objid is not None and objid in done):
                continue
            if objid is not None:
                done.add(objid)
            yield page.pdf.rsrcmgr.get_font(objid, spec)


def _font_space_em(font: PDFFont) -> Optional[float]:
    """The advance (em) of the code that ``font`` maps to a space, when its metrics state one."""
    codes: list[int] = []
    umap = getattr(font, "unicode_map", None)
    for cid, u in (getattr(umap, "cid2unichr", None) or {}).items():
        if u == " ":
            codes.append(cid)
    for cid, u in (getattr(font, "cid2unicode", None) or {}).items():
        if u == " ":
            codes.append(cid)
    if not codes and not font.is_multibyte():
        codes.append(32)
    for cid in codes:
        w = font.widths.get(cid)
        if w is None:
            w = font.widths.get(" ")  # the standard 14 fonts' metrics are keyed by character
        try:
            em = float(w) * font.hscale if w is not None else 0.0
        except (TypeError, ValueError):
            continue
        if 0.0 < em <= 1.5:
            return em
    return None
