"""The report grammar loaded from ``patterns/`` (extractor.grammar) against the forms real reports print."""

from __future__ import annotations

import pytest

from extractor import grammar

# --------------------------------------------------------------------------- heading numbers


@pytest.mark.parametrize("line, number", [
    ("I. KẾT QUẢ THỰC HIỆN", "I"),
    ("II) Nhiệm vụ", "II"),
    ("1. Công tác chỉ đạo", "1"),
    ("1.1. Kết quả", "1.1"),
    ("2.3.1. Về thể chế", "2.3.1"),
    ("a) Cải cách thủ tục hành chính", "a"),
    ("đ) Hiện đại hóa hành chính", "đ"),
    ("b. Tồn tại", "b"),
])
def test_heading_number_of_numbered_lines(line, number):
    assert grammar.heading_number(line) == number


@pytest.mark.parametrize("line", ["1.1.Kết quả", "Năm 2024 tỉnh đạt", "- Gạch đầu dòng", "(1) liệt kê", "1,5 tỷ đồng"])
def test_heading_number_rejects_other_lines(line):
    assert grammar.heading_number(line) is None


@pytest.mark.parametrize("line, style, number, title", [
    ("PHẦN THỨ NHẤT. KẾT QUẢ", "part", "PHẦN THỨ NHẤT", "KẾT QUẢ"),
    ("Chương II. TỔ CHỨC THỰC HIỆN", "chapter", "Chương II", "TỔ CHỨC THỰC HIỆN"),
    ("Mục 1. Quy định chung", "section_muc", "Mục 1", "Quy định chung"),
    ("Điều 5. Hiệu lực thi hành", "article", "Điều 5", "Hiệu lực thi hành"),
    ("III. PHƯƠNG HƯỚNG", "roman", "III", "PHƯƠNG HƯỚNG"),
    ("1.2. Kết quả cụ thể", "decimal", "1.2", "Kết quả cụ thể"),
    # a khoản (clause) of an Điều is numbered "1.", a điểm (point) of a khoản "a)"
    ("1. Khoản này quy định", "arabic_dot", "1", "Khoản này quy định"),
    ("a) Điểm này quy định", "alpha_paren", "a", "Điểm này quy định"),
    ("đ) Trường hợp khác", "alpha_paren", "đ", "Trường hợp khác"),
])
def test_heading_styles_read_the_level_and_number(line, style, number, title):
    assert grammar.heading_style(line) == (style, number, title)


@pytest.mark.parametrize("line", ["khoản 2 Điều 5 của Luật", "điểm a khoản 1", "Theo Điều 5 Nghị định"])
def test_citing_khoan_or_diem_is_no_heading(line):
    assert grammar.heading_style(line) is None
    assert not grammar.HEADING_START.match(line)


@pytest.mark.parametrize("line", ["I. KẾT QUẢ", "1.Nội dung", "1.1) Về", "a) Nội dung", "Chương II", "CHƯƠNG III",
                                  "Điều 5. Hiệu lực", "Mục 1", "PHẦN THỨ HAI", "II.KẾT QUẢ"])
def test_heading_start(line):
    assert grammar.HEADING_START.match(line)


@pytest.mark.parametrize("line", ["I.", "1.", "Năm 2024", "Chương trình", "- Nội dung"])
def test_not_heading_start(line):
    assert not grammar.HEADING_START.match(line)


@pytest.mark.parametrize("line, alone", [("II.", True), ("1.2)", True), ("a)", True), ("II. Kết quả", False),
                                         ("2023.", False)])
def test_heading_number_alone(line, alone):
    assert bool(grammar.HEADING_NUMBER_ALONE.match(line)) is alone


def test_glued_heading_number_and_roman_lookalikes():
    assert grammar.HEADING_NUMBER_GLUED.sub(r"\1 ", "I.KẾT QUẢ") == "I. KẾT QUẢ"
    assert grammar.HEADING_NUMBER_GLUED.sub(r"\1 ", "1.2.kết quả") == "1.2.kết quả"  # lower case: not a heading
    assert grammar.LEADING_ROMAN.match("II. KẾT QUẢ").group(1) == "II"
    for ocr in ("L", "H.", "Il", "|.", "lll.."):
        assert grammar.ROMAN_LOOKALIKE.match(ocr)
    assert not grammar.ROMAN_LOOKALIKE.match("II.")


# --------------------------------------------------------------------------- STT codes


@pytest.mark.parametrize("code", ["I", "IV", "XII", "1", "12", "1.1", "1.1.2", "2.", "a", "a)", "đ)", "IV.", "B"])
def test_stt_cell_codes(code):
    assert grammar.is_stt_code(code)


@pytest.mark.parametrize("code", ["", "Tổng", "1,5", "-", "ab", "1.a", "(1)"])
def test_stt_cell_rejects(code):
    assert not grammar.is_stt_code(code)


@pytest.mark.parametrize("word, opens", [("I", True), ("1.2", True), ("1)", True), ("a)", True), ("đ.", True),
                                         ("a", False), ("2023", False), ("150", False), ("1,5", False)])
def test_stt_code_opening_a_row(word, opens):
    assert bool(grammar.STT_CODE_OPENING.match(word)) is opens


@pytest.mark.parametrize("code, evidence", [("IV", True), ("1.2", True), ("1.1.2.", True), ("a)", True),
                                            ("3", False), ("25", False), ("a", False)])
def test_stt_column_evidence(code, evidence):
    assert bool(grammar.STT_CODE_EVIDENCE.match(code)) is evidence


@pytest.mark.parametrize("text, roman", [("IV", True), ("XII", True), ("III", True), ("IIII", False), ("VX", False),
                                         ("iv", False), ("", False)])
def test_is_roman(text, roman):
    assert grammar.is_roman(text) is roman


@pytest.mark.parametrize("cell", ["STT", "TT", "Số TT", "số thứ tự", "ST", "S.", "Mã số"])
def test_stt_header(cell):
    assert grammar.STT_HEADER.match(cell)
    assert not grammar.STT_HEADER.match("Chỉ tiêu")


@pytest.mark.parametrize("cell", ["(1)", "A", "(5)=(3)/(4)", "IV"])
def test_column_number_cells(cell):
    assert grammar.COLUMN_NUMBER.match(cell)
    assert not grammar.COLUMN_NUMBER.match("Kế hoạch")


# --------------------------------------------------------------------------- page furniture


@pytest.mark.parametrize("line", ["3", "- 3 -", "– 12 –", "—3—", "Trang 3", "trang 3", "Page 7", "3/10", " 5 "])
def test_page_numbers(line):
    assert grammar.is_page_number(line)


@pytest.mark.parametrize("line", ["2023", "Trang chủ", "3 người", "Điều 3", "1.2", "3 - 5 người", ""])
def test_not_page_numbers(line):
    assert not grammar.is_page_number(line)


@pytest.mark.parametrize("line, opening", [
    ("1 Theo Báo cáo số 12/BC-UBND", (1, "Theo Báo cáo số 12/BC-UBND")),
    ("2. Số liệu đến 30/9", (2, "Số liệu đến 30/9")),
    ("3) Gồm các xã", (3, "Gồm các xã")),
    ("(4) Chưa tính", (4, "Chưa tính")),
    ("5Theo Quyết định", (5, "Theo Quyết định")),
])
def test_footnote_openings(line, opening):
    assert grammar.footnote_opening(line) == opening


@pytest.mark.parametrize("line", ["Theo Báo cáo", "2023", "- gạch", "1234 hồ sơ"])
def test_not_footnote_openings(line):
    assert grammar.footnote_opening(line) is None


def test_footnote_marks():
    assert grammar.footnote_marks("đạt 95%[^1] và 80%[^12]") == [1, 12]


# --------------------------------------------------------------------------- document numbers, dates, periods


@pytest.mark.parametrize("number", ["184/BC-SNV", "28/2021/NĐ-CP", "4217/KH-UBND", "105-QĐ/TW", "44/2013/QH13",
                                    "71/2014/TTLT-BTC-BNV", "329 /BC-SKHĐT", "02-KH/BCĐTW"])
def test_document_numbers(number):
    m = grammar.DOCUMENT_NUMBER.fullmatch(number)
    assert m and m.group("num") == number


@pytest.mark.parametrize("text", ["/BC-UBND", "2023", "12/2023", "1.234"])
def test_not_document_numbers(text):
    assert not grammar.DOCUMENT_NUMBER.fullmatch(text)


@pytest.mark.parametrize("text, dmy", [("29/12/2022", ("29", "12", "2022")), ("9-6-2022", ("9", "6", "2022")),
                                       ("29 tháng 12 năm 2022", ("29", "12", "2022"))])
def test_document_dates(text, dmy):
    m = grammar.DOCUMENT_DATE.fullmatch(text)
    assert m
    assert (m["d1"] or m["d2"], m["m1"] or m["m2"], m["y1"] or m["y2"]) == dmy


def test_caption_period():
    text = "Biểu 01: Kết quả quý III năm 2025 (Kèm theo Báo cáo số 12/BC-UBND ngày 5/10/2024)"
    text = grammar.ANNEX_NOTE.sub(" ", text)
    m = grammar.CAPTION_QUARTER.search(text)
    assert m and m.group(1) == "III" and m.group(2) == "2025"
    assert "2024" not in text
    assert grammar.CAPTION_YEAR.search("Số liệu năm 2024").group(1) == "2024"


def test_patterns_are_compiled_once():
    assert grammar.pattern("grammar", "page.number") is grammar.PAGE_NUMBER
    with pytest.raises(TypeError):
        grammar.pattern("grammar", "page")


@pytest.mark.parametrize("n, numeral", [(1, "I"), (4, "IV"), (9, "IX"), (12, "XII"), (14, "XIV"), (40, "XL"), (0, "0")])
def test_roman_numerals(n, numeral):
    assert grammar.roman(n) == numeral
    if n > 0:
        assert grammar.roman_value(numeral) == n
