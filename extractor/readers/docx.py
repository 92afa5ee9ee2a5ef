"""DOCX reader: WordprocessingML into the page model.

The package is opened with python-docx's OPC layer (package reader, parts,
relationships: the main document and the styles, numbering, footnotes and theme
parts it relates to), after a ZIP-bomb guard on the declared sizes, every part
inflated in capped chunks that stop at its declared size. The XML of
those parts is then walked with lxml in one pass over the body: python-docx's
object layer is too slow for 100-page reports and has no API for footnotes,
numbering labels, fields or tracked changes. What a reader of the printed page
would see is what we emit:

* Word's automatic list numbers are put back in front of the paragraph text
  (``docx_numbering``), so "1.2. Tiêu đề" reads the same as in the PDF.
* Tracked changes read as accepted; page-number fields, headers, footers and
  comments are dropped; footnote references become ``[^n]``.
* Borderless header/signature tables become ``Line`` objects that say where
  Word holds them (``CellPlace``: table, row, column, paragraph, the cell's
  edges from the table grid); body paragraphs carry their index (``para``).
  Nothing is given a page box: Word has none. Everything else becomes a
  ``Table`` with an honest merged grid.
* Every run goes through ``to_unicode`` with its resolved font name, so legacy
  TCVN3/VNI text is converted before anything else sees it.
"""

from __future__ import annotations

import copy
import io
import posixpath
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import IO, Optional, Union

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.package import OpcPackage, Unmarshaller
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.opc.pkgreader import PackageReader
from lxml import etree

from extractor import grammar
from extractor.errors import InputError
from extractor.model import DOCX, Cell, CellPlace, Document, Footnote, Line, Page, Table
from extractor.readers.docx_numbering import Numbering
from extractor.vntext.encoding import to_unicode
from extractor.vntext.marks import strip_marks

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"

# Refuse archives that would expand beyond these (checked on the declared sizes, before parsing).
MAX_PART_BYTES = 200 * 1024 * 1024
MAX_TOTAL_BYTES = 400 * 1024 * 1024
# a bold/italic opening at least this long is a run-in title (not a bold word or a number)
LEAD_EMPH_MIN_CHARS = 8
MAX_RATIO = 200  # uncompressed / compressed, for parts large enough to matter
MAX_ENTRIES = 20000

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PAGE_FIELDS = {"PAGE", "NUMPAGES", "SECTIONPAGES", "PAGEREF"}
_FALSE = {"0", "false", "off", "none"}
_NO_BORDER = {"nil", "none"}
_BORDER_SIDES = ("top", "left", "bottom", "right", "start", "end", "insideH", "insideV")

# python-docx shows Word's built-in style names capitalised ("heading 1" -> "Heading 1"); so do we.
_BUILTIN_LOWER = re.compile(r"^(heading \d|title|subtitle|normal|caption|footnote text|header|footer|"
                            r"list paragraph|toc \d|body text( \d)?|list( bullet| number)?( \d)?)$")


def _on(el) -> Optional[bool]:
    """A toggle property (w:b, w:i, w:vanish): None when absent."""
    if el is None:
        return None
    return el.get(W + "val", "1").lower() not in _FALSE


def _twips(s: Optional[str]) -> float:
    if not s:
        return 0.0
    try:
        return float(s)
    except ValueError:
        return 0.0


def _fold(s: str) -> str:
    """Lowercase without diacritics, for keyword tests that must survive spelling variants."""
    return strip_marks(s).lower()


#: grid columns narrower than this (points) are editing slivers, not columns
_SLIVER_PT = 2.0


@dataclass
class _RProps:
    bold: Optional[bool] = None
    italic: Optional[bool] = None
    font: Optional[str] = None
    size: Optional[float] = None
    vanish: Optional[bool] = None

    def over(self, top: "_RProps") -> "_RProps":
        """``top`` wins where it says something."""
        return _RProps(
            top.bold if top.bold is not None else self.bold,
            top.italic if top.italic is not None else self.italic,
            top.font if top.font is not None else self.font,
            top.size if top.size is not None else self.size,
            top.vanish if top.vanish is not None else self.vanish,
        )


@dataclass
class _Style:
    sid: str
    name: str
    kind: str
    based_on: Optional[str]
    ppr: Optional[etree._Element]
    rpr: Optional[etree._Element]
    tblpr: Optional[etree._Element]


@dataclass
class _PStyle:
    """A paragraph style with its basedOn chain resolved."""

    name: Optional[str] = None
    num_id: Optional[str] = None
    ilvl: Optional[int] = None
    jc: Optional[str] = None
    ind: dict = field(default_factory=dict)
    rprops: _RProps = field(default_factory=_RProps)


@dataclass
class _Para:
    text: str
    bold: bool = False
    italic: bool = False
    size: Optional[float] = None
    style: Optional[str] = None
    align: Optional[str] = None
    indent: float = 0.0
    numbered: bool = False
    lead_emph: bool = False
    boxes: list["_Para"] = field(default_factory=list)  # text-box paragraphs anchored here


@dataclass
class _TCell:
    paras: list[_Para]
    span: int = 1
    vmerge: Optional[str] = None  # 'restart' | 'continue' | None
    hmerge: Optional[str] = None
    bordered: bool = False


@dataclass
class _TRow:
    cells: list[_TCell]
    header: bool = False
    before: int = 0
    after: int = 0


@dataclass
class _TBuild:
    table: Table
    cell_paras: dict[int, list[_Para]]  # id(cell) -> paragraphs
    edges: list[float]  # column edges in points from the table's left, per merged-grid column
    borderless: bool
    nested: list["_TBuild"]
    index: int = 0  # the table's position among the document's tables (document order, outer before nested)


class _Reader:
    """One DOCX being read; holds styles, numbering, footnote numbering and the order counter."""

    def __init__(self, parts: dict[str, bytes], source: str):
        self.source = source
        self.parts = parts
        self.order = 0
        self.body_paras = 0  # body paragraphs seen so far (their index is Line.para)
        self.body_blocks = 0  # body paragraphs and tables seen so far (their index is Line/Table.block)
        self.n_tables = 0  # tables seen so far (their index is CellPlace.table)
        self.fonts: dict[str, int] = {}
        self.footnote_numbers: dict[str, int] = {}
        self.footnote_xml: dict[str, etree._Element] = {}
        self.theme_fonts: dict[str, str] = {}
        self.styles: dict[str, _Style] = {}
        self.default_pstyle: Optional[str] = None
        self.default_tstyle: Optional[str] = None
        self.defaults = _RProps()
        self._pcache: dict[Optional[str], _PStyle] = {}
        self._ccache: dict[Optional[str], _RProps] = {}
        self._rcache: dict[tuple, _RProps] = {}
        self._tcache: dict[Optional[str], dict[str, bool]] = {}
        self._in_footnote = False
        self._load_theme(parts.get("theme"))
        self._load_styles(parts.get("styles"))
        style_numpr: dict[str, tuple[Optional[str], Optional[int]]] = {}
        for sid in self.styles:
            ps = self.pstyle(sid)
            if ps.num_id:
                style_numpr[sid] = (ps.num_id, ps.ilvl)
        self.numbering = Numbering(_parse(parts["numbering"], "numbering") if parts.get("numbering") else None,
                                   style_numpr)
        if parts.get("footnotes"):
            root = _parse(parts["footnotes"], "footnotes")
            for fn in root.iter(W + "footnote"):
                if fn.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                fid = fn.get(W + "id")
                if fid is not None:
                    self.footnote_xml[fid] = fn

    # ----- styles -------------------------------------------------------------------------
    def _load_theme(self, data: Optional[bytes]) -> None:
        if not data:
            return
        try:
            root = _parse(data, "theme")
        except InputError:
            return
        for kind, tag in (("major", "majorFont"), ("minor", "minorFont")):
            el = root.find(f".//{A}{tag}/{A}latin")
            if el is not None and el.get("typeface"):
                self.theme_fonts[kind] = el.get("typeface")

    def _load_styles(self, data: Optional[bytes]) -> None:
        if not data:
            return
        root = _parse(data, "styles")
        rpr_default = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self.defaults = self._rprops(rpr_default)
        for st in root.findall(W + "style"):
            sid = st.get(W + "styleId")
            if not sid:
                continue
            name_el = st.find(W + "name")
            name = name_el.get(W + "val") if name_el is not None else sid
            if name and _BUILTIN_LOWER.match(name):
                name = " ".join(w[:1].upper() + w[1:] for w in name.split(" "))
            based = st.find(W + "basedOn")
            kind = st.get(W + "type", "paragraph")
            self.styles[sid] = _Style(sid, name or sid, kind, based.get(W + "val") if based is not None else None,
                                      st.find(W + "pPr"), st.find(W + "rPr"), st.find(W + "tblPr"))
            if st.get(W + "default") in ("1", "true", "on"):
                if kind == "paragraph":
                    self.default_pstyle = sid
                elif kind == "table":
                    self.default_tstyle = sid

    def _rprops(self, rpr) -> _RProps:
        """Run properties said by one w:rPr (one pass over its children)."""
        if rpr is None or len(rpr) == 0:
            return _RProps()
        out = _RProps()
        for ch in rpr:
            tag = ch.tag
            if tag == _B:
                out.bold = _on(ch)
            elif tag == _I:
                out.italic = _on(ch)
            elif tag == _RFONTS:
                font = ch.get(_ASCII) or ch.get(_HANSI)
                if not font:
                    theme = ch.get(W + "asciiTheme") or ch.get(W + "hAnsiTheme")
                    if theme:
                        font = self.theme_fonts.get("major" if theme.startswith("major") else "minor")
                out.font = font or None
            elif tag == _SZ:
                try:
                    out.size = float(ch.get(_VAL, "")) / 2
                except ValueError:
                    pass
            elif tag == _VANISH:
                out.vanish = _on(ch)
        return out

    def _chain(self, sid: Optional[str]) -> list[_Style]:
        """The style and its basedOn ancestors, root first."""
        out: list[_Style] = []
        seen = set()
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            out.append(self.styles[sid])
            sid = self.styles[sid].based_on
        return out[::-1]

    def pstyle(self, sid: Optional[str]) -> _PStyle:
        if sid in self._pcache:
            return self._pcache[sid]
        res = _PStyle()
        chain = self._chain(sid)
        if chain:
            res.name = chain[-1].name
        for st in chain:
            res.rprops = res.rprops.over(self._rprops(st.rpr))
            ppr = st.ppr
            if ppr is None:
                continue
            numpr = ppr.find(W + "numPr")
            if numpr is not None:
                nid = numpr.find(W + "numId")
                il = numpr.find(W + "ilvl")
                if nid is not None:
                    res.num_id = nid.get(W + "val")
                    res.ilvl = None
                if il is not None:
                    try:
                        res.ilvl = int(il.get(W + "val", "0"))
                    except ValueError:
                        pass
            jc = ppr.find(W + "jc")
            if jc is not None:
                res.jc = jc.get(W + "val")
            ind = ppr.find(W + "ind")
            if ind is not None:
                res.ind = _merge_ind(res.ind, ind)
        self._pcache[sid] = res
        return res

    def cstyle(self, sid: Optional[str]) -> _RProps:
        if sid in self._ccache:
            return self._ccache[sid]
        res = _RProps()
        for st in self._chain(sid):
            res = res.over(self._rprops(st.rpr))
        self._ccache[sid] = res
        return res

    def table_borders(self, sid: Optional[str]) -> dict[str, bool]:
        """Side -> visible, from a table style chain."""
        if sid in self._tcache:
            return self._tcache[sid]
        sides: dict[str, bool] = {}
        for st in self._chain(sid):
            if st.tblpr is not None:
                sides.update(_border_sides(st.tblpr.find(W + "tblBorders")))
        self._tcache[sid] = sides
        return sides

    def run_props(self, pstyle_id: Optional[str], rpr) -> _RProps:
        """Effective properties of a run: docDefaults < paragraph style < character style < direct."""
        cstyle_id = None
        if rpr is not None:
            rs = rpr.find(W + "rStyle")
            if rs is not None:
                cstyle_id = rs.get(W + "val")
        key = (pstyle_id, cstyle_id)
        base = self._rcache.get(key)
        if base is None:
            base = self.defaults.over(self.pstyle(pstyle_id).rprops).over(self.cstyle(cstyle_id))
            self._rcache[key] = base
        if rpr is None:
            return base
        return base.over(self._rprops(rpr))

    # ----- paragraphs ---------------------------------------------------------------------
    def para(self, p) -> _Para:
        """One w:p: its visible text (with Word's list label), formatting and text boxes."""
        ppr = p.find(W + "pPr")
        sid = None
        direct_num: Optional[str] = None
        direct_ilvl: Optional[int] = None
        jc = None
        ind_el = None
        if ppr is not None:
            ps = ppr.find(W + "pStyle")
            if ps is not None:
                sid = ps.get(W + "val")
            numpr = ppr.find(W + "numPr")
            if numpr is not None:
                nid = numpr.find(W + "numId")
                il = numpr.find(W + "ilvl")
                if nid is not None:
                    direct_num = nid.get(W + "val")
                if il is not None:
                    try:
                        direct_ilvl = int(il.get(W + "val", "0"))
                    except ValueError:
                        direct_ilvl = 0
            jce = ppr.find(W + "jc")
            if jce is not None:
                jc = jce.get(W + "val")
            ind_el = ppr.find(W + "ind")
        if sid is None or sid not in self.styles:
            sid = self.default_pstyle if sid is None or sid not in self.styles else sid
        pst = self.pstyle(sid)

        segs: list[tuple[str, Optional[str], bool, bool, Optional[float], bool]] = []
        boxes: list[_Para] = []
        fields: list[list] = []  # [instr, in_result, is_page]
        self._walk_inline(p, sid, segs, boxes, fields)

        # Convert legacy encodings font by font, joining neighbouring runs of one font first.
        parts: list[str] = []
        buf: list[str] = []
        buf_font: Optional[str] = None
        for text, font, _b, _i, _s, convert in segs:
            if convert and buf and font == buf_font:
                buf.append(text)
                continue
            if buf:
                parts.append(to_unicode("".join(buf), font=buf_font))
                buf = []
            if convert:
                buf, buf_font = [text], font
            else:
                parts.append(text)
        if buf:
            parts.append(to_unicode("".join(buf), font=buf_font))
        text = "".join(parts)

        # Bold/italic when every visible character is; size = dominant size by characters.
        n = nb = ni = 0
        sizes: dict[float, int] = {}
        for t, _f, b, i, s, convert in segs:
            if not convert:
                continue
            k = len(t) - t.count(" ")
            if k <= 0:
                continue
            n += k
            nb += k if b else 0
            ni += k if i else 0
            if s:
                sizes[s] = sizes.get(s, 0) + k
        size = max(sizes, key=sizes.__getitem__) if sizes else (self.defaults.size if n else None)
        # letters of the bold/italic run-in title that opens the paragraph (its number in any type)
        lead, letters = 0, False
        for t, _f, b, i, _s, convert in segs:
            if not convert:
                continue
            for ch in t:
                if ch.isspace() or (not letters and not ch.isalpha()):
                    continue
                letters = True
                if not (b or i):
                    break
                lead += 1
            else:
                continue
            break
        lead_emph = LEAD_EMPH_MIN_CHARS <= lead < n

        # Word's list label.
        num_id = direct_num if direct_num is not None else pst.num_id
        numbered = False
        level = None
        if num_id and num_id != "0" and not self._in_footnote:
            ilvl = direct_ilvl
            if ilvl is None:
                ilvl = pst.ilvl if direct_num is None else None
            if ilvl is None:
                ilvl = self.numbering.level_for_style(num_id, sid) or 0
            level = self.numbering.level(num_id, ilvl)
            # An empty list paragraph still prints its number and counts (Word shows "3." alone);
            # it is not emitted, but the items after it keep the numbers the page shows.
            got = self.numbering.next_label(num_id, ilvl)
            if text.strip():
                if got is not None:
                    label, suffix = got
                    if label:
                        sep = "" if suffix == "nothing" else " "
                        text = label + sep + text.lstrip()
                        numbered = True

        # Indentation: direct, else the list level's, else the style's.
        ind = dict(pst.ind)
        if level is not None and level.ind:
            ind.update(level.ind)
        if ind_el is not None:
            ind = _merge_ind(ind, ind_el)
        left = _twips(ind.get("left") or ind.get("start"))
        first = _twips(ind.get("firstLine")) - _twips(ind.get("hanging"))
        align = _ALIGN.get(jc or pst.jc or "left", "left")
        text = unicodedata.normalize("NFC", text.replace("\u00ad", "")).strip()
        return _Para(text=text, bold=n > 0 and nb == n, italic=n > 0 and ni == n, size=size,
                     style=pst.name, align=align, indent=round((left + first) / 20.0, 2),
                     numbered=numbered, lead_emph=lead_emph, boxes=boxes)

    def _walk_inline(self, el, sid, segs, boxes, fields) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == W + "r":
                self._run(child, sid, segs, boxes, fields)
            elif tag in _SKIP_INLINE:
                continue
            elif tag == W + "fldSimple":
                instr = (child.get(W + "instr") or "").strip().split(" ")[0].upper()
                if instr not in _PAGE_FIELDS:
                    self._walk_inline(child, sid, segs, boxes, fields)
            elif tag == MC + "AlternateContent":
                choice = child.find(MC + "Choice")
                self._walk_inline(choice if choice is not None else child, sid, segs, boxes, fields)
            elif tag == M + "t":
                if child.text:
                    segs.append((child.text, None, False, False, None, True))
            else:  # hyperlink, ins, moveTo, smartTag, sdt/sdtContent, customXml, math, bdo, dir
                self._walk_inline(child, sid, segs, boxes, fields)

    def _run(self, r, sid, segs, boxes, fields) -> None:
        rpr = r.find(W + "rPr")
        props = self.run_props(sid, rpr)
        hidden = bool(props.vanish)
        font = props.font
        bold, italic, size = bool(props.bold), bool(props.italic), props.size
        custom_mark: Optional[str] = None  # footnote id whose mark text follows in this run
        for ch in r:
            tag = ch.tag
            if tag == W + "fldChar":
                kind = ch.get(W + "fldCharType")
                if kind == "begin":
                    fields.append(["", False])
                elif kind == "separate" and fields:
                    fields[-1][1] = True
                elif kind == "end" and fields:
                    fields.pop()
                continue
            if tag == W + "instrText":
                if fields and not fields[-1][1]:
                    fields[-1][0] += ch.text or ""
                continue
            if fields and any(not f[1] or f[0].strip().split(" ")[0].upper() in _PAGE_FIELDS for f in fields):
                # inside a field's instruction, or the printed result of a page-number field
                if tag not in (W + "drawing", W + "pict", MC + "AlternateContent"):
                    continue
            if tag == W + "t":
                t = ch.text or ""
                if custom_mark is not None:  # the custom mark's text: already written as [^n]
                    custom_mark = None
                    continue
                if not hidden and t:
                    segs.append((t, font, bold, italic, size, True))
                    if font:
                        self.fonts[font] = self.fonts.get(font, 0) + len(t)
            elif tag in (W + "tab", W + "ptab", W + "br", W + "cr"):
                if not hidden:
                    segs.append((" ", None, bold, italic, size, False))
            elif tag == W + "softHyphen":
                # TCVN3 "ư" is byte 0xAD; LibreOffice writes it as w:softHyphen. Give it to the codec
                # with the run's font; a real (invisible) soft hyphen is dropped after conversion.
                if not hidden and not (fields and any(not f[1] for f in fields)):
                    segs.append(("\u00ad", font, bold, italic, size, True))
            elif tag == W + "noBreakHyphen":
                segs.append(("-", None, bold, italic, size, False))
            elif tag == W + "sym":
                code = (ch.get(W + "char") or "").upper()
                if code in ("F02D", "002D"):
                    segs.append(("-", None, bold, italic, size, False))
            elif tag == W + "footnoteReference":
                fid = ch.get(W + "id")
                if fid is None or self._in_footnote:
                    continue
                if ch.get(W + "customMarkFollows") in ("1", "true", "on"):
                    # the mark is the run's next w:t: it replaces the automatic number when it is one
                    mark_el = ch.getnext()
                    while mark_el is not None and mark_el.tag != W + "t":
                        mark_el = mark_el.getnext()
                    if mark_el is not None:
                        custom_mark = fid
                        if fid not in self.footnote_numbers:
                            self._set_custom_mark(fid, mark_el.text or "")
                num = self._footnote_number(fid)
                segs.append((f"[^{num}]", None, bold, italic, size, False))
            elif tag in (W + "drawing", W + "pict", MC + "AlternateContent", W + "object"):
                if tag == W + "object":
                    continue
                self._text_boxes(ch, boxes)

    def _footnote_number(self, fid: str) -> int:
        if fid not in self.footnote_numbers:
            used = set(self.footnote_numbers.values())
            n = len(self.footnote_numbers) + 1
            while n in used:
                n += 1
            self.footnote_numbers[fid] = n
        return self.footnote_numbers[fid]

    def _set_custom_mark(self, fid: str, mark: str) -> None:
        """A custom footnote mark that is a number is the footnote's number."""
        mark = mark.strip()
        if mark.isdigit() and int(mark) > 0 and int(mark) not in self.footnote_numbers.values():
            self.footnote_numbers[fid] = int(mark)

    def _text_boxes(self, el, boxes: list[_Para]) -> None:
        """Paragraphs of text boxes (w:txbxContent) inside a drawing, preferring mc:Choice over VML fallback."""
        seen_fallback = set()
        for fb in el.iter(MC + "Fallback"):
            for t in fb.iter(W + "txbxContent"):
                seen_fallback.add(t)
        for tx in el.iter(W + "txbxContent"):
            if tx in seen_fallback:
                continue
            # only the outermost text box content; nested ones are read through it
            parent = tx.getparent()
            nested = False
            while parent is not None and parent is not el:
                if parent.tag == W + "txbxContent":
                    nested = True
                    break
                parent = parent.getparent()
            if nested:
                continue
            for p in tx.iter(W + "p"):
                anc = p.getparent()
                while anc is not None and anc is not tx and anc.tag != W + "txbxContent":
                    anc = anc.getparent()
                if anc is not tx:
                    continue
                para = self.para(p)
                if para.text:
                    boxes.append(para)
                boxes.extend(para.boxes)
                para.boxes = []

    # ----- blocks -------------------------------------------------------------------------
    def blocks(self, container, out_lines: list[Line], out_tables: list[Table]) -> None:
        for child in container:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == W + "p":
                index = self.body_paras
                self.body_paras += 1
                block = self.body_blocks
                self.body_blocks += 1
                para = self.para(child)
                for pp in [para] + para.boxes:  # a text box's paragraphs are placed at their anchor
                    if pp.text:
                        line = self._line(pp, para=index)
                        line.block = block
                        out_lines.append(line)
            elif tag == W + "tbl":
                first = len(out_lines), len(out_tables)
                self.emit_table(self.table(child), out_lines, out_tables)
                for item in out_lines[first[0]:] + out_tables[first[1]:]:  # its lines (frames, layout) and tables
                    item.block = self.body_blocks
                self.body_blocks += 1
            elif tag in (W + "sdt",):
                content = child.find(W + "sdtContent")
                if content is not None:
                    self.blocks(content, out_lines, out_tables)
            elif tag == MC + "AlternateContent":
                choice = child.find(MC + "Choice")
                if choice is not None:
                    self.blocks(choice, out_lines, out_tables)
            elif tag in (W + "customXml", W + "ins", W + "moveTo", W + "sdtContent", W + "smartTag"):
                self.blocks(child, out_lines, out_tables)

    def _line(self, pp: _Para, para: Optional[int] = None, cell: Optional[CellPlace] = None) -> Line:
        line = Line(text=pp.text, order=self.order, page=None, box=None, size=pp.size, bold=pp.bold,
                    italic=pp.italic, indent=pp.indent, align=pp.align, style=pp.style,
                    numbered=pp.numbered, lead_emph=pp.lead_emph, in_table=cell is not None, source=DOCX,
                    para=para, cell=cell)
        self.order += 1
        return line

    # ----- tables -------------------------------------------------------------------------
    def table(self, tbl) -> _TBuild:
        index = self.n_tables
        self.n_tables += 1
        tblpr = tbl.find(W + "tblPr")
        style_id = None
        direct_sides: dict[str, bool] = {}
        if tblpr is not None:
            ts = tblpr.find(W + "tblStyle")
            if ts is not None:
                style_id = ts.get(W + "val")
            direct_sides = _border_sides(tblpr.find(W + "tblBorders"))
        sides = dict(self.table_borders(style_id if style_id in self.styles else self.default_tstyle))
        sides.update(direct_sides)
        table_bordered = any(sides.values())
        widths = [(_twips(g.get(W + "w")) / 20.0) for g in tbl.findall(f"{W}tblGrid/{W}gridCol")]

        nested: list[_TBuild] = []
        rows: list[_TRow] = []
        for tr in _children(tbl, W + "tr"):
            trpr = tr.find(W + "trPr")
            row = _TRow(cells=[])
            if trpr is not None:
                if trpr.find(W + "del") is not None:
                    continue  # a deleted row (tracked change) reads as accepted: gone
                row.header = _on(trpr.find(W + "tblHeader")) or False
                gb = trpr.find(W + "gridBefore")
                ga = trpr.find(W + "gridAfter")
                row.before = int(_twips(gb.get(W + "val"))) if gb is not None else 0
                row.after = int(_twips(ga.get(W + "val"))) if ga is not None else 0
            for tc in _children(tr, W + "tc"):
                tcpr = tc.find(W + "tcPr")
                cell = _TCell(paras=[])
                if tcpr is not None:
                    gs = tcpr.find(W + "gridSpan")
                    if gs is not None:
                        cell.span = max(1, int(_twips(gs.get(W + "val")) or 1))
                    vm = tcpr.find(W + "vMerge")
                    if vm is not None:
                        cell.vmerge = vm.get(W + "val", "continue")
                    hm = tcpr.find(W + "hMerge")
                    if hm is not None:
                        cell.hmerge = hm.get(W + "val", "continue")
                    cell.bordered = any(_border_sides(tcpr.find(W + "tcBorders")).values())
                self._cell_content(tc, cell.paras, nested)
                row.cells.append(cell)
            rows.append(row)
        built = self._grid(rows, widths, table_bordered, nested)
        built.index = index
        return built

    def _cell_content(self, container, paras: list[_Para], nested: list[_TBuild]) -> None:
        for child in container:
            tag = child.tag
            if tag == W + "p":
                para = self.para(child)
                paras.append(para)
                paras.extend(para.boxes)
                para.boxes = []
            elif tag == W + "tbl":
                nested.append(self.table(child))
            elif tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    self._cell_content(content, paras, nested)
            elif tag in (W + "customXml", W + "ins", W + "moveTo"):
                self._cell_content(child, paras, nested)

    def _grid(self, rows: list[_TRow], widths: list[float], table_bordered: bool,
              nested: list[_TBuild]) -> _TBuild:
        """Place cells on Word's grid, merge vMerge/hMerge, then drop grid lines no cell uses."""
        placed: list[tuple[int, int, int, list[_Para], Cell]] = []  # row, col, span(orig), paras, cell
        vopen: dict[int, Cell] = {}  # grid column -> cell open for vertical merge
        bounds: set[int] = set()
        n_cols = 0
        bordered_cells = 0
        n_cells = 0
        paras_of: dict[int, list[_Para]] = {}
        for r, row in enumerate(rows):
            c = row.before
            prev: Optional[Cell] = None
            for tc in row.cells:
                n_cells += 1
                bordered_cells += tc.bordered
                if tc.hmerge == "continue" and prev is not None:
                    prev.col_span += tc.span
                    c += tc.span
                    bounds.add(c)
                    continue
                if tc.vmerge == "continue":
                    above = vopen.get(c)
                    if above is not None and above.col_span == tc.span and above.row + above.row_span == r:
                        above.row_span += 1
                        extra = [p for p in tc.paras if p.text]
                        if extra:
                            paras_of[id(above)].extend(extra)
                        c += tc.span
                        prev = None
                        continue
                cell = Cell(row=r, col=c, text="", col_span=tc.span)
                paras_of[id(cell)] = list(tc.paras)
                placed.append((r, c, tc.span, tc.paras, cell))
                bounds.add(c)
                bounds.add(c + tc.span)
                if tc.vmerge in ("restart", "continue"):
                    vopen[c] = cell
                else:
                    vopen.pop(c, None)
                prev = cell
                c += tc.span
            n_cols = max(n_cols, c + row.after)
        bounds.add(0)
        bounds.add(n_cols)
        # grid-line positions in points (Word's tblGrid), extended when the grid is shorter than the rows
        pos = [0.0]
        for i in range(n_cols):
            pos.append(pos[-1] + (widths[i] if i < len(widths) and widths[i] > 0 else 72.0))
        # Grid lines a hair apart (a 7-twip sliver column left by editing) are one line on the page:
        # snap the later onto the earlier, so a header spanning the sliver and the cell after it line up.
        cols: list[int] = []
        remap: dict[int, int] = {}
        for b in sorted(b for b in bounds if 0 <= b <= n_cols):
            if cols and pos[b] - pos[cols[-1]] < _SLIVER_PT:
                if b == n_cols:
                    cols[-1] = b
                remap[b] = len(cols) - 1
                continue
            cols.append(b)
            remap[b] = len(cols) - 1
        edges = [round(pos[b], 2) for b in cols]
        cells: list[Cell] = []
        for _r, c, span, _paras, cell in placed:
            end = c + cell.col_span
            cell.col = remap[c]
            cell.col_span = max(1, remap.get(end, remap[c] + 1) - remap[c])
            paras = [p for p in paras_of[id(cell)] if p.text]
            cell.lines = [p.text for p in paras]
            cell.text = " ".join(cell.lines)
            cell.bold = bool(paras) and all(p.bold for p in paras)
            cells.append(cell)
        header = 0
        for row in rows:
            if not row.header:
                break
            header += 1
        table = Table(cells=cells, n_rows=len(rows), n_cols=max(0, len(cols) - 1), header_rows=header, source=DOCX)
        borderless = not table_bordered and bordered_cells * 2 < max(1, n_cells)
        return _TBuild(table, paras_of, edges, borderless, nested)

    def emit_table(self, tb: _TBuild, out_lines: list[Line], out_tables: list[Table]) -> None:
        t = tb.table
        if t.n_rows == 0 or not t.cells:
            pass
        elif _is_layout(tb):
            t.layout = True
            for cell in sorted(t.cells, key=lambda c: (c.row, c.col)):
                x0 = tb.edges[cell.col] if cell.col < len(tb.edges) else 0.0
                x1 = tb.edges[min(cell.col + cell.col_span, len(tb.edges) - 1)]
                for k, pp in enumerate(tb.cell_paras[id(cell)]):
                    if not pp.text:
                        continue
                    place = CellPlace(table=tb.index, row=cell.row, col=cell.col, para=k, x0=x0, x1=x1)
                    out_lines.append(self._line(pp, cell=place))
        elif t.n_cols == 1:
            # a frame: a box drawn around a title or paragraphs, not a table; its text is body text
            for cell in sorted(t.cells, key=lambda c: c.row):
                for pp in tb.cell_paras[id(cell)]:
                    if pp.text:
                        out_lines.append(self._line(pp))
        else:
            t.order = self.order
            self.order += 1
            out_tables.append(t)
        for sub in tb.nested:
            self.emit_table(sub, out_lines, out_tables)

    # ----- footnotes ----------------------------------------------------------------------
    def footnotes(self) -> list[Footnote]:
        out = []
        self._in_footnote = True
        try:
            for fid, num in sorted(self.footnote_numbers.items(), key=lambda kv: kv[1]):
                fn = self.footnote_xml.get(fid)
                if fn is None:
                    continue
                texts: list[str] = []
                for p in fn.iter(W + "p"):
                    para = self.para(p)
                    texts.extend(x.text for x in [para] + para.boxes if x.text)
                out.append(Footnote(number=num, text=" ".join(texts).strip(), page=None))
        finally:
            self._in_footnote = False
        return out


_B, _I, _RFONTS, _SZ, _VANISH, _VAL = W + "b", W + "i", W + "rFonts", W + "sz", W + "vanish", W + "val"
_ASCII, _HANSI = W + "ascii", W + "hAnsi"

_ALIGN = {"left": "left", "start": "left", "center": "center", "right": "right", "end": "right",
          "both": "justify", "distribute": "justify", "justify": "justify", "lowKashida": "justify",
          "mediumKashida": "justify", "highKashida": "justify", "thaiDistribute": "justify"}

_SKIP_INLINE = {W + "pPr", W + "rPr", W + "del", W + "moveFrom", W + "sdtPr", W + "sdtEndPr",
                W + "customXmlPr", W + "commentReference", W + "proofErr", W + "bookmarkStart",
                W + "bookmarkEnd", W + "commentRangeStart", W + "commentRangeEnd"}

_STRONG = grammar.LAYOUT_BLOCK_STRONG
_WEAK = grammar.LAYOUT_BLOCK_WEAK
_STT = grammar.STT_HEADER_UNMARKED


def _is_layout(tb: _TBuild) -> bool:
    """A borderless header/signature block of an official document, not a data table."""
    t = tb.table
    if t.n_cols > 3 or t.n_rows > 6:
        return False
    folded = [_fold(c.text).strip() for c in t.cells]
    if any(_STT.match(f) for f in folded):
        return False
    text = " \n ".join(folded)
    if _STRONG.search(text):
        return True
    return tb.borderless and t.n_rows <= 4 and bool(_WEAK.search(text))


def _children(el, tag: str):
    """Children with ``tag``, looking through content controls and custom XML wrappers."""
    for ch in el:
        if ch.tag == tag:
            yield ch
        elif ch.tag == W + "sdt":
            content = ch.find(W + "sdtContent")
            if content is not None:
                yield from _children(content, tag)
        elif ch.tag in (W + "customXml", W + "ins", W + "moveTo"):
            yield from _children(ch, tag)


def _border_sides(el) -> dict[str, bool]:
    if el is None:
        return {}
    out = {}
    for side in _BORDER_SIDES:
        b = el.find(W + side)
        if b is None:
            continue
        val = (b.get(W + "val") or "nil").lower()
        sz = b.get(W + "sz")
        out[side] = val not in _NO_BORDER and sz != "0"
    return out


def _merge_ind(base: dict, ind) -> dict:
    out = dict(base)
    attrs = {k.split("}")[-1]: v for k, v in ind.attrib.items()}
    if "firstLine" in attrs or "hanging" in attrs:
        out.pop("firstLine", None)
        out.pop("hanging", None)
    out.update(attrs)
    return out


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, load_dtd=False)


def _parse(data: bytes, what: str):
    try:
        return etree.fromstring(data, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"corrupt DOCX: the {what} part is not well-formed XML ({exc.msg})") from None


class LegacyWordFile(InputError):
    """The file is a Word 97-2003 binary document (OLE), not a DOCX, whatever its name says.

    The DOCX reader does not convert it (``readers.doc`` does, and that module
    builds on this one, so the dispatch lives with the caller that knows both).
    """

    def __init__(self) -> None:
        super().__init__("a Word 97-2003 .doc file, not a DOCX: read it as .doc (LibreOffice converts it)")


def _check_container(path: str) -> None:
    """Tell the wrong kinds of file apart before unzipping anything."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
            if head == _OLE_MAGIC:
                data = head + fh.read(4 * 1024 * 1024)
                if "EncryptedPackage".encode("utf-16-le") in data:
                    raise InputError("password-protected DOCX (encrypted package); remove the password and retry")
                if "WordDocument".encode("utf-16-le") in data:
                    raise LegacyWordFile()
                raise InputError("not a DOCX: an OLE compound file that holds no Word document")
    except OSError as exc:
        raise InputError(f"cannot open file: {exc.strerror or exc}") from None
    if not head:
        raise InputError("corrupt DOCX: the file is empty")
    if not zipfile.is_zipfile(path):
        raise InputError("corrupt DOCX: not a ZIP package (damaged or truncated file)")


def _check_bomb(zf: zipfile.ZipFile) -> None:
    """Refuse on the sizes the ZIP's central directory declares, before anything is inflated."""
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise InputError(f"refusing DOCX: {len(infos)} parts in the ZIP (limit {MAX_ENTRIES})")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_PART_BYTES:
            raise InputError(f"refusing DOCX: part {info.filename} would expand to "
                             f"{info.file_size // (1024 * 1024)} MB (limit {MAX_PART_BYTES // (1024 * 1024)} MB)")
        if info.file_size > 10 * 1024 * 1024 and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise InputError(f"refusing DOCX: part {info.filename} has an absurd compression ratio (ZIP bomb?)")
    if total > MAX_TOTAL_BYTES:
        raise InputError(f"refusing DOCX: parts would expand to {total // (1024 * 1024)} MB "
                         f"(limit {MAX_TOTAL_BYTES // (1024 * 1024)} MB)")


_READ_CHUNK = 1 << 20  # a capped read inflates this much at a time


def _read_member(zf: zipfile.ZipFile, name: str) -> bytes:
    """A part's bytes, inflated a chunk at a time and never past the size its header declares.

    ``zipfile`` trusts the header: it inflates a whole member in one call (up to 1 GB at once) and only
    then cuts it to the declared size, so a part that declares 1 KB and inflates to gigabytes exhausts
    memory before anything can refuse it. Here the stream may run one byte past its declared size
    (``_check_bomb`` bounded that) and a part that does is refused as the bomb it is."""
    info = zf.getinfo(name)
    declared = min(info.file_size, MAX_PART_BYTES)
    probe = copy.copy(info)
    probe.file_size = declared + 2  # the stream may show it holds more; its CRC is checked at its own end
    chunks: list[bytes] = []
    got = 0
    try:
        with zf.open(probe) as fh:
            while got <= declared:
                chunk = fh.read(min(_READ_CHUNK, declared + 1 - got))
                if not chunk:
                    break
                chunks.append(chunk)
                got += len(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
        raise InputError(f"corrupt DOCX: cannot decompress {name} ({exc})") from None
    if got > declared:
        raise InputError(f"refusing DOCX: part {name} inflates past the {info.file_size} bytes its ZIP header "
                         "declares (ZIP bomb?)")
    return b"".join(chunks)


#: parts the reader never reads (pictures, embedded objects, fonts, sound and film): python-docx loads
#: every related part, so they go into the capped package empty rather than inflated for nothing
_UNREAD_PARTS = {"png", "jpg", "jpeg", "jpe", "jfif", "gif", "bmp", "tif", "tiff", "emf", "wmf", "emz", "wmz",
                 "wdp", "jxr", "ico", "bin", "ole", "odttf", "ttf", "otf", "fntdata", "mp3", "mp4", "wav",
                 "avi", "mov", "wmv", "m4a"}


def _capped_package(zf: zipfile.ZipFile) -> bytes:
    """The package again for python-docx to open, every part it may need read by ``_read_member`` and
    stored uncompressed: its own reads of the original would inflate each part unbounded first."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as new:
        for name in dict.fromkeys(zf.namelist()):  # a repeated name once: the entry zipfile would read
            if name.endswith("/"):
                continue
            unread = posixpath.splitext(name)[1][1:].lower() in _UNREAD_PARTS
            new.writestr(name, b"" if unread else _read_member(zf, name))
    return out.getvalue()


def _not_docx(zf: zipfile.ZipFile, names: set[str]) -> InputError:
    """What a ZIP without a Word main document is instead."""
    if "mimetype" in names:
        mt = _read_member(zf, "mimetype").decode("ascii", "replace").strip()
        return InputError(f"not a DOCX: the ZIP is an OpenDocument file ({mt})")
    if any(n.startswith("xl/") for n in names):
        return InputError("not a DOCX: the ZIP is an Excel workbook (XLSX)")
    if any(n.startswith("ppt/") for n in names):
        return InputError("not a DOCX: the ZIP is a PowerPoint presentation (PPTX)")
    return InputError("not a DOCX: the ZIP holds no Word document part")


def _blob_part(partname: PackURI, content_type: str, reltype: str, blob: bytes, package: OpcPackage) -> Part:
    """python-docx's part factory without its object layer: every part keeps its bytes. The
    reader walks them with lxml once; python-docx's parsed element tree would be a second,
    slower parse of the same XML."""
    # python-docx annotates the package as its Package subclass; any OpcPackage serves
    return Part.load(partname, content_type, blob, package)  # type: ignore[arg-type]


def _open_package(source: Union[str, IO[bytes]]) -> OpcPackage:
    """The OPC package through python-docx: its package reader, parts and relationships."""
    package = OpcPackage()
    Unmarshaller.unmarshal(PackageReader.from_file(source), package, _blob_part)
    return package


_MAIN_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _mended(zf: zipfile.ZipFile, names: set[str]) -> bytes:
    """The package with what python-docx refuses and Word forgives put right, so python-docx can
    open it: relationships to parts that are not in the ZIP dropped (add-ins leave targets such
    as ``NULL``), parts without a declared content type declared, the main document related when
    the package relationships lack it. Only the small index parts change."""
    types = etree.Element(CT_NS + "Types", nsmap={None: CT_NS[1:-1]})
    declared: set[str] = set()
    defaults: set[str] = set()
    if "[Content_Types].xml" in names:
        try:
            old = etree.fromstring(_read_member(zf, "[Content_Types].xml"), parser=_PARSER)
        except etree.XMLSyntaxError:
            old = None
        if old is not None:
            for el in old:
                if el.tag == CT_NS + "Default" and el.get("Extension") and el.get("ContentType"):
                    defaults.add(el.get("Extension", "").lower())
                    types.append(el)
                elif el.tag == CT_NS + "Override" and el.get("PartName") and el.get("ContentType"):
                    declared.add(el.get("PartName", "").lstrip("/").lower())
                    types.append(el)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as new:
        for name in sorted(names):
            if name == "[Content_Types].xml" or name.endswith("/"):
                continue
            data = _read_member(zf, name)
            if name == "_rels/.rels":
                data = _with_main(_without_dangling(data, name, names))
            elif name.endswith(".rels"):
                data = _without_dangling(data, name, names)
            elif name.lower() not in declared and posixpath.splitext(name)[1][1:].lower() not in defaults:
                ct = _MAIN_CT if name == "word/document.xml" else "application/octet-stream"
                etree.SubElement(types, CT_NS + "Override", PartName="/" + name, ContentType=ct)
            new.writestr(name, data)
        if "_rels/.rels" not in names:
            new.writestr("_rels/.rels", _with_main(f'<Relationships xmlns="{REL_NS[1:-1]}"/>'.encode()))
        if "rels" not in defaults:
            etree.SubElement(types, CT_NS + "Default", Extension="rels",
                             ContentType="application/vnd.openxmlformats-package.relationships+xml")
        new.writestr("[Content_Types].xml", etree.tostring(types, xml_declaration=True, encoding="UTF-8"))
    return out.getvalue()


def _with_main(data: bytes) -> bytes:
    """Package relationships that name a main document: Word's usual ``word/document.xml`` when
    they name none (the caller mends only a package that has that part)."""
    try:
        root = etree.fromstring(data, parser=_PARSER)
    except etree.XMLSyntaxError:
        root = etree.Element(REL_NS + "Relationships", nsmap={None: REL_NS[1:-1]})
    if not any(rel.get("Type", "").endswith("/officeDocument") for rel in root.iter(REL_NS + "Relationship")):
        etree.SubElement(root, REL_NS + "Relationship", Id="rIdMain", Type=RT.OFFICE_DOCUMENT,
                         Target="word/document.xml")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _without_dangling(data: bytes, rels_name: str, names: set[str]) -> bytes:
    """A relationships part without the internal relationships whose target is not in the ZIP."""
    try:
        root = etree.fromstring(data, parser=_PARSER)
    except etree.XMLSyntaxError:
        return data
    # "word/_rels/document.xml.rels" speaks for "word/document.xml": targets resolve from "word/"
    base = posixpath.dirname(posixpath.dirname(rels_name))
    for rel in list(root.iter(REL_NS + "Relationship")):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
        if resolved not in names:
            parent = rel.getparent()
            if parent is not None:
                parent.remove(rel)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _related(source: Union[OpcPackage, Part], kind: str) -> Optional[Part]:
    """The part ``source`` relates to by a relationship type ending in ``kind`` ('styles',
    'officeDocument'): transitional and strict type URIs alike; the last one when several."""
    found = None
    for rel in source.rels.values():
        if not rel.is_external and rel.reltype.rsplit("/", 1)[-1] == kind:
            found = rel.target_part
    return found


#: decompression failures python-docx lets through from zipfile
_UNZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError)


def _load_parts(path: str) -> dict[str, bytes]:
    """The main document's bytes and those of the parts it relates to (styles, numbering,
    footnotes, theme), through python-docx's package API; every refusal is one InputError."""
    _check_container(path)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"corrupt DOCX: {exc}") from None
    with zf:
        _check_bomb(zf)  # on declared sizes: must run before any part is inflated
        names = set(zf.namelist())
        if "EncryptedPackage" in names:
            raise InputError("password-protected DOCX (encrypted package); remove the password and retry")
        if "_rels/.rels" not in names and not any(n.startswith("word/") for n in names):
            raise _not_docx(zf, names)  # no package relationships and no Word part: say what it is instead
        capped = _capped_package(zf)  # every part inflated within its declared size, or refused
        try:
            try:
                main = _related(_open_package(io.BytesIO(capped)), "officeDocument")
            except (KeyError, AttributeError, ValueError):
                main = None  # python-docx refuses what Word opens: a dangling relationship, an undeclared type
            if main is None and "word/document.xml" in names:
                main = _related(_open_package(io.BytesIO(_mended(zf, names))), "officeDocument")
        except etree.XMLSyntaxError as exc:
            raise InputError(f"corrupt DOCX: a package index part is not well-formed XML ({exc.msg})") from None
        except _UNZIP_ERRORS as exc:
            raise InputError(f"corrupt DOCX: cannot decompress a part ({exc})") from None
        except (KeyError, AttributeError, ValueError) as exc:
            raise InputError(f"corrupt DOCX: the package cannot be opened ({exc})") from None
        if main is None:
            raise _not_docx(zf, names)
    ct = main.content_type
    if "wordprocessingml" not in ct and "ms-word" not in ct and ct not in ("application/xml", "text/xml"):
        raise InputError(f"not a DOCX: the main part is {ct or 'of unknown type'}")
    parts: dict[str, bytes] = {"document": main.blob}
    for kind in ("styles", "numbering", "footnotes", "theme"):
        part = _related(main, kind)
        if part is not None:
            parts[kind] = part.blob
    app = next((pt for pt in main.package.iter_parts() if pt.partname == "/docProps/app.xml"), None)
    if app is not None:
        parts["app"] = app.blob
    return parts


def _saved_page_count(app: Optional[bytes]) -> Optional[int]:
    """The page count Word or LibreOffice stored when the file was last saved (docProps/app.xml
    ``Pages``): what the document printed as, for progress and the runs table; None when absent."""
    if not app:
        return None
    try:
        root = etree.fromstring(app, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return None
    counts = {el.tag.rsplit("}", 1)[-1]: int(el.text.strip()) for el in root
              if isinstance(el.tag, str) and (el.text or "").strip().isdigit()}
    # a template's properties never updated by the program that wrote the text say 0 words: not a count
    if counts.get("Words", 0) <= 0 or counts.get("Pages", 0) <= 0:
        return None
    return counts["Pages"]


def read_docx(path: str) -> Document:
    """Read a DOCX into one pseudo-page of lines and tables plus document footnotes."""
    parts = _load_parts(path)
    root = _parse(parts["document"], "main document")
    body = root.find(W + "body")
    if body is None:
        raise InputError("corrupt DOCX: the main document has no body")
    reader = _Reader(parts, path)
    lines: list[Line] = []
    tables: list[Table] = []
    reader.blocks(body, lines, tables)
    footnotes = reader.footnotes()
    page = Page(number=None, lines=lines, tables=tables, text_source="docx")
    fonts = sorted(reader.fonts, key=lambda f: -reader.fonts[f])
    return Document(source=path, format="docx", pages=[page], page_count=None, footnotes=footnotes,
                    meta={"fonts": fonts, "saved_pages": _saved_page_count(parts.get("app"))})
