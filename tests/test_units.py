"""Unit catalogue: printed unit cells to canonical keys and money factors."""

from __future__ import annotations

import json

import pytest

from extractor.vntext.units import UnitInfo, canonical_unit, unit_alias_regex, value_base
from shared_data import SAMPLES as SHARED_SAMPLES

SAMPLES = SHARED_SAMPLES


@pytest.mark.parametrize(
    "printed,key",
    [
        ("Người", "người"), ("người", "người"), ("NGƯỜI", "người"), (" Người ", "người"), ("(Người)", "người"),
        ("Văn bản", "văn bản"), ("Hồ sơ", "hồ sơ"), ("bộ hồ sơ", "hồ sơ"),
        ("Thủ tục", "thủ tục"), ("TTHC", "thủ tục"), ("Thủ tục hành chính", "thủ tục"),
        ("Nhiệm vụ", "nhiệm vụ"), ("PAKN", "PAKN"), ("Phản ánh, kiến nghị", "PAKN"),
        ("Phòng, ban, đơn vị", "phòng, ban, đơn vị"), ("Phòng/ban/đơn vị", "phòng, ban, đơn vị"),
        ("Phòng , ban , đơn vị", "phòng, ban, đơn vị"), ("phòng,ban,đơn vị", "phòng, ban, đơn vị"),
        ("Cơ quan, đơn vị", "cơ quan, đơn vị"), ("Cơ quan/đơn vị", "cơ quan, đơn vị"),
        ("%", "%"), ("Tỷ lệ", "%"), ("Tỷ lệ (%)", "%"), ("tỉ lệ %", "%"),
        ("Cuộc", "cuộc"), ("Lượt", "lượt"), ("Lượt người", "lượt người"), ("Doanh nghiệp", "doanh nghiệp"),
        ("DN", "doanh nghiệp"), ("Dự án", "dự án"), ("ha", "ha"), ("Ha", "ha"), ("km", "km"), ("Tấn", "tấn"),
        ("Cái", "cái"), ("Buổi", "buổi"), ("Lớp", "lớp"), ("Xã, phường", "xã, phường"), ("Xã/phường", "xã, phường"),
        ("Hộ", "hộ"), ("Vấn đề", "vấn đề"), ("Cuộc thanh tra", "cuộc thanh tra"), ("Mô hình", "mô hình"),
    ],
)
def test_canonical_keys(printed: str, key: str) -> None:
    info = canonical_unit(printed)
    assert info is not None, printed
    assert info.key == key


@pytest.mark.parametrize(
    "printed,factor",
    [("Đồng", 1), ("đồng", 1), ("VNĐ", 1), ("Nghìn đồng", 1e3), ("Ngàn đồng", 1e3), ("Triệu đồng", 1e6),
     ("triệu đồng", 1e6), ("Tr.đ", 1e6), ("Tỷ đồng", 1e9), ("Tỉ đồng", 1e9)],
)
def test_money_factor(printed: str, factor: float) -> None:
    assert canonical_unit(printed) == UnitInfo("đồng", factor, "money")


def test_value_base() -> None:
    assert value_base(17454000, "Triệu đồng") == 17454000000000
    assert value_base(290, "tỷ đồng") == 290e9
    assert value_base(58, "Người") == 58
    assert value_base(None, "Triệu đồng") is None
    assert value_base(3, "something unknown") == 3


@pytest.mark.parametrize("printed", ["", "Không = 0 Có = 1", "- Tin - Bài - Video - Khác", "Ghi chú"])
def test_not_a_catalogued_unit(printed: str) -> None:
    assert canonical_unit(printed) is None


def test_seed_units_are_catalogued() -> None:
    """Every plain unit cell of the seed annex (not code lists, not category lists) is known."""
    truth = json.loads((SAMPLES / "seed-report.truth.json").read_text(encoding="utf-8"))
    units = {r["unit"] for r in truth["indicators"]
             if r["unit"] and "=" not in r["unit"] and not r["unit"].startswith("-")}
    assert units
    for u in units:
        assert canonical_unit(u) is not None, u


@pytest.mark.parametrize(
    "after,unit",
    [
        ("bộ hồ sơ xin ý kiến", "bộ hồ sơ"), ("lượt doanh nghiệp", "lượt"), ("người.", "người"),
        ("xã, phường, đặc khu đã", "xã, phường, đặc khu"), ("tin bài, phóng sự", "tin bài"),
        ("nhiệm vụ trọng tâm", "nhiệm vụ"), ("đồng chí[^6]", "đồng chí"), ("đồng;", "đồng"),
        ("TTHC nội bộ", "TTHC"), ("Doanh nghiệp", "Doanh nghiệp"),
    ],
)
def test_alias_regex_longest_match(after: str, unit: str) -> None:
    m = unit_alias_regex().match(after)
    assert m is not None and m["unit"] == unit


@pytest.mark.parametrize("after", ["đồngbộ", "người_", "Phó Giám đốc", "năm2023x"])
def test_alias_regex_needs_word_end(after: str) -> None:
    m = unit_alias_regex().match(after)
    assert m is None or m.end() <= len(after) and not after[m.end() : m.end() + 1].isalnum()
