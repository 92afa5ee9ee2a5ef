"""Documents cited by name and date, with no number: laws and ordinances in a decree's preamble."""

from __future__ import annotations

import pytest

from extractor.interpret.references import find_references

PREAMBLE = (
    "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều của Luật Tổ "
    "chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;\n"
    "Căn cứ Bộ luật Lao động năm 2019;\n"
    "Căn cứ Pháp lệnh Phòng, chống lụt, bão ngày 08/3/1993;\n"
    "Căn cứ Nghị định số 138/2020/NĐ-CP ngày 27/11/2020 của Chính phủ;"
)


def test_named_citations_give_kind_title_and_date_with_no_number():
    got = [(r.kind, r.number, r.title, r.date) for r in find_references(PREAMBLE)]
    assert got == [
        ("Luật", None, "Luật Tổ chức Chính phủ", "2015-06-19"),
        ("Luật", None, "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền "
                       "địa phương", "2019-11-22"),
        ("Luật", None, "Bộ luật Lao động", "2019"),
        ("Pháp lệnh", None, "Pháp lệnh Phòng, chống lụt, bão", "1993-03-08"),
        ("Nghị định", "138/2020/NĐ-CP", None, "2020-11-27"),
    ]


@pytest.mark.parametrize("prose", [
    "Thực hiện Luật Đất đai, UBND tỉnh đã ban hành 12 quyết định năm 2024.",
    "các luật chuyên ngành ngày 5 tháng 3 năm 2024",  # a lowercase kind word is prose
    "Kế hoạch năm 2024 của Sở Nội vụ",  # a plan is not cited by name and year
])
def test_prose_is_not_a_named_citation(prose):
    assert [r for r in find_references(prose) if r.number is None] == []
