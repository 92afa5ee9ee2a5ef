"""Vietnamese government reports (PDF, scans, DOCX, DOC) into SQLite records."""

__version__ = "0.1.0"
