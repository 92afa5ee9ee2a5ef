"""DOCX reader: real DOCX files built with python-docx (plus raw WordprocessingML where
python-docx has no API: numbering, footnotes, tracked changes, fields), the shared
seed sample and the corpus."""

from __future__ import annotations

import json
import os
import re
import time
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from extractor.errors import InputError
from extractor.model import CellPlace, Line, Table
from extractor.readers.docx import read_docx
from shared_data import CORPUS as SHARED_CORPUS
from shared_data import SAMPLES as SHARED_SAMPLES

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = f'xmlns:w="{W_NS}"'
SAMPLES = SHARED_SAMPLES
CORPUS = SHARED_CORPUS


# ----------------------------------------------------------------------------- builders
class Builder:
    """A python-docx document plus raw XML for what python-docx cannot write."""

    def __init__(self) -> None:
        self.doc = docx.Document()
        self.body = self.doc.element.body

    def raw(self, fragment: str) -> None:
        """Append block-level WordprocessingML (paragraphs, tables) to the body."""
        holder = etree.fromstring(f"<w:body {NSDECL}>{fragment}</w:body>")
        sect = self.body.find(f"{{{W_NS}}}sectPr")
        for el in list(holder):
            if sect is not None:
                sect.addprevious(el)
            else:
                self.body.append(el)

    def numbering(self, fragment: str) -> None:
        """Replace numbering.xml's content with ``fragment`` (abstractNum and num elements)."""
        root = self.doc.part.numbering_part.element
        for el in list(root):
            root.remove(el)
        for el in etree.fromstring(f"<w:numbering {NSDECL}>{fragment}</w:numbering>"):
            root.append(el)

    def style(self, fragment: str) -> None:
        root = self.doc.styles.element
        for el in etree.fromstring(f"<w:styles {NSDECL}>{fragment}</w:styles>"):
            root.append(el)

    def footnotes(self, fragment: str) -> None:
        """Add a footnotes part (python-docx has none) with its relationship and content type."""
        xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {NSDECL}>'
               f'<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
               f'<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
               f'</w:r></w:p></w:footnote>{fragment}</w:footnotes>')
        part = Part(PackURI("/word/footnotes.xml"),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                    xml.encode("utf-8"), self.doc.part.package)
        self.doc.part.relate_to(part, RT.FOOTNOTES)

    def save(self, path: Path) -> str:
        self.doc.save(str(path))
        return str(path)


def P(text: str, num: tuple[int, int] | None = None, style: str | None = None, rpr: str = "", ppr: str = "") -> str:
    """A raw paragraph."""
    parts = []
    if style:
        parts.append(f'<w:pStyle w:val="{style}"/>')
    if num:
        parts.append(f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>')
    parts.append(ppr)
    ppr_xml = f"<w:pPr>{''.join(parts)}</w:pPr>" if any(parts) else ""
    run = f'<w:r>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p>{ppr_xml}{run}</w:p>"


def LVL(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>')


def texts(doc) -> list[str]:
    return [ln.text for ln in doc.pages[0].lines]


def line(doc, startswith: str) -> Line:
    for ln in doc.pages[0].lines:
        if ln.text.startswith(startswith):
            return ln
    raise AssertionError(f"no line starting {startswith!r} in {texts(doc)}")


# ----------------------------------------------------------------------------- numbering
MULTI = (
    '<w:abstractNum w:abstractNumId="0">'
    + LVL(0, "upperRoman", "%1.") + LVL(1, "decimal", "%2.") + LVL(2, "decimal", "%2.%3.") + LVL(3, "lowerLetter", "%4)")
    + '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
)


def test_multilevel_numbering_and_restarts(tmp_path):
    b = Builder()
    b.numbering(MULTI)
    b.raw("".join([
        P("CÔNG TÁC CHỈ ĐẠO", (1, 0)),
        P("Về thể chế", (1, 1)),
        P("Xây dựng văn bản", (1, 2)),
        P("Tham mưu ban hành", (1, 3)),
        P("Rà soát văn bản", (1, 3)),
        P("Theo dõi thi hành", (1, 2)),
        P("Đoạn văn thường không đánh số."),
        P("Về thủ tục hành chính", (1, 1)),
        P("Công bố TTHC", (1, 2)),
        P("Công khai", (1, 3)),
        P("", (1, 3)),  # an empty list paragraph is not emitted but prints "b)" and counts
        P("Giải quyết", (1, 3)),
        P("KẾT QUẢ", (1, 0)),
        P("Ưu điểm", (1, 1)),
        P("Chi tiết", (1, 2)),
    ]))
    doc = read_docx(b.save(tmp_path / "multi.docx"))
    assert texts(doc) == [
        "I. CÔNG TÁC CHỈ ĐẠO", "1. Về thể chế", "1.1. Xây dựng văn bản", "a) Tham mưu ban hành",
        "b) Rà soát văn bản", "1.2. Theo dõi thi hành", "Đoạn văn thường không đánh số.",
        "2. Về thủ tục hành chính", "2.1. Công bố TTHC", "a) Công khai", "c) Giải quyết", "II. KẾT QUẢ", "1. Ưu điểm", "1.1. Chi tiết",
    ]
    assert line(doc, "I.").numbered and not line(doc, "Đoạn").numbered
    assert all(ln.page is None and ln.box is None for ln in doc.pages[0].lines)
    orders = [ln.order for ln in doc.pages[0].lines]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)


def test_style_linked_numbering_with_basedon_chain(tmp_path):
    b = Builder()
    b.numbering(MULTI)
    b.style(
        '<w:style w:type="paragraph" w:customStyle="1" w:styleId="Muc1"><w:name w:val="Muc 1"/>'
        '<w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr>'
        '<w:rPr><w:b/></w:rPr></w:style>'
        '<w:style w:type="paragraph" w:customStyle="1" w:styleId="Muc1Do"><w:name w:val="Muc 1 Do"/>'
        '<w:basedOn w:val="Muc1"/></w:style>'
        '<w:style w:type="paragraph" w:customStyle="1" w:styleId="Muc2"><w:name w:val="Muc 2"/>'
        '<w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
    )
    b.raw(P("MỤC ĐÍCH", style="Muc1") + P("Mục tiêu", style="Muc2") + P("YÊU CẦU", style="Muc1Do")
          + P("Không đánh số", style="Muc1", ppr='<w:numPr><w:numId w:val="0"/></w:numPr>'))
    doc = read_docx(b.save(tmp_path / "style.docx"))
    assert texts(doc) == ["I. MỤC ĐÍCH", "1. Mục tiêu", "II. YÊU CẦU", "Không đánh số"]
    first = line(doc, "I.")
    assert first.style == "Muc 1" and first.bold and first.numbered
    assert not line(doc, "Không").numbered


def test_start_override_shared_abstract_islgl_bullets_and_lvlrestart(tmp_path):
    b = Builder()
    b.numbering(
        '<w:abstractNum w:abstractNumId="1">' + LVL(0, "decimal", "%1.") + "</w:abstractNum>"
        '<w:abstractNum w:abstractNumId="2">' + LVL(0, "upperRoman", "%1.")
        + LVL(1, "decimal", "%1.%2.", extra="<w:isLgl/>") + "</w:abstractNum>"
        '<w:abstractNum w:abstractNumId="3">' + LVL(0, "bullet", "-") + LVL(1, "bullet", "\u2022") + "</w:abstractNum>"
        '<w:abstractNum w:abstractNumId="4">' + LVL(0, "upperLetter", "%1.")
        + LVL(1, "decimalZero", "%2.", extra='<w:lvlRestart w:val="0"/>') + "</w:abstractNum>"
        '<w:num w:numId="4"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="5"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/>'
        "</w:lvlOverride></w:num>"
        '<w:num w:numId="6"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="7"><w:abstractNumId w:val="2"/></w:num>'
        '<w:num w:numId="8"><w:abstractNumId w:val="3"/></w:num>'
        '<w:num w:numId="9"><w:abstractNumId w:val="4"/></w:num>'
    )
    b.raw("".join([
        P("một", (4, 0)), P("hai", (4, 0)),
        P("năm", (5, 0)), P("sáu", (5, 0)),
        P("ba", (6, 0)),  # shares abstract 1 with numId 4: continues its counter
        P("Phần", (7, 0)), P("mục pháp lý", (7, 1)),
        P("gạch đầu dòng", (8, 0)), P("chấm tròn", (8, 1)),
        P("A mục", (9, 0)), P("con", (9, 1)), P("B mục", (9, 0)), P("con tiếp", (9, 1)),
    ]))
    doc = read_docx(b.save(tmp_path / "over.docx"))
    assert texts(doc) == ["1. một", "2. hai", "5. năm", "6. sáu", "3. ba", "I. Phần", "1.1. mục pháp lý",
                          "- gạch đầu dòng", "chấm tròn", "A. A mục", "01. con", "B. B mục", "02. con tiếp"]
    assert line(doc, "- gạch").numbered and not line(doc, "chấm").numbered


# ----------------------------------------------------------------------------- tables
def test_merged_grid_header_rows_and_ragged_rows(tmp_path):
    b = Builder()
    t = b.doc.add_table(rows=5, cols=4)
    t.style = "Table Grid"
    t.cell(0, 0).merge(t.cell(1, 0)).text = "STT"
    t.cell(0, 1).merge(t.cell(1, 1)).text = "Chỉ tiêu"
    t.cell(0, 2).merge(t.cell(0, 3)).text = "Kết quả thống kê"
    t.cell(1, 2).text = "Đơn vị tính"
    t.cell(1, 3).text = "Số liệu"
    for r, vals in ((2, ("1", "Số văn bản", "Văn bản", "29")), (3, ("2", "Tỷ lệ", "%", "22,45")),
                    (4, ("3", "Ghi chú dài", "", ""))):
        for k, v in enumerate(vals):
            t.cell(r, k).paragraphs[0].text = v
    t.cell(3, 1).add_paragraph("dòng hai")
    t.cell(4, 2).merge(t.cell(4, 3))
    for tr in t._tbl.tr_lst[:2]:
        tr.get_or_add_trPr().append(etree.fromstring(f'<w:tblHeader {NSDECL}/>'))
    # a row that starts one grid column late and leaves one out (gridBefore/gridAfter)
    t._tbl.append(etree.fromstring(
        f'<w:tr {NSDECL}><w:trPr><w:gridBefore w:val="1"/><w:gridAfter w:val="1"/></w:trPr>'
        '<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>Cộng</w:t></w:r></w:p></w:tc></w:tr>'))
    # a ragged row with fewer cells
    t._tbl.append(etree.fromstring(
        f'<w:tr {NSDECL}><w:tc><w:p><w:r><w:t>4</w:t></w:r></w:p></w:tc></w:tr>'))
    doc = read_docx(b.save(tmp_path / "grid.docx"))
    [tab] = doc.pages[0].tables
    assert (tab.n_rows, tab.n_cols, tab.header_rows, tab.layout) == (7, 4, 2, False)
    cells = {(c.row, c.col): c for c in tab.cells}
    assert (cells[0, 0].text, cells[0, 0].row_span, cells[0, 0].col_span) == ("STT", 2, 1)
    assert (cells[0, 2].text, cells[0, 2].row_span, cells[0, 2].col_span) == ("Kết quả thống kê", 1, 2)
    assert (1, 0) not in cells and (0, 3) not in cells
    assert cells[1, 3].text == "Số liệu"
    assert cells[3, 1].text == "Tỷ lệ dòng hai" and cells[3, 1].lines == ["Tỷ lệ", "dòng hai"]
    assert cells[4, 2].col_span == 2
    assert (cells[5, 1].text, cells[5, 1].col_span) == ("Cộng", 2) and (5, 0) not in cells
    assert cells[6, 0].text == "4" and (6, 1) not in cells
    g = tab.grid()
    assert g[1][0] is cells[0, 0] and g[0][3] is cells[0, 2]


def test_nested_table_is_its_own_table_after_parent(tmp_path):
    b = Builder()
    b.doc.add_paragraph("Trước bảng")
    t = b.doc.add_table(rows=2, cols=2)
    t.style = "Table Grid"
    t.cell(0, 0).text = "STT"
    t.cell(0, 1).text = "Nội dung"
    t.cell(1, 0).text = "1"
    inner = t.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "trong A"
    inner.cell(0, 1).text = "trong B"
    b.doc.add_paragraph("Sau bảng")
    doc = read_docx(b.save(tmp_path / "nested.docx"))
    items = list(doc.items())
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Line", "Table", "Table", "Line"]
    outer, inner_t = items[1], items[2]
    assert "trong A" not in " ".join(c.text for c in outer.cells)
    assert [c.text for c in inner_t.cells] == ["trong A", "trong B"]


HEADER_BLOCK = (
    '<w:tbl><w:tblPr><w:tblW w:w="9185" w:type="dxa"/><w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/>'
    '<w:bottom w:val="nil"/><w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>'
    '</w:tblPr><w:tblGrid><w:gridCol w:w="3515"/><w:gridCol w:w="5670"/></w:tblGrid>'
    "<w:tr><w:tc>" + P("UBND TỈNH ĐIỆN BIÊN") + P("SỞ KẾ HOẠCH VÀ ĐẦU TƯ", rpr="<w:b/>") + P("") + "</w:tc>"
    "<w:tc>" + P("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", rpr="<w:b/>") + P("Độc lập - Tự do - Hạnh phúc") + "</w:tc></w:tr>"
    "<w:tr><w:tc>" + P("Số:   /BC-SKHĐT") + "</w:tc><w:tc>" + P("Điện Biên, ngày   tháng 3 năm 2023") + "</w:tc></w:tr>"
    "</w:tbl>"
)


def test_borderless_header_and_signature_blocks_become_placed_lines(tmp_path):
    """Layout-table lines say where Word holds them (table, row, column, paragraph, the cell's edges
    from the grid); no line gets an invented page box, and body paragraphs carry their index."""
    b = Builder()
    b.raw(HEADER_BLOCK)
    b.doc.add_paragraph("BÁO CÁO")
    b.raw(
        '<w:tbl><w:tblPr><w:tblBorders><w:top w:val="none"/><w:insideV w:val="none"/></w:tblBorders></w:tblPr>'
        '<w:tblGrid><w:gridCol w:w="4536"/><w:gridCol w:w="4536"/></w:tblGrid><w:tr><w:tc>'
        + P("Nơi nhận:") + P("- Lưu: VT.") + "</w:tc><w:tc>" + P("KT. GIÁM ĐỐC") + P("PHÓ GIÁM ĐỐC") + P("")
        + P("Bùi Thị Thanh Bình") + "</w:tc></w:tr></w:tbl>"
    )
    doc = read_docx(b.save(tmp_path / "layout.docx"))
    page = doc.pages[0]
    assert page.tables == []
    lines = {ln.text: ln for ln in page.lines}
    ubnd, motto, so, date = (lines["UBND TỈNH ĐIỆN BIÊN"], lines["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
                             lines["Số:   /BC-SKHĐT"], lines["Điện Biên, ngày   tháng 3 năm 2023"])
    assert all(x.in_table for x in (ubnd, motto, so, date))
    assert all(ln.box is None and ln.page is None and ln.source == "docx" for ln in page.lines)
    assert ubnd.cell == CellPlace(table=0, row=0, col=0, para=0, x0=0.0, x1=175.75)
    assert (motto.cell.col, motto.cell.x0, motto.cell.x1) == (1, 175.75, 459.25)
    assert lines["SỞ KẾ HOẠCH VÀ ĐẦU TƯ"].cell.para == 1 and lines["SỞ KẾ HOẠCH VÀ ĐẦU TƯ"].bold
    assert so.cell.row == date.cell.row == 1 and so.cell.col < date.cell.col
    assert so.beside(date, 1.0) and ubnd.beside(motto, 1.0) and not ubnd.beside(so, 1.0)
    sig = lines["Bùi Thị Thanh Bình"]
    assert sig.in_table and sig.cell.table == 1 and sig.cell.x0 == 226.8
    assert sig.cell.para == 3  # paragraph index kept (the empty one above it is counted, not emitted)
    assert lines["Nơi nhận:"].cell.x0 == 0.0
    title = lines["BÁO CÁO"]
    assert title.cell is None and title.para is not None and not title.in_table and title.is_paragraph
    orders = [ln.order for ln in page.lines]
    assert orders == list(range(len(orders)))


def test_borderless_table_with_stt_and_rows_stays_a_table(tmp_path):
    b = Builder()
    t = b.doc.add_table(rows=6, cols=3)  # default style: no borders
    for k, v in enumerate(("STT", "Đơn vị", "Giám đốc")):
        t.cell(0, k).text = v
    for r in range(1, 6):
        t.cell(r, 0).text = str(r)
        t.cell(r, 1).text = f"Sở {r}"
        t.cell(r, 2).text = "Số: 1"
    doc = read_docx(b.save(tmp_path / "stt.docx"))
    assert len(doc.pages[0].tables) == 1 and not doc.pages[0].lines


# ----------------------------------------------------------------------------- footnotes, changes, fields
def test_footnotes_numbered_by_first_reference(tmp_path):
    b = Builder()
    b.footnotes(
        '<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Kế hoạch số 91/KH-SKHĐT.</w:t>'
        "</w:r></w:p></w:footnote>"
        '<w:footnote w:id="3"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Dòng một</w:t></w:r></w:p>'
        "<w:p><w:r><w:t>dòng hai.</w:t></w:r></w:p></w:footnote>"
        '<w:footnote w:id="4"><w:p><w:r><w:t>Không được tham chiếu.</w:t></w:r></w:p></w:footnote>'
        '<w:footnote w:id="5"><w:p><w:r><w:t>Dấu tự đặt.</w:t></w:r></w:p></w:footnote>'
    )
    ref = '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="{}"/></w:r>'
    b.raw(f'<w:p><w:r><w:t>Kế hoạch của Sở</w:t></w:r>{ref.format(3)}<w:r><w:t>. Tiếp theo</w:t></w:r>'
          f'{ref.format(2)}<w:r><w:t xml:space="preserve"> và lại</w:t></w:r>{ref.format(3)}</w:p>'
          '<w:p><w:r><w:t>Dấu riêng</w:t></w:r><w:r><w:footnoteReference w:customMarkFollows="1" w:id="5"/>'
          '<w:t>7</w:t></w:r></w:p>')
    t = b.doc.add_table(rows=1, cols=2)
    t.style = "Table Grid"
    t.cell(0, 0).text = "STT"
    t.cell(0, 1).paragraphs[0]._p.append(etree.fromstring(
        f'<w:r {NSDECL}><w:t>Ô có chú thích</w:t></w:r>'))
    t.cell(0, 1).paragraphs[0]._p.append(etree.fromstring(f'<w:r {NSDECL}><w:footnoteReference w:id="2"/></w:r>'))
    doc = read_docx(b.save(tmp_path / "fn.docx"))
    assert texts(doc) == ["Kế hoạch của Sở[^1]. Tiếp theo[^2] và lại[^1]", "Dấu riêng[^7]"]
    assert [(f.number, f.text, f.page) for f in doc.footnotes] == [
        (1, "Dòng một dòng hai.", None), (2, "Kế hoạch số 91/KH-SKHĐT.", None), (7, "Dấu tự đặt.", None)]
    assert doc.pages[0].tables[0].cells[1].text == "Ô có chú thích[^2]"


def test_tracked_changes_fields_tabs_textboxes_and_sdt(tmp_path):
    b = Builder()
    b.raw(
        "<w:p><w:r><w:t>Đã </w:t></w:r>"
        '<w:ins w:id="1" w:author="a"><w:r><w:t>thêm</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="a"><w:r><w:delText>xoá bỏ</w:delText></w:r></w:del>'
        '<w:moveFrom w:id="3" w:author="a"><w:r><w:t>chuyển đi</w:t></w:r></w:moveFrom>'
        "<w:r><w:tab/><w:t>xong</w:t></w:r></w:p>"
        # complex PAGE field: instruction and result dropped; a REF field keeps its result
        '<w:p><w:r><w:t xml:space="preserve">Trang </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> REF muc1 \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>mục 1</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>19</w:t></w:r></w:fldSimple></w:p>'
        # a content control around a paragraph and inline
        '<w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent>' + P("Trong điều khiển nội dung")
        + '</w:sdtContent></w:sdt>'
        '<w:p><w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>nội tuyến</w:t></w:r></w:sdtContent></w:sdt></w:p>'
        # a deleted paragraph-level run of text only, then an empty paragraph (skipped)
        + P("") +
        # a text box inside a drawing (mc:AlternateContent with a VML fallback: read once)
        '<w:p xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><w:r><w:t>Neo</w:t></w:r><w:r><mc:AlternateContent>'
        '<mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>' + P("DỰ THẢO")
        + "</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>"
        + P("DỰ THẢO") + "</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )
    doc = read_docx(b.save(tmp_path / "misc.docx"))
    assert texts(doc) == ["Đã thêm xong", "Trang mục 1", "Trong điều khiển nội dung", "nội tuyến", "Neo", "DỰ THẢO"]


def test_run_formatting_styles_alignment_indent(tmp_path):
    b = Builder()
    p = b.doc.add_paragraph()
    p.add_run("Toàn bộ ").bold = True
    r = p.add_run("đậm")
    r.style = b.doc.styles["Strong"]  # bold through a character style
    p.add_run("  ")  # spaces do not count
    h = b.doc.add_heading("Tiêu đề", level=1)
    h.alignment = 1
    b.raw(P("Thụt lề", ppr='<w:jc w:val="both"/><w:ind w:left="720" w:firstLine="567"/>', rpr="<w:i/><w:sz w:val=\"26\"/>"))
    p2 = b.doc.add_paragraph()
    p2.add_run("nửa ").bold = True
    p2.add_run("thường")
    doc = read_docx(b.save(tmp_path / "fmt.docx"))
    first = line(doc, "Toàn bộ")
    assert first.bold and not first.italic and first.text == "Toàn bộ đậm"
    head = line(doc, "Tiêu đề")
    assert head.style == "Heading 1" and head.align == "center" and head.bold  # bold from the heading style
    ind = line(doc, "Thụt lề")
    assert ind.align == "justify" and ind.italic and ind.indent == pytest.approx(64.35) and ind.size == 13
    assert not line(doc, "nửa").bold


def test_font_name_reaches_the_codec(tmp_path):
    """TCVN3 text in a .VnTime run (font given by a character style) comes out as Unicode."""
    b = Builder()
    b.style('<w:style w:type="character" w:customStyle="1" w:styleId="Vn"><w:name w:val="Vn"/>'
            '<w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr></w:style>')
    b.raw('<w:p><w:r><w:rPr><w:rStyle w:val="Vn"/></w:rPr><w:t>Quy tr×nh tæng thÓ c¸c b</w:t><w:softHyphen/>'
          '<w:t>íc c«ng viÖc</w:t></w:r></w:p>')
    doc = read_docx(b.save(tmp_path / "tcvn.docx"))
    assert doc.meta["fonts"][0] == ".VnTime"
    assert texts(doc) == ["Quy trình tổng thể các bước công việc"]


# ----------------------------------------------------------------------------- bad inputs
def _zip(path: Path, members: dict[str, bytes]) -> str:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return str(path)


def test_bad_inputs_give_one_line_input_errors(tmp_path):
    good = Builder().save(tmp_path / "good.docx")
    cases = {}
    rnd = tmp_path / "random.docx"
    rnd.write_bytes(os.urandom(4096))
    cases["random"] = (str(rnd), "corrupt DOCX")
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    cases["empty"] = (str(empty), "empty")
    trunc = tmp_path / "trunc.docx"
    trunc.write_bytes(Path(good).read_bytes()[:3000])
    cases["truncated"] = (str(trunc), "corrupt DOCX")
    cases["plain zip"] = (_zip(tmp_path / "plain.docx", {"readme.txt": b"hello"}), "not a DOCX")
    cases["xlsx"] = (_zip(tmp_path / "book.docx", {"xl/workbook.xml": b"<x/>", "[Content_Types].xml": b"<T/>"}),
                     "Excel")
    members = {n: z for n, z in _members(good).items()}
    members["word/document.xml"] = b"<w:document><w:body><w:p>broken"
    cases["bad xml"] = (_zip(tmp_path / "badxml.docx", members), "not well-formed")
    enc = tmp_path / "enc.docx"  # an OLE compound file with an EncryptedPackage stream (Office encryption)
    enc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1016 + "EncryptedPackage".encode("utf-16-le")
                    + b"\0" * 512 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 2048)
    cases["encrypted"] = (str(enc), "password-protected")
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _members(good)["[Content_Types].xml"])
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(24):
                fh.write(chunk)
    cases["bomb"] = (str(bomb), "ZIP bomb")
    for name, (path, expect) in cases.items():
        with pytest.raises(InputError) as err:
            read_docx(path)
        msg = str(err.value)
        assert expect in msg, (name, msg)
        assert "\n" not in msg and len(msg) < 200, name


def test_package_python_docx_refuses_but_word_opens_is_read(tmp_path):
    """Add-ins leave relationships to parts that are not there (Target="NULL"), and some writers
    forget a content type: python-docx refuses such a package, Word opens it, and so do we."""
    b = Builder()
    b.doc.add_paragraph("Nội dung vẫn đọc được")
    members = _members(b.save(tmp_path / "good.docx"))
    rels = members["word/_rels/document.xml.rels"].decode()
    rels = rels.replace("</Relationships>",
                        '<Relationship Id="rId900" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                        'relationships/customXml" Target="NULL"/><Relationship Id="rId901" Type="http://schemas.'
                        'openxmlformats.org/officeDocument/2006/relationships/image" Target="media/gone.png"/>'
                        '<Relationship Id="rId902" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                        'relationships/package" Target="extra.bin"/></Relationships>')
    members["word/_rels/document.xml.rels"] = rels.encode()
    members["word/extra.bin"] = b"\0" * 16  # related, but no content type declared for it
    with pytest.raises(KeyError):
        docx.Document(_zip(tmp_path / "probe.docx", members))  # what python-docx alone does
    doc = read_docx(_zip(tmp_path / "dangling.docx", members))
    assert texts(doc) == ["Nội dung vẫn đọc được"]


def test_zip_bomb_by_declared_size(tmp_path):
    bomb = tmp_path / "huge.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            chunk = b"<w:p/>" * (1 << 18)
            for _ in range(140):  # ~220 MB declared, ~0.2 MB stored
                fh.write(chunk)
    with pytest.raises(InputError, match="refusing DOCX"):
        read_docx(str(bomb))


def _members(path: str) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


# ----------------------------------------------------------------------------- speed, samples, corpus
def test_hundred_pages_read_fast(tmp_path):
    d = docx.Document()
    for i in range(2000):
        if i % 40 == 0:
            d.add_heading(f"{i // 40 + 1}. Phần {i}", level=1)
        p = d.add_paragraph()
        p.add_run("Trong quý I năm 2023, Sở Kế hoạch và Đầu tư đã thực hiện tốt các nhiệm vụ được giao, đạt 100% ")
        p.add_run("với 07 nhiệm vụ trọng tâm.").bold = True
        if i % 200 == 0:
            t = d.add_table(rows=80, cols=6)
            for r, row in enumerate(t.rows):
                for k, c in enumerate(row.cells):
                    c.text = f"{r}.{k}"
    path = str(tmp_path / "big.docx")
    d.save(path)
    best = 99.0
    for _ in range(2):
        start = time.perf_counter()
        doc = read_docx(path)
        best = min(best, time.perf_counter() - start)
    assert len(doc.pages[0].tables) == 10 and len(doc.pages[0].lines) == 2050
    assert best < 2.0, best


@pytest.mark.skipif(not (SAMPLES / "seed-report.docx").exists(), reason="shared samples missing")
def test_seed_report_matches_truth():
    truth = json.loads((SAMPLES / "seed-report.truth.json").read_text(encoding="utf-8"))
    doc = read_docx(str(SAMPLES / "seed-report.docx"))
    assert (doc.format, doc.text_source, doc.page_count) == ("docx", "docx", None)
    assert [(f.number, f.text) for f in doc.footnotes] == [(f["number"], f["text"]) for f in truth["footnotes"]]
    body = "\n".join(texts(doc))
    for n in range(1, 7):
        assert body.count(f"[^{n}]") == 1
    for sec in truth["sections"]:
        assert any(ln.text.endswith(sec["title"]) and ln.text.startswith(sec["number"])
                   for ln in doc.pages[0].lines), sec["path"]
    [tab] = doc.pages[0].tables
    assert (tab.n_rows, tab.n_cols, tab.header_rows) == (len(truth["indicators"]) + 2, 5, 2)
    rows = tab.row_texts()[2:]
    for row, ind in zip(rows, truth["indicators"]):
        assert (row[1], row[2], row[3]) == (ind["name"], ind["unit"], ind["value_raw"])
    header = [ln for ln in doc.pages[0].lines if ln.in_table]
    assert any(ln.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" for ln in header)
    assert any(ln.text == "Bùi Thị Thanh Bình" for ln in header)


CORPUS_DOCX = sorted(CORPUS.glob("*.docx")) if CORPUS.exists() else []
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def _has_motto(text: str) -> bool:
    """The motto whatever its spacing and accent placement ('HÒA'/'HOÀ')."""
    def fold(s: str) -> str:
        s = "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))
        return "".join(s.upper().replace("Đ", "D").split())
    return fold(MOTTO) in fold(text)


def _xml_facts(path: Path) -> dict:
    """What the document's own XML holds, read apart from the reader: the text of each body-level
    paragraph (by its index among them), the tables that hold some text, and where the national
    motto stands (in a table, in a body paragraph, or nowhere)."""
    w = "{%s}" % W_NS
    with zipfile.ZipFile(path) as z:
        body = etree.fromstring(z.read("word/document.xml")).find(w + "body")

    def own_text(p) -> str:  # the paragraph's w:t, without the text boxes anchored in it
        return "".join(t.text or "" for t in p.iter(w + "t")
                       if not any(a.tag == w + "txbxContent" for a in t.iterancestors()))

    def nested(el) -> bool:
        return any(a.tag in (w + "p", w + "tbl") for a in el.iterancestors())

    paras = [p for p in body.iter(w + "p") if not nested(p)]
    tables = [t for t in body.iter(w + "tbl") if "".join(x.text or "" for x in t.iter(w + "t")).strip()]
    # a one-column table is a frame (a box around a title or paragraphs): its text is body text
    frames = [t for t in tables if len(t.findall(f"{w}tblGrid/{w}gridCol")) == 1]
    motto = [p for p in body.iter(w + "p") if _has_motto(own_text(p))]
    return {
        "paras": {i: unicodedata.normalize("NFC", "".join(own_text(p).split()))
                  for i, p in enumerate(paras) if own_text(p).strip()},
        "tables": len(tables) - len(frames),
        "frames": ["".join("".join(x.text or "" for x in t.iter(w + "t")).split()) for t in frames],
        "motto": None if not motto else any(a.tag == w + "tbl" for a in motto[0].iterancestors()),
    }


@pytest.mark.parametrize("path", CORPUS_DOCX, ids=lambda p: p.name)
def test_corpus_docx_reads(path):
    """Each corpus document read as its XML says: every body paragraph with text is a line at its
    index, every table with text is a Table or a layout block, the motto where the document has it
    (a programme may have none, a ranking may be only a table)."""
    facts = _xml_facts(path)
    doc = read_docx(str(path))
    page = doc.pages[0]
    by_para: dict[int, str] = {}
    for ln in page.lines:
        if ln.para is not None:
            text = re.sub(r"\[\^\d+\]", "", ln.text)  # the reader writes footnote references inline
            by_para[ln.para] = by_para.get(ln.para, "") + "".join(text.split())
    for i, text in facts["paras"].items():
        assert text in by_para.get(i, ""), (path.name, i, text[:60])
    layout = {ln.cell.table for ln in page.lines if ln.cell is not None}
    assert len(page.tables) + len(layout) == facts["tables"], path.name
    body_text = "".join("".join(ln.text.split()) for ln in page.lines if ln.para is None and ln.cell is None)
    for frame in facts["frames"]:
        assert frame in body_text, (path.name, frame[:60])
    if facts["motto"] is None:
        assert not any(_has_motto(ln.text) for ln in page.lines), path.name
    else:
        assert any(_has_motto(ln.text) and ln.in_table == facts["motto"] for ln in page.lines), path.name
    for t in page.tables:
        covered = set()
        for c in t.cells:
            for r in range(c.row, c.row + c.row_span):
                for k in range(c.col, c.col + c.col_span):
                    assert (r, k) not in covered, (path.name, t.order, r, k)
                    covered.add((r, k))
                    assert r < t.n_rows and k < t.n_cols


@pytest.mark.skipif(not (CORPUS / "lamdong_ubnd_bc_cchc_quy1_2026.docx").exists(), reason="corpus missing")
def test_corpus_annex_tables_follow_their_captions():
    doc = read_docx(str(CORPUS / "lamdong_ubnd_bc_cchc_quy1_2026.docx"))
    items = list(doc.items())
    captions = 0
    for i, it in enumerate(items):
        if isinstance(it, Line) and it.text.startswith("Biểu mẫu "):
            nxt = next(x for x in items[i + 1:] if isinstance(x, Table) or not x.text.startswith(("Biểu", "Cải", "Công", "Xây")))
            assert isinstance(nxt, Table) and nxt.cells[0].text == "STT", it.text
            captions += 1
    assert captions == 7
    assert len(doc.footnotes) == 6


def test_number_formats_and_unstarted_parent_level():
    from extractor.readers.docx_numbering import Numbering, format_number

    assert [format_number(n, "upperRoman") for n in (1, 4, 9, 14, 40)] == ["I", "IV", "IX", "XIV", "XL"]
    assert [format_number(n, "lowerLetter") for n in (1, 26, 27, 28)] == ["a", "z", "aa", "bb"]
    assert format_number(3, "decimalZero") == "03" and format_number(12, "decimalZero") == "12"
    assert format_number(5, "none") == "" and format_number(5, "ordinal") == "5"
    root = etree.fromstring(
        f'<w:numbering {NSDECL}><w:abstractNum w:abstractNumId="0">'
        + LVL(0, "decimal", "%1.", start=3) + LVL(1, "decimal", "%1.%2.") + LVL(2, "none", "")
        + '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')
    num = Numbering(root)
    assert num.next_label("1", 1) == ("3.1.", "tab")  # level 0 never printed: shows its start value
    assert num.next_label("1", 2) == ("", "tab")
    assert num.next_label("1", 0) == ("3.", "tab")
    assert num.next_label("1", 1) == ("3.1.", "tab")
    assert num.next_label("0", 0) is None and num.next_label("99", 0) is None
