"""The report grammar, compiled once from ``patterns/grammar.toml``.

STT codes, heading numbers, page numbers and footnote openings are written once, as data; readers
and interpreters take the compiled patterns from here instead of keeping their own copies, so a
form seen in a new report is taught in one place. Patterns are compiled with the ``regex`` module
(``re`` syntax; ``(?V1)`` at the start of a pattern opts into version 1) when this module is
imported, so a bad pattern fails at start-up, not in the middle of a batch.
"""

from __future__ import annotations

from functools import cache, lru_cache

import regex

from extractor import patterns


@cache
def compiled(pattern: str) -> regex.Pattern[str]:
    """``pattern`` (a grammar string from ``patterns/``) compiled once; flags are inline in it."""
    return regex.compile(pattern)


def pattern(file: str, dotted: str) -> regex.Pattern[str]:
    """The compiled pattern at ``dotted`` (``section.key``) in ``patterns/<file>.toml``."""
    node = patterns.load(file)
    for part in dotted.split("."):
        node = node[part]
    if not isinstance(node, str):
        raise TypeError(f"patterns/{file}.toml: {dotted} is not a pattern")
    return compiled(node)


def _g(dotted: str) -> regex.Pattern[str]:
    return pattern("grammar", dotted)


# STT codes ---------------------------------------------------------------------------------------------------
#: A valid Roman numeral written in capitals (``IV``, ``XII``; not ``IIII``).
ROMAN = _g("stt_code.roman")
#: An STT cell's code as the table interpreter accepts it (``1``, ``1.2.``, ``IV``, ``a``, ``đ)``).
STT_CODE = _g("stt_code.cell")
#: A word that opens a table row in a reader: parts of at most two digits, a letter only with ``.``/``)``.
STT_CODE_OPENING = _g("stt_code.row_opening")
#: Codes that tell an STT column from a column of counts (``IV``, ``1.2``, ``a)``; not a bare ``3``).
STT_CODE_EVIDENCE = _g("stt_code.column_evidence")
#: An STT header cell or a wrapped piece of one (``STT``, ``ST``, ``Số TT``, ``Mã số``).
STT_HEADER = pattern("annex", "stt_header.cell")
#: The STT header as marks-stripped lower-case text (``so tt``).
STT_HEADER_UNMARKED = pattern("annex", "stt_header.unmarked")
#: A column-number cell under a header (``(1)``, ``A``, ``(5)=(3)/(4)``).
COLUMN_NUMBER = pattern("annex", "column_numbers.cell")

# Heading numbers (patterns/headings.toml) --------------------------------------------------------------------
#: A line opening with a heading number and then text (``1. ...``, ``a. ...``, ``II) ...``).
HEADING_NUMBER_OPENING = pattern("headings", "number.opening")
#: A line that could start a heading: a number (``I.``, ``1.2)``, ``a)``) or ``Chương``/``Điều``/``Mục``/``Phần``.
HEADING_START = pattern("headings", "number.start")
#: A line that is only a heading number (``II.``, ``1.2)``, ``a)``).
HEADING_NUMBER_ALONE = pattern("headings", "number.alone")
#: A Roman heading number opening a line; group 1 is the numeral.
LEADING_ROMAN = pattern("headings", "number.leading_roman")
#: What OCR makes of a lone ``I.``/``II.``/``III.`` (``L``, ``H.``, ``Il``, ``|.``).
ROMAN_LOOKALIKE = pattern("headings", "number.roman_lookalike")
#: A heading number glued to its capitalised title by OCR (``I.KẾT QUẢ``); group 1 is the number.
HEADING_NUMBER_GLUED = pattern("headings", "number.glued")

# Page furniture ----------------------------------------------------------------------------------------------
#: A page number line (``3``, ``- 3 -``, ``Trang 3``, ``3/10``).
PAGE_NUMBER = _g("page.number")
#: The opening of a footnote: group 1 its number, group 2 its text (``1 Theo ...``, ``(2) ...``, ``3Theo``).
FOOTNOTE_OPENING = _g("footnote.opening")
#: A footnote mark in text as readers write it (``[^3]``); group 1 is the number.
FOOTNOTE_MARK = _g("footnote.mark")

# Document numbers and dates of citations (patterns/references.toml) ------------------------------------------
#: A document number, group ``num`` (``184/BC-SNV``, ``28/2021/NĐ-CP``, ``105-QĐ/TW``); case-sensitive inside.
DOCUMENT_NUMBER = pattern("references", "number.regex")
#: Bare numbers sharing the next one's symbol (``87, 88, `` of ``87, 88, 31/CP``), group ``bare``.
DOCUMENT_NUMBER_BARE_LIST = pattern("references", "number.bare")
#: What stands between two cited numbers (``, số ``, `` và ``).
DOCUMENT_NUMBER_BETWEEN = pattern("references", "number.between")
#: A citation's date after ``ngày``: groups d1/m1/y1 (``29/12/2022``) or d2/m2/y2 (``29 tháng 12 năm 2022``).
DOCUMENT_DATE = pattern("references", "date.regex")

# The period a table caption states (patterns/header.toml) ----------------------------------------------------
#: ``quý III [năm] 2025``: group 1 the quarter (I-IV or 1-4), group 2 the year when it follows.
CAPTION_QUARTER = pattern("header", "caption_period.quarter")
#: ``năm 2025``: group 1 the year.
CAPTION_YEAR = pattern("header", "caption_period.year")
#: An annex's ``(Kèm theo Báo cáo số ... ngày ...)`` note.
ANNEX_NOTE = pattern("header", "caption_period.annex_note")

# Numbers (patterns/numbers.toml) -----------------------------------------------------------------------------
#: A cell holding one clean printed number (``1.234``, ``-5``, ``8,3``, ``95%``).
NUMBER_CELL = pattern("numbers", "shapes.cell")

# Units (patterns/units.toml) ---------------------------------------------------------------------------------
#: Text ending in a length unit that a raised 2 or 3 squares or cubes (``m``, ``km``), not a footnote mark.
POWER_UNIT_BASE = pattern("units", "power_base")

# Header and signature blocks set in a borderless table (patterns/header.toml) --------------------------------
#: A sure sign (national motto, "Nơi nhận:") in marks-stripped lower-case text.
# The header lines that carry the number and the date of issue ("Số: 289/TTr-...", "..., ngày 22 tháng 10 năm").
HEADER_NUMBER_LINE = pattern("header", "number")
HEADER_DATE_LINE = pattern("header", "date_only")

LAYOUT_BLOCK_STRONG = pattern("header", "layout_block.strong")
#: Weaker signs ("Số:", "KT.", "Giám đốc", "ngày ... tháng") in marks-stripped lower-case text.
LAYOUT_BLOCK_WEAK = pattern("header", "layout_block.weak")


def is_roman(text: str) -> bool:
    """True when ``text`` is a valid Roman numeral in capitals (``IV``; not ``iv``, ``IIII``)."""
    return bool(text) and text.isupper() and bool(ROMAN.match(text))


_ROMAN_VALUES = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                 (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(n: int) -> str:
    """``n`` as a Roman numeral in capitals (4 -> ``IV``); a number below 1 is returned in digits."""
    if n <= 0:
        return str(n)
    out = []
    for value, numeral in _ROMAN_VALUES:
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def roman_value(text: str) -> int | None:
    """The value of a valid Roman numeral in capitals (``XIV`` -> 14), else None."""
    if not is_roman(text):
        return None
    symbols = {numeral: value for value, numeral in _ROMAN_VALUES if len(numeral) == 1}
    total = 0
    for a, b in zip(text, text[1:] + " "):
        total += -symbols[a] if symbols.get(b, 0) > symbols[a] else symbols[a]
    return total


def is_stt_code(text: str) -> bool:
    """True when ``text`` is an STT cell's code (``1``, ``1.2``, ``IV.``, ``a)``)."""
    return bool(STT_CODE.match(text))


def is_page_number(text: str) -> bool:
    """True when the line ``text`` is only a page number (``- 3 -``, ``Trang 3``, ``3``)."""
    return bool(PAGE_NUMBER.match(text.strip()))


def footnote_opening(text: str) -> tuple[int, str] | None:
    """(number, text) of a line that opens a footnote (``2. Số liệu ...`` -> (2, "Số liệu ...")), else None."""
    m = FOOTNOTE_OPENING.match(text)
    return (int(m.group(1)), m.group(2)) if m else None


def footnote_marks(text: str) -> list[int]:
    """The numbers of the footnote marks (``[^n]``) in ``text``, in order."""
    return [int(n) for n in FOOTNOTE_MARK.findall(text)]


def heading_number(text: str) -> str | None:
    """The heading number a line opens with (``1.2`` of ``1.2. Kết quả``, ``II`` of ``II) ...``), else None.

    Only the numbered forms: keyword headings (``Chương II``) are read by the heading styles in
    ``patterns/headings.toml``.
    """
    m = HEADING_NUMBER_OPENING.match(text)
    if not m:
        return None
    head = text[: m.end() - 1].rstrip()
    return head[:-1]


@lru_cache(maxsize=1)
def heading_styles() -> tuple[tuple[dict, regex.Pattern[str]], ...]:
    """The heading styles of ``patterns/headings.toml`` (Phần, Chương, Mục, Điều, I., 1.1., 1., a)...) in
    the order they are tried, each with its compiled regex (groups ``num`` and ``title``)."""
    return tuple((spec, compiled(spec["regex"])) for spec in patterns.load("headings")["styles"])


def heading_style(text: str) -> tuple[str, str, str] | None:
    """(style key, number, title) of the first heading style ``text`` matches, else None:
    ``"Điều 5. Hiệu lực"`` -> ``("article", "Điều 5", "Hiệu lực")``."""
    for spec, rx in heading_styles():
        m = rx.match(text)
        if m:
            return spec["key"], m.group("num"), m.group("title")
    return None

# Header place words and signature posts (patterns/header.toml) -------------------------------------------
#: 'tỉnh', 'thành phố', 'TP.' before a province's name.
PROVINCE_PREFIX = pattern("header", "place.province_prefix")
#: A central body's name opening an agency line (Bộ ..., Chính phủ, Thủ tướng, Quốc hội ...).
CENTRAL_BODY = pattern("header", "place.central_body")
#: 'TP.' / 'Thành phố' before the place of issue.
CITY_PREFIX = pattern("header", "place.city_prefix")
#: The province named in the agency block ('UBND TỈNH LÂM ĐỒNG'), group 1.
PROVINCE_IN_AGENCY = pattern("header", "place.in_agency")
#: The kind code inside a document number ('184/BC-SNV' -> 'BC'), group 1.
NUMBER_KIND_CODE = pattern("header", "number_symbol.kind_code")
#: The serial a document number opens with ('184', '12a').
NUMBER_SERIAL = pattern("header", "number_symbol.serial")
#: The signer's own deputy post at the end of a one-line title ('... PHÓ GIÁM ĐỐC'), group 1.
DEPUTY_POST = pattern("header", "signer.deputy_post")


# Sequences --------------------------------------------------------------------------------------------------
#: The order of lettered points (``a``, ``b``, ... ``đ``, ``e``, ``g``): no f, j, w, z in Vietnamese lists.
LETTER_ORDER = patterns.load("grammar")["letters"]["order"]


def ordinal(number: str) -> tuple[str, int] | None:
    """(kind, position) of a heading number for sequence checks: the last part of ``1.2.3`` (kind
    ``"1.2."``), a Roman numeral, a letter in ``LETTER_ORDER``, or ``Điều 12`` (kind ``"Điều"``); else None."""
    t = number.strip().rstrip(".)")
    word, _, rest = t.rpartition(" ")
    if word and rest.isdigit():
        return word.lower(), int(rest)
    if word and roman_value(rest) is not None:
        return word.lower(), roman_value(rest) or 0
    if t.isdigit() or ("." in t and t.split(".")[-1].isdigit()):
        head, _, last = t.rpartition(".")
        return ("dotted:" + head, int(last))
    value = roman_value(t.upper()) if t.isupper() or t.islower() else None
    if value is not None and t.isupper():
        return "roman", value
    if len(t) == 1 and t.lower() in LETTER_ORDER:
        return "letter", LETTER_ORDER.index(t.lower()) + 1
    return None
