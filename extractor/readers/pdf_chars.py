"""pdfplumber's object pass with a fast path for plain characters (most of a page's objects).

``FastCharPage`` is a pdfplumber ``Page`` whose ``process_object`` (the documented per-object hook
that builds each object's dict) builds a character's dict directly instead of walking every
attribute generically; anything unusual goes to pdfplumber's own method. ``fast_chars`` gives a
page of the PDF as such a page.
"""

from __future__ import annotations

from typing import Any

from pdfminer.layout import LTChar
from pdfplumber.page import ALL_ATTRS, Page
from pdfplumber.utils import resolve_and_decode

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
