"""Vietnamese government reports (PDF, scans, DOCX, DOC) into SQLite records.

    from extractor import extract_file, write
    write(extract_file("report.pdf"), "output/reports.db")

The package is the API's front door and imports its parts; no module inside the package imports it back
(the version lives in ``extractor.version``), so imports run one way: from here down.
"""

from __future__ import annotations

from .pipeline import extract_file
from .store import connect, open_db, write
from .version import __version__

__all__ = ["extract_file", "write", "connect", "open_db", "__version__"]
