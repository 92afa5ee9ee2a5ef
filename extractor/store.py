"""The one writer: owns the SQLite schema of CONTRACT.md and every write to it.

Each input file is written in one transaction: its old rows (same sha256) are
deleted and the new ones inserted, or nothing happens at all. That is what
keeps a database consistent when a run is killed half-way, and what makes a
re-run replace rather than duplicate.

The writer speaks to SQLite through the standard library alone. sqlite-utils, the project's database library
for everything else (``open_db`` below, ``extract-db``, Datasette), imports pandas at import time whenever
pandas is installed (the ``export`` extra), only to map ``pandas.Timestamp`` to a column type; that costs
about half a second, more than extracting a short DOCX. The writer needs none of it: its schema is SQL, its
full-text index is the same FTS5 table and triggers that sqlite-utils' ``enable_fts`` makes (so either can
manage it later), so ``extract`` never loads sqlite-utils or pandas.
"""

from __future__ import annotations

import datetime as _dt
import re
import sqlite3
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Iterable, Optional, Union

from .errors import OutputError
from .records import CHILD_TABLES, Records
from .views import DatabaseLike, connection_of, ensure_views

if TYPE_CHECKING:  # for annotations only: see the module docstring for why sqlite-utils is not imported here
    import sqlite_utils

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
  id INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL UNIQUE,
  source_path TEXT,
  format TEXT,
  text_source TEXT,
  pages INTEGER,
  blank_pages INTEGER,
  saved_pages INTEGER,
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
  body TEXT,
  x0 REAL,
  top REAL,
  x1 REAL,
  bottom REAL,
  block INTEGER,
  attachment INTEGER
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
  header_rows INTEGER,
  x0 REAL,
  top REAL,
  x1 REAL,
  bottom REAL,
  block INTEGER
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
  text TEXT,
  x0 REAL,
  top REAL,
  x1 REAL,
  bottom REAL,
  block INTEGER
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
  indicator_key TEXT,
  value_of REAL,
  x0 REAL,
  top REAL,
  x1 REAL,
  bottom REAL,
  block INTEGER
);
CREATE TABLE IF NOT EXISTS quantities (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  section_id INTEGER REFERENCES sections(id),
  text TEXT,
  value REAL,
  unit TEXT,
  qualifier TEXT,
  sentence TEXT,
  x0 REAL,
  top REAL,
  x1 REAL,
  bottom REAL,
  block INTEGER
);
CREATE TABLE IF NOT EXISTS "references" (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  section_id INTEGER REFERENCES sections(id),
  kind TEXT,
  number TEXT,
  date TEXT,
  issuer TEXT,
  text TEXT,
  title TEXT,
  x0 REAL,
  top REAL,
  x1 REAL,
  bottom REAL,
  block INTEGER
);
CREATE TABLE IF NOT EXISTS footnotes (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  number INTEGER,
  text TEXT,
  page INTEGER,
  x0 REAL,
  top REAL,
  x1 REAL,
  bottom REAL,
  block INTEGER
);
CREATE TABLE IF NOT EXISTS checks (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  kind TEXT,
  table_index INTEGER,
  rows TEXT,
  message TEXT
);
CREATE TABLE IF NOT EXISTS marks (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  page INTEGER,
  kind TEXT,
  colour TEXT,
  text TEXT,
  confidence REAL,
  x0 REAL,
  top REAL,
  x1 REAL,
  bottom REAL
);
CREATE TABLE IF NOT EXISTS attachments (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  position INTEGER,
  doc_type TEXT,
  doc_number TEXT,
  title TEXT,
  agency TEXT,
  issued_date TEXT,
  signer_name TEXT,
  signer_title TEXT,
  page INTEGER,
  block INTEGER,
  sections INTEGER
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
CREATE INDEX IF NOT EXISTS idx_marks_doc ON marks(document_id);
CREATE INDEX IF NOT EXISTS idx_attachments_doc ON attachments(document_id);
"""

#: The full-text index of documents: exactly what sqlite-utils' ``enable_fts(["title", "text"],
#: create_triggers=True, tokenize="unicode61 remove_diacritics 0")`` creates, statement for statement,
#: so sqlite-utils and Datasette recognise it as theirs.
FTS_TABLE = "documents_fts"
_FTS_SCHEMA = [
    """CREATE VIRTUAL TABLE "documents_fts" USING FTS5 (
    "title", "text",
    tokenize='unicode61 remove_diacritics 0',
    content="documents"
)""",
    'INSERT INTO "documents_fts" (rowid, "title", "text") SELECT rowid, "title", "text" FROM "documents"',
    """CREATE TRIGGER "documents_ai" AFTER INSERT ON "documents" BEGIN
  INSERT INTO "documents_fts" (rowid, "title", "text") VALUES (new.rowid, new."title", new."text");
END""",
    """CREATE TRIGGER "documents_ad" AFTER DELETE ON "documents" BEGIN
  INSERT INTO "documents_fts" ("documents_fts", rowid, "title", "text") VALUES('delete', old.rowid, old."title", old."text");
END""",  # noqa: E501 - the exact text sqlite-utils writes
    """CREATE TRIGGER "documents_au" AFTER UPDATE ON "documents" BEGIN
  INSERT INTO "documents_fts" ("documents_fts", rowid, "title", "text") VALUES('delete', old.rowid, old."title", old."text");
  INSERT INTO "documents_fts" (rowid, "title", "text") VALUES (new.rowid, new."title", new."text");
END""",  # noqa: E501 - the exact text sqlite-utils writes
]

#: Columns of each table that the writer fills from the records (ids are its own).
_COLUMNS: dict[str, tuple[str, ...]] = {}

#: A database the writer accepts: a connection, anything holding one as ``.conn`` (a sqlite-utils
#: Database), or a path to open.
DatabaseOrPath = Union[DatabaseLike, str, Path]


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def connect(path: Union[str, Path], timeout: float = 5.0) -> sqlite3.Connection:
    """Open (creating when missing) a reports database with the contract's schema: the writer's connection.

    WAL lets readers (Datasette, pandas) look while a batch writes; the busy
    timeout lets two ``extract`` processes share one file without losing rows.
    The connection is in autocommit mode: every write goes through ``transaction``.
    """
    path = Path(path)
    check_target(path)
    try:
        if path.parent and not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
        deadline = time.monotonic() + LOCK_WAIT_S
        while True:  # another process creating the same file holds it for a moment: wait, bounded
            try:
                conn.execute("PRAGMA schema_version")  # opens the file now: a read-only place fails here
                conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
                conn.execute("PRAGMA journal_mode = WAL")
                break
            except sqlite3.OperationalError as err:
                if ("locked" not in str(err) and "busy" not in str(err)) or time.monotonic() >= deadline:
                    raise
                time.sleep(0.2)
    except (OSError, sqlite3.Error) as err:
        raise OutputError(f"cannot open {shown_path(path)} for writing: {' '.join(str(err).split())}") from None
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    _ensure_schema(conn)
    return conn


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



def check_target(path: Path) -> None:
    """Refuse, before touching it, a database path that is not ours to write.

    Another application's SQLite file would otherwise get our tables, triggers and WAL mode; a folder, a
    text file or a read-only place would otherwise fail halfway with a traceback.
    """
    if path.is_dir():
        raise OutputError(f"{shown_path(path)} is a folder, not a database file (name a .db file with -o)")
    if not path.exists():
        return
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as err:
        raise OutputError(f"cannot read {shown_path(path)}: {err.strerror or err}") from None
    if not head:
        return  # an empty file: SQLite makes it a database
    if head != SQLITE_MAGIC:
        raise OutputError(f"{shown_path(path)} is not a SQLite database; refusing to write into it")
    try:
        probe = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            names = {r[0] for r in probe.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            probe.close()
    except sqlite3.Error as err:
        raise OutputError(f"cannot read {shown_path(path)} as SQLite: {' '.join(str(err).split())}") from None
    if names and not all(t in names for t in OUR_TABLES):
        shown = ", ".join(sorted(names)[:4]) + (", ..." if len(names) > 4 else "")
        raise OutputError(f"{shown_path(path)} is another application's database (tables: {shown}), "
                          "not a reports database; refusing to write into it")


def open_db(path: Union[str, Path], timeout: float = 5.0) -> "sqlite_utils.Database":
    """``connect``, wrapped in a sqlite-utils Database for notebooks and ``extract-db``.

    sqlite-utils is imported here, when asked for, on purpose: it imports pandas (an optional extra,
    about half a second) at import time, which the writer path (``connect``, ``write``) never needs.
    """
    import sqlite_utils

    return sqlite_utils.Database(connect(path, timeout))


def _table_names(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


_CREATE_RE = re.compile(r'CREATE TABLE IF NOT EXISTS "?(\w+)"?')
_TABLE_RE = re.compile(r'CREATE TABLE IF NOT EXISTS "?(\w+)"? \((.*?)\n\);', re.S)


def _schema_columns() -> dict[str, list[tuple[str, str]]]:
    """(column, type) of every table in SCHEMA, in order."""
    out: dict[str, list[tuple[str, str]]] = {}
    for name, body in _TABLE_RE.findall(SCHEMA):
        out[name] = [(ln.split()[0], " ".join(ln.split()[1:2])) for ln in body.strip().split(",\n")]
    return out


def _add_missing_columns(conn: sqlite3.Connection) -> None:
    """A database written by an earlier version gets the columns added since (the contract only ever
    adds): ALTER TABLE ... ADD COLUMN, NULL in the rows already there."""
    wanted = _schema_columns()
    missing = []
    for table, cols in wanted.items():
        have = {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}
        missing += [(table, c, t) for c, t in cols if c not in have]
    if not missing:
        return
    with transaction(conn):
        for table, col, typ in missing:
            if col not in {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}:
                conn.execute(f'ALTER TABLE "{table}" ADD COLUMN "{col}" {typ}')


def _ensure_schema(conn: sqlite3.Connection) -> None:
    names = _table_names(conn)
    if {"documents", "runs", "checks", FTS_TABLE} <= names:
        missing = [stmt for stmt in SCHEMA.split(";") if stmt.strip()
                   and (m := _CREATE_RE.search(stmt)) is not None and m.group(1) not in names]
        if missing:  # a table added since the database was made (marks): made, with its index
            with transaction(conn):
                for stmt in missing:
                    conn.execute(stmt)
                for stmt in SCHEMA.split(";"):
                    if stmt.strip().startswith("CREATE INDEX"):
                        conn.execute(stmt)
        _add_missing_columns(conn)
        _load_columns(conn)
        ensure_views(conn)
        return
    # one transaction under the write lock: two processes creating the same file at once cannot both
    # build the full-text index
    with transaction(conn):
        for stmt in SCHEMA.split(";"):
            if stmt.strip():
                conn.execute(stmt)
        if FTS_TABLE not in _table_names(conn):
            for stmt in _FTS_SCHEMA:
                conn.execute(stmt)
    _load_columns(conn)
    ensure_views(conn)


def _load_columns(conn: sqlite3.Connection) -> None:
    if _COLUMNS:
        return
    for name in ("documents", "runs") + CHILD_TABLES:
        _COLUMNS[name] = tuple(r[1] for r in conn.execute(f'PRAGMA table_info("{name}")') if r[1] != "id")


class transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception (Ctrl-C included)."""

    def __init__(self, db: DatabaseLike):
        self.conn = connection_of(db)

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

    def __exit__(self, exc_type: Optional[type[BaseException]], exc: Optional[BaseException],
                 tb: Optional[TracebackType]) -> None:
        if exc_type is None:
            self.conn.execute("COMMIT")
        else:
            self.conn.execute("ROLLBACK")


def known_document(db: DatabaseLike, sha256: str) -> Optional[dict[str, Any]]:
    """The stored document row with these bytes, or None."""
    row = connection_of(db).execute(
        "SELECT id, extractor_version, source_path FROM documents WHERE sha256 = ?", (sha256,)
    ).fetchone()
    if row is None:
        return None
    return {"id": row[0], "extractor_version": row[1], "source_path": row[2]}


def _insert(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> int:
    cols = (["id"] if row.get("id") is not None else []) + [c for c in _COLUMNS[table] if c in row]
    sql = f'INSERT INTO "{table}" ({", ".join(cols)}) VALUES ({", ".join("?" * len(cols))})'
    rowid = conn.execute(sql, [row[c] for c in cols]).lastrowid
    assert rowid is not None  # an INSERT always sets it
    return rowid


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


def write(records: Records, db: DatabaseOrPath, run: Optional[dict[str, Any]] = None) -> int:
    """Store one document's records in one transaction, replacing any earlier copy of the same bytes.

    Returns the document id. ``run`` (source_path, seconds, started_at, ...) adds an ``ok`` runs row
    in the same transaction.
    """
    conn = connect(db) if isinstance(db, (str, Path)) else connection_of(db)
    _load_columns(conn)
    doc = dict(records.document)
    doc.pop("id", None)  # ids are this database's to give
    doc.setdefault("extracted_at", _now())
    if doc.get("source_path") is not None:
        doc["source_path"] = stored_path(doc["source_path"])
    if run is not None and run.get("source_path") is not None:
        run = dict(run, source_path=stored_path(run["source_path"]))
    with transaction(conn):
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
                                       pages=doc.get("pages") or doc.get("saved_pages")))
    return doc_id


def record_run(db: DatabaseLike, source_path: str, status: str, message: Optional[str] = None,
               sha256: Optional[str] = None, seconds: float = 0.0, started_at: Optional[str] = None,
               document_id: Optional[int] = None) -> None:
    """A runs row on its own (failed or unchanged inputs); nothing else in the database changes."""
    conn = connection_of(db)
    _load_columns(conn)
    with transaction(conn):
        _insert(conn, "runs", {
            "source_path": stored_path(source_path), "sha256": sha256, "status": status, "message": message,
            "seconds": round(seconds, 4), "started_at": started_at or _now(), "document_id": document_id,
        })


def now_iso() -> str:
    """Now, UTC, to the second: the format of every timestamp in the database."""
    return _now()

