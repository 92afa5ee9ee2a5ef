"""``extract``: the command line, a thin shell over ``extractor.batch``.

Only inputs and options live here; what happens to each file is the API's job.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Optional, Sequence

from .batch import run_batch
from .errors import OutputError
from .procs import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT_S, Terminated, terminate_as_interrupt
from .version import __version__

DESCRIPTION = """\
Extract Vietnamese government reports (born-digital PDF, scanned PDF, images,
DOCX, DOC) into a SQLite database: documents, numbered sections, tables and
their cells, annex indicators, quantities, references and footnotes.

PATH may be a file or a folder (searched recursively for .pdf .docx .doc .png
.jpg .jpeg .tif .tiff). Files whose bytes are already in the database are
skipped (runs status 'unchanged') unless --force is given.

Exit status: 0 when every input was extracted, 1 when at least one failed (the
others are still written and each failure is recorded in the runs table), 2 for
a usage error."""

EPILOG = """\
examples:
  extract report.pdf --to sqlite
  extract archive/ --to sqlite -o output/reports.db --workers 2
  extract scan.pdf --to sqlite --ocr always
  datasette output/reports.db"""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="extract", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders to extract")
    p.add_argument("--to", choices=["sqlite"], default="sqlite",
                   help="output kind; 'sqlite' (the only one) writes into one SQLite file")
    p.add_argument("-o", "--output", default=os.path.join("output", "reports.db"), metavar="DB",
                   help="the SQLite database to write (created when missing; default: %(default)s)")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="worker processes that read and interpret files (default: the number of cores); "
                        "one writer owns the database")
    p.add_argument("--ocr", choices=["auto", "always", "never"], default="auto",
                   help="auto: OCR only pages whose text layer is missing or unusable, or that are a "
                        "scanned image under a scanner's text layer (default); always: OCR every page; "
                        "never: use the text layer only")
    p.add_argument("--force", action="store_true",
                   help="re-extract files whose bytes are already in the database (their rows are replaced)")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, metavar="SECONDS",
                   help="give up a file that takes longer than this; it gets a 'failed' runs row and the "
                        "batch goes on (default: %(default)g; 0: no limit)")
    p.add_argument("--max-memory", type=int, default=DEFAULT_MAX_MEMORY_MB, metavar="MB",
                   help="address space the process reading a file may use; a file needing more fails alone "
                        "(default: %(default)d; 0: no limit)")
    p.add_argument("--executor", choices=["local", "dask"], default="local",
                   help="where workers run: local processes (default) or a dask.distributed cluster")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="dask scheduler address (tcp://host:8786); without it a local cluster is started")
    g = p.add_mutually_exclusive_group()
    g.add_argument("-q", "--quiet", action="store_true", help="print only errors and the final summary line")
    g.add_argument("-v", "--verbose", action="store_true", help="print a line for every file")
    p.add_argument("--version", action="version", version=f"extract {__version__}", help="print the version and exit")
    return p


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    if args.workers is not None and args.workers < 1:
        print("extract: error: --workers must be at least 1", file=sys.stderr)
        return 2
    terminate_as_interrupt()
    try:
        return run_batch(
            args.paths, db_path=args.output, workers=args.workers, ocr=args.ocr, force=args.force,
            quiet=args.quiet, verbose=args.verbose, executor=args.executor, scheduler=args.scheduler,
            timeout=args.timeout, max_memory_mb=args.max_memory,
        )
    except OutputError as err:
        print(f"extract: error: {err}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, Terminated) as err:
        how = "terminated" if isinstance(err, Terminated) else "interrupted"
        print(f"extract: {how}; the database holds every file finished before that", file=sys.stderr)
        return 143 if isinstance(err, Terminated) else 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
