"""Value cells the contract names beyond plain numbers: one out of another (value_of), and columns that
write their numbers the English way round (their own values decide the decimal mark)."""

from __future__ import annotations

import pytest

from extractor.vntext.numbers import column_decimal_mark, parse_value


@pytest.mark.parametrize("raw, value, of", [
    ("9,49/9,5", 9.49, 9.5),     # a score out of its maximum (PAR Index components)
    ("9,49/ 9,5", 9.49, 9.5),
    ("12/63", 12, 63),           # a rank among 63 provinces
    ("1.700/2.912/3.141", 1700, 2912),
])
def test_one_out_of_another(raw, value, of):
    got = parse_value(raw)
    assert (got.value, got.of, got.kind) == (value, of, "number")


@pytest.mark.parametrize("raw", ["15/3", "25/12/2023", "a/b"])
def test_slashes_that_are_not_one_out_of_another(raw):
    got = parse_value(raw)
    assert got.of is None and got.value is None


@pytest.mark.parametrize("column, mark", [
    (["9.50", "14.50", "1.50"], "."),          # a dot followed by other than three digits
    (["2,096,584,751", "1,234", "15"], "."),   # commas between groups of three
    (["3.295", "8,3", "12"], None),            # the Vietnamese way: each value by the contract's rule
    (["1.234.567", "9.50"], None),             # both ways in one column: no column rule
    (["12", "7"], None),
])
def test_column_decimal_mark(column, mark):
    assert column_decimal_mark(column) == mark


def test_values_read_with_their_columns_mark():
    assert parse_value("14.500", "", ".").value == 14.5
    assert parse_value("1,234", "", ".").value == 1234
    assert parse_value("93.01%", "", ".").value == 93.01 and parse_value("93.01%", "", ".").kind == "percent"
    assert parse_value("14.500").value == 14500  # without a column rule: the Vietnamese reading
    assert parse_value("1,234").value == 1.234


def test_a_count_out_of_a_total_with_its_share_restated():
    """'862/1.266 (68,1%)': the count, its total in value_of; the share in brackets must agree with them."""
    from extractor.vntext.numbers import parse_value
    v = parse_value("862/1.266 (68,1%)")
    assert (v.value, v.kind, v.of) == (862.0, "number", 1266.0)
    assert parse_value("4.790/9.578 (50%)").of == 9578.0
    assert parse_value("5/8 (90%)").kind == "text"  # 62.5% restated as 90%: not read as a fraction


def test_a_space_typed_after_the_decimal_comma():
    from extractor.vntext.numbers import parse_value
    assert parse_value("17, 66").value == 17.66
    assert parse_value("17, 6, 5").kind == "text"  # a list, not a number
