"""The dask.distributed executor: workers anywhere extract, this process stays the one writer.

Workers only read and interpret; they send back the records (plain dicts,
cheap to pickle), and ``batch.run_batch`` writes them here, one transaction per
document, exactly as with local processes. So a cluster changes where the CPU
work happens and nothing about what lands in the database. Inputs must be
readable by the workers at the path given (shared storage); see README.
"""

from __future__ import annotations

import logging
import os
from typing import Iterable, Iterator, Optional

from .worker import Outcome, extract_one, one_line


def _extract_on_worker(path: str, ocr: str) -> Outcome:
    """Runs on a dask worker: never raises for a bad file (the Outcome says 'failed')."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    os.environ["EXTRACT_PDF_WORKERS"] = "1"  # one of many workers already: no page workers of its own
    return extract_one(path, ocr)


def run_dask(paths: Iterable[str], ocr: str = "auto", scheduler: Optional[str] = None,
             workers: Optional[int] = None) -> Iterator[Outcome]:
    """Extract ``paths`` on a dask cluster, yielding one Outcome per path as each finishes.

    ``scheduler`` is the address of a running scheduler (``tcp://host:8786``); without it a local
    cluster of ``workers`` single-threaded worker processes is started and closed again at the end.
    """
    try:  # deferred on purpose: dask is the optional ``dask`` extra, and heavy to import
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError as err:  # pragma: no cover - optional dependency
        raise RuntimeError("the dask executor needs dask.distributed: pip install 'vn-report-extractor[dask]'") \
            from err
    paths = list(paths)
    if not paths:
        return
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        n = max(1, min(workers or os.cpu_count() or 1, len(paths)))
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        futures = client.map(_extract_on_worker, paths, ocr=ocr, pure=False, retries=0)
        path_of = {f.key: p for f, p in zip(futures, paths)}
        for fut in as_completed(futures):
            path = path_of[fut.key]
            try:
                o = fut.result()
            except Exception as err:  # noqa: BLE001 - KilledWorker (a crash while reading), lost connection
                o = Outcome(path, "failed", message=f"dask worker failed: {one_line(err)}")
            fut.release()
            yield o
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
