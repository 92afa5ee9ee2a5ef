"""Citation miner: table of real citations from the seed report and the corpus, plus negatives."""

from __future__ import annotations

import json
from collections import Counter

import pdfplumber
import pytest

from extractor.interpret.references import Reference, find_references
from shared_data import SAMPLES as SHARED_SAMPLES

SAMPLES = SHARED_SAMPLES

# (sentence as found in a real report, [(kind, number, date, issuer, text), ...])
CASES = [
    ("Căn cứ Kế hoạch số 4217/KH-UBND ngày 29/12/2022 của UBND tỉnh\nĐiện Biên về Cải cách hành chính",
     [("Kế hoạch", "4217/KH-UBND", "2022-12-29", "UBND tỉnh Điện Biên",
       "Kế hoạch số 4217/KH-UBND ngày 29/12/2022 của UBND tỉnh Điện Biên")]),
    ("Biên; Công văn số 1084/BCĐCCHC-SNV ngày 09/6/2022 của Ban Chỉ đạo\nCCHC tỉnh về việc hướng dẫn",
     [("Công văn", "1084/BCĐCCHC-SNV", "2022-06-09", "Ban Chỉ đạo CCHC tỉnh",
       "Công văn số 1084/BCĐCCHC-SNV ngày 09/6/2022 của Ban Chỉ đạo CCHC tỉnh")]),
    ("4 Báo cáo số 329 /BC-SKHĐT ngày 24/02/2023 Rà soát văn bản QPPL",
     [("Báo cáo", "329/BC-SKHĐT", "2023-02-24", None, "Báo cáo số 329 /BC-SKHĐT ngày 24/02/2023")]),
    ("Trên cơ sở Kế hoạch số 37/QĐ-UBND ngày\n11/01/2023 về rà soát, đánh giá TTHC của UBND tỉnh",
     [("Kế hoạch", "37/QĐ-UBND", "2023-01-11", None, "Kế hoạch số 37/QĐ-UBND ngày 11/01/2023")]),
    ("+ Hợp đồng lao động theo Nghị định 68/2000/NĐ-CP: 02 người.",
     [("Nghị định", "68/2000/NĐ-CP", None, None, "Nghị định 68/2000/NĐ-CP")]),
    # numbers sharing the last one's symbol, as older decrees are cited
    ("Căn cứ các Nghị định số 87, 88, 31/CP ngày 12/8/1996 của Chính phủ;",
     [("Nghị định", "87/CP", "1996-08-12", "Chính phủ", "Nghị định số 87"),
      ("Nghị định", "88/CP", "1996-08-12", "Chính phủ", "88"),
      ("Nghị định", "31/CP", "1996-08-12", "Chính phủ", "31/CP ngày 12/8/1996 của Chính phủ")]),
    ("theo Quyết định số 12, 13 và 14/QĐ-UBND của UBND tỉnh Điện Biên về việc",
     [("Quyết định", "12/QĐ-UBND", None, "UBND tỉnh Điện Biên", "Quyết định số 12"),
      ("Quyết định", "13/QĐ-UBND", None, "UBND tỉnh Điện Biên", "13"),
      ("Quyết định", "14/QĐ-UBND", None, "UBND tỉnh Điện Biên", "14/QĐ-UBND của UBND tỉnh Điện Biên")]),
    ("thực hiện tốt Quy định số 105-QĐ/TW ngày\n19/12/2017 của Bộ Chính trị về phân cấp quản lý cán bộ",
     [("Quy định", "105-QĐ/TW", "2017-12-19", "Bộ Chính trị",
       "Quy định số 105-QĐ/TW ngày 19/12/2017 của Bộ Chính trị")]),
    ("cán bộ ứng cử; Nghị định 138/2020/NĐ-CP ngày 27/11/2020 của Chính phủ quy\nđịnh về tuyển dụng",
     [("Nghị định", "138/2020/NĐ-CP", "2020-11-27", "Chính phủ",
       "Nghị định 138/2020/NĐ-CP ngày 27/11/2020 của Chính phủ")]),
    ("Chỉ thị số 08-CT/TU ngày 30/3/2016 của Ban Thường vụ Tỉnh ủy về tăng cường kỷ luật",
     [("Chỉ thị", "08-CT/TU", "2016-03-30", "Ban Thường vụ Tỉnh ủy",
       "Chỉ thị số 08-CT/TU ngày 30/3/2016 của Ban Thường vụ Tỉnh ủy")]),
    ("theo Nghị định số\n117/2013/NĐ-CP ngày 07/10/2013 của Chính phủ sửa đổi, bổ sung một số điều\n"
     "của Nghị định số 130/2005/NĐ-CP ngày 17/10/2005 của Chính phủ; Thông tư\nliên tịch số "
     "71/2014/TTLT-BTC-BNV ngày 30/5/2014 của Liên bộ Bộ Tài\nchính, Bộ Nội vụ Quy định chế độ tự chủ",
     [("Nghị định", "117/2013/NĐ-CP", "2013-10-07", "Chính phủ",
       "Nghị định số 117/2013/NĐ-CP ngày 07/10/2013 của Chính phủ"),
      ("Nghị định", "130/2005/NĐ-CP", "2005-10-17", "Chính phủ",
       "Nghị định số 130/2005/NĐ-CP ngày 17/10/2005 của Chính phủ"),
      ("Thông tư liên tịch", "71/2014/TTLT-BTC-BNV", "2014-05-30", "Liên bộ Bộ Tài chính, Bộ Nội vụ",
       "Thông tư liên tịch số 71/2014/TTLT-BTC-BNV ngày 30/5/2014 của Liên bộ Bộ Tài chính, Bộ Nội vụ")]),
    ("Thông tư số\n327/2016/TT-BTC ngày 26/12/2016 của Bộ Tài chính Quy định việc lập dự toán",
     [("Thông tư", "327/2016/TT-BTC", "2016-12-26", "Bộ Tài chính",
       "Thông tư số 327/2016/TT-BTC ngày 26/12/2016 của Bộ Tài chính")]),
    ("kiệm chống lãng phí theo Luật số 44/2013/QH13 ngày 26/11/2013; Quy chế tự",
     [("Luật", "44/2013/QH13", "2013-11-26", None, "Luật số 44/2013/QH13 ngày 26/11/2013")]),
    # Corpus: Lâm Đồng reports (DOCX), Cà Mau (VNI .doc decoded).
    ("Quyết định số 41/QĐ-CTUB ngày 30/03/2004 của Chủ tịch UBND tỉnh Cà Mau (sau đây gọi tắt",
     [("Quyết định", "41/QĐ-CTUB", "2004-03-30", "Chủ tịch UBND tỉnh Cà Mau",
       "Quyết định số 41/QĐ-CTUB ngày 30/03/2004 của Chủ tịch UBND tỉnh Cà Mau")]),
    ("Quyết định số 06/QĐ-TTg, ngày 06/01/2022 của Thủ tướng Chính phủ về việc phê duyệt Đề án",
     [("Quyết định", "06/QĐ-TTg", "2022-01-06", "Thủ tướng Chính phủ",
       "Quyết định số 06/QĐ-TTg, ngày 06/01/2022 của Thủ tướng Chính phủ")]),
    ("Chỉ thị số 07/CT-TTg ngày 14/3/2025 của Thủ tướng Chính phủ về việc đẩy mạnh triển khai Đề án 06 "
     "năm 2025 và Chỉ thị số 24/CT-TTg ngày 13/9/2025 của Thủ tướng Chính phủ về việc thúc đẩy",
     [("Chỉ thị", "07/CT-TTg", "2025-03-14", "Thủ tướng Chính phủ",
       "Chỉ thị số 07/CT-TTg ngày 14/3/2025 của Thủ tướng Chính phủ"),
      ("Chỉ thị", "24/CT-TTg", "2025-09-13", "Thủ tướng Chính phủ",
       "Chỉ thị số 24/CT-TTg ngày 13/9/2025 của Thủ tướng Chính phủ")]),
    ("Kế hoạch số 02-KH/BCĐTW ngày 19/6/2025 của Ban chỉ đạo Trung ương về việc thúc đẩy chuyển đổi số",
     [("Kế hoạch", "02-KH/BCĐTW", "2025-06-19", "Ban chỉ đạo Trung ương",
       "Kế hoạch số 02-KH/BCĐTW ngày 19/6/2025 của Ban chỉ đạo Trung ương")]),
    ("Nghị quyết số 57-NQ/TW, Kế hoạch 02-KH/BCĐTW, chuyển đổi số, Đề án 06, Luật Căn cước",
     [("Nghị quyết", "57-NQ/TW", None, None, "Nghị quyết số 57-NQ/TW"),
      ("Kế hoạch", "02-KH/BCĐTW", None, None, "Kế hoạch 02-KH/BCĐTW")]),
    ("Nghị định số 45/2020/NĐ-CP ngày 08/4/2020 và Nghị định số 107/2021/NĐ-CP ngày 06/12/2021, gắn việc",
     [("Nghị định", "45/2020/NĐ-CP", "2020-04-08", None, "Nghị định số 45/2020/NĐ-CP ngày 08/4/2020"),
      ("Nghị định", "107/2021/NĐ-CP", "2021-12-06", None, "Nghị định số 107/2021/NĐ-CP ngày 06/12/2021")]),
    ("Quyết định số 1187/QĐ-BNV ngày 15/10/2025 của Bộ trưởng Bộ Nội vụ phê duyệt Đề án",
     [("Quyết định", "1187/QĐ-BNV", "2025-10-15", "Bộ trưởng Bộ Nội vụ",
       "Quyết định số 1187/QĐ-BNV ngày 15/10/2025 của Bộ trưởng Bộ Nội vụ")]),
    ("(Công văn số 3778/UBND-KTTH ngày 19/9/2025 của UBND tỉnh).",
     [("Công văn", "3778/UBND-KTTH", "2025-09-19", "UBND tỉnh",
       "Công văn số 3778/UBND-KTTH ngày 19/9/2025 của UBND tỉnh")]),
    ("Quyết định số 766/QĐ-TTg trên địa bàn tỉnh. Căn cứ Quyết định số 895/QĐ-UBND của UBND tỉnh, hằng quý",
     [("Quyết định", "766/QĐ-TTg", None, None, "Quyết định số 766/QĐ-TTg"),
      ("Quyết định", "895/QĐ-UBND", None, "UBND tỉnh", "Quyết định số 895/QĐ-UBND của UBND tỉnh")]),
    ("Công văn số 4625/BNV-CCHC ngày 02/7/2025 của Bộ Nội vụ về xây dựng kế hoạch cải cách hành chính",
     [("Công văn", "4625/BNV-CCHC", "2025-07-02", "Bộ Nội vụ",
       "Công văn số 4625/BNV-CCHC ngày 02/7/2025 của Bộ Nội vụ")]),
    ("Kế hoạch hành động số 2200/KH-UBND ngày 12/02/2026 triển khai thực hiện Nghị quyết số 02/NQ-CP "
     "ngày 08/01/2026 của Chính phủ về những nhiệm vụ",
     [("Kế hoạch", "2200/KH-UBND", "2026-02-12", None, "Kế hoạch hành động số 2200/KH-UBND ngày 12/02/2026"),
      ("Nghị quyết", "02/NQ-CP", "2026-01-08", "Chính phủ",
       "Nghị quyết số 02/NQ-CP ngày 08/01/2026 của Chính phủ")]),
    ("Văn bản số 4756/BTP-KTVB&QLXLVPHC ngày 05/8/2025 của Bộ Tư pháp.",
     [("Văn bản", "4756/BTP-KTVB&QLXLVPHC", "2025-08-05", "Bộ Tư pháp",
       "Văn bản số 4756/BTP-KTVB&QLXLVPHC ngày 05/8/2025 của Bộ Tư pháp")]),
    ("Công văn số 5990/VPCP-KSTT ngày 22/8/2024 của Văn phòng Chính phủ, tỉnh đã công bố 598 TTHC",
     [("Công văn", "5990/VPCP-KSTT", "2024-08-22", "Văn phòng Chính phủ",
       "Công văn số 5990/VPCP-KSTT ngày 22/8/2024 của Văn phòng Chính phủ")]),
    ("Thông tư số 01/2018/TT-VPCP và Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ quy định",
     [("Thông tư", "01/2018/TT-VPCP", None, None, "Thông tư số 01/2018/TT-VPCP"),
      ("Quyết định", "766/QĐ-TTg", "2022-06-23", "Thủ tướng Chính phủ",
       "Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ")]),
    ("Nghị quyết số 03/NQ-HĐND về việc thành lập các cơ quan chuyên môn",
     [("Nghị quyết", "03/NQ-HĐND", None, None, "Nghị quyết số 03/NQ-HĐND")]),
    ("Công điện số 213/CĐ-TTg ngày 11/11/2025 của Thủ tướng Chính phủ về",
     [("Công điện", "213/CĐ-TTg", "2025-11-11", "Thủ tướng Chính phủ",
       "Công điện số 213/CĐ-TTg ngày 11/11/2025 của Thủ tướng Chính phủ")]),
    ("Công văn số 848/BTC-QLCS ngày 22/01/2026 và Công văn số 642/BTC-QLCS ngày 16/01/2026.",
     [("Công văn", "848/BTC-QLCS", "2026-01-22", None, "Công văn số 848/BTC-QLCS ngày 22/01/2026"),
      ("Công văn", "642/BTC-QLCS", "2026-01-16", None, "Công văn số 642/BTC-QLCS ngày 16/01/2026")]),
    ("Quyết định số 2942/QĐ-UBND ngày 31/12/2025 của Ủy ban nhân dân tỉnh ban hành Khung kiến trúc",
     [("Quyết định", "2942/QĐ-UBND", "2025-12-31", "Ủy ban nhân dân tỉnh",
       "Quyết định số 2942/QĐ-UBND ngày 31/12/2025 của Ủy ban nhân dân tỉnh")]),
    ("Kế hoạch số 28-KH/TU ngày 16/01/2026 của Tỉnh ủy triển khai thực hiện Nghị quyết số 57-NQ/TW, "
     "ngày 22/12/2024 của Bộ Chính trị về đột phá",
     [("Kế hoạch", "28-KH/TU", "2026-01-16", "Tỉnh ủy", "Kế hoạch số 28-KH/TU ngày 16/01/2026 của Tỉnh ủy"),
      ("Nghị quyết", "57-NQ/TW", "2024-12-22", "Bộ Chính trị",
       "Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị")]),
    ("Quyết định số 1441/QĐ-UBND ngày 25/9/2025 của Chủ tịch Ủy ban nhân dân tỉnh công bố thủ tục",
     [("Quyết định", "1441/QĐ-UBND", "2025-09-25", "Chủ tịch Ủy ban nhân dân tỉnh",
       "Quyết định số 1441/QĐ-UBND ngày 25/9/2025 của Chủ tịch Ủy ban nhân dân tỉnh")]),
    ("Nghị định số 118/2025/NĐ-CP của Chính phủ). 100% thủ tục hành chính liên thông",
     [("Nghị định", "118/2025/NĐ-CP", None, "Chính phủ", "Nghị định số 118/2025/NĐ-CP của Chính phủ")]),
    ("Tờ trình số 95/TTr-HĐTĐ ngày 03/02/2026.",
     [("Tờ trình", "95/TTr-HĐTĐ", "2026-02-03", None, "Tờ trình số 95/TTr-HĐTĐ ngày 03/02/2026")]),
    ("Kế hoạch số 9574/KH-BCĐ06 ngày 01/11/2023 của Ban Chỉ đạo Đề án 06 của tỉnh về triển khai",
     [("Kế hoạch", "9574/KH-BCĐ06", "2023-11-01", "Ban Chỉ đạo Đề án 06 của tỉnh",
       "Kế hoạch số 9574/KH-BCĐ06 ngày 01/11/2023 của Ban Chỉ đạo Đề án 06 của tỉnh")]),
    # Forms the brief names.
    ("Thông tư số 01/2023/TT-BNV ngày 5 tháng 1 năm 2023 của Bộ Nội vụ hướng dẫn",
     [("Thông tư", "01/2023/TT-BNV", "2023-01-05", "Bộ Nội vụ",
       "Thông tư số 01/2023/TT-BNV ngày 5 tháng 1 năm 2023 của Bộ Nội vụ")]),
    ("các Quyết định số 1/QĐ-UBND, 2/QĐ-UBND của UBND tỉnh",
     [("Quyết định", "1/QĐ-UBND", None, "UBND tỉnh", "Quyết định số 1/QĐ-UBND"),
      ("Quyết định", "2/QĐ-UBND", None, "UBND tỉnh", "2/QĐ-UBND của UBND tỉnh")]),
    ("theo Hướng dẫn số 12-HD/BTCTW ngày 9/6/2022 và Kết luận số 01-KL/TW; Thông báo số 15/TB-UBND",
     [("Hướng dẫn", "12-HD/BTCTW", "2022-06-09", None, "Hướng dẫn số 12-HD/BTCTW ngày 9/6/2022"),
      ("Kết luận", "01-KL/TW", None, None, "Kết luận số 01-KL/TW"),
      ("Thông báo", "15/TB-UBND", None, None, "Thông báo số 15/TB-UBND")]),
    ("QĐ số 12/QĐ-UBND ngày 9/6/2022 của UBND huyện Mường Nhé, tỉnh Điện Biên.",
     [("Quyết định", "12/QĐ-UBND", "2022-06-09", "UBND huyện Mường Nhé, tỉnh Điện Biên",
       "QĐ số 12/QĐ-UBND ngày 9/6/2022 của UBND huyện Mường Nhé, tỉnh Điện Biên")]),
]

NEGATIVES = [
    "Luật Đầu tư công, Luật Xây dựng, Luật Đấu thầu và các văn bản hướng dẫn thi hành.",  # no number
    "Tiếp tục quán triệt các Chỉ thị của Thủ tướng Chính phủ về việc tăng cường",
    "(Kèm theo Báo cáo số /BC-SKHĐT ngày 17/3/2023 của",  # the report's own blank number
    "Kế hoạch số          /KH-UBND ngày         /3/2026 của Chủ tịch UBND tỉnh Lâm Đồng)",
    "Số: 329/BC-SKHĐT",  # a header number without a kind word
    "đã tiếp nhận 3.295 các hồ sơ; tổng số vốn đăng ký trên 290 tỷ đồng",
    "01 dự thảo Tờ trình và Nghị quyết của HĐND tỉnh ban hành VBQPPL",
    "Kế hoạch CCHC năm 2023, Kế hoạch số 02)",
    "báo cáo 2 lần/năm",
]


@pytest.mark.parametrize("sentence,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_real_citations(sentence: str, expected: list[tuple]) -> None:
    got = find_references(sentence)
    assert [(r.kind, r.number, r.date, r.issuer, r.text) for r in got] == expected
    for r in got:
        assert isinstance(r, Reference)
        assert sentence[r.start : r.end].split() == r.text.split()


def test_at_least_fifty_real_citations_in_table() -> None:
    assert sum(len(e) for _, e in CASES) >= 50


@pytest.mark.parametrize("sentence", NEGATIVES)
def test_not_a_citation(sentence: str) -> None:
    assert find_references(sentence) == []


def test_every_occurrence_counts() -> None:
    t = ("Thực hiện Kế hoạch số 4217/KH-UBND ngày 29/12/2022 của UBND tỉnh Điện Biên. "
         "Theo Kế hoạch số 4217/KH-UBND ngày 29/12/2022 của UBND tỉnh Điện Biên, Sở đã")
    assert [r.number for r in find_references(t)] == ["4217/KH-UBND", "4217/KH-UBND"]


def test_lowercase_kind_and_date_forms() -> None:
    (r,) = find_references("theo kế hoạch số 12/KH-UBND ngày 9.6.2022 của UBND tỉnh")
    assert (r.kind, r.date, r.issuer) == ("Kế hoạch", "2022-06-09", "UBND tỉnh")
    (r,) = find_references("Quyết định số 5/QĐ-UBND ngày 31/02/2022")
    assert r.date is None  # an impossible date is not guessed


def test_seed_report_matches_truth() -> None:
    pdf = SAMPLES / "seed-report.pdf"
    if not pdf.exists():
        pytest.skip("seed sample not present")
    with pdfplumber.open(pdf) as doc:
        text = "\n".join(p.extract_text() or "" for p in doc.pages)
    truth = json.loads((SAMPLES / "seed-report.truth.json").read_text(encoding="utf-8"))["references"]
    got = Counter((r.kind, r.number, r.date, r.issuer, r.text) for r in find_references(text))
    want = Counter((t["kind"], t["number"], t["date"], t["issuer"], t["text"]) for t in truth)
    assert got == want
