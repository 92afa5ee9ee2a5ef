"""Vietnamese government reports (PDF, scans, DOCX, DOC) into SQLite records."""

__version__ = "0.1.0"

from .pipeline import extract_file  # noqa: E402
from .store import open_db, write  # noqa: E402

__all__ = ["extract_file", "write", "open_db", "__version__"]
