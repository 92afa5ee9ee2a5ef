"""indicator_key: one statistic gets one key across reports and template versions, two statistics never share
one, and a key is a slug that says which statistic it is, never a numeric suffix (``_1``, ``_5_3_3``).

Real reports: the 2023 departmental template (samples/seed-report.docx) and the 2026 provincial template
(lamdong_ubnd_bc_cchc_quy1_2026.docx), read end to end."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from extractor import extract_file, write
from extractor.catalogue import catalogue_entries, match_indicator
from extractor.dbtools import rekey
from shared_data import CORPUS, SAMPLES

SEED = SAMPLES / "seed-report.docx"
LAMDONG = CORPUS / "lamdong_ubnd_bc_cchc_quy1_2026.docx"
SUFFIX = re.compile(r"_\d+$")


def test_catalogue_keys_are_meaningful_slugs() -> None:
    keys = [e["key"] for e in catalogue_entries()]
    assert len(keys) == len(set(keys)), "a key names one entry"
    bad = [k for k in keys if SUFFIX.search(k) or not re.fullmatch(r"[a-z_]+\.[a-z0-9_]+", k)]
    assert bad == []


def _keys(path: Path) -> dict[tuple[int, str], str]:
    """(table_index, code) -> indicator_key of every coded row (first value column)."""
    out: dict[tuple[int, str], str] = {}
    for i in extract_file(path).indicators:
        if i.get("code"):
            out.setdefault((i["table_index"], i["code"]), i.get("indicator_key"))
    return out


@pytest.fixture(scope="module")
def keyed() -> dict[str, dict[tuple[int, str], str]]:
    if not SEED.exists() or not LAMDONG.exists():
        pytest.skip("samples missing")
    return {"seed": _keys(SEED), "lam": _keys(LAMDONG)}


# (seed code) == (2026 table, code): the same statistic in the two templates
SAME = [
    ("1.1.3", (0, "1")),     # Số văn bản chỉ đạo CCHC đã ban hành (+ a remark in brackets in 2026)
    ("1.1.1", (0, "2.1")),   # Số nhiệm vụ đề ra trong kế hoạch
    ("1.3.1", (0, "4.1")),   # Tổng số nhiệm vụ được giao
    ("3.1.1", (2, "1.2")),   # Số TTHC công bố mới
    ("4.2.1", (3, "2.1")),   # Tổng số biên chế được giao trong năm
    ("4.3", (3, "3")),       # Số người làm việc hưởng lương từ NSNN tại các ĐVSNCL
    ("5.2.1", (4, "2.1")),   # Số công chức được tuyển dụng
    ("6.3.1", (5, "2.2")),   # ĐVSN tự chủ chi thường xuyên và chi đầu tư
    ("6.3.2", (5, "2.3")),   # ĐVSN tự chủ chi thường xuyên
]


@pytest.mark.parametrize("seed_code, lam", SAME, ids=[s for s, _ in SAME])
def test_same_statistic_same_key_across_templates(keyed, seed_code: str, lam: tuple[int, str]) -> None:
    a, b = keyed["seed"][(0, seed_code)], keyed["lam"][lam]
    assert a is not None and a == b


# two rows that read alike but are different statistics
APART = [
    (("lam", (3, "3")), ("lam", (4, "4.4"))),     # … tại các ĐVSNCL / … tại các ĐVSNCL bị kỷ luật
    (("seed", (0, "4.3")), ("lam", (4, "4.4"))),
    (("seed", (0, "5.3.2")), ("seed", (0, "5.3.3"))),  # bổ nhiệm mới / bổ nhiệm lại
    (("seed", (0, "7.3.1")), ("seed", (0, "7.4.1"))),  # the same words under the province's portal / a ministry's
    (("lam", (2, "3.1.1")), ("lam", (2, "3.2.1"))),    # hồ sơ giải quyết xong: sở, ngành / UBND cấp xã
    (("lam", (1, "2.2.2")), ("lam", (1, "3.2.2"))),    # xử lý xong sau kiểm tra / sau rà soát
    (("seed", (0, "5.4.1")), ("lam", (4, "4.2"))),     # lãnh đạo cấp sở bị kỷ luật / … và UBND cấp xã
]


@pytest.mark.parametrize("a, b", APART, ids=[f"{a[1][1]}-{b[1][1]}" for a, b in APART])
def test_different_statistics_never_share_a_key(keyed, a, b) -> None:
    ka, kb = keyed[a[0]][a[1]], keyed[b[0]][b[1]]
    assert ka is not None and kb is not None and ka != kb


def test_every_key_given_is_the_catalogues(keyed) -> None:
    """The matcher hands out catalogue keys only: it makes none up, and none carries a numeric suffix."""
    known = {e["key"] for e in catalogue_entries()}
    given = {k for d in keyed.values() for k in d.values() if k}
    assert given <= known
    assert not [k for k in given if SUFFIX.search(k)]
    assert len(given) >= 100


QUALIFIED = [
    ("Số người làm việc hưởng lương từ NSNN tại các ĐVSNCL",
     "Số người làm việc hưởng lương từ NSNN tại các ĐVSNCL bị kỷ luật"),
    ("Tổng số biên chế được giao trong năm", "Tổng số biên chế được giao trong năm cho khối giáo dục"),
    ("Số TTHC công bố mới", "Số TTHC công bố mới lĩnh vực đất đai"),
]


@pytest.mark.parametrize("plain, qualified", QUALIFIED, ids=[f"q{i}" for i in range(len(QUALIFIED))])
def test_a_qualifying_phrase_keeps_keys_apart(plain: str, qualified: str) -> None:
    k = match_indicator(plain)
    assert k is not None
    assert match_indicator(qualified) != k


def test_wording_drift_still_matches() -> None:
    """Fillers and remarks in brackets do not make another statistic."""
    a = match_indicator("Tỷ lệ hồ sơ TTHC do sở, ngành tiếp nhận được giải quyết đúng hạn")
    assert a is not None
    assert match_indicator("Tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn") == a
    b = match_indicator("Số văn bản chỉ đạo CCHC đã ban hành")
    assert b is not None and match_indicator("Số văn bản chỉ đạo CCHC đã ban hành (công văn, chỉ thị)") == b


def test_rekey_moves_an_old_database_to_the_current_keys(tmp_path: Path) -> None:
    if not LAMDONG.exists():
        pytest.skip("samples missing")
    db = tmp_path / "r.db"
    write(extract_file(LAMDONG), db)
    with sqlite3.connect(db) as con:
        con.execute("UPDATE indicators SET indicator_key = 'chi_dao.so_van_ban_chi_dao_cchc_da_ban_hanh_1' "
                    "WHERE table_index = 0 AND code = '1'")
    assert rekey(db) >= 1
    with sqlite3.connect(db) as con:
        keys = {k for (k,) in con.execute("SELECT DISTINCT indicator_key FROM indicators "
                                          "WHERE indicator_key IS NOT NULL")}
        row1 = con.execute("SELECT DISTINCT indicator_key FROM indicators "
                           "WHERE table_index = 0 AND code = '1'").fetchall()
    assert row1 == [("chi_dao.so_van_ban_chi_dao_cchc_da_ban_hanh",)]
    assert not [k for k in keys if SUFFIX.search(k)]
