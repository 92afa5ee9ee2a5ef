"""Vietnamese number parsing: digits, separators, scale words, number words, ranges, table cells."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from num2words import num2words

from extractor.vntext.numbers import ValueParse, parse_number, parse_range, parse_value
from shared_data import SAMPLES as SHARED_SAMPLES

# shared/ lies beside the checkout (here and in CI)
SAMPLES = SHARED_SAMPLES


def _vn_format(n: int) -> str:
    return f"{n:,}".replace(",", ".")


# --- property tests -----------------------------------------------------------------------------

@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_num2words_round_trip(n: int) -> None:
    words = num2words(n, lang="vi")
    assert parse_number(words) == n, words


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**6))
def test_num2words_small_round_trip(n: int) -> None:
    words = num2words(n, lang="vi")
    assert parse_number(words) == n, words


@pytest.mark.parametrize("n", [0, 1, 4, 5, 10, 11, 14, 15, 21, 24, 25, 31, 100, 101, 104, 105, 110, 115,
                               1000, 1005, 1010, 10000, 15000, 21000, 100500, 101000, 1000005, 2000001,
                               1000000000, 999999999999, 10**12])
def test_num2words_known_numbers(n: int) -> None:
    assert parse_number(num2words(n, lang="vi")) == n


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**15))
def test_vietnamese_grouping_round_trip(n: int) -> None:
    assert parse_number(_vn_format(n)) == n


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=1, max_value=999))
def test_vietnamese_decimal_round_trip(whole: int, frac: int) -> None:
    frac_s = str(frac).rstrip("0") or "0"
    text = f"{_vn_format(whole)},{frac_s}"
    assert parse_number(text) == pytest.approx(float(f"{whole}.{frac_s}"), rel=1e-12)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=999), st.sampled_from([("nghìn", 10**3), ("triệu", 10**6), ("tỷ", 10**9)]))
def test_digits_with_scale_words(n: int, scale: tuple[str, int]) -> None:
    assert parse_number(f"{n} {scale[0]}") == n * scale[1]


# --- table-driven -------------------------------------------------------------------------------

CASES = [
    # contract examples
    ("3.295", 3295), ("8,3", 8.3), ("1.234.567,5", 1234567.5), ("1,234,567.5", 1234567.5),
    ("01", 1), ("07", 7), ("007", 7), ("290 tỷ", 290e9), ("1,5 triệu", 1.5e6), ("1 tỷ 250 triệu", 1.25e9),
    ("hai mươi lăm", 25), ("một trăm linh năm", 105), ("ba mươi mốt", 31), ("hai mươi tư", 24),
    ("một nghìn không trăm linh năm", 1005), ("8,3%", 8.3), ("100%", 100), ("100 %", 100),
    # English style only where Vietnamese reading is impossible
    ("8.3", 8.3), ("12.50", 12.5), ("0.5", 0.5), ("1,234", 1.234),
    # signs
    ("-5", -5), ("+5", 5), ("−2,5", -2.5), ("âm năm", -5),
    # scale words and spelling variants
    ("5 nghìn", 5000), ("5 ngàn", 5000), ("3 tỉ", 3e9), ("1.000 nghìn tỷ", 1e15), ("một nghìn tỷ", 1e12),
    ("mười lăm nghìn", 15000), ("hai mươi nhăm", 25), ("bẩy", 7), ("một trăm lẻ một nghìn", 101000),
    ("một triệu lẻ năm", 1000005), ("một nghìn lẻ mười", 1010), ("hai chục", 20),
    ("một trăm rưỡi", 150), ("hai triệu rưỡi", 2.5e6), ("một nghìn hai", 1200), ("một trăm hai", 120),
    ("tám phẩy ba", 8.3), ("hai phẩy không năm", 2.05), ("năm phần trăm", 5), ("không", 0), ("mười", 10),
    ("Hai Mươi Lăm", 25), ("1 234 567", 1234567), ("13.203.300 triệu", 13203300e6),
]

NOT_NUMBERS = ["", "abc", "4217/KH-UBND", "2021-2025", "29/12/2022", "Có", "Không = 0 Có = 1", "mốt",
               "lăm", "hai ba", "trăm trăm", "một hai ba", "1.2.3", "5K", "Covid-19", "hai mươi mươi"]


@pytest.mark.parametrize("text,value", CASES)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_not_a_number(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    "text,expected",
    [
        ("từ 5 đến 10", (5, 10)), ("5-10", (5, 10)), ("5 – 10", (5, 10)), ("5 đến 10", (5, 10)),
        ("1-2 triệu", (1e6, 2e6)), ("từ 1,5 đến 2 tỷ", (1.5e9, 2e9)), ("70% - 100%", (70, 100)),
        ("từ 3.000 đến 5.000", (3000, 5000)), ("hai đến ba", (2, 3)),
    ],
)
def test_parse_range(text: str, expected: tuple[float, float]) -> None:
    assert parse_range(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["10-5", "2021", "5", "abc", "4217/KH-UBND"])
def test_not_a_range(text: str) -> None:
    assert parse_range(text) is None


# --- table cells --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "raw,unit,expected",
    [
        ("", "%", ValueParse(None, "empty", None)),
        ("-", "Người", ValueParse(None, "empty", None)),
        ("–", "", ValueParse(None, "empty", None)),
        ("x", "Văn bản", ValueParse(None, "empty", None)),
        ("...", "", ValueParse(None, "empty", None)),
        ("0", "Đã thực hiện = 1 Chưa thực hiện = 0", ValueParse(0, "coded", "Chưa thực hiện")),
        ("1", "Không = 0 Có = 1", ValueParse(1, "coded", "Có")),
        ("Có", "Không = 0 Có = 1", ValueParse(1, "coded", "Có")),
        ("có", "Có = 1; Không = 0", ValueParse(1, "coded", "Có")),
        ("Không đạt", "Đạt = 1, Không đạt = 0", ValueParse(0, "coded", "Không đạt")),
        ("2", "Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2", ValueParse(2, "coded", "Kết hợp")),
        ("8,3", "%", ValueParse(8.3, "percent", None)),
        ("100%", "", ValueParse(100, "percent", None)),
        ("95,5", "Tỷ lệ", ValueParse(95.5, "percent", None)),
        ("01", "Người", ValueParse(1, "number", None)),
        ("17.454.000", "Triệu đồng", ValueParse(17454000, "number", None)),
        ("Không", "Văn bản", ValueParse(None, "text", None)),
        ("Đang thực hiện", "", ValueParse(None, "text", None)),
        ("15/21", "Nhiệm vụ", ValueParse(15, "number", None, 21)),  # 15 of 21 tasks: the contract's value_of
    ],
)
def test_parse_value(raw: str, unit: str, expected: ValueParse) -> None:
    assert parse_value(raw, unit) == expected


def test_parse_value_matches_seed_truth() -> None:
    """Every indicator value of the seed report reads as the truth records it."""
    truth = json.loads((SAMPLES / "seed-report.truth.json").read_text(encoding="utf-8"))
    assert truth["indicators"]
    for row in truth["indicators"]:
        got = parse_value(row["value_raw"], row["unit"])
        assert (got.value, got.kind, got.label) == (row["value"], row["value_kind"], row["value_label"]), row


def test_parse_number_is_fast() -> None:
    import time

    texts = [f"{i:,}".replace(",", ".") for i in range(20000)] + ["hai mươi lăm nghìn"] * 1000
    t0 = time.perf_counter()
    for t in texts:
        parse_number(t)
    assert time.perf_counter() - t0 < 2.0
