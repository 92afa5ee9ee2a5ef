"""Made-to-measure Vietnamese report documents whose truth is known by construction.

``build(spec, path)`` writes a DOCX (python-docx for the package, raw WordprocessingML for
what python-docx cannot write: numbering, footnotes, merged headers, repeated header rows,
borderless header and signature blocks) and returns the records the extractor should give:
document fields, sections (path, title, body), indicators, footnotes, tables, references.
``to_pdf(paths, outdir)`` renders many DOCX to PDF in one LibreOffice call.

The specs vary what acceptance will meet on reports not in this repo: agencies and
provinces, blank numbers and days, periods, typed or Word-automatic heading numbers,
bold/italic/plain headings, fonts and sizes, annex templates (one value column, two-row
merged headers with several value columns, column-number rows, trailing-dot codes, Roman
group rows, uncoded "Trong đó" rows, coded units), tables that run over pages with a
repeated header, and signature blocks with KT./TM. lines.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence
from xml.sax.saxutils import escape

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.shared import Pt, Twips
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = f'xmlns:w="{W_NS}"'
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
LETTERS = "abcdđeghiklmn"


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


# ============================================================================ spec
@dataclass
class Section:
    """A numbered heading with its body paragraphs and sub-headings.

    A paragraph may hold ``{fn:text}`` to place a footnote reference there."""

    title: str
    body: list[str] = field(default_factory=list)
    children: list["Section"] = field(default_factory=list)


@dataclass
class Row:
    """An annex row. ``stt`` is printed as given ("1.", "I", "", "Trong đó")."""

    stt: str
    name: str
    unit: str = ""
    values: Sequence[str] = ()
    note: str = ""
    bold: bool = False
    children: list["Row"] = field(default_factory=list)


@dataclass
class Annex:
    caption: Optional[str]
    template: str  # "simple" | "stat2" | "plan_actual" | "periods"
    rows: list[Row]
    colnums: bool = False  # a "(1) (2) (3)" row under the header
    repeat_header: bool = True
    year: int = 2024
    split_rows: bool = False  # let long rows break across pages (no cantSplit)
    landscape: bool = False  # the annex sits in its own landscape section (last annex only)
    rules: str = "grid"  # "grid" every border; "horizontal" row rules only; "vertical" column rules and
    # the frame, a rule under the header, none between rows; "none" no ruling at all


@dataclass
class Spec:
    key: str
    agency_lines: list[str]  # left header column, e.g. ["UBND TỈNH ĐIỆN BIÊN", "SỞ KẾ HOẠCH VÀ ĐẦU TƯ"]
    agency: str  # expected `agency`
    province: str
    place: str
    number: Optional[str]  # None = left blank
    symbol: str  # "BC-SKHĐT"
    day: Optional[int]
    month: int
    year: int
    doc_type: str
    title_lines: list[str]
    period: dict  # expected period_* fields
    sections: list[Section]
    signer_lines: list[str]
    signer_name: str
    annexes: list[Annex] = field(default_factory=list)
    numbering: str = "typed"  # "typed" | "auto"
    levels: Sequence[str] = ("R", "D", "DD", "a")  # R=I. D=1. DD=1.1. a=a)
    heading_fmt: Sequence[str] = ("b", "b", "b", "i")  # per level: b, i, bi, plain
    num_suffix: str = "tab"  # auto numbering: "tab" (tab stop after the number), "space", "default-tab"
    agency_bold: str = "last"  # "last": superior line plain, agency bold; "all": every line bold
    dd_trailing_dot: bool = True
    font: str = "Times New Roman"
    size: int = 14
    intro: str = ""
    closing: str = ""
    footnotes: list[str] = field(default_factory=list)  # texts, referenced by {fn} marks in order


# ============================================================================ xml helpers
def _run(text: str, b: bool = False, i: bool = False, sz: Optional[int] = None) -> str:
    props = ("<w:b/>" if b else "") + ("<w:i/>" if i else "") + (f'<w:sz w:val="{sz * 2}"/>' if sz else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _p(runs: str, jc: Optional[str] = None, first_line: Optional[int] = 567, extra_ppr: str = "",
       after: Optional[int] = None) -> str:
    ppr = extra_ppr
    if after is not None:
        ppr += f'<w:spacing w:after="{after}" w:before="0"/>'
    if first_line:
        ppr += f'<w:ind w:firstLine="{first_line}"/>'
    if jc:
        ppr += f'<w:jc w:val="{jc}"/>'
    return f"<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>"


_NO_BORDERS = ('<w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/>'
               '<w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>')
_BORDERS = ''.join(f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                   for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
_RULES = {
    "grid": _BORDERS,
    "horizontal": ''.join(f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                          for s in ("top", "bottom", "insideH"))
    + '<w:left w:val="nil"/><w:right w:val="nil"/><w:insideV w:val="nil"/>',
    "none": _NO_BORDERS[len("<w:tblBorders>"):-len("</w:tblBorders>")],
    # column rules and the frame only; the header gets its own bottom rule (cell borders)
    "vertical": ''.join(f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                        for s in ("top", "left", "bottom", "right", "insideV")) + '<w:insideH w:val="nil"/>',
}
_HEADER_BOTTOM = '<w:tcBorders><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tcBorders>'



def _cell(width: int, paras: str, span: int = 1, vmerge: Optional[str] = None, valign: str = "",
          borders: str = "") -> str:
    tcpr = f'<w:tcW w:type="dxa" w:w="{width}"/>'
    if span > 1:
        tcpr += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == "restart":
        tcpr += '<w:vMerge w:val="restart"/>'
    elif vmerge == "cont":
        tcpr += "<w:vMerge/>"
    tcpr += borders
    if valign:
        tcpr += f'<w:vAlign w:val="{valign}"/>'
    return f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{paras or '<w:p/>'}</w:tc>"


def _cp(text: str, b: bool = False, i: bool = False, jc: str = "center", sz: Optional[int] = None) -> str:
    """Cell paragraph(s): one per line of ``text``."""
    lines = text.split("\n") if text else [""]
    return "".join(_p(_run(t, b, i, sz) if t else "", jc=jc, first_line=None, after=0) for t in lines)


# ============================================================================ numbering
def _label(kind: str, counters: list[int], level: int, dd_dot: bool) -> tuple[str, str]:
    """(number as recorded, number as printed) for a heading of ``level`` (0-based)."""
    n = counters[level]
    if kind == "R":
        return ROMAN[n - 1], ROMAN[n - 1] + "."
    if kind == "D":
        return str(n), f"{n}."
    if kind == "DD":
        num = f"{counters[level - 1]}.{n}"
        return num, num + ("." if dd_dot else "")
    if kind == "DDD":
        num = f"{counters[level - 2]}.{counters[level - 1]}.{n}"
        return num, num + ("." if dd_dot else "")
    if kind == "a":
        return LETTERS[n - 1], LETTERS[n - 1] + ")"
    raise ValueError(kind)


def _numbering_xml(levels: Sequence[str], dd_dot: bool, suffix: str = "tab") -> str:
    lvls = []
    for i, kind in enumerate(levels):
        fmt = {"R": "upperRoman", "D": "decimal", "DD": "decimal", "DDD": "decimal", "a": "lowerLetter"}[kind]
        dot = "." if dd_dot else ""
        text = {"R": f"%{i + 1}.", "D": f"%{i + 1}.", "DD": f"%{i}.%{i + 1}{dot}",
                "DDD": f"%{i - 1}.%{i}.%{i + 1}{dot}", "a": f"%{i + 1})"}[kind]
        # Word's own layouts: a tab to a stop after the number, a plain space, or a tab with no
        # stop (it jumps to the next default stop, which can glue 'I.' to the text)
        suff = '<w:suff w:val="space"/>' if suffix == "space" else ""
        tabs = ('<w:tabs><w:tab w:val="num" w:pos="1134"/></w:tabs>' if suffix == "tab" else "")
        lvls.append(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{suff}'
                    f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                    f'<w:pPr>{tabs}<w:ind w:left="0" w:firstLine="567"/></w:pPr></w:lvl>')
    return (f'<w:abstractNum w:abstractNumId="7"><w:multiLevelType w:val="multilevel"/>{"".join(lvls)}'
            f'</w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="7"/></w:num>')


# ============================================================================ body text
_FN = re.compile(r"\{fn\}")


def _body_para(text: str, fn_ids: list[int]) -> tuple[str, str]:
    """(xml, expected text) for a body paragraph; ``{fn}`` marks become footnote references."""
    parts = _FN.split(text)
    xml_runs, expect = [], []
    for k, part in enumerate(parts):
        if part:
            xml_runs.append(_run(part))
            expect.append(part)
        if k < len(parts) - 1:
            fid = fn_ids.pop(0)
            xml_runs.append(f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                            f'<w:footnoteReference w:id="{fid}"/></w:r>')
            expect.append(f"[^{fid - 1}]")
    return _p("".join(xml_runs), jc="both"), "".join(expect)


# ============================================================================ annex tables
def _header_rows(a: Annex) -> tuple[list[list[tuple[str, int, Optional[str]]]], list[str], list[int]]:
    """Header grid as rows of (text, span, vmerge), the expected value columns, column widths."""
    y = a.year
    if a.template == "simple":
        rows = [[("STT", 1, None), ("Chỉ tiêu", 1, None), ("ĐVT", 1, None), ("Số liệu", 1, None),
                 ("Ghi chú", 1, None)]]
        return rows, ["Số liệu"], [820, 4180, 1300, 1300, 1470]
    if a.template == "stat2":
        rows = [[("STT", 1, "restart"), ("Chỉ tiêu thống kê", 1, "restart"), ("Đơn vị tính", 1, "restart"),
                 ("Kết quả thống kê", 1, None), ("Ghi chú", 1, "restart")],
                [("", 1, "cont"), ("", 1, "cont"), ("", 1, "cont"), ("Số liệu", 1, None), ("", 1, "cont")]]
        return rows, ["Kết quả thống kê / Số liệu"], [800, 4000, 1500, 1200, 1570]
    if a.template == "plan_actual":
        rows = [[("STT", 1, "restart"), ("Chỉ tiêu", 1, "restart"), ("ĐVT", 1, "restart"),
                 (f"Năm {y}", 2, None), ("So sánh (%)", 1, "restart"), ("Ghi chú", 1, "restart")],
                [("", 1, "cont"), ("", 1, "cont"), ("", 1, "cont"), ("Kế hoạch", 1, None),
                 ("Thực hiện", 1, None), ("", 1, "cont"), ("", 1, "cont")]]
        return rows, [f"Năm {y} / Kế hoạch", f"Năm {y} / Thực hiện", "So sánh (%)"], \
            [650, 3200, 1000, 1100, 1100, 1000, 1020]
    if a.template == "periods":
        rows = [[("TT", 1, None), ("Nội dung chỉ tiêu", 1, None), ("Đơn vị tính", 1, None),
                 (f"Cùng kỳ năm {y - 1}", 1, None), (f"Kỳ báo cáo năm {y}", 1, None), ("Ghi chú", 1, None)]]
        return rows, [f"Cùng kỳ năm {y - 1}", f"Kỳ báo cáo năm {y}"], [650, 3800, 1100, 1300, 1300, 920]
    raise ValueError(a.template)


def _flatten(rows: list[Row]) -> list[tuple[Row, Optional[str]]]:
    """Rows in print order with the expected parent code (the enclosing row by construction;
    for an uncoded row, the nearest coded row above it)."""
    out: list[tuple[Row, Optional[str]]] = []

    def walk(rs: list[Row], parent: Optional[str]) -> None:
        for r in rs:
            code = clean_code(r.stt)
            if code is None:
                above = next((clean_code(x.stt) for x, _ in reversed(out) if clean_code(x.stt)), None)
                out.append((r, above))
            else:
                out.append((r, parent))
            walk(r.children, code if code is not None else parent)

    walk(rows, None)
    return out


def clean_code(stt: str) -> Optional[str]:
    t = re.sub(r"\s+", "", stt).rstrip(".)")
    if not t or t.lower().startswith("trongđó"):
        return None
    return t


def parse_vn_number(raw: str) -> Optional[float]:
    """The value a printed annex cell means, by the contract's rules (``.`` thousands, ``,`` decimals)."""
    t = raw.strip().rstrip("%").strip()
    if not re.fullmatch(r"-?\d{1,3}(?:\.\d{3})*(?:,\d+)?|-?\d+(?:,\d+)?", t):
        return None
    v = float(t.replace(".", "").replace(",", "."))
    return int(v) if v.is_integer() else v


def _annex_xml(a: Annex, index: int, spec: Spec) -> tuple[str, list[dict], dict]:
    head, value_cols, widths = _header_rows(a)
    ncols = len(widths)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    trs = []
    hdr_flag = "<w:tblHeader/>" if a.repeat_header else ""
    for hr in head:
        tcs, k = [], 0
        for text, span, vm in hr:
            w = sum(widths[k:k + span])
            tcs.append(_cell(w, _cp(text, b=True, sz=spec.size - 1), span=span, vmerge=vm, valign="center",
                             borders=_HEADER_BOTTOM if a.rules == "vertical" else ""))
            k += span
        trs.append(f"<w:tr><w:trPr>{hdr_flag}</w:trPr>{''.join(tcs)}</w:tr>")
    n_header = len(head)
    if a.colnums:
        tcs = [_cell(widths[k], _cp(f"({k + 1})", i=True, sz=spec.size - 2)) for k in range(ncols)]
        trs.append(f"<w:tr><w:trPr>{hdr_flag}</w:trPr>{''.join(tcs)}</w:tr>")
        n_header += 1
    expected: list[dict] = []
    flat = _flatten(a.rows)
    # a heading row has coded rows under it; an uncoded breakdown ("Trong đó") does not make one
    has_children = {id(r): any(clean_code(c.stt) for c in r.children) for r, _ in flat}
    nval = len(value_cols)
    for row_index, (r, parent) in enumerate(flat):
        vals = list(r.values) + [""] * (nval - len(r.values))
        texts = [r.stt, r.name, r.unit, *vals, r.note]
        aligns = ["center", "both", "center", *(["center"] * nval), "left"]
        tcs = [_cell(widths[k], _cp(t, b=r.bold and k < 2, jc=aligns[k], sz=spec.size - 1)) for k, t in enumerate(texts)]
        trpr = "" if a.split_rows else "<w:trPr><w:cantSplit/></w:trPr>"
        trs.append(f"<w:tr>{trpr}{''.join(tcs)}</w:tr>")
        code = clean_code(r.stt)
        is_group = int(code is not None and (has_children[id(r)] or r.bold or bool(re.fullmatch(r"[IVX]+", code))))
        for col, raw in zip(value_cols, vals):
            expected.append({
                "table_index": index, "row_index": row_index, "code": code, "parent_code": parent,
                "is_group": is_group, "name": _ws(r.name), "unit": _ws(r.unit), "value_column": col,
                "value_raw": raw, "value": parse_vn_number(raw), "note": _ws(r.note),
            })
    xml = (f'<w:tbl><w:tblPr><w:tblW w:type="dxa" w:w="{sum(widths)}"/><w:jc w:val="center"/>'
           f'<w:tblBorders>{_RULES[a.rules]}</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr>'
           f'<w:tblGrid>{grid}</w:tblGrid>{"".join(trs)}</w:tbl>')
    table = {"table_index": index, "title": a.caption, "kind": "indicator",
             "n_rows": n_header + len(flat), "n_cols": ncols, "header_rows": n_header}
    return xml, expected, table


def _ws(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


_MARGINS = '<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1701" w:header="720" w:footer="720" w:gutter="0"/>'


# ============================================================================ build
def own_title(lines: Sequence[str]) -> str:
    """The signer's own position: the first title line that is not a delegation ('KT.', 'TM.', ...)."""
    own = [t for t in lines if not re.match(r"^\s*(?:TM|KT|TL|TUQ|Q)\s*\.", t)]
    return own[0] if own else lines[-1]


@dataclass
class Expected:
    document: dict
    alternatives: dict
    sections: list[dict]
    indicators: list[dict]
    footnotes: list[dict]
    tables: list[dict]
    references: list[dict]


_REF = re.compile(r"(Kế hoạch|Quyết định|Nghị định|Thông tư|Công văn|Chỉ thị|Nghị quyết|Báo cáo) số "
                  r"(\d+(?:/[\w&\-]+)+)(?: ngày (\d{1,2})/(\d{1,2})/(\d{4}))?")


def build(spec: Spec, path: Path) -> Expected:
    """Write the DOCX of ``spec`` to ``path`` and return what the extractor should find in it."""
    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.name = spec.font
    normal.font.size = Pt(spec.size)
    rpr = normal.element.get_or_add_rPr()
    rfonts = rpr.find(f"{{{W_NS}}}rFonts")
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        rfonts.set(f"{{{W_NS}}}{attr}", spec.font)
    sect = d.sections[0]
    sect.page_width, sect.page_height = Twips(11906), Twips(16838)  # A4, as Vietnamese reports are
    sect.left_margin, sect.right_margin = Pt(85), Pt(57)
    sect.top_margin, sect.bottom_margin = Pt(57), Pt(57)
    blocks: list[str] = []
    sz = spec.size

    # ---- header block: a borderless table, agency left, motto right, number and place/date below
    left = "".join(_p(_run(t, b=(spec.agency_bold == "all" or k == len(spec.agency_lines) - 1), sz=sz - 1), jc="center", first_line=None, after=0)
                   for k, t in enumerate(spec.agency_lines))
    right = (_p(_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", b=True, sz=sz - 2), jc="center", first_line=None, after=0)
             + _p(_run("Độc lập - Tự do - Hạnh phúc", b=True, sz=sz - 1), jc="center", first_line=None, after=0))
    num_text = f"Số: {spec.number}/{spec.symbol}" if spec.number else f"Số:        /{spec.symbol}"
    day_text = f"{spec.day:02d}" if spec.day else "      "
    date_text = f"{spec.place}, ngày {day_text} tháng {spec.month} năm {spec.year}"
    blocks.append(
        f'<w:tbl><w:tblPr><w:tblW w:type="dxa" w:w="9400"/><w:jc w:val="center"/>{_NO_BORDERS}'
        f'<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid><w:gridCol w:w="3800"/><w:gridCol w:w="5600"/></w:tblGrid>'
        f'<w:tr>{_cell(3800, left)}{_cell(5600, right)}</w:tr>'
        f'<w:tr>{_cell(3800, _cp(num_text, sz=sz - 1))}{_cell(5600, _cp(date_text, i=True, sz=sz))}</w:tr></w:tbl>')
    blocks.append(_p(_run(spec.doc_type, b=True), jc="center", first_line=None, after=0,
                     extra_ppr='<w:spacing w:before="240"/>'))
    for t in spec.title_lines:
        blocks.append(_p(_run(t, b=True), jc="center", first_line=None, after=0))
    blocks.append(_p("", first_line=None))
    if spec.intro:
        blocks.append(_p(_run(spec.intro), jc="both"))

    # ---- sections
    fn_ids = [k + 2 for k in range(len(spec.footnotes))]  # footnote ids 2.. print as 1..
    sections: list[dict] = []
    counters = [0] * len(spec.levels)

    def emit(sec: Section, level: int, path: list[str]) -> None:
        counters[level] += 1
        for k in range(level + 1, len(counters)):
            counters[k] = 0
        kind = spec.levels[level]
        number, printed = _label(kind, counters, level, spec.dd_trailing_dot)
        fmt = spec.heading_fmt[level]
        b, i = "b" in fmt, "i" in fmt
        if spec.numbering == "auto":
            numpr = f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="7"/></w:numPr>'
            # the number takes the paragraph mark's formatting, as Word does
            mark = f"<w:rPr>{'<w:b/>' if b else ''}{'<w:i/>' if i else ''}</w:rPr>"
            xml = _p(_run(sec.title, b, i), jc="both", first_line=None, extra_ppr=f"<w:keepNext/>{numpr}{mark}")
        else:
            xml = _p(_run(printed + " ", b, i) + _run(sec.title, b, i), jc="both", extra_ppr="<w:keepNext/>")
        blocks.append(xml)
        bodies = []
        for para in sec.body:
            px, text = _body_para(para, fn_ids)
            blocks.append(px)
            bodies.append(text)
        entry = {"level": level + 1, "number": number, "path": "/".join(path + [number]), "title": sec.title,
                 "body": "\n".join(bodies)}
        sections.append(entry)
        for ch in sec.children:
            emit(ch, level + 1, path + [number])

    for sec in spec.sections:
        emit(sec, 0, [])
    if spec.closing:
        blocks.append(_p(_run(spec.closing), jc="both"))
        sections[-1]["body"] = (sections[-1]["body"] + "\n" + spec.closing).strip("\n")

    # ---- signature block: borderless table, recipients left, titles and name right
    recips = (_p(_run("Nơi nhận:", b=True, i=True, sz=sz - 2), jc="left", first_line=None, after=0)
              + "".join(_p(_run(t, sz=sz - 3), jc="left", first_line=None, after=0)
                        for t in ["- Như trên;", "- Lãnh đạo đơn vị;", "- Lưu: VT."]))
    sign = "".join(_p(_run(t, b=True, sz=sz - 1), jc="center", first_line=None, after=0) for t in spec.signer_lines)
    sign += "".join(_p("", jc="center", first_line=None, after=0) for _ in range(3))
    sign += _p(_run(spec.signer_name, b=True, sz=sz - 1), jc="center", first_line=None, after=0)
    blocks.append(f'<w:tbl><w:tblPr><w:tblW w:type="dxa" w:w="9300"/>{_NO_BORDERS}<w:tblLayout w:type="fixed"/>'
                  f'</w:tblPr><w:tblGrid><w:gridCol w:w="4500"/><w:gridCol w:w="4800"/></w:tblGrid>'
                  f'<w:tr>{_cell(4500, recips)}{_cell(4800, sign)}</w:tr></w:tbl>')

    # ---- annexes
    indicators: list[dict] = []
    tables: list[dict] = []
    landscape = False
    for k, a in enumerate(spec.annexes):
        if a.landscape:
            assert k == len(spec.annexes) - 1, "only the last annex can be landscape"
            # end the portrait section here; the body's final sectPr turns landscape below
            blocks.append(f'<w:p><w:pPr><w:sectPr><w:pgSz w:w="11906" w:h="16838"/>{_MARGINS}</w:sectPr></w:pPr></w:p>')
            landscape = True
        else:
            blocks.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
        if a.caption:
            blocks.append(_p(_run(a.caption, b=True), jc="center", first_line=None, after=120))
        xml, ind, tab = _annex_xml(a, k, spec)
        blocks.append(xml)
        blocks.append(_p("", first_line=None))
        indicators.extend(ind)
        tables.append(tab)

    body = d.element.body
    holder = etree.fromstring(f"<w:body {NSDECL}>{''.join(blocks)}</w:body>")
    sect_pr = body.find(f"{{{W_NS}}}sectPr")
    for p in list(body):
        if p is not sect_pr:
            body.remove(p)
    for el in list(holder):
        sect_pr.addprevious(el)

    if landscape:
        for el in list(sect_pr):
            if el.tag in (f"{{{W_NS}}}pgSz", f"{{{W_NS}}}pgMar"):
                sect_pr.remove(el)
        for el in etree.fromstring(f'<w:x {NSDECL}><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>'
                                   f'{_MARGINS}</w:x>'):
            sect_pr.insert(0, el)
    if spec.numbering == "auto":
        root = d.part.numbering_part.element
        for el in list(root):
            root.remove(el)
        for el in etree.fromstring(f"<w:numbering {NSDECL}>{_numbering_xml(spec.levels, spec.dd_trailing_dot, spec.num_suffix)}"
                                   f"</w:numbering>"):
            root.append(el)
    if spec.footnotes:
        _add_footnotes(d, spec.footnotes, spec.size)
    assert not fn_ids, "fewer {fn} marks than footnotes"
    d.save(str(path))

    doc_number = f"{spec.number}/{spec.symbol}" if spec.number else f"/{spec.symbol}"
    issued = f"{spec.year:04d}-{spec.month:02d}" + (f"-{spec.day:02d}" if spec.day else "")
    document = {
        "doc_type": spec.doc_type, "doc_number": doc_number, "title": " ".join(spec.title_lines),
        "agency": spec.agency, "province": spec.province, "issued_date": issued,
        "signer_name": spec.signer_name, "signer_title": own_title(spec.signer_lines), **spec.period,
    }
    # the contract allows the whole title block joined with a space as well (seed truth alternatives)
    alternatives = {"signer_title": [" ".join(spec.signer_lines)]}
    all_text = " ".join([spec.intro] + [p for s in _walk(spec.sections) for p in s.body] + [spec.closing])
    refs = [{"kind": m.group(1), "number": m.group(2),
             "date": f"{m.group(5)}-{int(m.group(4)):02d}-{int(m.group(3)):02d}" if m.group(3) else None}
            for m in _REF.finditer(_FN.sub("", all_text))]
    refs += [{"kind": m.group(1), "number": m.group(2),
              "date": f"{m.group(5)}-{int(m.group(4)):02d}-{int(m.group(3)):02d}" if m.group(3) else None}
             for t in spec.footnotes for m in _REF.finditer(t)]
    return Expected(document=document, alternatives=alternatives, sections=sections, indicators=indicators,
                    footnotes=[{"number": k + 1, "text": t} for k, t in enumerate(spec.footnotes)],
                    tables=tables, references=refs)


def _walk(secs: list[Section]):
    for s in secs:
        yield s
        yield from _walk(s.children)


def _add_footnotes(d, texts: list[str], size: int) -> None:
    notes = "".join(
        f'<w:footnote w:id="{k + 2}"><w:p><w:pPr><w:jc w:val="both"/></w:pPr>'
        f'<w:r><w:rPr><w:vertAlign w:val="superscript"/><w:sz w:val="{(size - 3) * 2}"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:rPr><w:sz w:val="{(size - 3) * 2}"/></w:rPr><w:t xml:space="preserve"> {escape(t)}</w:t></w:r></w:p></w:footnote>'
        for k, t in enumerate(texts))
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {NSDECL}>'
           f'<w:footnote w:type="separator" w:id="0"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
           f'<w:footnote w:type="continuationSeparator" w:id="1"><w:p><w:r><w:continuationSeparator/>'
           f'</w:r></w:p></w:footnote>{notes}</w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                xml.encode("utf-8"), d.part.package)
    d.part.relate_to(part, RT.FOOTNOTES)


# ============================================================================ PDF
def to_pdf(docx_paths: Sequence[Path], outdir: Path, timeout: int = 240) -> list[Path]:
    """Render DOCX files to PDF in one LibreOffice call (own profile so parallel runs do not clash)."""
    outdir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.gettempdir()) / f"lo_made_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    try:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(outdir), *map(str, docx_paths)],
            check=True, capture_output=True, timeout=timeout)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    out = [outdir / (Path(p).stem + ".pdf") for p in docx_paths]
    missing = [str(p) for p in out if not p.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice made no PDF for {missing}")
    return out



def build_with_rules(pairs: Sequence[tuple[str, str]], root: Path) -> dict:
    """The specs ``(key, annex rules)`` built as DOCX with their annexes ruled that way ('horizontal':
    row rules only, 'none', 'vertical': column rules only) and rendered to PDF in one LibreOffice call:
    {"expected": {(key, rules): Expected}, "pdfs": {(key, rules): PDF path}}."""
    by_key = {s.key: s for s in specs()}
    expected, docx = {}, []
    for key, rules in pairs:
        spec = copy.deepcopy(by_key[key])
        for a in spec.annexes:
            a.rules = rules
        path = root / f"{key}--{rules}.docx"
        expected[(key, rules)] = build(spec, path)
        docx.append(path)
    pdfs = {tuple(p.stem.split("--")): p for p in to_pdf(docx, root / "pdf")}
    return {"expected": expected, "pdfs": pdfs}

# ============================================================================ spec catalogue
import random  # noqa: E402  (only the catalogue below needs it)

_TOPICS = [
    "Công tác chỉ đạo, điều hành cải cách hành chính", "Cải cách thể chế", "Cải cách thủ tục hành chính",
    "Cải cách tổ chức bộ máy hành chính nhà nước", "Cải cách chế độ công vụ", "Cải cách tài chính công",
    "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số", "Công tác tuyên truyền, phổ biến pháp luật",
    "Công tác kiểm tra, thanh tra", "Tình hình thu, chi ngân sách nhà nước", "Phát triển doanh nghiệp",
    "Thu hút đầu tư và xúc tiến thương mại", "Giải quyết khiếu nại, tố cáo", "Công tác đào tạo, bồi dưỡng",
]
_SUB = [
    "Kết quả đạt được", "Tồn tại, hạn chế và nguyên nhân", "Công tác rà soát văn bản quy phạm pháp luật",
    "Việc công bố, công khai thủ tục hành chính", "Thực hiện cơ chế một cửa, một cửa liên thông",
    "Tuyển dụng, sử dụng công chức, viên chức", "Quản lý, sử dụng tài sản công", "Ứng dụng công nghệ thông tin",
    "Đánh giá chung", "Giải pháp trong thời gian tới", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
]


def _sentences(rnd: random.Random, province: str, year: int) -> list[str]:
    n = lambda a, b: rnd.randint(a, b)  # noqa: E731
    return [
        f"- Đơn vị đã ban hành {n(2, 40)} văn bản chỉ đạo, điều hành công tác cải cách hành chính trong kỳ báo cáo.",
        f"- Thực hiện Kế hoạch số {n(100, 4999)}/KH-UBND ngày {n(1, 28)}/{n(1, 12)}/{year - 1} của UBND tỉnh {province} "
        f"về cải cách hành chính nhà nước năm {year}, các nhiệm vụ được triển khai đồng bộ.",
        f"+ Tổng số hồ sơ tiếp nhận là {n(1001, 9999):,} hồ sơ, đã giải quyết đúng hạn đạt {n(90, 99)},{n(1, 9)}%.".replace(",", ".", 1),
        f"- Kinh phí thực hiện trên {n(2, 900)} triệu đồng, được bố trí từ nguồn ngân sách nhà nước.",
        f"- Tổ chức {n(2, 30)} hội nghị tuyên truyền với khoảng {n(200, 900)} lượt người tham dự.",
        f"Căn cứ Quyết định số {n(10, 3000)}/QĐ-UBND ngày {n(1, 28)}/{n(1, 12)}/{year} của UBND tỉnh {province}, "
        f"đơn vị đã rà soát {n(3, 60)} thủ tục hành chính thuộc phạm vi quản lý.",
        f"+ Số cán bộ, công chức được cử đi đào tạo, bồi dưỡng là {n(5, 120)} người.",
        "- Công tác phối hợp giữa các phòng chuyên môn được duy trì thường xuyên, bảo đảm đúng quy định.",
        f"- Triển khai Nghị định số {n(10, 180)}/{year - 2}/NĐ-CP của Chính phủ, đơn vị đã cập nhật quy trình nội bộ.",
    ]


def _tree(rnd: random.Random, shape: Sequence[int], province: str, year: int, depth: int = 0,
          titles: Optional[list[str]] = None) -> list[Section]:
    """Sections by ``shape`` (children per level); every section gets 1-3 body paragraphs."""
    out = []
    pool = list(titles or (_TOPICS if depth == 0 else _SUB))
    rnd.shuffle(pool)
    for k in range(shape[0]):
        title = pool[k % len(pool)]
        if depth == 0 and rnd.random() < 0.5:
            title = title.upper()
        kids = _tree(rnd, shape[1:], province, year, depth + 1) if len(shape) > 1 and (k % 2 == 0 or depth == 0) else []
        body = [] if (kids and depth == 0) else rnd.sample(_sentences(rnd, province, year), rnd.randint(1, 3))
        out.append(Section(title, body, kids))
    return out


_UNITS = ["Văn bản", "Nhiệm vụ", "Hồ sơ", "Thủ tục", "Người", "Cuộc", "Đơn vị", "Triệu đồng", "%"]
_NAMES = [
    "Số văn bản chỉ đạo, điều hành đã ban hành", "Số nhiệm vụ đề ra trong kế hoạch", "Số nhiệm vụ đã hoàn thành",
    "Số hồ sơ tiếp nhận trong kỳ", "Số hồ sơ giải quyết đúng hạn", "Số thủ tục hành chính được công bố",
    "Số cuộc kiểm tra đã thực hiện", "Số người được đào tạo, bồi dưỡng", "Kinh phí thực hiện",
    "Tỷ lệ hồ sơ giải quyết trực tuyến toàn trình trên Cổng dịch vụ công của tỉnh",
    "Số văn bản quy phạm pháp luật được rà soát, hệ thống hóa theo quy định của pháp luật hiện hành",
    "Tỷ lệ hồ sơ thủ tục hành chính được số hóa kết quả giải quyết", "Số đơn vị sự nghiệp công lập tự chủ tài chính",
    "Số công chức, viên chức được tuyển dụng", "Số phản ánh, kiến nghị đã xử lý", "Số cuộc họp trực tuyến đã tổ chức",
]


def _value(rnd: random.Random, unit: str) -> str:
    if unit == "%":
        return f"{rnd.randint(60, 100)}" if rnd.random() < 0.5 else f"{rnd.randint(60, 99)},{rnd.randint(1, 9)}"
    if unit == "Triệu đồng":
        return f"{rnd.randint(1, 99)}.{rnd.randint(0, 999):03d},{rnd.randint(1, 9)}"
    if unit.startswith("Có"):
        return rnd.choice(["0", "1"])
    v = rnd.randint(0, 25000 if unit == "Hồ sơ" else 60)
    return f"{v:,}".replace(",", ".") if v >= 1000 else (f"{v:02d}" if rnd.random() < 0.15 else str(v))


def _leaf(rnd: random.Random, stt: str, nval: int, allow_coded: bool = True) -> Row:
    if allow_coded and rnd.random() < 0.08:
        unit = "Có = 1; Không = 0"
        name = "Có thực hiện số hóa hồ sơ, kết quả giải quyết thủ tục hành chính"
    else:
        unit = rnd.choice(_UNITS)
        name = rnd.choice(_NAMES)
    vals = [_value(rnd, unit) for _ in range(nval)]
    if nval == 3:  # plan / actual / comparison
        vals[2] = f"{rnd.randint(80, 130)},{rnd.randint(0, 9)}"
    if rnd.random() < 0.05:
        vals[0] = "-"
    note = rnd.choice(["", "", "", "", "Ước thực hiện", "Theo số liệu của Cổng dịch vụ công"])
    return Row(stt, name, unit, vals, note)


def _annex_rows(rnd: random.Random, style: str, groups: int, per: int, nval: int) -> list[Row]:
    """Rows for a code style: ``seed`` (I / 1.1 / 1.1.1), ``trailing`` (1. / 1.1. with "Trong đó"),
    ``roman_plain`` (I / 1 / 2 under each Roman group), ``flat`` (1, 2, 3 ...)."""
    rows: list[Row] = []
    if style == "flat":
        return [_leaf(rnd, str(k + 1), nval) for k in range(groups * per)]
    for g in range(groups):
        if style == "seed":
            kids = []
            for s in range(per):
                sub = [_leaf(rnd, f"{g + 1}.{s + 1}.{t + 1}", nval) for t in range(rnd.randint(1, 3))]
                kids.append(Row(f"{g + 1}.{s + 1}", rnd.choice(_SUB), bold=True, children=sub))
            rows.append(Row(ROMAN[g], rnd.choice(_TOPICS).upper(), bold=True, children=kids))
        elif style == "roman_plain":
            kids = [_leaf(rnd, str(s + 1), nval) for s in range(per)]
            rows.append(Row(ROMAN[g], rnd.choice(_TOPICS).upper(), bold=True, children=kids))
        elif style == "trailing":
            kids = []
            for s in range(per):
                leaf = _leaf(rnd, f"{g + 1}.{s + 1}.", nval, allow_coded=False)
                if s == 0 and leaf.unit not in ("%",):
                    leaf.children = [
                        Row("", "- Cấp tỉnh", leaf.unit, [_value(rnd, leaf.unit) for _ in range(nval)]),
                        Row("Trong đó", "Cấp huyện", leaf.unit, [_value(rnd, leaf.unit) for _ in range(nval)]),
                    ]
                kids.append(leaf)
            rows.append(Row(f"{g + 1}.", rnd.choice(_TOPICS), bold=True, children=kids))
        else:
            raise ValueError(style)
    return rows


_PERIODS = {
    "q2-2024": ("quý II năm 2024", dict(period_label="quý II năm 2024", period_year=2024, period_quarter=2,
                                        period_start="2024-04-01", period_end="2024-06-30")),
    "q1-2025": ("quý I năm 2025", dict(period_label="quý I năm 2025", period_year=2025, period_quarter=1,
                                       period_start="2025-01-01", period_end="2025-03-31")),
    "q4-2023": ("quý IV năm 2023", dict(period_label="quý IV năm 2023", period_year=2023, period_quarter=4,
                                        period_start="2023-10-01", period_end="2023-12-31")),
    "6m-2025": ("6 tháng đầu năm 2025", dict(period_label="6 tháng đầu năm 2025", period_year=2025, period_quarter=None,
                                             period_start="2025-01-01", period_end="2025-06-30")),
    "6m-2024": ("6 tháng đầu năm 2024", dict(period_label="6 tháng đầu năm 2024", period_year=2024, period_quarter=None,
                                             period_start="2024-01-01", period_end="2024-06-30")),
    "y-2023": ("năm 2023", dict(period_label="năm 2023", period_year=2023, period_quarter=None,
                                period_start="2023-01-01", period_end="2023-12-31")),
    "y-2025": ("năm 2025", dict(period_label="năm 2025", period_year=2025, period_quarter=None,
                                period_start="2025-01-01", period_end="2025-12-31")),
    "9m-2024": ("9 tháng năm 2024", dict(period_label="9 tháng năm 2024", period_year=2024, period_quarter=None,
                                         period_start="2024-01-01", period_end="2024-09-30")),
    "m10-2025": ("tháng 10 năm 2025", dict(period_label="tháng 10 năm 2025", period_year=2025, period_quarter=None,
                                           period_start="2025-10-01", period_end="2025-10-31")),
}


def _spec(key: str, *, agency_lines: list[str], agency: str, province: str, place: str, number: Optional[str],
          symbol: str, day: Optional[int], month: int, year: int, period: str, subject: str,
          signer_lines: list[str], signer_name: str, shape: Sequence[int] = (3, 3, 2),
          annexes: Sequence[tuple] = (), doc_type: str = "BÁO CÁO", footnotes: int = 0,
          split_title: bool = False, **kw) -> Spec:
    rnd = random.Random(key)
    label, fields = _PERIODS[period]
    title = f"{subject} {label}"
    if split_title:
        words = title.split(" ")
        title_lines = [" ".join(words[: len(words) // 2]), " ".join(words[len(words) // 2:])]
    else:
        title_lines = [title]
    secs = _tree(rnd, shape, province, fields["period_year"] or year)
    # footnote marks go at the end of the first sentences that carry body text
    fn_texts = [f"Kế hoạch số {rnd.randint(10, 999)}/KH-{symbol.split('-', 1)[1]} ngày {rnd.randint(1, 28)}/"
                f"{rnd.randint(1, 12)}/{year} của {agency} về cải cách hành chính.",
                "Gồm các lĩnh vực: đất đai, xây dựng, đầu tư và đăng ký kinh doanh.",
                f"Số liệu tính đến ngày {rnd.randint(10, 28)}/{month}/{year}."][:footnotes]
    bodied = [s for s in _walk(secs) if s.body]
    for k in range(footnotes):
        s = bodied[(k * 3 + 1) % len(bodied)]
        s.body[0] = s.body[0].rstrip(".") + "{fn}."
    ann = []
    for k, (template, style, groups, per, caption, extra) in enumerate(annexes):
        nval = {"simple": 1, "stat2": 1, "plan_actual": 3, "periods": 2}[template]
        ann.append(Annex(caption, template, _annex_rows(rnd, style, groups, per, nval),
                         year=fields["period_year"] or year, **extra))
    kind_word = doc_type.capitalize() if doc_type != "BÁO CÁO" else "Báo cáo"
    return Spec(
        key=key, agency_lines=agency_lines, agency=agency, province=province, place=place, number=number,
        symbol=symbol, day=day, month=month, year=year, doc_type=doc_type, title_lines=title_lines,
        period=fields, sections=secs, signer_lines=signer_lines, signer_name=signer_name, annexes=ann,
        intro=f"Thực hiện chỉ đạo của cấp trên, {agency} {kind_word.lower()} {subject[:1].lower() + subject[1:]} "
              f"{label}, cụ thể như sau:",
        closing=f"Trên đây là {kind_word.lower()} {subject[:1].lower() + subject[1:]} {label} của {agency}./.",
        footnotes=fn_texts, **kw)


def specs() -> list[Spec]:
    """The catalogue of varied reports (deterministic)."""
    return [
        _spec("dienbien-skhdt-q2", agency_lines=["UBND TỈNH ĐIỆN BIÊN", "SỞ KẾ HOẠCH VÀ ĐẦU TƯ"],
              agency="Sở Kế hoạch và Đầu tư", province="Điện Biên", place="Điện Biên", number=None,
              symbol="BC-SKHĐT", day=None, month=6, year=2024, period="q2-2024",
              subject="Kết quả thực hiện công tác cải cách hành chính", footnotes=2, shape=(3, 3, 2, 2),
              signer_lines=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], signer_name="Nguyễn Văn Thành",
              annexes=[("stat2", "seed", 4, 3, "TỔNG HỢP SỐ LIỆU CẢI CÁCH HÀNH CHÍNH QUÝ II NĂM 2024", {})]),
        _spec("lamdong-ubnd-6m", agency_lines=["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG"],
              agency="Ủy ban nhân dân tỉnh Lâm Đồng", province="Lâm Đồng", place="Lâm Đồng", number="412",
              agency_bold="all",
              symbol="BC-UBND", day=18, month=7, year=2025, period="6m-2025", numbering="auto",
              levels=("R", "D", "a"), heading_fmt=("b", "b", "i"), font="Arial", size=13,
              subject="Tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội", split_title=True,
              signer_lines=["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], signer_name="Trần Hồng Thái",
              annexes=[("plan_actual", "trailing", 3, 3, "Biểu mẫu 1: KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU", {})]),
        _spec("daklak-snv-2023", agency_lines=["UBND TỈNH ĐẮK LẮK", "SỞ NỘI VỤ"], agency="Sở Nội vụ",
              province="Đắk Lắk", place="Buôn Ma Thuột", number="125", symbol="BC-SNV", day=15, month=12,
              year=2023, period="y-2023", levels=("D", "DD", "DDD"), heading_fmt=("b", "b", "i"),
              subject="Kết quả công tác cải cách hành chính", shape=(4, 2, 2),
              signer_lines=["GIÁM ĐỐC"], signer_name="Lê Thị Hoa",
              annexes=[("simple", "roman_plain", 5, 13, "Biểu mẫu 01: SỐ LIỆU CẢI CÁCH HÀNH CHÍNH NĂM 2023",
                        {"split_rows": True})]),
        _spec("hagiang-sct-9m", agency_lines=["UBND TỈNH HÀ GIANG", "SỞ CÔNG THƯƠNG"], agency="Sở Công Thương",
              province="Hà Giang", place="Hà Giang", number="78", symbol="BC-SCT", day=5, month=10, year=2024,
              period="9m-2024", heading_fmt=("b", "plain", "i", "i"), size=13,
              subject="Tình hình sản xuất công nghiệp và thương mại", footnotes=1,
              signer_lines=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], signer_name="Hoàng Văn Dũng",
              annexes=[("periods", "flat", 1, 12, "Biểu mẫu 1: MỘT SỐ CHỈ TIÊU CHỦ YẾU", {})]),
        _spec("quangninh-stc-q4", agency_lines=["UBND TỈNH QUẢNG NINH", "SỞ TÀI CHÍNH"], agency="Sở Tài chính",
              province="Quảng Ninh", place="Quảng Ninh", number="1024", symbol="BC-STC", day=28, month=12,
              year=2023, period="q4-2023", numbering="auto", levels=("R", "D", "DD"), heading_fmt=("b", "b", "bi"),
              num_suffix="space",
              font="Arial", size=12, subject="Kết quả thực hiện nhiệm vụ tài chính - ngân sách",
              signer_lines=["GIÁM ĐỐC"], signer_name="Phạm Minh Tuấn",
              annexes=[("simple", "seed", 2, 2, "Biểu mẫu 1: KẾT QUẢ THU NGÂN SÁCH", {}),
                       ("plan_actual", "roman_plain", 2, 3, "Biểu mẫu 2: KẾT QUẢ CHI NGÂN SÁCH",
                        {"landscape": True})]),
        _spec("cantho-snv-q1", agency_lines=["UBND THÀNH PHỐ CẦN THƠ", "SỞ NỘI VỤ"], agency="Sở Nội vụ",
              province="Cần Thơ", place="Cần Thơ", number="56", symbol="BC-SNV", day=None, month=3, year=2025,
              period="q1-2025", footnotes=3, shape=(4, 2, 2),
              subject="Kết quả thực hiện công tác cải cách hành chính",
              signer_lines=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], signer_name="Võ Thị Mỹ Linh",
              annexes=[("stat2", "seed", 3, 2, "Biểu mẫu 1: SỐ LIỆU CẢI CÁCH HÀNH CHÍNH", {"colnums": True})]),
        _spec("binhdinh-stp-kh", agency_lines=["UBND TỈNH BÌNH ĐỊNH", "SỞ TƯ PHÁP"], agency="Sở Tư pháp",
              province="Bình Định", place="Bình Định", number="45", symbol="KH-STP", day=9, month=1, year=2025,
              period="y-2025", doc_type="KẾ HOẠCH", levels=("R", "D", "a"), heading_fmt=("b", "i", "plain"),
              subject="Thực hiện công tác cải cách hành chính", shape=(3, 3, 2),
              signer_lines=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], signer_name="Đặng Quốc Bảo"),
        _spec("hanoi-skhdt-6m", agency_lines=["UBND THÀNH PHỐ HÀ NỘI", "SỞ KẾ HOẠCH VÀ ĐẦU TƯ"],
              agency="Sở Kế hoạch và Đầu tư", province="Hà Nội", place="Hà Nội", number="2150",
              symbol="BC-KH&ĐT", day=20, month=6, year=2024, period="6m-2024", numbering="auto",
              levels=("R", "D", "DD", "a"), heading_fmt=("b", "b", "i", "i"), split_title=True,
              num_suffix="default-tab",
              subject="Tình hình thu hút đầu tư và phát triển doanh nghiệp trên địa bàn thành phố",
              signer_lines=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], signer_name="Nguyễn Thị Thu Hà", footnotes=2,
              annexes=[("periods", "trailing", 6, 5, "Biểu mẫu 2: TÌNH HÌNH PHÁT TRIỂN DOANH NGHIỆP",
                        {"split_rows": True})]),
        _spec("tayninh-vp-m10", agency_lines=["UBND TỈNH TÂY NINH", "VĂN PHÒNG"], agency="Văn phòng",
              province="Tây Ninh", place="Tây Ninh", number="301", symbol="BC-VP", day=31, month=10, year=2025,
              period="m10-2025", font="Arial", size=13, heading_fmt=("b", "bi", "i", "i"),
              subject="Kết quả giải quyết thủ tục hành chính", shape=(2, 3),
              signer_lines=["CHÁNH VĂN PHÒNG"], signer_name="Lý Văn Sơn",
              annexes=[("simple", "trailing", 6, 7, None, {"repeat_header": False})]),
        _spec("vinhlong-ubnd-q2", agency_lines=["ỦY BAN NHÂN DÂN", "TỈNH VĨNH LONG"],
              agency="Ủy ban nhân dân tỉnh Vĩnh Long", province="Vĩnh Long", place="Vĩnh Long", number=None,
              symbol="BC-UBND", day=None, month=7, year=2024, period="q2-2024", dd_trailing_dot=False,
              levels=("R", "D", "DD"), heading_fmt=("b", "b", "i"), size=14, footnotes=1,
              subject="Công tác cải cách hành chính", shape=(3, 2, 2),
              signer_lines=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], signer_name="Lữ Quang Ngời",
              annexes=[("stat2", "roman_plain", 3, 4, "Phụ lục: SỐ LIỆU CẢI CÁCH HÀNH CHÍNH QUÝ II NĂM 2024", {})]),
    ]
