"""The checks interpreter: problems are recorded with the rows involved, values are never changed."""

from __future__ import annotations

import json

from extractor.interpret.checks import find_checks
from extractor.records import Records


def ind(row, code, parent, value, unit="Người", kind="number", name="x"):
    return {"table_index": 0, "row_index": row, "code": code, "parent_code": parent, "name": name, "unit": unit,
            "value_column": "Số liệu", "value_raw": "" if value is None else str(value), "value": value,
            "value_kind": kind if value is not None else "empty"}


def records(rows, title="Biểu 1: số liệu quý II năm 2024", period=(2024, 2, "quý II năm 2024")):
    doc = {"period_year": period[0], "period_quarter": period[1], "period_label": period[2],
           "doc_type": "BÁO CÁO", "doc_number": "12/BC-SNV", "agency": "Sở Nội vụ", "issued_date": "2024-07-02",
           "title": "Kết quả quý II năm 2024", "signer_name": "Nguyễn Văn A"}
    return Records(document=doc, tables=[{"table_index": 0, "kind": "indicator", "title": title}], indicators=rows)


def kinds(checks):
    return sorted(c["kind"] for c in checks)


def test_clean_table_has_no_checks():
    rows = [ind(0, "I", None, None), ind(1, "1", "I", 10, name="Tổng số"), ind(2, "1.1", "1", 4),
            ind(3, "1.2", "1", 6), ind(4, None, "1.2", 2), ind(5, None, "1.2", 3), ind(6, "2", "I", 50, "%", "percent")]
    assert find_checks(records(rows)) == []


def test_part_larger_than_total_and_breakdown_over_total():
    rows = [ind(0, "1", None, 10, name="Tổng số người"), ind(1, "1.1", "1", 12),
            ind(2, "2", None, 5, name="Tổng số hồ sơ", unit="Hồ sơ"),
            ind(3, None, "2", 3, unit="Hồ sơ"), ind(4, None, "2", 4, unit="Hồ sơ")]
    checks = find_checks(records(rows))
    assert kinds(checks) == ["part_exceeds_total", "parts_exceed_total"]
    part = next(c for c in checks if c["kind"] == "part_exceeds_total")
    assert json.loads(part["rows"]) == [0, 1] and "1.1" in part["message"]
    assert rows[1]["value"] == 12  # recorded, not fixed


def test_percent_over_100_and_code_out_of_sequence():
    rows = [ind(0, "1", None, 101, "%", "percent"), ind(1, "2", None, 1), ind(2, "4", None, 1),
            ind(3, "II", None, None), ind(4, "1", "II", 1)]  # numbering restarts under II: fine
    checks = find_checks(records(rows))
    assert kinds(checks) == ["code_sequence", "percent_over_100"]
    assert "4" in next(c for c in checks if c["kind"] == "code_sequence")["message"]


def test_annex_period_differs_from_report():
    title = "TỔNG KÊ SỐ LIỆU Quý I, năm 2022 (Kèm theo Báo cáo số 12/BC-SKHĐT ngày 17/3/2023)"
    checks = find_checks(records([ind(0, "1", None, 1)], title=title, period=(2023, 1, "quý I năm 2023")))
    assert kinds(checks) == ["period_mismatch"] and "2022" in checks[0]["message"]
    same = find_checks(records([ind(0, "1", None, 1)], title="Biểu số liệu quý I năm 2023", period=(2023, 1, "quý I")))
    assert same == []


def test_missing_header_fields_are_checks():
    doc = records([]).document
    for field in ("agency", "signer_name"):
        doc.pop(field)
    got = [c["message"] for c in find_checks(Records(document=doc)) if c["kind"] == "header_field_missing"]
    assert got == ["no agency found in the document's header", "no signer name found in the document's header"]


def test_heading_sequence_gaps_and_repeats_are_checks():
    def sec(path, parent):
        return {"path": path, "number": path.split("/")[-1], "parent": parent}
    sections = [sec("I", None), sec("I/1", 0), sec("I/2", 0), sec("I/4", 0), sec("I/4/a", 3), sec("I/4/c", 3),
                sec("II", None), sec("II/1", 6), sec("II/1", 6), sec("IV", None),
                sec("Chương I", None), sec("Chương I/Điều 1", 10), sec("Chương II", None),
                sec("Chương II/Điều 2", 12), sec("Chương II/Điều 4", 12)]
    got = [c["message"] for c in find_checks(Records(document=records([]).document, sections=sections))
           if c["kind"] == "heading_sequence"]
    assert got == [
        "heading I/4 follows I/2 out of sequence",        # I/3 missed
        "heading I/4/c follows I/4/a out of sequence",    # b) missed
        "heading II/1 repeats II/1 out of sequence",
        "heading IV follows II out of sequence",          # III missed
        "heading Chương II/Điều 4 follows Chương II/Điều 2 out of sequence",  # Điều runs through chapters
    ]
