"""Column roles from the content, not only from the header's words (issue 10, point 4).

Made reports (python-docx, and the same file rendered to PDF by LibreOffice) hold one table of each class:
a ranking whose entity column is headed "Đơn vị" and whose percentage column is headed "Chỉ số", a
self-assessment whose remarks column is headed "Tài liệu kiểm chứng", a table whose remarks column has
a header no alias knows, a task list and a table of comments (text, not data), and tables of industrial
zones printed with a header no alias names and with no header at all. The real reports the issue names
are checked too.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document as DocxDocument

import made_reports as mr
from extractor import extract_file, write
from extractor.layout.continuation import cell_class
from shared_data import CORPUS

RANKING = [
    ("1", "Sở Tư pháp", "89,00", "82,78", "93,01%", "TỐT"),
    ("2", "Sở Nội vụ", "87,00", "78,95", "90,75%", "TỐT"),
    ("3", "Sở Khoa học và Công nghệ", "87,00", "78,83", "90,60%", "TỐT"),
    ("4", "UBND xã Tuyên Quang", "99,00", "70,09", "70,80%", "KHÁ"),
]
RANKING_HEADER = ("Thứ hạng", "Đơn vị", "Điểm chuẩn tối đa", "Điểm đạt được", "Chỉ số", "Xếp loại")

MEASURED = [
    ("1", "Số văn bản chỉ đạo đã ban hành", "Văn bản", "29"),
    ("2", "Tỷ lệ hồ sơ giải quyết đúng hạn", "%", "98,5"),
    ("3", "Số cán bộ được đào tạo", "Người", "120"),
    ("4", "Số văn bản quy phạm pháp luật", "Văn bản", "15"),
]

SELF_ASSESSMENT = [
    ("1", "Ban hành kế hoạch cải cách hành chính năm đúng thời hạn", "2", "2",
     "Kế hoạch số 125/KH-UBND ngày 25/12/2024 của Ủy ban nhân dân tỉnh"),
    ("2", "Mức độ hoàn thành kế hoạch tuyên truyền cải cách hành chính", "1", "0,75",
     "Báo cáo số 45/BC-UBND ngày 10/10/2025 về kết quả tuyên truyền"),
    ("3", "Kiểm tra công tác cải cách hành chính tại các cơ quan, đơn vị", "1,5", "1,5",
     "Thông báo kết luận kiểm tra số 12/TB-SNV ngày 05/9/2025"),
]

EVIDENCE = [
    ("1", "Số thủ tục hành chính được công bố", "Thủ tục", "1.245",
     "Theo các quyết định công bố danh mục thủ tục hành chính của Chủ tịch tỉnh trong năm"),
    ("2", "Số hồ sơ tiếp nhận trực tuyến", "Hồ sơ", "86.912",
     "Số liệu trích xuất từ Hệ thống thông tin giải quyết thủ tục hành chính ngày 30/9"),
    ("3", "Tỷ lệ hồ sơ giải quyết đúng hạn", "%", "97,6",
     "Tính trên tổng số hồ sơ đã giải quyết xong trong kỳ báo cáo của các cơ quan"),
]

TASKS = [
    ("1", "Rà soát, đơn giản hóa thủ tục hành chính nội bộ", "Sở Nội vụ", "Các sở, ban, ngành", "Quý II/2026"),
    ("2", "Tổ chức kiểm tra công tác cải cách hành chính", "Sở Nội vụ", "Sở Tư pháp", "Tháng 9/2026"),
    ("3", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "Sở Khoa học và Công nghệ",
     "UBND các xã, phường", "Thường xuyên"),
    ("4", "Cập nhật cơ sở dữ liệu văn bản quy phạm pháp luật", "Sở Tư pháp", "Các cơ quan liên quan",
     "Trước ngày 31/12/2026"),
]

COMMENTS = [
    ("1", "Đề nghị bổ sung chỉ tiêu về thanh toán trực tuyến", "UBND xã Đức Trọng",
     "Tiếp thu, đã bổ sung vào mục II của dự thảo"),
    ("2", "Đề nghị làm rõ thời hạn hoàn thành nhiệm vụ số hóa", "Sở Tài chính",
     "Giải trình: thời hạn đã nêu tại Phụ lục kèm theo"),
    ("3", "Thống nhất với dự thảo", "Sở Y tế", "Không có ý kiến khác"),
]

ZONES = [
    ("Cụm công nghiệp Phú Hội", "177,1", "82,3%"),
    ("Cụm công nghiệp Lộc Sơn", "185,4", "95,1%"),
    ("Cụm công nghiệp Hàm Kiệm I", "146,2", "74,6%"),
    ("Cụm công nghiệp Sơn Mỹ", "1.070,0", "12,5%"),
]
ZONES_HEADER = ("Cụm công nghiệp", "Diện tích (ha)", "Tỷ lệ lấp đầy")  # a header no alias knows

#: (caption, header or None, rows) in the order the report prints them
TABLES = [
    ("1. Kết quả xếp hạng các cơ quan", RANKING_HEADER, RANKING),
    ("2. Kết quả thống kê", ("STT", "Chỉ tiêu", "Đơn vị", "Số liệu"), MEASURED),
    ("3. Bảng tự đánh giá", ("STT", "Tiêu chí", "Điểm tối đa", "Điểm tự đánh giá",
                              "Tài liệu kiểm chứng (văn bản, số, ngày ban hành)"), SELF_ASSESSMENT),
    ("4. Số liệu thủ tục hành chính", ("STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu", "Căn cứ xác định"), EVIDENCE),
    ("5. Phân công nhiệm vụ", ("STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"),
     TASKS),
    ("6. Tổng hợp ý kiến góp ý", ("STT", "Nội dung góp ý", "Đơn vị góp ý", "Ý kiến tiếp thu, giải trình"), COMMENTS),
    ("7. Các cụm công nghiệp", ZONES_HEADER, ZONES),
    ("8. Các cụm công nghiệp (không có dòng tiêu đề)", None, ZONES),
]


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("roles")
    doc = DocxDocument()
    doc.add_paragraph("BÁO CÁO KẾT QUẢ CẢI CÁCH HÀNH CHÍNH NĂM 2025")
    for caption, header, rows in TABLES:
        doc.add_paragraph().add_run(caption).bold = True
        body = ([header] if header else []) + list(rows)
        table = doc.add_table(rows=len(body), cols=len(body[0]))
        table.style = "Table Grid"
        for r, row in enumerate(body):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        doc.add_paragraph("Số liệu trên được tổng hợp từ báo cáo của các cơ quan, đơn vị.")
    doc.save(d / "roles.docx")
    out = {"docx": d / "roles.docx"}
    if shutil.which("soffice"):
        out["pdf"] = mr.to_pdf([d / "roles.docx"], d)[0]
    return out


@pytest.fixture(scope="module", params=["docx", "pdf"])
def records(request, made):
    if request.param not in made:
        pytest.skip("LibreOffice makes the PDF")
    return extract_file(made[request.param])


def _table(records, caption_start: str) -> dict:
    return next(t for t in records.tables if (t["title"] or "").startswith(caption_start))


def _rows(records, table: dict, column: str | None = None) -> list[dict]:
    return [r for r in records.indicators if r["table_index"] == table["table_index"]
            and (column is None or r["value_column"] == column)]


def _guessed(records, table: dict) -> list[dict]:
    return [c for c in records.checks
            if c["kind"] == "column_roles_guessed" and c["table_index"] == table["table_index"]]


def test_made_report_has_every_table(records):
    assert len(records.tables) == len(TABLES)


def test_ranking_names_are_the_entities_and_chi_so_a_value(records):
    t = _table(records, "1.")
    assert t["kind"] == "indicator"
    rows = _rows(records, t, "Chỉ số")
    assert [(r["code"], r["name"], r["unit"]) for r in rows] == [(c, n, "") for c, n, *_ in RANKING]
    first = rows[0]
    assert (first["value"], first["value_kind"]) == (93.01, "percent")
    assert {r["value_column"] for r in _rows(records, t)} == set(RANKING_HEADER[2:])
    grade = _rows(records, t, "Xếp loại")
    assert [r["value_raw"] for r in grade] == [row[5] for row in RANKING]
    assert not _guessed(records, t)


def test_unit_header_beside_indicator_names_stays_the_unit(records):
    t = _table(records, "2.")
    rows = _rows(records, t)
    assert [(r["name"], r["unit"]) for r in rows] == [(n, u) for _c, n, u, _v in MEASURED]


def test_remarks_headed_tai_lieu_kiem_chung_are_notes(records):
    t = _table(records, "3.")
    rows = _rows(records, t)
    assert {r["value_column"] for r in rows} == {"Điểm tối đa", "Điểm tự đánh giá"}
    by_code = {r["code"]: r for r in rows if r["value_column"] == "Điểm tự đánh giá"}
    # a PDF line wrapped after "125/KH-" joins with a space (the reader's business, not the roles')
    assert [by_code[c]["note"].replace("- ", "-") for c, *_ in SELF_ASSESSMENT] == [row[4] for row in SELF_ASSESSMENT]
    assert by_code["2"]["value"] == 0.75


def test_remarks_under_an_unknown_header_are_notes_read_from_the_content(records):
    t = _table(records, "4.")
    rows = _rows(records, t)
    assert {r["value_column"] for r in rows} == {"Số liệu"}
    assert [r["note"] for r in rows] == [row[4] for row in EVIDENCE]
    assert [r["value"] for r in rows] == [1245, 86912, 97.6]
    guessed = _guessed(records, t)
    assert len(guessed) == 1 and "Căn cứ xác định" in guessed[0]["message"]


@pytest.mark.parametrize("caption, header_cell, body_cell", [
    ("5.", "Cơ quan chủ trì", TASKS[0][1]),
    ("6.", "Ý kiến tiếp thu, giải trình", COMMENTS[0][1]),
])
def test_task_lists_and_comment_tables_are_not_data(records, caption, header_cell, body_cell):
    t = _table(records, caption)
    assert t["kind"] == "other"
    assert _rows(records, t) == []
    texts = {c["text"] for c in records.cells if c["table_index"] == t["table_index"]}
    assert header_cell in texts and body_cell in texts  # kept whole in cells


@pytest.mark.parametrize("caption, columns", [
    ("7.", ["Diện tích (ha)", "Tỷ lệ lấp đầy"]),
    ("8.", ["Cột 2", "Cột 3"]),  # no header row: the value columns by position
])
def test_entity_table_without_an_stt_header_is_data_with_a_check(records, caption, columns):
    t = _table(records, caption)
    assert t["kind"] == "indicator"
    rows = _rows(records, t)
    assert [r["name"] for r in rows if r["value_column"] == columns[0]] == [z[0] for z in ZONES]
    assert [r["value"] for r in rows if r["value_column"] == columns[0]] == [177.1, 185.4, 146.2, 1070.0]
    assert [r["value"] for r in rows if r["value_column"] == columns[1]] == [82.3, 95.1, 74.6, 12.5]
    assert all(r["code"] is None and r["unit"] == "" for r in rows)
    guessed = _guessed(records, t)
    assert len(guessed) == 1 and "name = column 1" in guessed[0]["message"]


def test_checks_reach_the_database(made, tmp_path):
    import sqlite3

    write(extract_file(made["docx"]), tmp_path / "r.db")
    with sqlite3.connect(tmp_path / "r.db") as con:
        kinds = [k for (k,) in con.execute("SELECT kind FROM checks WHERE kind = 'column_roles_guessed'")]
        other = con.execute("SELECT count(*) FROM tables WHERE kind = 'other'").fetchone()[0]
    assert len(kinds) == 3 and other == 2


@pytest.mark.parametrize("text, kind", [
    ("89,00", "number"), ("93,01%", "number"), ("9,49/ 9,5", "number"), ("12/63", "number"),
    ("862/1.266 (68,1%)", "number"), ("12/73/82", "number"), ("17, 66", "number"),
    ("10/8/1985", "other"), ("0888044444", "other"), ("III.1", "code"), ("a)", "code"),
    ("Sở Tư pháp", "text"), ("TỐT", "text"), ("-", "empty"), ("", "empty"),
])
def test_cell_classes(text, kind):
    assert cell_class(text) == kind


# ---------------------------------------------------------------- the real reports the issue names

def test_real_ranking_decision_names_its_agencies():
    rec = extract_file(CORPUS / "lamdong_ubnd_qd_cong_bo_chi_so_cchc_2025.docx")
    first = [r for r in rec.indicators if r["table_index"] == 0 and r["code"] == "1"]
    assert {r["name"] for r in first} == {"Sở Tư pháp"}
    assert {(r["value_column"], r["value_raw"]) for r in first} == {
        ("Điểm chuẩn tối đa", "89,00"), ("Điểm đạt được", "82,78"), ("Chỉ số chung", "93,01%"), ("Xếp loại", "TỐT")}
    assert sum(1 for r in rec.indicators if not r["name"]) == 0


def test_real_task_plan_gives_no_indicators():
    rec = extract_file(CORPUS / "lamdong_ubnd_kh_cchc_nam2026.docx")
    assert [t["kind"] for t in rec.tables] == ["other"]
    assert rec.indicators == []
    assert any(c["text"] == "Thời gian hoàn thành" for c in rec.cells)


def test_remark_merged_down_over_rows_is_the_note_of_each(tmp_path):
    doc = DocxDocument()
    doc.add_paragraph().add_run("Biểu mẫu 5: Cải cách tài chính công").bold = True
    rows = [("STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu", "Ghi chú"),
            ("1", "Số đơn vị tự chủ toàn bộ chi thường xuyên", "Đơn vị", "", "Chưa có số liệu sau sáp nhập"),
            ("2", "Số đơn vị tự chủ một phần chi thường xuyên", "Đơn vị", "", ""),
            ("3", "Số đơn vị do Nhà nước bảo đảm chi thường xuyên", "Đơn vị", "", ""),
            ("4", "Số đơn vị đã chuyển thành công ty cổ phần", "Đơn vị", "2", "")]
    table = doc.add_table(rows=len(rows), cols=5)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(1, 4).merge(table.cell(3, 4)).text = "Chưa có số liệu sau sáp nhập"
    doc.add_paragraph("Số liệu do các sở tổng hợp.")
    doc.save(tmp_path / "merged.docx")
    rec = extract_file(tmp_path / "merged.docx")
    assert [r["note"] for r in rec.indicators] == ["Chưa có số liệu sau sáp nhập"] * 3 + [""]


def _docx_table(path: Path, rows: list[tuple[str, ...]]) -> Path:
    doc = DocxDocument()
    doc.add_paragraph().add_run("Bảng tổng hợp").bold = True
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    doc.add_paragraph("Nguồn: tổng hợp của Sở.")
    doc.save(path)
    return path


def test_an_entity_header_names_the_rows_and_over_numbers_heads_values(tmp_path):
    ranking = _docx_table(tmp_path / "tinh.docx", [("TT", "Tỉnh", "Điểm", "Xếp hạng"),
                                                   ("1", "Bắc Ninh", "92,11", "1/34"),
                                                   ("2", "Lâm Đồng", "88,72", "14/34"),
                                                   ("3", "Gia Lai", "85,40", "20/34")])
    rec = extract_file(ranking)
    assert [r["name"] for r in rec.indicators if r["value_column"] == "Điểm"] == ["Bắc Ninh", "Lâm Đồng", "Gia Lai"]
    assert not [c for c in rec.checks if c["kind"] == "column_roles_guessed"]  # the header named them
    compared = _docx_table(tmp_path / "so_sanh.docx", [("STT", "Chỉ tiêu", "Toàn quốc", "Tỉnh"),
                                                       ("1", "Tỷ lệ hồ sơ trực tuyến", "45,2", "52,8"),
                                                       ("2", "Tỷ lệ hồ sơ đúng hạn", "96,1", "98,4"),
                                                       ("3", "Tỷ lệ hài lòng", "90,3", "94,0")])
    rec = extract_file(compared)
    assert {r["value_column"] for r in rec.indicators} == {"Toàn quốc", "Tỉnh"}
    assert {r["name"] for r in rec.indicators} == {"Tỷ lệ hồ sơ trực tuyến", "Tỷ lệ hồ sơ đúng hạn", "Tỷ lệ hài lòng"}


def test_a_blank_form_is_data_and_a_header_over_a_name_and_its_breakdown_heads_no_value(tmp_path):
    blank = _docx_table(tmp_path / "blank.docx", [("CÁC CHỈ TIÊU VỀ BẢO HỘ LAO ĐỘNG", "SỐ LIỆU"),
                                                  ("1. Tổng số lao động", ""),
                                                  ("2. Số vụ tai nạn lao động", ""),
                                                  ("3. Chi phí bảo hộ lao động", "")])
    rec = extract_file(blank)
    assert [t["kind"] for t in rec.tables] == ["indicator"]
    assert [(r["name"], r["value_column"], r["value_kind"]) for r in rec.indicators][0] == \
        ("1. Tổng số lao động", "SỐ LIỆU", "empty")

    doc = DocxDocument()
    doc.add_paragraph().add_run("Phụ lục 2 Thống kê các nhiệm vụ").bold = True
    rows = [("STT", "Nhiệm vụ/tiêu chí", "", "Năm 2025"),
            ("1", "Tổng số văn bản đã ban hành", "", "12"),
            ("", "Chia theo tên loại văn bản", "Nghị quyết", "4"),
            ("", "", "Quyết định", "8")]
    table = doc.add_table(rows=len(rows), cols=4)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(0, 1).merge(table.cell(0, 2)).text = "Nhiệm vụ/tiêu chí"
    doc.add_paragraph("Ghi chú: số liệu tính đến ngày báo cáo.")
    doc.save(tmp_path / "span.docx")
    rec = extract_file(tmp_path / "span.docx")
    assert {r["value_column"] for r in rec.indicators} == {"Năm 2025"}
    assert [r["value"] for r in rec.indicators] == [12, 4, 8]
