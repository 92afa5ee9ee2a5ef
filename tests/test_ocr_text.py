"""OCR text slips mended only where the printed form is certain; structure-only code repair for scans."""

from __future__ import annotations

from extractor.interpret.annex import _mend_ocr_roman_codes
from extractor.readers.ocr import fix_vietnamese, normalise_ocr_text


def test_specks_and_coded_unit_spacing():
    assert normalise_ocr_text("Không = 0 Có =1") == "Không = 0 Có = 1"
    assert normalise_ocr_text("Số văn bản đã ` ban hành") == "Số văn bản đã ban hành"
    assert normalise_ocr_text("'Tổ chức thực hiện") == "Tổ chức thực hiện"
    assert normalise_ocr_text("3 - 5 người") == "3 - 5 người"  # nothing else changes


def test_hook_above_read_as_acute_in_known_phrases():
    assert fix_vietnamese("CẢI CÁCH THẾ CHẾ") == "CẢI CÁCH THỂ CHẾ"
    assert fix_vietnamese("được bố nhiệm mới") == "được bổ nhiệm mới"
    assert fix_vietnamese("thi tuyến, xét tuyến") == "thi tuyển, xét tuyển"
    assert fix_vietnamese("có phần đúng") == "có phần đúng"  # a real phrase stays
    assert fix_vietnamese("tuyến đường 123") == "tuyến đường 123"


def test_roman_code_repaired_from_the_rows_under_it():
    codes = ["I", "1.1", "II", "2.1", "II", "3.1", "3.2", "IV", "4.1"]
    _mend_ocr_roman_codes(codes)
    assert codes == ["I", "1.1", "II", "2.1", "III", "3.1", "3.2", "IV", "4.1"]
    untouched = ["I", "1", "2", "II", "1", "2"]  # numbers restart under each group: nothing to mend
    _mend_ocr_roman_codes(untouched)
    assert untouched == ["I", "1", "2", "II", "1", "2"]


def test_signature_title_misreads():
    assert fix_vietnamese("PHÓ GIÁM ĐC") == "PHÓ GIÁM ĐỐC"
    assert fix_vietnamese("KT. GIÁM ĐÓC") == "KT. GIÁM ĐỐC"
    assert fix_vietnamese("PHÓ GIÁM ĐỐC") == "PHÓ GIÁM ĐỐC"
