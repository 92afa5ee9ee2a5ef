"""Vietnamese government reports (PDF, scans, DOCX, DOC) into SQLite records.

    from extractor import extract_file, write
    write(extract_file("report.pdf"), "output/reports.db")
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["extract_file", "write", "open_db", "__version__"]


def __getattr__(name: str) -> Any:
    # Lazy: the writer pulls in sqlite-utils (and with it pandas), which a worker process that only
    # reads and interprets never needs; importing it up front cost every run about half a second.
    if name == "extract_file":
        from .pipeline import extract_file

        return extract_file
    if name in ("write", "open_db"):
        from . import store

        return getattr(store, name)
    raise AttributeError(f"module 'extractor' has no attribute {name!r}")
