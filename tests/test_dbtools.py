"""``extract-db``: merge shards, exports, Datasette metadata; and ``extract`` still only takes paths."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_batch import make_reports  # noqa: E402
from extractor.batch import run_batch  # noqa: E402
from extractor.dbtools import main as dbtools_main  # noqa: E402
from test_batch import content  # noqa: E402


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    d = tmp_path_factory.mktemp("dbt")
    files = make_reports(d / "all", 6, seed=9, n_indicators=8)
    s1, s2 = d / "s1", d / "s2"
    s1.mkdir(), s2.mkdir()
    for i, f in enumerate(files):  # shards overlap on files 2 and 3
        if i < 4:
            shutil.copy(f, s1 / f.name)
        if i >= 2:
            shutil.copy(f, s2 / f.name)
    plain = d / "plain.db"
    assert run_batch([d / "all"], db_path=plain, workers=1, quiet=True) == 0
    shard_dbs = []
    for s in (s1, s2):
        db = d / f"{s.name}.db"
        assert run_batch([s], db_path=db, workers=1, quiet=True) == 0
        shard_dbs.append(db)
    return d, plain, shard_dbs


def test_merge_dedupes_by_sha256(built):
    d, plain, shards = built
    out = d / "merged.db"
    assert dbtools_main(["merge", str(out), *map(str, shards)]) == 0
    con = sqlite3.connect(out)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*), count(DISTINCT sha256) FROM documents").fetchone() == (6, 6)
    assert con.execute("SELECT count(*) FROM runs").fetchone()[0] == 8
    # every runs row points at the merged document with the same bytes
    assert con.execute("SELECT count(*) FROM runs r JOIN documents d ON d.id = r.document_id "
                       "WHERE d.sha256 = r.sha256").fetchone()[0] == 8
    a, b = content(plain), content(out)
    # the same bytes under another folder: only source_path differs
    strip = lambda c: {t: sorted(tuple(kv for kv in r if kv[0] != "source_path") for r in rows)  # noqa: E731
                       for t, rows in c.items()}
    assert strip(a) == strip(b)
    # merging again changes nothing
    before = content(out)
    assert dbtools_main(["merge", str(out), *map(str, shards)]) == 0
    assert content(out) == before


def test_merge_newer_copy_replaces_and_runs_follow(built, tmp_path: Path):
    """The overlap's newer extraction wins; the first shard's runs rows then point at the replacement."""
    _d, _plain, shards = built
    s1 = tmp_path / "s1.db"
    s2 = tmp_path / "s2.db"
    shutil.copy(shards[0], s1), shutil.copy(shards[1], s2)
    with sqlite3.connect(s2) as con:  # the second shard's copies are the newer extractions
        con.execute("UPDATE documents SET extracted_at = '2999-01-01T00:00:00'")
    out = tmp_path / "merged.db"
    from extractor.dbtools import merge
    stats = merge(out, [s1, s2])
    assert stats == {"added": 6, "replaced": 2, "kept": 0, "runs": 8}
    con = sqlite3.connect(out)
    assert con.execute("SELECT count(*) FROM runs r JOIN documents d ON d.id = r.document_id "
                       "WHERE d.sha256 = r.sha256").fetchone()[0] == 8
    assert con.execute("SELECT count(*) FROM documents WHERE extracted_at LIKE '2999%'").fetchone()[0] == 4


def test_exports_csv_parquet_xlsx(built, tmp_path: Path):
    _d, plain, _ = built
    n_values = sqlite3.connect(plain).execute("SELECT count(*) FROM indicator_values").fetchone()[0]
    assert n_values > 0
    assert dbtools_main(["export", str(plain), "--format", "csv", "-o", str(tmp_path / "csv")]) == 0
    df = pd.read_csv(tmp_path / "csv" / "indicator_values.csv")
    assert len(df) == n_values and {"agency", "province", "period_year", "indicator_key", "value"} <= set(df.columns)
    assert (tmp_path / "csv" / "documents.csv").exists() and (tmp_path / "csv" / "document_summary.csv").exists()
    assert dbtools_main(["export", str(plain), "--format", "parquet", "-o", str(tmp_path / "pq")]) == 0
    assert len(pd.read_parquet(tmp_path / "pq" / "indicator_values.parquet")) == n_values
    assert dbtools_main(["export", str(plain), "--format", "xlsx", "-o", str(tmp_path / "x"),
                         "--only", "indicator_values", "--only", "documents"]) == 0
    sheets = pd.read_excel(tmp_path / "x" / "plain.xlsx", sheet_name=None)
    assert set(sheets) == {"indicator_values", "documents"} and len(sheets["indicator_values"]) == n_values


def test_datasette_metadata(built, tmp_path: Path):
    _d, plain, _ = built
    db = tmp_path / "reports.db"
    shutil.copy(plain, db)
    assert dbtools_main(["metadata", str(db)]) == 0
    meta = json.loads((tmp_path / "metadata.json").read_text(encoding="utf-8"))
    t = meta["databases"]["reports"]["tables"]
    assert "agency" in t["indicator_values"]["facets"] and t["indicator_values"]["description"]
    datasette = Path(sys.executable).with_name("datasette")
    if not datasette.exists():
        pytest.skip("datasette not installed")
    r = subprocess.run([str(datasette), str(db), "-m", str(tmp_path / "metadata.json"), "--get",
                        "/reports/indicator_values.json?_facet=agency&_shape=objects"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["rows"] and "facet_results" in data


def test_extract_treats_command_names_as_paths(tmp_path: Path):
    r = subprocess.run([sys.executable, "-m", "extractor.cli", "merge", "--to", "sqlite", "-o",
                        str(tmp_path / "r.db")], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert r.returncode == 1 and "merge" in r.stderr and "file not found" in r.stderr
    r = subprocess.run([sys.executable, "-m", "extractor.dbtools", "merge", str(tmp_path / "o.db"),
                        str(tmp_path / "missing.db")], capture_output=True, text=True, timeout=120)
    assert r.returncode != 0 and "no such database" in r.stderr
