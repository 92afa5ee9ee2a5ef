"""Run the real ``extract`` command on one file into a real SQLite file, as a user would."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path


def extract_db(path: Path, tmp: Path) -> sqlite3.Connection:
    """``extract PATH -o TMP/NAME.db -q``, which must succeed; the database, opened."""
    db = tmp / (path.name + ".db")
    r = subprocess.run([sys.executable, "-m", "extractor.cli", str(path), "-o", str(db), "-q"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    return sqlite3.connect(db)
