"""Word speed: a 100+ page DOCX read and interpreted, and DOC with the LibreOffice conversion shown apart.

    python benchmarks/bench_docx.py [--pages 120]

DOCX: read_docx alone and the whole extract_file (aim: under 2 s for ~100 pages).
DOC: the same report saved as .doc by LibreOffice; conversion seconds (soffice) and the rest apart.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_long_report import make  # noqa: E402

from extractor import extract_file  # noqa: E402
from extractor.readers.docx import read_docx  # noqa: E402


def timed(fn, *args):
    t0 = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=120)
    a = ap.parse_args()
    docx, pdf = make(HERE / ".cache", a.pages)
    pages = int(subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout.split("Pages:")[1].split()[0])
    extract_file(docx)  # warm imports and pattern caches
    _, t_read = timed(read_docx, str(docx))
    rec, t_all = timed(extract_file, docx)
    print(f"DOCX {docx.name}: {pages} pages (as rendered), {len(rec.indicators)} indicator rows")
    print(f"  read_docx {t_read:.2f} s, whole extraction {t_all:.2f} s ({pages / t_all:.0f} pages/s)")

    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "doc",
                        "--outdir", tmp, str(docx)], check=True, capture_output=True, timeout=600)
        doc = Path(tmp) / (docx.stem + ".doc")
        rec, t_doc = timed(extract_file, doc)
        from extractor.readers.doc import read_doc

        d, t_rd = timed(read_doc, str(doc))
        c = d.meta.get("conversion_seconds", 0.0)
        print(f"DOC {doc.name}: whole extraction {t_doc:.2f} s; of a read_doc run {t_rd:.2f} s, "
              f"LibreOffice conversion {c:.2f} s, reading the converted DOCX {t_rd - c:.2f} s")
    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
