"""Body-text quantities: the seed truth as the specification, plus real phrasings of the corpus."""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import docx
import pytest

from extractor.interpret.quantities import Quantity, find_quantities
from shared_data import CORPUS as SHARED_CORPUS
from shared_data import SAMPLES as SHARED_SAMPLES
from shared_data import SHARED as SHARED_ROOT

SHARED = SHARED_ROOT
SAMPLES = SHARED_SAMPLES
CORPUS = SHARED_CORPUS


def _truth() -> dict:
    return json.loads((SAMPLES / "seed-report.truth.json").read_text(encoding="utf-8"))


def _rows(text: str) -> list[tuple]:
    return [(q.text, q.value, q.unit, q.qualifier) for q in find_quantities(text)]


# --- the seed report: its truth list is the specification ------------------------------------------

def test_seed_truth_quantities() -> None:
    """Section bodies of the seed give exactly the truth's quantities (its ambiguous ones may appear)."""
    truth = _truth()
    got = Counter()
    for s in truth["sections"]:
        for q in find_quantities(s["body"] or ""):
            got[(s["path"], q.text, q.value, q.unit, q.qualifier)] += 1
    expected = Counter(
        (q["section"], q["text"], q["value"], q["unit"], q["qualifier"]) for q in truth["quantities"] if q["where"] == "body"
    )
    assert expected - got == Counter()
    ambiguous = {(a["section"], a["text"]) for a in truth["ambiguous"]["quantities"]}
    extra = [k for k in (got - expected).elements() if (k[0], k[1]) not in ambiguous]
    assert extra == []


def test_seed_footnotes_have_no_quantity() -> None:
    """Footnotes of the seed hold dates and document numbers only ("mức 3" is ambiguous)."""
    truth = _truth()
    for fn in truth["footnotes"]:
        rows = [r for r in _rows(fn["text"]) if not r[0].startswith("mức")]
        assert rows == [], fn["text"]


def test_quantity_fields() -> None:
    text = "- Từ ngày 15/12/2022 đến ngày 15/3/2023, toàn tỉnh có 40 doanh nghiệp đăng ký thành lập mới với tổng số vốn đăng ký trên 290 tỷ đồng; Có 33 chi nhánh."
    qs = find_quantities(text)
    assert [q.text for q in qs] == ["40 doanh nghiệp", "trên 290 tỷ đồng", "33 chi nhánh"]
    q = qs[1]
    assert isinstance(q, Quantity)
    assert (q.value, q.unit, q.qualifier) == (290000000000, "đồng", "trên")
    assert text[q.start : q.end] == q.text
    assert q.sentence.startswith("Từ ngày 15/12/2022") and q.sentence.endswith("290 tỷ đồng; Có 33 chi nhánh.")


def test_sentence_is_the_holding_one() -> None:
    text = "Tổng biên chế được giao của Sở: 58 người. Trong đó: Công chức: 44 người.\n+ Viên chức : 11 người"
    qs = find_quantities(text)
    assert [q.sentence for q in qs] == [
        "Tổng biên chế được giao của Sở: 58 người.",
        "Trong đó: Công chức: 44 người.",
        "Viên chức : 11 người",
    ]


# --- real phrasings (seed report and /work/shared/corpus), found ------------------------------------

FOUND = [
    # seed report (Sở KH&ĐT Điện Biên)
    ("cụ thể hóa đến từng bộ phận chuyên môn với 6 nội dung lớn và 17 nhiệm vụ trọng tâm", [("6 nội dung", 6, "nội dung", None), ("17 nhiệm vụ", 17, "nhiệm vụ", None)]),
    ("+ Số nhiệm vụ phải hoàn thành trong quý I là: 07 nhiệm vụ.", [("07 nhiệm vụ", 7, "nhiệm vụ", None)]),
    ("+ Số nhiệm vụ đã hoàn thành trong quý I là: 07 nhiệm vụ, đạt 100% kế hoạch.", [("07 nhiệm vụ", 7, "nhiệm vụ", None), ("100%", 100, "%", None)]),
    ("đã chủ trì xây dựng 01 dự thảo Tờ trình và Nghị quyết của HĐND tỉnh ban hành VBQPPL[^3].", [("01 dự thảo", 1, "dự thảo", None)]),
    ("phối hợp kiểm tra, rà soát đối với 47 Nghị quyết quy phạm pháp luật của Hội đồng nhân dân tỉnh ban hành từ năm 2006 đến năm 2022", [("47 Nghị quyết", 47, "Nghị quyết", None)]),
    ("Sở Kế hoạch và Đầu tư đã tiếp nhận 3.295 các loại văn bản, trong đó có 144 hồ sơ.", [("3.295 các loại văn bản", 3295, "văn bản", None), ("144 hồ sơ", 144, "hồ sơ", None)]),
    ("Đã xử lý, giải quyết 124 bộ hồ sơ xin ý kiến các ngành", [("124 bộ hồ sơ", 124, "bộ hồ sơ", None)]),
    ("tổng số vốn đăng ký trên 290 tỷ đồng;", [("trên 290 tỷ đồng", 290e9, "đồng", "trên")]),
    ("Đăng ký thay đổi cho 70 lượt doanh nghiệp, chi nhánh", [("70 lượt", 70, "lượt", None)]),
    ("giải thể tự nguyện 22 doanh nghiệp, chi nhánh", [("22 doanh nghiệp", 22, "doanh nghiệp", None)]),
    ("- Tổng biên chế được giao của Sở: 58 người. Trong đó:", [("58 người", 58, "người", None)]),
    ("+ Hợp đồng lao động theo Nghị định 68/2000/NĐ-CP: 02 người.", [("02 người", 2, "người", None)]),
    ("- Tỷ lệ phần trăm biên chế đã tinh giản so với năm 2015: 5%.", [("5%", 5, "%", None)]),
    ("đang thực hiện quy trình tuyển dụng đối với 01 viên chức, việc tuyển dụng", [("01 viên chức", 1, "viên chức", None)]),
    ("Sở thực hiện bổ nhiệm 01 trưởng phòng, trình cấp có thẩm quyền", [("01 trưởng phòng", 1, "trưởng phòng", None)]),
    ("kéo dài thời gian bổ nhiệm chức danh Phó Giám đốc đối với 01 đồng chí[^6].", [("01 đồng chí", 1, "đồng chí", None)]),
    ("Đảm bảo kỹ thuật cho 100% máy tính cơ quan được kết nối mạng Lan", [("100%", 100, "%", None)]),
    ("thực hiện trao đổi 100% văn bản điện tử (trừ văn bản mật).", [("100%", 100, "%", None)]),
    # Lâm Đồng, báo cáo CCHC quý I/2026
    ("Ban Quản lý các khu công nghiệp có 11/15 đơn vị xếp loại Tốt", [("11/15 đơn vị", 11, "đơn vị", None)]),
    ("tỉnh đã triển khai thực hiện hoàn thành 11/49 nhiệm vụ kế hoạch đề ra (đạt 22,45%", [("11/49 nhiệm vụ", 11, "nhiệm vụ", None), ("22,45%", 22.45, "%", None)]),
    ("tổ chức kiểm tra tại 29 cơ quan, đơn vị, địa phương (gồm: 04 cơ quan chuyên môn cấp tỉnh và 25 đơn vị hành chính cấp xã)", [("29 cơ quan, đơn vị", 29, "cơ quan, đơn vị", None), ("04 cơ quan", 4, "cơ quan", None), ("25 đơn vị", 25, "đơn vị", None)]),
    ("Báo và Phát thanh, Truyền hình Lâm Đồng 02 cuộc đối thoại", [("02 cuộc", 2, "cuộc", None)]),
    ("Tổng số nhiệm vụ được giao là 21, nhiệm vụ đã hoàn thành đúng hạn là 15/21 nhiệm vụ", [("21", 21, None, None), ("15/21 nhiệm vụ", 15, "nhiệm vụ", None)]),
    ("Hội đồng nhân dân tỉnh đã ban hành 02 Nghị quyết QPPL, Ủy ban nhân dân tỉnh ban hành 13 Quyết định QPPL", [("02 Nghị quyết", 2, "Nghị quyết", None), ("13 Quyết định", 13, "Quyết định", None)]),
    ("Sở Tư pháp thực hiện thẩm định 11 văn bản QPPL, góp ý 12 dự thảo văn bản QPPL", [("11 văn bản", 11, "văn bản", None), ("12 dự thảo", 12, "dự thảo", None)]),
    ("tỉnh đã công bố 598 TTHC nội bộ thuộc phạm vi quản lý của tỉnh", [("598 TTHC", 598, "TTHC", None)]),
    ("công bố mới 109 thủ tục, sửa đổi, bổ sung 628 thủ tục và bãi bỏ 130 thủ tục.", [("109 thủ tục", 109, "thủ tục", None), ("628 thủ tục", 628, "thủ tục", None), ("130 thủ tục", 130, "thủ tục", None)]),
    ("đã được tỉnh công bố là 2.310 TTHC (trong đó, cấp tỉnh là 1.865 TTHC, cấp xã là 445 TTHC).", [("2.310 TTHC", 2310, "TTHC", None), ("1.865 TTHC", 1865, "TTHC", None), ("445 TTHC", 445, "TTHC", None)]),
    ("Trung tâm Phục vụ hành chính công tại 124/124 xã, phường, đặc khu đã đi vào nền nếp", [("124/124 xã, phường, đặc khu", 124, "xã, phường, đặc khu", None)]),
    ("kết quả giải quyết TTHC đạt 89,94%; tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa đạt 92,64%.", [("89,94%", 89.94, "%", None), ("92,64%", 92.64, "%", None)]),
    ("số hồ sơ các sở, ngành đã giải quyết là 125.712 hồ sơ; trong đó: Số hồ sơ giải quyết trước và đúng hạn là 120.088 (tỷ lệ 95,53%)", [("125.712 hồ sơ", 125712, "hồ sơ", None), ("120.088", 120088, None, None), ("95,53%", 95.53, "%", None)]),
    ("Đã tiếp nhận 306 phản ánh kiến nghị, đã xử lý và công khai đúng hạn 306 phản ánh kiến nghị.", [("306 phản ánh kiến nghị", 306, "phản ánh kiến nghị", None)] * 2),
    ("đối với 14 sở, ngành, 12 chi cục và 62 đơn vị sự nghiệp", [("14 sở, ngành", 14, "sở, ngành", None), ("12 chi cục", 12, "chi cục", None), ("62 đơn vị sự nghiệp", 62, "đơn vị sự nghiệp", None)]),
    ("thành lập mới 124 trạm y tế cấp xã, thành lập mới 04 trường", [("124 trạm y tế", 124, "trạm y tế", None), ("04 trường", 4, "trường", None)]),
    ("- Biên chế công chức là 9.818 (gồm 3.585 biên chế cấp tỉnh, 6.233 biên chế cấp xã", [("9.818", 9818, None, None), ("3.585 biên chế", 3585, "biên chế", None), ("6.233 biên chế", 6233, "biên chế", None)]),
    ("theo mô hình chính quyền địa phương 02 cấp trên địa bàn tỉnh", [("02 cấp", 2, "cấp", None)]),
    ("Chủ tịch Ủy ban nhân dân tỉnh đã bổ nhiệm 05 lãnh đạo cấp sở và tương đương", [("05 lãnh đạo", 5, "lãnh đạo", None)]),
    ("Tổng thu ngân sách ước thực hiện đến ngày 25/02/2026 là 8.063 tỷ đồng, đạt 24,88% dự toán", [("8.063 tỷ đồng", 8063e9, "đồng", None), ("24,88%", 24.88, "%", None)]),
    ("Tổng kế hoạch vốn đầu tư phát triển năm 2026 là: 13.203.300 triệu đồng. Trong đó:", [("13.203.300 triệu đồng", 13203300e6, "đồng", None)]),
    ("ngân sách địa phương 138.000 triệu đồng).", [("138.000 triệu đồng", 138000e6, "đồng", None)]),
    ("Lũy kế giải ngân đến hết ngày 25/02/2026 là 230.473 triệu đồng/13.203.300 triệu đồng; đạt 1,75% kế hoạch năm.", [("230.473 triệu đồng", 230473e6, "đồng", None), ("1,75%", 1.75, "%", None)]),
    ("+ Tổng số kiến nghị xử lý về tài chính: 8.332.978 triệu đồng.", [("8.332.978 triệu đồng", 8332978e6, "đồng", None)]),
    ("Tỷ lệ đã thực hiện: 85,28%.", [("85,28%", 85.28, "%", None)]),
    ("hệ thống hiện đang phục vụ khoảng 2.000 người dùng thường xuyên", [("khoảng 2.000 người", 2000, "người", "khoảng")]),
    ("kết nối liên thông với hơn 400.000 lượt giao dịch", [("hơn 400.000 lượt", 400000, "lượt", "hơn")]),
    ("Đến nay toàn tỉnh có 5.887 trạm BTS 4G và 1.099 trạm 5G", [("5.887 trạm", 5887, "trạm", None), ("1.099 trạm", 1099, "trạm", None)]),
    ("có 265.456/305.194 hồ sơ); có 124/124 TTHC", [("265.456/305.194 hồ sơ", 265456, "hồ sơ", None), ("124/124 TTHC", 124, "TTHC", None)]),
    # Lâm Đồng, báo cáo Đề án 06 tháng 10/2025
    ("thành lập Ban chỉ đạo của tỉnh và tổ chức 01 cuộc họp trực tuyến đến cấp xã", [("01 cuộc", 1, "cuộc", None)]),
    ("ban hành, triển khai 06 văn bản chỉ đạo các nhiệm vụ Đề án 06", [("06 văn bản", 6, "văn bản", None)]),
    ("khi thực hiện 25 TTHC đã được cung cấp toàn trình", [("25 TTHC", 25, "TTHC", None)]),
    ("b) Đẩy mạnh triển khai đợt cao điểm 60 ngày đêm cấp tài khoản định danh điện tử", [("60 ngày đêm", 60, "ngày đêm", None)]),
    ("Tổ chức 19 lượt làm việc trực tiếp với các sở, ngành", [("19 lượt", 19, "lượt", None)]),
    ("đã ban hành 03 Kế hoạch, 12 văn bản để triển khai", [("03 Kế hoạch", 3, "Kế hoạch", None), ("12 văn bản", 12, "văn bản", None)]),
    ("Nghị quyết về thu phí “0 đồng” đối với TTHC thuộc thẩm quyền", [("0 đồng", 0, "đồng", None)]),
    ("Nghiên cứu, tham gia góp ý 04 dự thảo văn bản quy phạm pháp luật", [("04 dự thảo", 4, "dự thảo", None)]),
    ("Toàn tỉnh đã triển khai cung cấp 2.028 dịch vụ công trực tuyến, tỷ lệ tiếp nhận hồ sơ hình thức trực tuyến đạt 82,04%.", [("2.028 dịch vụ công trực tuyến", 2028, "dịch vụ công trực tuyến", None), ("82,04%", 82.04, "%", None)]),
    ("Tiếp nhận, giải quyết 113.014 hồ sơ trực tuyến/114.932 tổng hồ sơ tiếp nhận, đạt tỷ lệ 98,33%.", [("113.014 hồ sơ", 113014, "hồ sơ", None), ("98,33%", 98.33, "%", None)]),
    ("toàn tỉnh phát sinh 5.854 hồ sơ dịch vụ công liên thông (4.679 hồ sơ liên thông khai sinh và 1.175 hồ sơ liên thông khai tử)", [("5.854 hồ sơ", 5854, "hồ sơ", None), ("4.679 hồ sơ", 4679, "hồ sơ", None), ("1.175 hồ sơ", 1175, "hồ sơ", None)]),
    ("bằng CCCD khi đi khám chữa bệnh BHYT là 9.463.076 lượt; trong đó, 8.326.078 lượt tra cứu thành công, đạt tỷ lệ 87,9%.", [("9.463.076 lượt", 9463076, "lượt", None), ("8.326.078 lượt", 8326078, "lượt", None), ("87,9%", 87.9, "%", None)]),
    ("thông báo lưu trú qua ứng dụng VNeID cho 385/385 cơ sở khám chữa bệnh và qua ứng dụng ASM cho 189 cơ sở khám chữa bệnh", [("385/385 cơ sở", 385, "cơ sở", None), ("189 cơ sở", 189, "cơ sở", None)]),
    ("Đồng thời, cấp 7.442 tài khoản cho cơ sở kinh doanh lưu trú (tăng 2.592 cơ sở so với tháng trước)", [("7.442 tài khoản", 7442, "tài khoản", None), ("2.592 cơ sở", 2592, "cơ sở", None)]),
    ("chi trả an sinh xã hội qua tài khoản cho 56.751 người hưởng chế độ", [("56.751 người", 56751, "người", None)]),
    ("đã cập nhật chi trả trên phần mềm cho 3.547.970 nhân khẩu, đạt tỷ lệ 95,2%.", [("3.547.970 nhân khẩu", 3547970, "nhân khẩu", None), ("95,2%", 95.2, "%", None)]),
    ("Đã rà soát, phân nhóm 1.793.393 thửa đất trên toàn tỉnh", [("1.793.393 thửa đất", 1793393, "thửa đất", None)]),
    ("đã thu nhận tài khoản định danh mức 1, mức 2: 2.775.718/2.935.139 công dân từ đủ 14 tuổi, đạt tỷ lệ 94,6%", [("2.775.718/2.935.139 công dân", 2775718, "công dân", None), ("14 tuổi", 14, "tuổi", None), ("94,6%", 94.6, "%", None)]),
    ("Đến nay, toàn tỉnh đã hoàn thành triển khai 17 mô hình, 18 mô hình đang triển khai, 01 mô hình", [("17 mô hình", 17, "mô hình", None), ("18 mô hình", 18, "mô hình", None), ("01 mô hình", 1, "mô hình", None)]),
    ("Đến nay, đã triển khai 13/19 nhiệm vụ, đang triển khai 04 nhiệm vụ", [("13/19 nhiệm vụ", 13, "nhiệm vụ", None), ("04 nhiệm vụ", 4, "nhiệm vụ", None)]),
    ("đến nay đã có 15.860/24.555 cơ quan, tổ chức, hợp tác xã, doanh nghiệp", [("15.860/24.555 cơ quan, tổ chức", 15860, "cơ quan, tổ chức", None)]),
    ("hoàn thành số hóa dữ liệu đất đai của 67/124 xã, phường (trong đó, 37 xã, phường", [("67/124 xã, phường", 67, "xã, phường", None), ("37 xã, phường", 37, "xã, phường", None)]),
    ("Cập nhật thông tin các hội, đoàn thể: 56.920 hội viên hội người cao tuổi, 72.142 hội viên hội nông dân", [("56.920 hội viên", 56920, "hội viên", None), ("72.142 hội viên", 72142, "hội viên", None)]),
    ("công tác tuyên truyền với 18 tin bài, phóng sự trên cổng thông tin điện tử, 59 tin bài trên các trang mạng xã hội", [("18 tin bài", 18, "tin bài", None), ("59 tin bài", 59, "tin bài", None)]),
    ("Ủy ban nhân dân cấp xã thành lập 124 Tổ công tác tuyên truyền", [("124 Tổ công tác", 124, "Tổ công tác", None)]),
    ("hoàn thành làm sạch thông tin 8.171/8.401 tàu cá, đạt tỷ lệ 97,26%.", [("8.171/8.401 tàu cá", 8171, "tàu cá", None), ("97,26%", 97.26, "%", None)]),
    ("Đăng tải 12 tin, bài tuyên truyền", [("12 tin, bài", 12, "tin, bài", None)]),
    # Lâm Đồng, báo cáo các chỉ số; kế hoạch CCHC 2026-2030
    ("tỷ lệ hồ sơ giải quyết đúng hẹn cấp tỉnh đạt tối thiểu 98%, hiện đạt 97,4%", [("tối thiểu 98%", 98, "%", "tối thiểu"), ("97,4%", 97.4, "%", None)]),
    ("tổng thu ngân sách nhà nước đến ngày 05/11/2025 đạt 26.353,6 tỷ đồng, bằng 98,44% dự toán", [("26.353,6 tỷ đồng", 26353.6e9, "đồng", None), ("98,44%", 98.44, "%", None)]),
    ("tỷ lệ giải ngân đạt 654,935/871,321 triệu đồng", [("654,935/871,321 triệu đồng", 654.935e6, "đồng", None)]),
    ("Chỉ số năng lực cạnh tranh cấp tỉnh năm 2025, tỉnh Lâm Đồng đạt 88,72 điểm", [("88,72 điểm", 88.72, "điểm", None)]),
    ("theo đó, đã tổ chức 09 cuộc kiểm tra tại các cơ quan", [("09 cuộc kiểm tra", 9, "cuộc kiểm tra", None)]),
    ("đã thu thập được hơn 20.000 phiếu khảo sát", [("hơn 20.000 phiếu khảo sát", 20000, "phiếu khảo sát", "hơn")]),
    ("yêu cầu bổ sung hồ sơ từ hai lần trở lên", [("hai lần", 2, "lần", None)]),
    ("trường hợp đạt từ 50% đến dưới 80% thì tiêu chí này đạt 0 điểm", [("từ 50%", 50, "%", None), ("dưới 80%", 80, "%", "dưới"), ("0 điểm", 0, "điểm", None)]),
    ("tăng 5,2% so với cùng kỳ", [("5,2%", 5.2, "%", None)]),
    # Bộ Công nghiệp, báo cáo sản xuất tháng 02/2007 (TCVN3 transcript)
    ("Giá trị sản xuất công nghiệp (GTSXCN) ước đạt 39.897 tỷ đồng giảm 19% so với tháng 01 năm 2007", [("39.897 tỷ đồng", 39897e9, "đồng", None), ("19%", 19, "%", None)]),
    ("Tính gộp 2 tháng đầu năm GTSXCN ước đạt 89.084 tỷ đồng tăng 17,5%", [("2 tháng", 2, "tháng", None), ("89.084 tỷ đồng", 89084e9, "đồng", None), ("17,5%", 17.5, "%", None)]),
    # spelled-out numbers and ranges
    ("có hai mươi lăm người tham dự", [("hai mươi lăm người", 25, "người", None)]),
    ("tổ chức được ba mươi mốt cuộc họp", [("ba mươi mốt cuộc", 31, "cuộc", None)]),
    ("mỗi lớp từ 30 đến 50 học viên", [("từ 30 đến 50 học viên", 30, "học viên", None), ("từ 30 đến 50 học viên", 50, "học viên", None)]),
    ("không quá 5 ngày làm việc", [("không quá 5 ngày làm việc", 5, "ngày làm việc", "tối đa")]),
    ("khoảng 1,5 triệu đồng mỗi người", [("khoảng 1,5 triệu đồng", 1.5e6, "đồng", "khoảng")]),
    ("dưới 10% tổng số hồ sơ", [("dưới 10%", 10, "%", "dưới")]),
    ("gần 3.000 hộ dân được hỗ trợ", [("gần 3.000 hộ dân", 3000, "hộ dân", "gần")]),
    ("tổng vốn 1 tỷ 250 triệu đồng", [("1 tỷ 250 triệu đồng", 1.25e9, "đồng", None)]),
    ("diện tích 12,5 ha đất rừng", [("12,5 ha", 12.5, "ha", None)]),
    ("cải tạo 5km đường giao thông nông thôn", [("5km", 5, "km", None)]),
]


@pytest.mark.parametrize("text,expected", FOUND, ids=[f"found{i}" for i in range(len(FOUND))])
def test_found(text: str, expected: list[tuple]) -> None:
    got = _rows(text)
    assert len(got) == len(expected), got
    for g, e in zip(got, expected):
        assert g[0] == e[0] and g[2] == e[2] and g[3] == e[3], (g, e)
        assert g[1] == pytest.approx(e[1]), (g, e)


# --- real phrasings, not quantities -----------------------------------------------------------------

NOT_FOUND = [
    "Thực hiện Kế hoạch số 4217/KH-UBND ngày 29/12/2022 của UBND tỉnh Điện Biên",
    "Kế hoạch Cải cách hành chính nhà nước năm 2022 của Sở[^1].",
    "tổ chức họp giao ban, họp chuyên đề về CCHC năm 2023",
    "sẽ tiến hành kiểm tra nội bộ vào quý III-IV năm 2023.",
    "Sở đã ban hành Kế hoạch số 252/KH-SKHĐT ngày 15/02/2023 về kiểm tra nội bộ",
    "Trên cơ sở Kế hoạch số 37/QĐ-UBND ngày 11/01/2023 về rà soát",
    "Tính từ ngày 15/12/2022 đến ngày 15/03/2023, Sở Kế hoạch và Đầu tư",
    "Từ ngày 15/12/2022 đến ngày 15/3/2023, toàn tỉnh",
    "Trên cơ sở Quyết định số 38/2022/QĐ-UBND ngày 07/10/2022 của UBND tỉnh",
    "Quy định số 105-QĐ/TW ngày 19/12/2017 của Bộ Chính trị",
    "Nghị định 138/2020/NĐ-CP ngày 27/11/2020 của Chính phủ",
    "Quy định số 06-QĐ/TU ngày 12/4/2022 của Tỉnh ủy Điện Biên",
    "Chỉ thị số 26/CT-TTg ngày 05/9/2016 của Thủ tướng Chính phủ",
    "Thông tư liên tịch số 71/2014/TTLT-BTC-BNV ngày 30/5/2014",
    "theo Luật số 44/2013/QH13 ngày 26/11/2013",
    "áp dụng theo tiêu chuẩn ISO 9001:2015 trong việc xử lý",
    "đảm bảo an toàn trước dịch bệnh Covid-19.",
    "Báo cáo số 329 /BC-SKHĐT ngày 24/02/2023 Rà soát văn bản QPPL giai đoạn 2006-2022",
    "các Chương trình MTQG giai đoạn 2021-2025, trên địa bàn tỉnh Điện Biên.",
    "Thực hiện Công văn số 4625/BNV-CCHC ngày 02/7/2025 của Bộ Nội vụ",
    "Ngày 22/01/2026, Tỉnh đã tổ chức Hội nghị",
    "thời gian thực hiện kiểm tra từ tháng 3 đến tháng 9 năm 2026.",
    "biểu Hội đồng nhân dân các cấp nhiệm kỳ 2026 - 2031 hằng tuần",
    "Kế hoạch số 806/KH-UBND ngày 09/01/2026 tổ chức thực hiện",
    "theo Văn bản số 4756/BTP-KTVB&QLXLVPHC ngày 05/8/2025 của Bộ Tư pháp",
    "theo quy định tại Điều 4, Điều 8 Nghị định số 361/2025/NĐ-CP",
    "Kết quả triển khai Đề án 06 trên địa bàn tỉnh Lâm Đồng tháng 10/2025",
    "giai đoạn 2022 - 2025, tầm nhìn đến năm 2030",
    "quán triệt, xác định rõ việc triển khai Đề án 06 là nhiệm vụ chung",
    "Chỉ thị số 24/CT-TTg ngày 13/9/2025 của Thủ tướng",
    "dịp lễ Quốc khánh 2/9",
    "tập trung: (1) Hoàn thành đợt cao điểm",
    "Nghị quyết số 57-NQ/TW, Kế hoạch 02-KH/BCĐTW",
    "thực hiện từ tháng 7/2025)",
    "thời gian từ 19 giờ 30 phút - 20 giờ 45 phút ngày 24 tháng 4",
    "Lâm Đồng, ngày      tháng 11 năm 2025",
    "nguyên tắc “5-4-3-2”",
    "dịch vụ công trực tuyến mức 3, mức 4",
    "Thực hiện Quyết định số 06/QĐ-TTg, ngày 06/01/2022",
    "theo Chỉ số PCI 2.0 của VCCI",
    "Thông tư số 01/2018/TT-VPCP",
    "Liên hệ: ĐT 0263.3822.123, fax (0263) 3822 124",
    "cuộc họp bắt đầu lúc 14 giờ 30",
    "vào lúc 8h30 ngày 05/11/2025",
    "UBND xã Bảo Lâm 1 đã báo cáo",
    "1. Công tác chỉ đạo, điều hành\n2.1. Kết quả thực hiện",
    "cơ chế một cửa, một cửa liên thông",
    "kiểm tra nội một số hồ sơ giải quyết TTHC",
    "thuộc Nhóm II và chỉ đạo Ủy ban nhân dân",
    "năm 2026 và những năm tiếp theo",
]


@pytest.mark.parametrize("text", NOT_FOUND, ids=[f"notfound{i}" for i in range(len(NOT_FOUND))])
def test_not_found(text: str) -> None:
    assert _rows(text) == []


def test_enough_real_phrasings() -> None:
    assert len(FOUND) + len(NOT_FOUND) >= 100


# --- a whole real DOCX report -------------------------------------------------------------------------

def _docx_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


@pytest.mark.parametrize(
    "name", ["lamdong_ubnd_bc_cchc_quy1_2026.docx", "lamdong_bcd_bc_de_an_06_thang10-2025.docx", "lamdong_ubnd_kh_cchc_2026-2030.docx"]
)
def test_corpus_report_has_no_dates_or_references(name: str) -> None:
    import regex

    text = _docx_text(CORPUS / name)
    qs = find_quantities(text)
    assert len(qs) > 20
    for q in qs:
        assert text[q.start : q.end] == q.text
        assert not regex.search(r"\d/\p{Lu}|\d-\p{Lu}{2}|\d{1,2}/\d{1,2}/\d{4}|\[\^", q.text), q
        assert not (q.unit is None and 1900 <= q.value <= 2100 and float(q.value).is_integer()), q
        assert q.sentence and q.text.split()[0] in q.sentence


def test_speed() -> None:
    text = _docx_text(CORPUS / "lamdong_ubnd_bc_cchc_quy1_2026.docx")
    find_quantities(text)  # warm the compiled patterns
    t0 = time.perf_counter()
    for _ in range(5):
        find_quantities(text)
    per_doc = (time.perf_counter() - t0) / 5
    assert per_doc < 0.5, per_doc
