"""Made reports printed to PDF, scanned (150-300 dpi, skewed up to 1.5°, noisy JPEG) and read back by OCR.

Slow (about a minute a report): `pytest -m slow tests/test_made_scans.py`.
"""

from __future__ import annotations

import io
import random
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import made_reports as M
from extractor import extract_file

img2pdf = pytest.importorskip("img2pdf")

CASES = [(1, 150), (4, 200), (7, 300)]  # (spec index, dpi)


def _scan(pdf: Path, dpi: int, out: Path, seed: int) -> Path:
    rnd = random.Random(seed)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(out / "page")], check=True)
    pages = []
    for png in sorted(out.glob("page-*.png")):
        im = Image.open(png).convert("L").rotate(rnd.uniform(-1.5, 1.5), expand=True, fillcolor=255)
        noisy = np.array(im).astype(np.int16) + np.random.default_rng(seed).normal(0, 8, im.size[::-1]).astype(np.int16)
        buf = io.BytesIO()
        Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8)).save(buf, "JPEG", quality=60, dpi=(dpi, dpi))
        pages.append(buf.getvalue())
    scan = out / "scan.pdf"
    scan.write_bytes(img2pdf.convert(pages))
    return scan


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    d = tmp_path_factory.mktemp("madescan")
    specs = M.specs()
    docs, exps = [], []
    for i, _dpi in CASES:
        p = d / f"r{i}.docx"
        exps.append(M.build(specs[i], p))
        docs.append(p)
    return list(zip(M.to_pdf(docs, d), exps, [dpi for _, dpi in CASES]))


@pytest.mark.slow
@pytest.mark.parametrize("case", range(len(CASES)), ids=[f"spec{i}-{dpi}dpi" for i, dpi in CASES])
def test_scanned_made_report(made, case, tmp_path):
    pdf, exp, dpi = made[case]
    r = extract_file(_scan(pdf, dpi, tmp_path, seed=case))
    assert r.document["text_source"] == "ocr"
    for key in ("doc_type", "doc_number", "province", "issued_date", "period_label"):
        assert r.document[key] == exp.document[key], key
    paths = {s["path"] for s in r.sections}
    want = [s["path"] for s in exp.sections]
    assert sum(p in paths for p in want) >= 0.75 * len(want)
    got = {(x["code"], x["name"][:12]): x for x in r.indicators}
    coded = [x for x in exp.indicators if x["code"]]
    found = [x for x in coded if (x["code"], x["name"][:12]) in got]
    assert len(found) >= 0.6 * len(coded)
