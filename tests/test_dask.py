"""The dask executor on a real local cluster gives the same database as a plain run."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

pytest.importorskip("dask.distributed")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_batch import make_reports  # noqa: E402
from extractor.batch import run_batch  # noqa: E402
from test_batch import content  # noqa: E402

SAMPLES = ROOT.parent / "shared" / "samples"


def test_dask_local_cluster_equals_plain_run(tmp_path: Path):
    src = tmp_path / "in"
    make_reports(src, 6, seed=21, n_indicators=10)
    if (SAMPLES / "seed-report.docx").exists():
        shutil.copy(SAMPLES / "seed-report.docx", src / "seed-report.docx")
    (src / "broken.pdf").write_text("not a pdf", encoding="utf-8")
    plain, dask_db = tmp_path / "plain.db", tmp_path / "dask.db"
    assert run_batch([src], db_path=plain, workers=1, quiet=True) == 1  # broken.pdf fails in both
    assert run_batch([src], db_path=dask_db, workers=3, executor="dask", quiet=True) == 1
    a, b = content(plain), content(dask_db)
    assert a["documents"] and a["indicators"]
    assert a == b
    import sqlite3

    con = sqlite3.connect(dask_db)
    assert con.execute("SELECT status, count(*) FROM runs GROUP BY status ORDER BY status").fetchall() == \
        [("failed", 1), ("ok", len(list(src.glob("*.docx"))))]
    # a second dask run over the same folder extracts nothing: unchanged is decided before any worker starts
    assert run_batch([src], db_path=dask_db, workers=3, executor="dask", quiet=True) == 1
    assert content(dask_db) == b
