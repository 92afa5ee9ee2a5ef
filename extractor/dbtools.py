"""``extract-db``: commands on a reports database (merge, export, report, metadata, rekey).

They live in their own console script so that ``extract FILE...`` only ever
takes paths: a report that happens to be called ``merge`` or ``export`` is
still extracted, never taken for a sub-command.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path
from typing import Any, Optional, Sequence, Union

from . import store
from .catalogue import match_indicator
from .errors import OutputError
from .metadata import datasette_metadata, write_metadata
from .records import CHILD_TABLES, Records
from .report_html import write_report
from .version import __version__
from .views import CATALOGUE_TABLE, VIEWS, ensure_views

__all__ = ["merge", "export", "rekey", "records_from_db", "datasette_metadata", "write_metadata", "main"]

#: what ``export`` writes by default: the contract's tables, the catalogue and the views
EXPORT_TABLES = ("documents",) + CHILD_TABLES + ("runs", CATALOGUE_TABLE) + tuple(VIEWS)

XLSX_MAX_ROWS = 1_048_575
XLSX_MAX_CELL = 32_767


# ---------------------------------------------------------------- merge

def _rows(con: sqlite3.Connection, sql: str, args: tuple = ()) -> list[dict[str, Any]]:
    cur = con.execute(sql, args)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def records_from_db(con: sqlite3.Connection, doc_id: int) -> Records:
    """Rebuild one stored document's Records (ids turned back into list positions) so the writer can copy it."""
    doc = _rows(con, "SELECT * FROM documents WHERE id = ?", (doc_id,))[0]
    doc.pop("id", None)
    rec = Records(document=doc)
    sections = _rows(con, "SELECT * FROM sections WHERE document_id = ? ORDER BY id", (doc_id,))
    pos = {s["id"]: i for i, s in enumerate(sections)}
    for s in sections:
        parent = pos.get(s.pop("parent_id"))
        s.pop("id"), s.pop("document_id")
        rec.sections.append(dict(s, parent=parent))
    for name in CHILD_TABLES:
        if name == "sections":
            continue
        rows = _rows(con, f'SELECT * FROM "{name}" WHERE document_id = ? ORDER BY id', (doc_id,))
        for r in rows:
            r.pop("id"), r.pop("document_id")
            if "section_id" in r:
                r["section"] = pos.get(r.pop("section_id"))
        setattr(rec, name, rows)
    return rec


def merge(out: Union[str, Path], shards: Sequence[Union[str, Path]]) -> dict[str, int]:
    """Merge shard databases into ``out``: documents deduplicated by sha256 (the newest extraction wins),
    runs rows appended with their document ids remapped. One transaction per document, like a batch."""
    db = store.open_db(out)
    stats = {"added": 0, "replaced": 0, "kept": 0, "runs": 0}
    for shard in shards:
        if Path(shard).resolve() == Path(out).resolve():
            continue
        con = sqlite3.connect(f"file:{Path(shard).resolve()}?mode=ro", uri=True)
        try:
            id_map: dict[int, int] = {}
            for d in _rows(con, "SELECT id, sha256, extracted_at FROM documents ORDER BY id"):
                have = db.conn.execute("SELECT id, extracted_at FROM documents WHERE sha256 = ?",
                                       (d["sha256"],)).fetchone()
                if have is not None and (have[1] or "") >= (d["extracted_at"] or ""):
                    id_map[d["id"]] = have[0]
                    stats["kept"] += 1
                    continue
                id_map[d["id"]] = store.write(records_from_db(con, d["id"]), db)
                stats["replaced" if have else "added"] += 1
            runs = _rows(con, "SELECT * FROM runs ORDER BY id")
            with store.transaction(db) as conn:
                for r in runs:
                    r.pop("id")
                    r["document_id"] = id_map.get(r["document_id"]) if r.get("document_id") else None
                    cols = [c for c in r]
                    conn.execute(f'INSERT INTO runs ({", ".join(cols)}) VALUES ({", ".join("?" * len(cols))})',
                                 [r[c] for c in cols])
            stats["runs"] += len(runs)
        finally:
            con.close()
    db.conn.close()
    return stats


# ---------------------------------------------------------------- export

FORMULA_OPENINGS = ("=", "+", "-", "@", "\t", "\r")  # what Excel, LibreOffice and Sheets read as a formula


def defuse_formula(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula (``=HYPERLINK(...)``, ``+1``, ``@SUM``) gets a
    leading apostrophe, the usual defence against formula injection; numbers and other text pass as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_OPENINGS):
        return "'" + value
    return value


def export(db_path: Union[str, Path], fmt: str, out_dir: Union[str, Path],
           names: Optional[Sequence[str]] = None) -> list[Path]:
    """Write tables and views to CSV or Parquet (one file each) or XLSX (one workbook, a sheet each)."""
    # deferred on purpose: pandas (with pyarrow and openpyxl) is the optional ``export`` extra, needed here only
    try:
        import pandas as pd
    except ImportError as err:
        raise ImportError("export needs pandas: pip install 'vn-report-extractor[export]'") from err

    db = store.open_db(db_path)  # creates the views when the database predates them
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    names = list(names or EXPORT_TABLES)
    written: list[Path] = []
    frames: dict[str, "pd.DataFrame"] = {}
    for name in names:
        frames[name] = pd.read_sql_query(f'SELECT * FROM "{name}"', db.conn)
    db.conn.close()
    if fmt in ("csv", "xlsx"):
        for df in frames.values():  # spreadsheets run text that opens like a formula: keep it text
            for col in df.columns:
                if not pd.api.types.is_numeric_dtype(df[col]):
                    df[col] = df[col].map(defuse_formula)
    if fmt == "csv":
        for name, df in frames.items():
            p = out_dir / f"{name}.csv"
            df.to_csv(p, index=False, encoding="utf-8")
            written.append(p)
    elif fmt == "parquet":
        for name, df in frames.items():
            p = out_dir / f"{name}.parquet"
            df.to_parquet(p, index=False)
            written.append(p)
    elif fmt == "xlsx":
        p = out_dir / (Path(db_path).stem + ".xlsx")
        with pd.ExcelWriter(p, engine="openpyxl") as xw:
            for name, df in frames.items():
                # Excel's limits: 32,767 characters a cell, about a million rows a sheet
                for col in df.columns:
                    if not pd.api.types.is_numeric_dtype(df[col]):
                        df[col] = df[col].map(lambda v: v[:XLSX_MAX_CELL] if isinstance(v, str) else v)
                parts = max(1, -(-len(df) // XLSX_MAX_ROWS))
                for k in range(parts):
                    sheet = name[:31] if k == 0 else f"{name[:27]}_{k + 1}"
                    df.iloc[k * XLSX_MAX_ROWS:(k + 1) * XLSX_MAX_ROWS].to_excel(xw, sheet_name=sheet, index=False)
        written.append(p)
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return written


# ---------------------------------------------------------------- rekey

def rekey(db_path: Union[str, Path]) -> int:
    """Fill indicators.indicator_key again from the current catalogue (after it learnt new names)."""
    db = store.open_db(db_path)
    rows = db.conn.execute("SELECT id, name, code, unit, indicator_key FROM indicators").fetchall()
    changes = [(k, i) for i, name, code, unit, old in rows
               if (k := match_indicator(name or "", code, unit)) != old]
    with store.transaction(db) as conn:
        conn.executemany("UPDATE indicators SET indicator_key = ? WHERE id = ?", changes)
    db.conn.close()
    return len(changes)


# ---------------------------------------------------------------- command line

def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="extract-db", description="Work on a reports database written by `extract`: "
                                "merge shards, export, an HTML report, Datasette metadata.")
    p.add_argument("--version", action="version", version=f"extract-db {__version__}",
                   help="print the version and exit")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    m = sub.add_parser("merge", help="merge shard databases into OUT (documents deduplicated by sha256)")
    m.add_argument("out", metavar="OUT.db", help="the database to merge into (created when missing)")
    m.add_argument("shards", nargs="+", metavar="SHARD.db", help="databases written by `extract` elsewhere")
    e = sub.add_parser("export", help="export tables and views to CSV, Parquet or XLSX")
    e.add_argument("db", metavar="DB", help="a reports database")
    e.add_argument("--format", choices=["csv", "parquet", "xlsx"], default="csv",
                   help="csv and parquet: a file per table; xlsx: one workbook, a sheet per table (default: csv)")
    e.add_argument("-o", "--output", default="export", metavar="DIR", help="folder to write into (default: export)")
    e.add_argument("--only", action="append", metavar="NAME", help="a table or view to export (repeatable)")
    r = sub.add_parser("report", help="write one self-contained HTML page (documents, failures, charts)")
    r.add_argument("db", metavar="DB", help="a reports database")
    r.add_argument("-o", "--output", default="report.html", metavar="HTML",
                   help="the page to write (default: report.html)")
    md = sub.add_parser("metadata", help="write Datasette metadata (default: metadata.json beside DB)")
    md.add_argument("db", metavar="DB", help="a reports database")
    md.add_argument("-o", "--output", default=None, metavar="JSON",
                    help="the file to write (default: metadata.json beside DB, other databases' entries kept)")
    k = sub.add_parser("rekey", help="recompute indicators.indicator_key from patterns/indicators.toml")
    k.add_argument("db", metavar="DB", help="a reports database")
    v = sub.add_parser("views", help="create or update the dashboard views")
    v.add_argument("db", metavar="DB", help="a reports database")
    return p


def _need_db(path: str) -> None:
    if not Path(path).is_file():
        raise SystemExit(f"extract-db: error: {path}: no such database")


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "merge":
            for s in args.shards:
                _need_db(s)
            st = merge(args.out, args.shards)
            print(f"extract-db: merged {len(args.shards)} shard(s) into {args.out}: {st['added']} added, "
                  f"{st['replaced']} replaced, {st['kept']} already there, {st['runs']} runs rows", file=sys.stderr)
        elif args.command == "export":
            _need_db(args.db)
            for p in export(args.db, args.format, args.output, args.only):
                print(p)
        elif args.command == "report":
            _need_db(args.db)
            print(write_report(args.db, args.output))
        elif args.command == "metadata":
            _need_db(args.db)
            print(write_metadata(args.db, args.output))
        elif args.command == "rekey":
            _need_db(args.db)
            print(f"extract-db: {rekey(args.db)} indicator keys changed", file=sys.stderr)
        elif args.command == "views":
            _need_db(args.db)
            ensure_views(store.open_db(args.db))
    except (sqlite3.DatabaseError, OSError, ValueError, ImportError, OutputError) as err:
        print(f"extract-db: error: {' '.join(str(err).split())}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
