"""Headings from numbering, not from bold (issue 10, point 3), on documents made here with python-docx
and printed to PDF by LibreOffice, read through the real CLI into a real SQLite file: run-on headings,
plain numbered runs, a bold run-in title, a Roman number without its dot, a gap in a sequence, a
decision with Chương / Điều / khoản / điểm, and an annex after the signature whose outline restarts
at I. Both readers must give the same tree: the mechanism lives in the sections interpreter."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import docx
import pytest
from docx.shared import Pt

sys.path.insert(0, str(Path(__file__).parent))
from cli_db import extract_db  # noqa: E402
from made_reports import to_pdf  # noqa: E402

LONG = ("bao gồm việc rà soát hồ sơ, thủ tục hành chính, kỷ luật, kỷ cương hành chính và công tác tiếp "
        "công dân của các sở, ban, ngành và địa phương trên địa bàn tỉnh trong quý")


def _para(d: docx.document.Document, *runs: tuple[str, bool], center: bool = False) -> None:
    p = d.add_paragraph()
    for text, bold in runs:
        r = p.add_run(text)
        r.bold = bold
        r.font.size = Pt(13)
    if center:
        p.alignment = 1


def _report(path: Path) -> None:
    d = docx.Document()
    _para(d, ("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", True), center=True)
    _para(d, ("Số: 15/BC-UBND", False), center=True)
    _para(d, ("Lâm Đồng, ngày 20 tháng 3 năm 2026", False), center=True)
    _para(d, ("BÁO CÁO", True), center=True)
    _para(d, ("Kết quả thực hiện nhiệm vụ quý I năm 2026", True), center=True)
    _para(d, ("I. KẾT QUẢ THỰC HIỆN", True))
    _para(d, ("1. Công tác chỉ đạo, điều hành", True))
    _para(d, ("Ủy ban nhân dân tỉnh đã ban hành kế hoạch và chỉ đạo các cơ quan triển khai thực hiện.", False))
    _para(d, ("2. ", False), ("Về tổng hợp nhiệm vụ được giao", True),
          (": Tổng số nhiệm vụ được giao là 21, đã hoàn thành đúng hạn 15 nhiệm vụ.", False))
    _para(d, ("3. Công tác kiểm tra", True))
    _para(d, ("a) Kết quả kiểm tra các cơ quan, đơn vị trên địa bàn tỉnh trong quý, " + LONG + ".", False))
    _para(d, ("b) Kết quả xử lý sau kiểm tra: đã kiến nghị xử lý 03 trường hợp vi phạm kỷ luật hành chính "
              "của công chức tại các cơ quan, đơn vị được kiểm tra trong quý.", False))
    _para(d, ("c) Tồn tại, hạn chế trong công tác kiểm tra, giám sát việc thực hiện nhiệm vụ của các cơ "
              "quan, đơn vị.", False))
    _para(d, ("II TÌNH HÌNH THỰC HIỆN NHIỆM VỤ", True))
    _para(d, ("1. Nhiệm vụ trọng tâm", True))
    _para(d, ("1. Ban hành 03 văn bản hướng dẫn thực hiện nhiệm vụ trong năm theo kế hoạch;", False))
    _para(d, ("2. Tổ chức 02 hội nghị tập huấn cho cán bộ, công chức của các cơ quan, đơn vị;", False))
    _para(d, ("3. Nhiệm vụ thường xuyên", True))
    _para(d, ("Các cơ quan thực hiện đúng tiến độ.", False))
    _para(d, ("III. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ II", True))
    for k, what in enumerate(("Tiếp tục triển khai thực hiện có hiệu quả các mục tiêu, nhiệm vụ cải cách "
                              "hành chính năm 2026 trên địa bàn tỉnh. ",
                              "Tập trung đẩy nhanh tiến độ giải ngân vốn đầu tư công. ",
                              "Rà soát, đánh giá toàn diện hoạt động của các hệ thống thông tin dùng chung. "), 1):
        _para(d, (f"{k}. {what}Các cơ quan, đơn vị chủ động xây dựng kế hoạch, {LONG} và báo cáo kết quả "
                  "về Ủy ban nhân dân tỉnh trước ngày 15 của tháng cuối quý.", False))
    _para(d, ("Nơi nhận:", True))
    _para(d, ("- Như trên;", False))
    _para(d, ("KT. CHỦ TỊCH", True), center=True)
    _para(d, ("PHÓ CHỦ TỊCH", True), center=True)
    _para(d, ("Nguyễn Văn An", True), center=True)
    d.add_page_break()
    _para(d, ("Phụ lục I", True), center=True)
    _para(d, ("DANH MỤC NHIỆM VỤ TRỌNG TÂM", True), center=True)
    _para(d, ("I. NHIỆM VỤ CHUNG", True))
    _para(d, ("1. Hoàn thiện thể chế", True))
    _para(d, ("2. Cải cách thủ tục hành chính", True))
    _para(d, ("II. NHIỆM VỤ RIÊNG", True))
    d.save(str(path))


def _decision(path: Path) -> None:
    d = docx.Document()
    _para(d, ("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", True), center=True)
    _para(d, ("Số: 27/QĐ-UBND", False), center=True)
    _para(d, ("Lâm Đồng, ngày 05 tháng 01 năm 2026", False), center=True)
    _para(d, ("QUYẾT ĐỊNH", True), center=True)
    _para(d, ("Ban hành Quy chế làm việc của Tổ công tác", True), center=True)
    _para(d, ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;", False))
    _para(d, ("QUYẾT ĐỊNH:", True), center=True)
    _para(d, ("Chương I", True), center=True)
    _para(d, ("QUY ĐỊNH CHUNG", True), center=True)
    _para(d, ("Điều 1. Phạm vi điều chỉnh", True))
    _para(d, ("Quy chế này quy định về tổ chức và hoạt động của Tổ công tác.", False))
    _para(d, ("Điều 2. Nguyên tắc hoạt động", True))
    _para(d, ("1. Tổ công tác làm việc theo chế độ kiêm nhiệm, " + LONG + ".", False))
    _para(d, ("2. Các thành viên chịu trách nhiệm trước Tổ trưởng về nhiệm vụ được phân công:", False))
    _para(d, ("a) Tham dự đầy đủ các cuộc họp;", False))
    _para(d, ("b) Thực hiện nhiệm vụ do Tổ trưởng giao;", False))
    _para(d, ("Chương II", True), center=True)
    _para(d, ("NHIỆM VỤ VÀ QUYỀN HẠN", True), center=True)
    _para(d, ("Điều 3. Nhiệm vụ", True))
    _para(d, ("1. Tham mưu, đề xuất các giải pháp đẩy mạnh công tác cải cách hành chính của tỉnh.", False))
    _para(d, ("2. Theo dõi, đôn đốc các cơ quan, đơn vị thực hiện nhiệm vụ được giao.", False))
    _para(d, ("Điều 4. Hiệu lực thi hành", True))
    _para(d, ("Quyết định này có hiệu lực kể từ ngày ký.", False))
    _para(d, ("Nơi nhận:", True))
    _para(d, ("- Như Điều 4;", False))
    _para(d, ("CHỦ TỊCH", True), center=True)
    _para(d, ("Trần Văn Bình", True), center=True)
    d.save(str(path))


REPORT_PATHS = ["I", "I/1", "I/2", "I/3", "I/3/a", "I/3/b", "I/3/c", "II", "II/1", "II/3", "III", "III/1",
                "III/2", "III/3", "Phụ lục I", "Phụ lục I/I", "Phụ lục I/I/1", "Phụ lục I/I/2", "Phụ lục I/II"]
DECISION_PATHS = ["Chương I", "Chương I/Điều 1", "Chương I/Điều 2", "Chương I/Điều 2/1", "Chương I/Điều 2/2",
                  "Chương I/Điều 2/2/a", "Chương I/Điều 2/2/b", "Chương II", "Chương II/Điều 3",
                  "Chương II/Điều 3/1", "Chương II/Điều 3/2", "Chương II/Điều 4"]


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("evidence")
    report, decision = tmp / "report.docx", tmp / "decision.docx"
    _report(report)
    _decision(decision)
    pdfs = to_pdf([report, decision], tmp / "pdf")
    return {"report.docx": report, "decision.docx": decision, "report.pdf": pdfs[0], "decision.pdf": pdfs[1]}


def _extract(path: Path, tmp: Path) -> sqlite3.Connection:
    con = extract_db(path, tmp)
    con.row_factory = sqlite3.Row
    return con


@pytest.mark.parametrize("name", ["report.docx", "report.pdf"])
def test_report_tree_from_numbering(made, tmp_path, name):
    con = _extract(made[name], tmp_path)
    secs = {r["path"]: r for r in con.execute("SELECT * FROM sections ORDER BY id")}
    assert list(secs) == REPORT_PATHS
    # a bold run-in title: the title ends at the colon, the rest is body
    assert secs["I/2"]["title"] == "Về tổng hợp nhiệm vụ được giao"
    assert secs["I/2"]["body"].startswith("Tổng số nhiệm vụ được giao là 21")
    # plain lettered items under a number, one of them long: a run a) b) c)
    assert secs["I/3/b"]["title"] == "Kết quả xử lý sau kiểm tra"
    # a Roman number without its dot
    assert secs["II"]["title"] == "TÌNH HÌNH THỰC HIỆN NHIỆM VỤ"
    # a numbered list restarting inside a body stays body
    assert "1. Ban hành 03 văn bản" in secs["II/1"]["body"]
    # long plain task paragraphs: title up to the first sentence end
    assert secs["III/2"]["title"] == "Tập trung đẩy nhanh tiến độ giải ngân vốn đầu tư công"
    # the annex after the signature is a tree of its own, its outline restarting at I.
    assert secs["Phụ lục I"]["title"] == "DANH MỤC NHIỆM VỤ TRỌNG TÂM"
    assert secs["Phụ lục I/I"]["parent_id"] == secs["Phụ lục I"]["id"]
    # the gap II/1 -> II/3 shows
    msgs = [r["message"] for r in con.execute("SELECT message FROM checks WHERE kind = 'heading_sequence'")]
    assert msgs == ["heading II/3 follows II/1 out of sequence"]


@pytest.mark.parametrize("name", ["decision.docx", "decision.pdf"])
def test_decision_legal_structure(made, tmp_path, name):
    con = _extract(made[name], tmp_path)
    secs = {r["path"]: r for r in con.execute("SELECT * FROM sections ORDER BY id")}
    assert list(secs) == DECISION_PATHS
    assert secs["Chương I"]["title"] == "QUY ĐỊNH CHUNG"
    assert secs["Chương II/Điều 3"]["title"] == "Nhiệm vụ"
    assert secs["Chương I/Điều 2/2"]["title"] == ("Các thành viên chịu trách nhiệm trước Tổ trưởng về nhiệm vụ "
                                                 "được phân công")
    assert [r["level"] for r in secs.values()] == [1, 2, 2, 3, 3, 4, 4, 1, 2, 3, 3, 2]
    # Điều counts run on over the chapters: no sequence check for Điều 3 under Chương II
    checks = [json.dumps(dict(r)) for r in con.execute("SELECT * FROM checks WHERE kind = 'heading_sequence'")]
    assert checks == []
