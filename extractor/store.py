"""The one writer: owns the SQLite schema of CONTRACT.md and every write to it.

Each input file is written in one transaction: its old rows (same sha256) are
deleted and the new ones inserted, or nothing happens at all. That is what
keeps a database consistent when a run is killed half-way, and what makes a
re-run replace rather than duplicate.
"""

from __future__ import annotations

import datetime as _dt
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any, Iterable, Optional, Union

from ._startup import sqlite_utils
from .errors import OutputError
from .records import CHILD_TABLES, Records

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
  id INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL UNIQUE,
  source_path TEXT,
  format TEXT,
  text_source TEXT,
  pages INTEGER,
  doc_type TEXT,
  doc_number TEXT,
  title TEXT,
  agency TEXT,
  province TEXT,
  issued_date TEXT,
  period_label TEXT,
  period_year INTEGER,
  period_quarter INTEGER,
  period_start TEXT,
  period_end TEXT,
  signer_name TEXT,
  signer_title TEXT,
  text TEXT,
  extractor_version TEXT,
  extracted_at TEXT,
  file_size INTEGER,
  seconds REAL
);
CREATE TABLE IF NOT EXISTS sections (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  parent_id INTEGER REFERENCES sections(id),
  level INTEGER,
  number TEXT,
  path TEXT,
  title TEXT,
  page INTEGER,
  body TEXT
);
CREATE TABLE IF NOT EXISTS tables (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  table_index INTEGER,
  title TEXT,
  kind TEXT,
  page_start INTEGER,
  page_end INTEGER,
  n_rows INTEGER,
  n_cols INTEGER,
  header_rows INTEGER
);
CREATE TABLE IF NOT EXISTS cells (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  table_index INTEGER,
  row INTEGER,
  col INTEGER,
  row_span INTEGER,
  col_span INTEGER,
  is_header INTEGER,
  text TEXT
);
CREATE TABLE IF NOT EXISTS indicators (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  table_index INTEGER,
  row_index INTEGER,
  code TEXT,
  parent_code TEXT,
  is_group INTEGER,
  name TEXT,
  unit TEXT,
  value_column TEXT,
  value_raw TEXT,
  value REAL,
  value_kind TEXT,
  value_label TEXT,
  note TEXT,
  page INTEGER,
  confidence REAL,
  unit_key TEXT,
  value_base REAL,
  indicator_key TEXT
);
CREATE TABLE IF NOT EXISTS quantities (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  section_id INTEGER REFERENCES sections(id),
  text TEXT,
  value REAL,
  unit TEXT,
  qualifier TEXT,
  sentence TEXT
);
CREATE TABLE IF NOT EXISTS "references" (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  section_id INTEGER REFERENCES sections(id),
  kind TEXT,
  number TEXT,
  date TEXT,
  issuer TEXT,
  text TEXT
);
CREATE TABLE IF NOT EXISTS footnotes (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  number INTEGER,
  text TEXT,
  page INTEGER
);
CREATE TABLE IF NOT EXISTS checks (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  kind TEXT,
  table_index INTEGER,
  rows TEXT,
  message TEXT
);
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY,
  source_path TEXT,
  sha256 TEXT,
  status TEXT,
  message TEXT,
  seconds REAL,
  started_at TEXT,
  document_id INTEGER,
  pages INTEGER
);
CREATE INDEX IF NOT EXISTS idx_sections_doc ON sections(document_id);
CREATE INDEX IF NOT EXISTS idx_tables_doc ON tables(document_id);
CREATE INDEX IF NOT EXISTS idx_cells_doc ON cells(document_id, table_index);
CREATE INDEX IF NOT EXISTS idx_indicators_doc ON indicators(document_id, table_index);
CREATE INDEX IF NOT EXISTS idx_indicators_code ON indicators(code);
CREATE INDEX IF NOT EXISTS idx_quantities_doc ON quantities(document_id);
CREATE INDEX IF NOT EXISTS idx_references_doc ON "references"(document_id);
CREATE INDEX IF NOT EXISTS idx_footnotes_doc ON footnotes(document_id);
CREATE INDEX IF NOT EXISTS idx_checks_doc ON checks(document_id);
"""

#: Columns of each child table that the writer fills from the records (ids are its own).
_COLUMNS: dict[str, tuple[str, ...]] = {}


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def open_db(path: Union[str, Path], timeout: float = 5.0) -> sqlite_utils.Database:
    """Open (creating when missing) a reports database with the contract's schema.

    WAL lets readers (Datasette, pandas) look while a batch writes; the busy
    timeout lets two ``extract`` processes share one file without losing rows.
    """
    path = Path(path)
    check_target(path)
    try:
        if path.parent and not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
        conn.execute("PRAGMA schema_version")  # opens the file now: a read-only place fails here, not mid-run
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        conn.execute("PRAGMA journal_mode = WAL")
    except (OSError, sqlite3.Error) as err:
        raise OutputError(f"cannot open {_quoted(path)} for writing: {' '.join(str(err).split())}") from None
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    db = sqlite_utils.Database(conn)
    _ensure_schema(db)
    return db


LOCK_WAIT_S = 120.0  # how long a write waits for another writer's lock before it fails
SQLITE_MAGIC = b"SQLite format 3\x00"
OUR_TABLES = ("documents", "runs")  # a database holding these (or nothing at all) is a reports database


def stored_path(path: Union[str, Path]) -> str:
    """A path as SQLite can hold it: Linux names are bytes, and a byte that is not UTF-8 (which Python
    keeps as a lone surrogate) is written as ``\\xNN`` rather than failing the whole batch."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def shown_path(path: Union[str, Path]) -> str:
    """A path for a one-line message: stored form, with newlines and other control characters escaped so
    that a name cannot split or forge the line."""
    s = stored_path(path)
    return s if s.isprintable() else "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in s)


_quoted = shown_path


def check_target(path: Path) -> None:
    """Refuse, before touching it, a database path that is not ours to write.

    Another application's SQLite file would otherwise get our tables, triggers and WAL mode; a folder, a
    text file or a read-only place would otherwise fail halfway with a traceback.
    """
    if path.is_dir():
        raise OutputError(f"{_quoted(path)} is a folder, not a database file (name a .db file with -o)")
    if not path.exists():
        return
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as err:
        raise OutputError(f"cannot read {_quoted(path)}: {err.strerror or err}") from None
    if not head:
        return  # an empty file: SQLite makes it a database
    if head != SQLITE_MAGIC:
        raise OutputError(f"{_quoted(path)} is not a SQLite database; refusing to write into it")
    try:
        probe = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            names = {r[0] for r in probe.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            probe.close()
    except sqlite3.Error as err:
        raise OutputError(f"cannot read {_quoted(path)} as SQLite: {' '.join(str(err).split())}") from None
    if names and not all(t in names for t in OUR_TABLES):
        shown = ", ".join(sorted(names)[:4]) + (", ..." if len(names) > 4 else "")
        raise OutputError(f"{_quoted(path)} is another application's database (tables: {shown}), "
                          "not a reports database; refusing to write into it")


def _ensure_schema(db: sqlite_utils.Database) -> None:
    from .views import ensure_views

    if "documents" in db.table_names() and "runs" in db.table_names() and "checks" in db.table_names():
        _load_columns(db)
        if db["documents"].detect_fts():
            ensure_views(db)
            return
    with _transaction(db):
        for stmt in SCHEMA.split(";"):
            if stmt.strip():
                db.conn.execute(stmt)
    for attempt in range(20):  # two processes may create the FTS index at the same moment
        if db["documents"].detect_fts():
            break
        try:
            db["documents"].enable_fts(["title", "text"], create_triggers=True,
                                       tokenize="unicode61 remove_diacritics 0")
        except sqlite3.OperationalError:
            time.sleep(0.1 * (attempt + 1))
    _load_columns(db)
    ensure_views(db)


def _load_columns(db: sqlite_utils.Database) -> None:
    if _COLUMNS:
        return
    for name in ("documents", "runs") + CHILD_TABLES:
        _COLUMNS[name] = tuple(c.name for c in db[name].columns if c.name != "id")


class _transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception (Ctrl-C included)."""

    def __init__(self, db: sqlite_utils.Database):
        self.conn = db.conn

    def __enter__(self) -> sqlite3.Connection:
        # the busy timeout waits for the other writer a little at a time; "locked" can also surface (WAL
        # checkpoint, another process opening the file). Retry until LOCK_WAIT_S, say so once on stderr,
        # then give up with one line: a batch never hangs silently on another program's lock.
        deadline = time.monotonic() + LOCK_WAIT_S
        told = False
        while True:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                return self.conn
            except sqlite3.OperationalError as err:
                if "locked" not in str(err) and "busy" not in str(err):
                    raise
                if time.monotonic() >= deadline:
                    raise OutputError(f"the database is locked by another writer; gave up after {LOCK_WAIT_S:.0f} s")
                if not told:
                    print(f"extract: the database is locked by another writer; waiting up to {LOCK_WAIT_S:.0f} s",
                          file=sys.stderr)
                    told = True
                time.sleep(0.2)

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is None:
            self.conn.execute("COMMIT")
        else:
            self.conn.execute("ROLLBACK")
        return False


def known_document(db: sqlite_utils.Database, sha256: str) -> Optional[dict[str, Any]]:
    """The stored document row with these bytes, or None."""
    row = db.conn.execute(
        "SELECT id, extractor_version, source_path FROM documents WHERE sha256 = ?", (sha256,)
    ).fetchone()
    if row is None:
        return None
    return {"id": row[0], "extractor_version": row[1], "source_path": row[2]}


def _insert(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> int:
    cols = (["id"] if row.get("id") is not None else []) + [c for c in _COLUMNS[table] if c in row]
    sql = f'INSERT INTO "{table}" ({", ".join(cols)}) VALUES ({", ".join("?" * len(cols))})'
    return conn.execute(sql, [row[c] for c in cols]).lastrowid


def _insert_many(conn: sqlite3.Connection, table: str, rows: Iterable[dict[str, Any]]) -> None:
    rows = list(rows)
    if not rows:
        return
    cols = _COLUMNS[table]
    sql = f'INSERT INTO "{table}" ({", ".join(cols)}) VALUES ({", ".join("?" * len(cols))})'
    conn.executemany(sql, [[r.get(c) for c in cols] for r in rows])


def delete_document(conn: sqlite3.Connection, doc_id: int) -> None:
    for name in reversed(CHILD_TABLES):
        if name == "sections":
            conn.execute("UPDATE sections SET parent_id = NULL WHERE document_id = ?", (doc_id,))
        conn.execute(f'DELETE FROM "{name}" WHERE document_id = ?', (doc_id,))
    conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))


def write(records: Records, db: Union[sqlite_utils.Database, str, Path], run: Optional[dict[str, Any]] = None) -> int:
    """Store one document's records in one transaction, replacing any earlier copy of the same bytes.

    Returns the document id. ``run`` (source_path, seconds, started_at, ...) adds an ``ok`` runs row
    in the same transaction.
    """
    if not isinstance(db, sqlite_utils.Database):
        db = open_db(db)
    _load_columns(db)
    doc = dict(records.document)
    doc.pop("id", None)  # ids are this database's to give
    doc.setdefault("extracted_at", _now())
    if doc.get("source_path") is not None:
        doc["source_path"] = stored_path(doc["source_path"])
    if run is not None and run.get("source_path") is not None:
        run = dict(run, source_path=stored_path(run["source_path"]))
    with _transaction(db) as conn:
        old = conn.execute("SELECT id FROM documents WHERE sha256 = ?", (doc["sha256"],)).fetchone()
        if old:  # the same bytes keep their id: dashboards, runs rows and links made by users point at it
            delete_document(conn, old[0])
            doc["id"] = old[0]
        doc_id = _insert(conn, "documents", doc)
        section_ids: list[int] = []
        for s in records.sections:
            row = dict(s, document_id=doc_id)
            parent = s.get("parent")
            row["parent_id"] = section_ids[parent] if parent is not None else None
            section_ids.append(_insert(conn, "sections", row))

        def with_doc(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
            out = []
            for r in rows:
                r = dict(r, document_id=doc_id)
                if "section" in r:
                    sec = r.pop("section")
                    r["section_id"] = section_ids[sec] if sec is not None else None
                out.append(r)
            return out

        for name in CHILD_TABLES:
            if name == "sections":
                continue
            _insert_many(conn, name, with_doc(getattr(records, name)))
        if run is not None:
            _insert(conn, "runs", dict(run, sha256=doc["sha256"], status="ok", document_id=doc_id,
                                       pages=doc.get("pages")))
    return doc_id


def record_run(db: sqlite_utils.Database, source_path: str, status: str, message: Optional[str] = None,
               sha256: Optional[str] = None, seconds: float = 0.0, started_at: Optional[str] = None,
               document_id: Optional[int] = None) -> None:
    """A runs row on its own (failed or unchanged inputs); nothing else in the database changes."""
    _load_columns(db)
    with _transaction(db) as conn:
        _insert(conn, "runs", {
            "source_path": stored_path(source_path), "sha256": sha256, "status": status, "message": message,
            "seconds": round(seconds, 4), "started_at": started_at or _now(), "document_id": document_id,
        })


def now_iso() -> str:
    return _now()

