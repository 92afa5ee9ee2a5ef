"""Section interpreter: the seed sample against its truth (PDF and DOCX), built
page models for the numbering rules, and facts checked on real corpus files."""

from __future__ import annotations

import json
import re

import pytest

from extractor.interpret.header import read_header
from extractor.interpret.sections import read_sections
from extractor.model import Cell, Document, Line, Page, Table
from shared_data import CORPUS as SHARED_CORPUS
from shared_data import SAMPLES as SHARED_SAMPLES

SAMPLES = SHARED_SAMPLES
CORPUS = SHARED_CORPUS


def _ws(s: str) -> str:
    return re.sub(r"\s+", " ", s or "").strip()


def _score(sections, truth_sections) -> tuple[float, list]:
    got = {(s.path, _ws(s.title)) for s in sections}
    want = {(t["path"], _ws(t["title"])) for t in truth_sections}
    tp = len(got & want)
    f1 = 2 * tp / (len(got) + len(want)) if got or want else 1.0
    by_path = {s.path: s for s in sections}
    bad_bodies = [t["path"] for t in truth_sections
                  if t["path"] in by_path and _ws(by_path[t["path"]].body) != _ws(t["body"])]
    return f1, bad_bodies


def _truth_sections() -> list[dict]:
    return json.loads((SAMPLES / "seed-report.truth.json").read_text(encoding="utf-8"))["sections"]


@pytest.mark.parametrize("name", ["seed-report.pdf", "seed-report.docx"])
def test_seed_sections_match_truth(name):
    path = SAMPLES / name
    if not path.exists():
        pytest.skip("seed sample missing")
    if name.endswith(".pdf"):
        from extractor.readers.pdf import read_pdf
        doc = read_pdf(str(path))
    else:
        from extractor.readers.docx import read_docx
        doc = read_docx(str(path))
    info = read_header(doc)
    secs = read_sections(doc, info.body_start, info.body_end)
    truth = _truth_sections()
    f1, bad = _score(secs, truth)
    assert f1 >= 0.98
    assert not bad, bad
    by_path = {s.path: s for s in secs}
    for t in truth:
        s = by_path[t["path"]]
        assert s.level == t["level"] and s.number == t["number"]
        assert s.body == t["body"]  # exact joining: wrapped lines by a space, paragraphs by '\n'
        if s.parent is not None:
            assert t["path"].startswith(secs[s.parent].path + "/")
    if name.endswith(".pdf"):
        assert by_path["I"].page == 1 and by_path["IV/6"].page == 10
    else:
        assert all(s.page is None for s in secs)


@pytest.mark.slow
def test_seed_scanned_sections():
    path = SAMPLES / "seed-report-scanned.pdf"
    if not path.exists():
        pytest.skip("seed sample missing")
    from extractor.readers.pdf import read_pdf
    doc = read_pdf(str(path))
    info = read_header(doc)
    secs = read_sections(doc, info.body_start, info.body_end)
    f1, _ = _score(secs, _truth_sections())
    assert f1 >= 0.95  # OCR misreads 'III.' as 'II.'; renumbering repairs it


def _docx(paras: list) -> Document:
    """paras: text or (text, bold) — DOCX-like lines (one paragraph each), or Table items."""
    lines, tables = [], []
    for i, p in enumerate(paras):
        if isinstance(p, Table):
            p.order = i
            tables.append(p)
            continue
        text, bold = (p, False) if isinstance(p, str) else p
        lines.append(Line(text=text, order=i, bold=bold, indent=28))
    return Document(source="x.docx", format="docx",
                    pages=[Page(number=None, lines=lines, tables=tables, text_source="docx")])


def test_levels_follow_the_document_and_list_items_stay_body():
    doc = _docx([
        "Căn cứ Kế hoạch số 1/KH-UBND;",  # preamble, not a section
        ("1. Kết quả đạt được", True),
        ("1.1. Cải cách thể chế", True),
        "Nội dung thứ nhất.",
        "1. Ban hành 03 văn bản hướng dẫn thực hiện nhiệm vụ trong năm theo kế hoạch;",
        "2. Tổ chức 02 hội nghị tập huấn cho cán bộ, công chức của các cơ quan, đơn vị;",
        ("1.2. Cải cách thủ tục hành chính", True),
        ("a) Công bố thủ tục", True),
        "Đã công bố 12 thủ tục.",
        Table(cells=[Cell(0, 0, "STT"), Cell(0, 1, "Nội dung")], n_rows=1, n_cols=2),
        ("b) Rà soát thủ tục", True),
        ("2. Tồn tại, hạn chế", True),
        "2023. Năm bản lề.",
        ("2.1. Nguyên nhân", True),
        ("3.1. Sai số thứ tự", True),  # decimal whose parent is not '2': not a heading
    ])
    secs = read_sections(doc, 0, None)
    assert [(s.level, s.path) for s in secs] == [
        (1, "1"), (2, "1/1.1"), (2, "1/1.2"), (3, "1/1.2/a"), (3, "1/1.2/b"), (1, "2"), (2, "2/2.1")]
    s11 = secs[1]
    assert s11.body.split("\n")[0] == "Nội dung thứ nhất."
    assert len(s11.body.split("\n")) == 3  # the restarted '1.' '2.' list stays in the body
    assert secs[3].body == "Đã công bố 12 thủ tục."  # the table's text is not body
    assert secs[5].body == "2023. Năm bản lề."
    assert secs[6].body == "3.1. Sai số thứ tự"
    assert secs[3].parent == 2 and secs[2].parent == 0 and secs[0].parent is None


def test_pdf_wrapped_heading_and_paragraph_joining():
    def ln(i, text, x0, top, x1, bold=False):
        return Line(text=text, order=i, page=1, box=(x0, top, x1, top + 14), size=14, bold=bold, indent=x0 - 85)
    lines = [
        ln(0, "I. KẾT QUẢ THỰC HIỆN", 113, 100, 330, True),
        ln(1, "1. Những mô hình, sáng kiến, giải pháp mới trong CCHC được thí", 113, 124, 538, True),
        ln(2, "điểm, nhân rộng và triển khai có hiệu quả tại Sở", 85, 142, 373, True),
        ln(3, "Sở đã đẩy mạnh triển khai những giải pháp, sáng kiến trong CCHC đã", 113, 166, 538),
        ln(4, "được công nhận năm 2022[^2].", 85, 184, 300),
        ln(5, "- Tiếp tục thực hiện tốt quy chế tự chủ, thực hiện tốt công tác thực", 113, 208, 538),
        ln(6, "hành tiết kiệm chống lãng phí.", 85, 226, 330),
        ln(7, "+ Công chức: 44 người", 113, 250, 300),
        ln(8, "2. Những tồn tại, hạn chế trong công tác chỉ đạo, điều hành: Không có", 113, 274, 531, True),
    ]
    doc = Document(source="x.pdf", format="pdf", pages=[Page(number=1, width=595, height=842, lines=lines)])
    secs = read_sections(doc, 0, None)
    assert [s.path for s in secs] == ["I", "I/1", "I/2"]
    assert secs[1].title == ("Những mô hình, sáng kiến, giải pháp mới trong CCHC được thí điểm, "
                             "nhân rộng và triển khai có hiệu quả tại Sở")
    assert secs[1].body == (
        "Sở đã đẩy mạnh triển khai những giải pháp, sáng kiến trong CCHC đã được công nhận năm 2022[^2].\n"
        "- Tiếp tục thực hiện tốt quy chế tự chủ, thực hiện tốt công tác thực hành tiết kiệm chống lãng phí.\n"
        "+ Công chức: 44 người")
    assert secs[2].title == "Những tồn tại, hạn chế trong công tác chỉ đạo, điều hành: Không có"
    assert secs[2].body == "" and secs[1].page == 1


def test_keyword_headings_and_body_end():
    doc = _docx([
        ("PHẦN THỨ NHẤT", True),
        ("KẾT QUẢ THỰC HIỆN", True),
        ("I. CÔNG TÁC CHỈ ĐẠO", True),
        "Nội dung.",
        ("PHẦN THỨ HAI", True),
        ("NHIỆM VỤ NĂM 2026", True),
        "Nơi nhận:",
    ])
    secs = read_sections(doc, 0, 6)
    assert [(s.path, s.title) for s in secs] == [
        ("PHẦN THỨ NHẤT", "KẾT QUẢ THỰC HIỆN"), ("PHẦN THỨ NHẤT/I", "CÔNG TÁC CHỈ ĐẠO"),
        ("PHẦN THỨ HAI", "NHIỆM VỤ NĂM 2026")]
    assert secs[2].body == ""


# ---- checked by eye on real corpus files ---------------------------------------------------------

def _corpus(name: str):
    path = CORPUS / name
    if not path.exists():
        pytest.skip("corpus file missing")
    from extractor.readers.docx import read_docx
    doc = read_docx(str(path))
    info = read_header(doc)
    return read_sections(doc, info.body_start, info.body_end)


def test_corpus_plan_with_a_plain_short_heading():
    secs = _corpus("lamdong_ubnd_kh_tuyentruyen_cchc_2026.docx")
    paths = [s.path for s in secs]
    # '2. Yêu cầu' is printed without bold but is the heading after the bold '1. Mục đích';
    # the plain 'a) Tăng cường ...;' items under it are a run a), b), c), d): headings by their sequence
    assert paths[:9] == ["I", "I/1", "I/1/a", "I/1/b", "I/1/c", "I/1/d", "I/2", "I/2/a", "I/2/b"]
    assert secs[6].title == "Yêu cầu"
    assert secs[2].title.startswith("Tăng cường công tác thông tin")
    assert [s.path for s in secs if s.level == 1] == ["I", "II", "III", "IV"]


def test_corpus_decision_articles():
    secs = _corpus("lamdong_ubnd_qd_cong_bo_chi_so_cchc_2025.docx")
    # Điều with their numbered khoản, then the annexes after the signature as trees of their own
    assert [s.path for s in secs] == [
        "Điều 1", "Điều 1/1", "Điều 1/2", "Điều 2", "Điều 2/1", "Điều 2/2", "Điều 2/3", "Điều 3", "Điều 4",
        "Phụ lục I", "Phụ lục I/1", "Phụ lục I/2", "Phụ lục II"]
    assert secs[1].title.startswith("Các cơ quan chuyên môn")
    assert secs[9].title.startswith("KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025")


def test_corpus_report_roman_arabic_alpha():
    secs = _corpus("lamdong_bcd_bc_de_an_06_thang10-2025.docx")
    tops = [s.path for s in secs if s.level == 1]
    assert tops == ["I", "II", "III"]
    assert secs[1].path == "I/1" and secs[1].title == "Công tác chỉ đạo của Ban chỉ đạo tỉnh"


def test_a_plain_list_before_the_bold_headings_of_the_same_parent_stays_body():
    """A numbered list in the body of I. (plain, ';') followed by I.'s own bold 1., 2.: the list's run is
    restarted by headings of its own style, so it is body, and the bold headings are the outline."""
    doc = _docx([
        ("I. KẾT QUẢ THỰC HIỆN", True),
        "Trong kỳ, các nhiệm vụ chính gồm:",
        "1. Rà soát các văn bản quy phạm pháp luật do tỉnh ban hành trong năm;",
        "2. Kiểm tra việc thực hiện thủ tục hành chính tại các cơ quan, đơn vị;",
        ("1. Công tác chỉ đạo, điều hành", True),
        "Nội dung.",
        ("2. Cải cách thủ tục hành chính", True),
        ("II. PHƯƠNG HƯỚNG", True),
        "1. Tiếp tục rà soát, đánh giá toàn diện các thủ tục hành chính thuộc thẩm quyền của tỉnh.",
        "2. Đẩy nhanh tiến độ giải ngân vốn đầu tư công, nhất là các dự án trọng điểm của tỉnh.",
    ])
    secs = read_sections(doc, 0, None)
    assert [s.path for s in secs] == ["I", "I/1", "I/2", "II", "II/1", "II/2"]
    assert "1. Rà soát các văn bản" in secs[0].body
    assert secs[1].title == "Công tác chỉ đạo, điều hành"
