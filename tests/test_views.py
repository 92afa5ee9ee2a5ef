"""Dashboard views and canonical indicator keys."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import docx
import pytest
import sqlite_utils

from extractor import store
from extractor.catalogue import match_indicator
from extractor.records import Records
from extractor.views import ensure_views
from shared_data import CORPUS as SHARED_CORPUS
from shared_data import SAMPLES as SHARED_SAMPLES
from shared_data import SHARED as SHARED_ROOT

SHARED = SHARED_ROOT
TRUTH = SHARED_SAMPLES / "seed-report.truth.json"
LAMDONG = SHARED_CORPUS / "lamdong_ubnd_bc_cchc_quy1_2026.docx"


def doc_records(sha: str, agency: str, year: int, quarter: int, values: dict[str, float]) -> Records:
    inds = [{"table_index": 0, "row_index": 0, "code": "I", "is_group": 1, "name": "CÔNG TÁC CHỈ ĐẠO",
             "value_raw": "", "value_kind": "empty"}]
    for i, (name, v) in enumerate(values.items(), start=1):
        inds.append({"table_index": 0, "row_index": i, "code": f"1.{i}", "is_group": 0, "name": name,
                     "unit": "Nhiệm vụ", "value_raw": str(v), "value": v, "value_kind": "number",
                     "indicator_key": match_indicator(name, f"1.{i}", "Nhiệm vụ"), "page": 2})
    return Records(
        document={"sha256": sha, "agency": agency, "province": "Điện Biên", "period_year": year,
                  "period_quarter": quarter, "period_label": f"quý {quarter} năm {year}",
                  "period_start": f"{year}-{3 * quarter - 2:02d}-01", "doc_number": f"{quarter}/BC-X", "pages": 3,
                  "format": "pdf", "source_path": f"/in/{sha}.pdf", "extractor_version": "t"},
        sections=[{"level": 1, "number": "I", "path": "I", "title": "A", "body": "", "parent": None},
                  {"level": 2, "number": "1", "path": "I/1", "title": "B", "body": "x", "parent": 0}],
        tables=[{"table_index": 0, "title": "Biểu 1", "kind": "indicator", "n_rows": 3, "n_cols": 5}],
        indicators=inds,
        quantities=[{"section": 1, "text": "07 nhiệm vụ", "value": 7, "unit": "nhiệm vụ"}],
    )


def test_indicator_values_and_document_summary(tmp_path: Path):
    db = store.open_db(tmp_path / "r.db")
    store.write(doc_records("a", "Sở Nội vụ", 2023, 1, {"Tổng số nhiệm vụ được giao": 11,
                                                         "Số nhiệm vụ đã hoàn thành đúng hạn": 9}), db)
    store.write(doc_records("b", "Sở Tư pháp", 2023, 2, {"Tổng số nhiệm vụ được giao": 4,
                                                          "Một chỉ tiêu riêng của tỉnh": 2}), db)
    rows = list(db.query("SELECT * FROM indicator_values ORDER BY agency, row_index"))
    assert len(rows) == 4  # the empty group row is not a value
    r = rows[0]
    assert (r["agency"], r["province"], r["period_year"], r["period_quarter"], r["doc_number"], r["table_title"],
            r["code"], r["unit"], r["value"], r["page"]) == \
        ("Sở Nội vụ", "Điện Biên", 2023, 1, "1/BC-X", "Biểu 1", "1.1", "Nhiệm vụ", 11.0, 2)
    keys = {(x["agency"], x["name"]): x["indicator_key"] for x in rows}
    assert keys[("Sở Nội vụ", "Tổng số nhiệm vụ được giao")] == keys[("Sở Tư pháp", "Tổng số nhiệm vụ được giao")]
    assert keys[("Sở Nội vụ", "Tổng số nhiệm vụ được giao")] is not None
    assert keys[("Sở Tư pháp", "Một chỉ tiêu riêng của tỉnh")] is None
    summ = {s["agency"]: s for s in db.query("SELECT * FROM document_summary")}
    assert summ["Sở Nội vụ"]["n_sections"] == 2 and summ["Sở Nội vụ"]["n_indicators"] == 3
    assert summ["Sở Nội vụ"]["n_indicators_keyed"] == 2 and summ["Sở Tư pháp"]["n_quantities"] == 1
    assert db.execute("SELECT count(*) FROM indicator_catalogue").fetchone()[0] > 100
    # idempotent: a second call changes nothing and reopening keeps the views
    sql = db.execute("SELECT group_concat(sql) FROM sqlite_master WHERE type='view'").fetchone()
    ensure_views(db)
    store.open_db(tmp_path / "r.db")
    assert db.execute("SELECT group_concat(sql) FROM sqlite_master WHERE type='view'").fetchone() == sql


def test_old_database_gets_views_on_open(tmp_path: Path):
    p = tmp_path / "old.db"
    db = store.open_db(p)
    db.conn.execute("DROP VIEW indicator_values")
    db.conn.execute("DROP TABLE indicator_catalogue")
    db.conn.close()
    con = store.open_db(p).conn
    assert con.execute("SELECT count(*) FROM indicator_values").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM indicator_catalogue").fetchone()[0] > 100


def _lamdong_rows() -> list[tuple[str, str, str]]:
    d = docx.Document(str(LAMDONG))
    out = []
    for t in d.tables[2:]:
        for r in t.rows[2:]:
            cells, prev = [], None
            for c in r.cells:
                if c._tc is not prev:
                    cells.append(" ".join(c.text.split()))
                prev = c._tc
            out.append((cells[0], cells[1], cells[2]))
    return out


@pytest.mark.skipif(not TRUTH.exists() or not LAMDONG.exists(), reason="shared samples missing")
def test_same_indicator_same_key_across_template_versions():
    seed = {i["name"]: match_indicator(i["name"], i["code"], i["unit"])
            for i in json.loads(TRUTH.read_text(encoding="utf-8"))["indicators"] if i["unit"]}
    lam = {n: match_indicator(n, c, u) for c, n, u in _lamdong_rows() if u}
    # identical wording, different codes (1.3.1 in 2023, 4.1 in 2026)
    for name in ("Tổng số nhiệm vụ được giao", "Số TTHC công bố mới", "Tổng số biên chế được giao trong năm",
                 "Số lượng phiếu khảo sát"):
        assert seed[name] is not None and seed[name] == lam[name], name
    # different wording of the same statistic
    assert lam["Tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn"] == \
        seed["Tỷ lệ hồ sơ TTHC do sở, ngành tiếp nhận được giải quyết đúng hạn"]
    assert lam["Số hợp đồng lao động làm việc tại các cơ quan, tổ chức hành chính"] == \
        seed["Số hợp đồng lao động làm việc"]
    # nearly the same words, different statistics
    assert lam["Số nhiệm vụ quá hạn nhưng chưa hoàn thành"] != seed["Số nhiệm vụ đã hoàn thành nhưng quá hạn"]
    assert seed["Số TTHC cấp tỉnh:"] != seed["Số TTHC cấp xã:"]
    assert sum(v is not None for v in seed.values()) >= 0.9 * len(seed)
    assert sum(v is not None for v in lam.values()) >= 0.9 * len(lam)


def test_unrelated_names_get_no_key():
    for name in ("Diện tích gieo trồng lúa", "Số hộ nghèo", "Tổng số", "Số doanh nghiệp thành lập mới",
                 "Số lãnh đạo cấp huyện bị kỷ luật", "Tổng số TTHC cung cấp trực tuyến mức độ 2", ""):
        assert match_indicator(name, None, None) is None, name
    # spelling variants still match
    assert match_indicator("Số vấn đề phát hiện đã xử lí xong", None, None) == \
        match_indicator("Số vấn đề phát hiện đã xử lý xong", None, None) is not None
    # the same name twice in one template: the code decides, and without it there is no guess
    a = match_indicator("Tổng số TTHC cung cấp trực tuyến mức độ 3", "7.3.1", "TTHC")
    b = match_indicator("Tổng số TTHC cung cấp trực tuyến mức độ 3", "7.4.1", "TTHC")
    assert a and b and a != b
    assert match_indicator("Tổng số TTHC cung cấp trực tuyến mức độ 3", None, None) is None


def test_full_text_index_is_the_one_sqlite_utils_makes(tmp_path: Path):
    """The writer builds the FTS index without sqlite-utils (which would drag pandas into every start);
    it must be what sqlite-utils' enable_fts makes, so sqlite-utils and Datasette take it for their own."""
    ours = store.connect(tmp_path / "ours.db")
    theirs = sqlite3.connect(tmp_path / "theirs.db", isolation_level=None)
    theirs.executescript(store.SCHEMA)
    sqlite_utils.Database(theirs)["documents"].enable_fts(["title", "text"], create_triggers=True,
                                                          tokenize="unicode61 remove_diacritics 0")
    q = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name LIKE 'documents%' ORDER BY name"
    assert ours.execute(q).fetchall() == theirs.execute(q).fetchall()
    store.write(Records(document={"sha256": "a", "title": "Báo cáo cải cách hành chính", "text": "quý I"}), ours)
    store.write(Records(document={"sha256": "b", "title": "Kế hoạch", "text": "chuyển đổi số"}), ours)
    ours.close()
    db = store.open_db(tmp_path / "ours.db")
    assert db["documents"].detect_fts() == "documents_fts"
    assert [r["sha256"] for r in db["documents"].search("cải cách")] == ["a"]
