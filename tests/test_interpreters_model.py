"""The interpreters on small hand-built document models: no file, no reader.

Each test builds ``Document``/``Page``/``Line``/``Table``/``Cell`` objects the
way a reader would hand them over (a text-layer PDF page with boxes, a DOCX
with paragraph indices and layout-table places, an OCR page) and checks the
records an interpreter makes of them, value by value. That the interpreters
need nothing but the model is the point of the model.
"""

from __future__ import annotations

from typing import Optional

from extractor.interpret.annex import join_tables, read_tables
from extractor.interpret.checks import find_checks
from extractor.interpret.header import read_header
from extractor.interpret.quantities import find_quantities
from extractor.interpret.references import find_references
from extractor.interpret.sections import read_sections
from extractor.model import DOCX, OCR, Cell, CellPlace, Document, Line, Page, Table
from extractor.records import Records

TEXT_LEFT = 85.0  # the text left margin of the made-up page


def pdf_line(order: int, text: str, x0: float, top: float, x1: float, bold: bool = False,
             page: int = 1, size: float = 13.0) -> Line:
    """One text-layer segment as the PDF reader gives it."""
    return Line(text=text, order=order, page=page, box=(x0, top, x1, top + size), size=size, bold=bold,
                indent=x0 - TEXT_LEFT, source="text-layer")


def table(order: int, page: Optional[int], rows: list[list[str]], header_rows: int = 0, source: str = "text-layer",
          bold_rows: tuple[int, ...] = ()) -> Table:
    cells = [Cell(row=r, col=c, text=t, lines=[t] if t else [], bold=r in bold_rows)
             for r, row in enumerate(rows) for c, t in enumerate(row)]
    top = 100.0 if page is not None else None
    return Table(cells=cells, n_rows=len(rows), n_cols=len(rows[0]), order=order, page=page,
                 box=(60.0, top, 540.0, top + 20.0 * len(rows)) if top is not None else None,
                 header_rows=header_rows, source=source)


# ----------------------------------------------------------------------------- header
def header_page() -> list[Line]:
    """A Decree-30 header of a text-layer PDF: the agency block left, the motto and date right,
    then the kind line and a two-line title. The number and the date are each cut into two
    segments on their row (a wide gap after 'Số:', a blank day left for the signer)."""
    return [
        pdf_line(0, "UBND TỈNH ĐIỆN BIÊN", 90, 60, 250),
        pdf_line(1, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 300, 60, 560, bold=True),
        pdf_line(2, "SỞ KẾ HOẠCH VÀ ĐẦU TƯ", 95, 75, 245, bold=True),
        pdf_line(3, "Độc lập - Tự do - Hạnh phúc", 345, 75, 515, bold=True),
        pdf_line(4, "Số:", 110, 100, 130),
        pdf_line(5, "329/BC-SKHĐT", 160, 100.5, 230),
        pdf_line(6, "Điện Biên, ngày", 330, 100, 420),
        pdf_line(7, "tháng 3 năm 2023", 445, 101, 540),
        pdf_line(8, "BÁO CÁO", 280, 140, 340, bold=True),
        pdf_line(9, "Kết quả công tác cải cách hành chính", 180, 156, 440, bold=True),
        pdf_line(10, "quý I năm 2023", 260, 172, 360, bold=True),
        pdf_line(11, "Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh, Sở báo cáo như sau:", 120, 200, 540),
    ]


def test_header_from_a_pdf_page_model():
    lines = header_page()
    doc = Document(source="x.pdf", format="pdf", pages=[Page(number=1, width=595, height=842, lines=lines)],
                   page_count=1)
    info = read_header(doc)
    assert info.agency == "Sở Kế hoạch và Đầu tư"
    assert info.province == "Điện Biên"
    assert info.doc_number == "329/BC-SKHĐT"
    assert (info.issued_date, info.place) == ("2023-03", "Điện Biên")  # the blank day stays unknown
    assert info.doc_type == "BÁO CÁO"
    assert info.title == "Kết quả công tác cải cách hành chính quý I năm 2023"
    assert (info.period_year, info.period_quarter, info.period_start, info.period_end) == (
        2023, 1, "2023-01-01", "2023-03-31")
    assert info.body_start == 11 and info.body_end is None


def test_header_from_a_docx_layout_table_model():
    """The same header as the DOCX reader gives it: a two-column layout table whose lines are placed
    by table/row/column/paragraph (no page box), then body paragraphs by index. The same fields
    as from the PDF."""
    def cell(row: int, col: int, para: int) -> CellPlace:
        return CellPlace(table=0, row=row, col=col, para=para, x0=(0.0, 175.75)[col], x1=(175.75, 459.25)[col])

    def placed(order: int, text: str, row: int, col: int, para: int, bold: bool = False) -> Line:
        return Line(text=text, order=order, bold=bold, in_table=True, source=DOCX, cell=cell(row, col, para),
                    align="center")

    def body(order: int, text: str, para: int, bold: bool = False) -> Line:
        return Line(text=text, order=order, bold=bold, source=DOCX, para=para, align="center" if bold else "justify")

    lines = [
        placed(0, "UBND TỈNH ĐIỆN BIÊN", 0, 0, 0),
        placed(1, "SỞ KẾ HOẠCH VÀ ĐẦU TƯ", 0, 0, 1, bold=True),
        placed(2, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 0, 1, 0, bold=True),
        placed(3, "Độc lập - Tự do - Hạnh phúc", 0, 1, 1, bold=True),
        placed(4, "Số: 329/BC-SKHĐT", 1, 0, 0),
        placed(5, "Điện Biên, ngày 15 tháng 3 năm 2023", 1, 1, 0),
        body(6, "BÁO CÁO", 1, bold=True),
        body(7, "Kết quả công tác cải cách hành chính quý I năm 2023", 2, bold=True),
        body(8, "Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh, Sở báo cáo như sau:", 3),
    ]
    assert not any(ln.box for ln in lines) and lines[4].beside(lines[5], 1.0) and not lines[0].beside(lines[4], 1.0)
    doc = Document(source="x.docx", format="docx", pages=[Page(number=None, lines=lines, text_source="docx")])
    info = read_header(doc)
    assert info.agency == "Sở Kế hoạch và Đầu tư"
    assert info.doc_number == "329/BC-SKHĐT"
    assert (info.issued_date, info.place, info.province) == ("2023-03-15", "Điện Biên", "Điện Biên")
    assert info.doc_type == "BÁO CÁO"
    assert info.title == "Kết quả công tác cải cách hành chính quý I năm 2023"
    assert info.period_quarter == 1 and info.body_start == 8


def test_header_signature_block_closes_the_body():
    lines = header_page() + [
        pdf_line(12, "Trên đây là báo cáo của Sở.", 120, 230, 300),
        pdf_line(13, "Nơi nhận:", 90, 260, 150, bold=True),
        pdf_line(14, "KT. GIÁM ĐỐC", 380, 260, 480, bold=True),
        pdf_line(15, "- UBND tỉnh;", 90, 275, 170),
        pdf_line(16, "PHÓ GIÁM ĐỐC", 380, 275, 480, bold=True),
        pdf_line(17, "- Lưu: VT.", 90, 290, 150),
        pdf_line(18, "Bùi Thị Thanh Bình", 370, 340, 500, bold=True),
    ]
    doc = Document(source="x.pdf", format="pdf", pages=[Page(number=1, lines=lines)], page_count=1)
    info = read_header(doc)
    assert info.body_end == 13
    assert info.signer_title == "PHÓ GIÁM ĐỐC" and info.signer_title_full == "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC"
    assert info.signer_name == "Bùi Thị Thanh Bình"


# ----------------------------------------------------------------------------- sections
def docx_body(texts: list[tuple[str, bool]]) -> Document:
    lines = [Line(text=t, order=i, bold=b, source=DOCX, para=i, align="justify") for i, (t, b) in enumerate(texts)]
    return Document(source="x.docx", format="docx", pages=[Page(number=None, lines=lines, text_source="docx")])


def test_headings_give_section_paths():
    doc = docx_body([
        ("I. KẾT QUẢ THỰC HIỆN", True),
        ("1. Công tác chỉ đạo, điều hành", True),
        ("1.1. Ban hành văn bản", True),
        ("a) Văn bản cấp tỉnh", False),
        ("Sở đã ban hành 07 văn bản chỉ đạo.", False),
        ("b) Văn bản cấp huyện", False),
        ("1.2. Kiểm tra", True),
        ("2. Cải cách thể chế", True),
        ("II. PHƯƠNG HƯỚNG", True),
        ("Tiếp tục thực hiện các nhiệm vụ.", False),
    ])
    sections = read_sections(doc, 0, None)
    assert [s.path for s in sections] == ["I", "I/1", "I/1/1.1", "I/1/1.1/a", "I/1/1.1/b", "I/1/1.2", "I/2", "II"]
    assert [s.level for s in sections] == [1, 2, 3, 4, 4, 3, 2, 1]
    assert sections[0].title == "KẾT QUẢ THỰC HIỆN" and sections[3].title == "Văn bản cấp tỉnh"
    assert sections[3].body == "Sở đã ban hành 07 văn bản chỉ đạo."
    assert sections[-1].body == "Tiếp tục thực hiện các nhiệm vụ."
    parents = [sections[s.parent].number if s.parent is not None else None for s in sections]
    assert parents == [None, "I", "1", "1.1", "1.1", "1", "I", None]
    assert [s.order for s in sections] == [0, 1, 2, 3, 5, 6, 7, 8]


def test_wrapped_pdf_lines_join_but_docx_paragraphs_do_not():
    """A heading wrapped over two PDF lines is one paragraph (the first line runs to the margin);
    two DOCX paragraphs with the same words stay two, because Word says where each ends."""
    pdf = [
        pdf_line(0, "1. Công tác chỉ đạo, điều hành và kiểm tra việc thực hiện các", 85, 100, 540, bold=True),
        pdf_line(1, "nhiệm vụ cải cách hành chính", 85, 116, 300, bold=True),
        pdf_line(2, "Sở đã ban hành kế hoạch.", 120, 140, 300),
    ] + [pdf_line(3 + k, "Nội dung đoạn văn bản chạy tới lề phải của trang in.", 85, 160 + 16 * k, 540)
         for k in range(4)]
    doc = Document(source="x.pdf", format="pdf", pages=[Page(number=1, lines=pdf)], page_count=1)
    [s] = read_sections(doc, 0, None)
    assert s.title == "Công tác chỉ đạo, điều hành và kiểm tra việc thực hiện các nhiệm vụ cải cách hành chính"
    assert s.page == 1

    word = docx_body([("1. Công tác chỉ đạo", True), ("nhiệm vụ cải cách hành chính", True),
                      ("2. Kiểm tra", True)])
    secs = read_sections(word, 0, None)
    assert [(s.number, s.title) for s in secs] == [("1", "Công tác chỉ đạo"), ("2", "Kiểm tra")]
    assert secs[0].body == "nhiệm vụ cải cách hành chính" and secs[0].page is None


def test_ocr_misread_roman_heading_is_mended_only_for_ocr_lines():
    """A scan read the second 'II.' heading's stroke away ('I.' again); a heading never repeats
    its number, so an OCR line is taken as the next in sequence. The same text from a text layer
    is what the page prints and is not rewritten (both carry the same confidence: the source decides)."""
    def page_of(source: str) -> Document:
        lines = [
            Line("I. KẾT QUẢ", order=0, page=1, box=(85, 100, 200, 113), bold=True, source=source, confidence=0.9),
            Line("Nội dung phần một.", order=1, page=1, box=(85, 120, 300, 133), source=source, confidence=0.9),
            Line("I. PHƯƠNG HƯỚNG", order=2, page=1, box=(85, 140, 230, 153), bold=True, source=source,
                 confidence=0.9),
        ]
        return Document(source="x", format="pdf", pages=[Page(number=1, lines=lines, text_source=source)])

    ocr = read_sections(page_of(OCR), 0, None)
    assert [(s.number, s.title) for s in ocr] == [("I", "KẾT QUẢ"), ("II", "PHƯƠNG HƯỚNG")]
    text = read_sections(page_of("text-layer"), 0, None)
    assert [(s.number, s.body) for s in text] == [("I", "Nội dung phần một.\nI. PHƯƠNG HƯỚNG")]


# ----------------------------------------------------------------------------- annex
ANNEX_HEAD = [["STT", "Chỉ tiêu", "Đơn vị tính", "Kết quả"]]


def test_two_piece_annex_table_is_joined_with_repeated_header_dropped():
    caption = Line("BIỂU TỔNG HỢP SỐ LIỆU CẢI CÁCH HÀNH CHÍNH QUÝ I NĂM 2023", order=0, page=1,
                   box=(150, 60, 450, 73), bold=True, align="center")
    first = table(1, 1, ANNEX_HEAD + [
        ["I", "Công tác chỉ đạo", "", ""],
        ["1", "Số văn bản ban hành", "Văn bản", "29"],
        ["2", "Tỷ lệ hoàn thành kế hoạch", "%", "22,45"],
    ], header_rows=1, bold_rows=(0, 1))
    second = table(2, 2, ANNEX_HEAD + [
        ["3", "Số cuộc kiểm tra", "Cuộc", "1.250"],
        ["II", "Thủ tục hành chính", "", ""],
        ["1", "Số TTHC được công bố", "Thủ tục", "12"],
    ], header_rows=1, bold_rows=(0, 2))
    doc = Document(source="x.pdf", format="pdf", page_count=2, pages=[
        Page(number=1, lines=[caption], tables=[first]), Page(number=2, tables=[second])])

    [joined] = join_tables(doc)
    assert (joined.page_start, joined.page_end, len(joined.pieces)) == (1, 2, 2)

    tables, cells, indicators, _ = read_tables(doc)  # the caption is the annex interpreter's reading
    [t] = tables
    assert t["title"] == caption.text
    assert (t["kind"], t["page_start"], t["page_end"], t["header_rows"]) == ("indicator", 1, 2, 1)
    assert not [c for c in cells if c["text"] == "STT" and c["row"] > 0]  # the page-2 header is gone
    rows = {(r["code"], r["parent_code"]): r for r in indicators}
    assert [r["code"] for r in indicators] == ["I", "1", "2", "3", "II", "1"]
    docs = rows[("1", "I")]
    assert (docs["name"], docs["unit"], docs["value"], docs["value_kind"], docs["page"]) == (
        "Số văn bản ban hành", "Văn bản", 29, "number", 1)
    assert (rows[("2", "I")]["value"], rows[("2", "I")]["value_kind"]) == (22.45, "percent")
    assert (rows[("3", "I")]["value"], rows[("3", "I")]["page"]) == (1250, 2)
    assert rows[("I", None)]["is_group"] == 1 and rows[("1", "II")]["value"] == 12
    assert {r["value_column"] for r in indicators} == {"Kết quả"}


# ----------------------------------------------------------------------------- quantities, references
def test_quantities_and_references_in_one_line():
    text = ("Thực hiện Quyết định số 1291/QĐ-UBND ngày 12/6/2023 của UBND tỉnh, Sở đã giải quyết "
            "1.250 hồ sơ, đạt 98,5% kế hoạch.")
    qs = find_quantities(text)
    got = {(q.value, q.unit) for q in qs}
    assert (1250, "hồ sơ") in got and (98.5, "%") in got
    assert all(q.sentence.startswith("Thực hiện") for q in qs)
    [ref] = find_references(text)
    assert (ref.kind, ref.number, ref.date) == ("Quyết định", "1291/QĐ-UBND", "2023-06-12")


# ----------------------------------------------------------------------------- checks
def test_part_over_total_check_from_a_table_model():
    """A part larger than its total is recorded as a check, never corrected."""
    t = table(0, None, ANNEX_HEAD + [
        ["1", "Tổng số hồ sơ tiếp nhận", "Hồ sơ", "120"],
        ["1.1", "Hồ sơ trực tuyến", "Hồ sơ", "150"],
        ["1.2", "Hồ sơ trực tiếp", "Hồ sơ", "30"],
    ], header_rows=1, source=DOCX)
    doc = Document(source="x.docx", format="docx", pages=[Page(number=None, tables=[t], text_source="docx")])
    tables, cells, indicators, _ = read_tables(doc)
    assert [(r["code"], r["parent_code"], r["value"]) for r in indicators] == [
        ("1", None, 120), ("1.1", "1", 150), ("1.2", "1", 30)]
    records = Records(document={"period_year": None, "period_quarter": None}, tables=tables, cells=cells,
                      indicators=indicators)
    checks = find_checks(records)
    over = [c for c in checks if c["kind"] == "part_exceeds_total"]
    assert len(over) == 1 and "1.1 (150) is larger than its total 1 (120)" in over[0]["message"]
    assert over[0]["table_index"] == 0 and over[0]["rows"] == "[0, 1]"
    assert indicators[1]["value"] == 150  # the printed value stands
