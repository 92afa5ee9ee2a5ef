"""The made reports of ``tests/made_reports.py`` as a scorer corpus: DOCX, PDF and (optionally) scans, each
report with a ``NAME.truth.json`` in the scorer's format, written from the specification the report was built
from (never from ``extract``'s output).

    python benchmarks/made_corpus.py OUT_DIR [--scans 150,200,300]
    python ../shared/score/score.py --project . --corpus OUT_DIR

Scans are the PDFs rasterised with pdftoppm, turned up to 1.5°, with noise and JPEG compression, as in
``tests/test_made_scans.py``; report k is scanned at the k-th dpi of ``--scans`` (cycling).
"""

from __future__ import annotations

import argparse
import io
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import img2pdf
import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import made_reports as mr  # noqa: E402  (the generator lives with the tests that use it)


def scan(pdf: Path, dpi: int, out: Path, seed: int) -> None:
    """``pdf`` printed and scanned: grey pages at ``dpi``, a small turn, noise, JPEG, one image a page."""
    rnd = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), f"{tmp}/page"], check=True)
        pages = []
        for png in sorted(Path(tmp).glob("page-*.png")):
            im = Image.open(png).convert("L").rotate(rnd.uniform(-1.5, 1.5), expand=True, fillcolor=255)
            noise = np.random.default_rng(seed).normal(0, 8, im.size[::-1]).astype(np.int16)
            buf = io.BytesIO()
            Image.fromarray(np.clip(np.array(im).astype(np.int16) + noise, 0, 255).astype(np.uint8)).save(
                buf, "JPEG", quality=60, dpi=(dpi, dpi))
            pages.append(buf.getvalue())
    out.write_bytes(img2pdf.convert(pages))


def truth(exp: mr.Expected, variants: dict) -> dict:
    return {
        "documents": exp.document, "variants": variants, "sections": exp.sections, "indicators": exp.indicators,
        "footnotes": exp.footnotes, "tables": exp.tables, "references": exp.references,
        "alternatives": {f"documents.{k}": v for k, v in exp.alternatives.items()},
        "scope": {"quantities": "not annotated", "references": "partial: numbered citations of the body",
                  "cells": "not annotated"},
        "encoding": "unicode",
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--scans", default="", help="comma-separated dpi values; empty: no scans")
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    dpis = [int(x) for x in a.scans.split(",") if x.strip()]
    specs = mr.specs()
    built = {}
    for spec in specs:
        built[spec.key] = mr.build(spec, a.out / f"{spec.key}.docx")
    mr.to_pdf([a.out / f"{s.key}.docx" for s in specs], a.out)
    for k, spec in enumerate(specs):
        pdf = a.out / f"{spec.key}.pdf"
        pages = int(subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
                    .stdout.split("Pages:")[1].split()[0])
        variants = {f"{spec.key}.docx": {"format": "docx", "text_source": "docx", "pages": None},
                    pdf.name: {"format": "pdf", "text_source": "text-layer", "pages": pages}}
        if dpis:
            dpi = dpis[k % len(dpis)]
            name = f"{spec.key}-scan{dpi}.pdf"
            scan(pdf, dpi, a.out / name, seed=k)
            variants[name] = {"format": "pdf", "text_source": "ocr", "pages": pages, "scan": {"dpi": dpi}}
        (a.out / f"{spec.key}.truth.json").write_text(
            json.dumps(truth(built[spec.key], variants), ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"{spec.key}: {', '.join(variants)}")


if __name__ == "__main__":
    main()
