"""SQL views that make the database ready for dashboards, and the indicator catalogue as a table.

Views, not tables: they cost nothing to keep in step with the data, Datasette
and BI tools see them like tables, and a re-run that replaces a document's rows
changes what they show with no extra write. ``ensure_views`` is idempotent and
recreates a view only when its definition changed.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import Protocol, Union

from .catalogue import catalogue_entries


class HasConnection(Protocol):
    """Anything that holds a sqlite3 connection as ``.conn``: a sqlite-utils Database, for one."""

    @property
    def conn(self) -> sqlite3.Connection: ...


#: What the views and the writer accept: a connection, or an object holding one (so callers with a
#: sqlite-utils Database pass it as it is, and this module needs no sqlite-utils of its own).
DatabaseLike = Union[sqlite3.Connection, HasConnection]

VIEWS: dict[str, str] = {
    # one row per indicator value, with what a chart needs next to it
    "indicator_values": """
SELECT
  i.id AS indicator_id,
  d.id AS document_id,
  d.agency AS agency,
  d.province AS province,
  d.period_year AS period_year,
  d.period_quarter AS period_quarter,
  d.period_label AS period_label,
  d.period_start AS period_start,
  d.period_end AS period_end,
  d.doc_number AS doc_number,
  d.issued_date AS issued_date,
  t.title AS table_title,
  i.table_index AS table_index,
  i.row_index AS row_index,
  i.code AS code,
  i.indicator_key AS indicator_key,
  i.name AS name,
  i.unit AS unit,
  i.unit_key AS unit_key,
  i.value_column AS value_column,
  i.value_raw AS value_raw,
  i.value AS value,
  i.value_kind AS value_kind,
  i.value_label AS value_label,
  i.value_base AS value_base,
  i.note AS note,
  i.page AS page,
  i.confidence AS confidence,
  d.source_path AS source_path
FROM indicators i
JOIN documents d ON d.id = i.document_id
LEFT JOIN tables t ON t.document_id = i.document_id AND t.table_index = i.table_index
WHERE i.value_kind IS NOT 'empty' AND COALESCE(TRIM(i.value_raw), '') <> ''""",
    # one row per document with counts of what was found in it
    "document_summary": """
SELECT
  d.id AS document_id,
  d.source_path AS source_path,
  d.format AS format,
  d.text_source AS text_source,
  d.pages AS pages,
  d.doc_type AS doc_type,
  d.doc_number AS doc_number,
  d.title AS title,
  d.agency AS agency,
  d.province AS province,
  d.issued_date AS issued_date,
  d.period_label AS period_label,
  d.period_year AS period_year,
  d.period_quarter AS period_quarter,
  d.signer_name AS signer_name,
  d.signer_title AS signer_title,
  (SELECT COUNT(*) FROM sections x WHERE x.document_id = d.id) AS n_sections,
  (SELECT COUNT(*) FROM tables x WHERE x.document_id = d.id) AS n_tables,
  (SELECT COUNT(*) FROM indicators x WHERE x.document_id = d.id) AS n_indicators,
  (SELECT COUNT(*) FROM indicators x WHERE x.document_id = d.id AND x.indicator_key IS NOT NULL) AS n_indicators_keyed,
  (SELECT COUNT(*) FROM quantities x WHERE x.document_id = d.id) AS n_quantities,
  (SELECT COUNT(*) FROM "references" x WHERE x.document_id = d.id) AS n_references,
  (SELECT COUNT(*) FROM footnotes x WHERE x.document_id = d.id) AS n_footnotes,
  (SELECT COUNT(*) FROM checks x WHERE x.document_id = d.id) AS n_checks,
  d.extractor_version AS extractor_version,
  d.extracted_at AS extracted_at,
  d.seconds AS seconds,
  d.file_size AS file_size,
  d.sha256 AS sha256
FROM documents d""",
    # the latest attempt per input path: what is failing now, not what failed once
    "latest_runs": """
SELECT r.* FROM runs r
WHERE r.id = (SELECT MAX(r2.id) FROM runs r2 WHERE r2.source_path IS r.source_path)""",
}

CATALOGUE_TABLE = "indicator_catalogue"
_CATALOGUE_SCHEMA = f"""CREATE TABLE IF NOT EXISTS {CATALOGUE_TABLE} (
  indicator_key TEXT PRIMARY KEY, name TEXT, unit TEXT, area TEXT, area_title TEXT, codes TEXT, catalogue_hash TEXT)"""


def connection_of(db: DatabaseLike) -> sqlite3.Connection:
    """The sqlite3 connection of ``db``."""
    return db if isinstance(db, sqlite3.Connection) else db.conn


def _sql(name: str) -> str:
    return f"CREATE VIEW {name} AS{VIEWS[name]}"


def ensure_views(db: DatabaseLike) -> None:
    """Create or update the views and the indicator catalogue table; a no-op when all are current."""
    conn = connection_of(db)
    have = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view'").fetchall())
    stale = [n for n in VIEWS if have.get(n) != _sql(n)]
    entries, digest = _catalogue_rows()
    need_catalogue = True
    try:
        row = conn.execute(f"SELECT catalogue_hash, COUNT(*) FROM {CATALOGUE_TABLE}").fetchone()
        need_catalogue = row is None or row[0] != digest or row[1] != len(entries)
    except sqlite3.OperationalError:
        pass
    if not stale and not need_catalogue:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        for name in stale:
            conn.execute(f"DROP VIEW IF EXISTS {name}")
            conn.execute(_sql(name))
        if need_catalogue:
            conn.execute(_CATALOGUE_SCHEMA)
            conn.execute(f"DELETE FROM {CATALOGUE_TABLE}")
            conn.executemany(
                f"INSERT INTO {CATALOGUE_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(e["key"], e["name"], e["unit"], e["area"], e["area_title"],
                  json.dumps(e["codes"], ensure_ascii=False), digest) for e in entries])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _catalogue_rows() -> tuple[list[dict], str]:
    entries = catalogue_entries()
    digest = hashlib.sha256(json.dumps(entries, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]
    return entries, digest
