"""Throughput of the number parser and the quantity miner on a real corpus report.

Run: .venv/bin/python benchmarks/bench_text.py  (prints numbers per second and pages per second).
"""

from __future__ import annotations

import time
from pathlib import Path

import docx

from extractor.interpret.quantities import find_quantities
from extractor.vntext.numbers import parse_number, parse_value

CORPUS = Path(__file__).resolve().parents[1] / "samples" / "corpus"


def main() -> None:
    texts = [f"{i:,}".replace(",", ".") for i in range(1, 200_000, 7)]
    texts += ["hai mươi lăm nghìn", "1 tỷ 250 triệu", "8,3%", "một nghìn không trăm linh năm"] * 2000
    t0 = time.perf_counter()
    for t in texts:
        parse_number(t)
        parse_value(t, "%")
    dt = time.perf_counter() - t0
    print(f"parse_number+parse_value: {len(texts) / dt:,.0f} cells/s")

    body = "\n".join(p.text for p in docx.Document(str(CORPUS / "lamdong_ubnd_bc_cchc_quy1_2026.docx")).paragraphs)
    find_quantities(body)
    n = 20
    t0 = time.perf_counter()
    for _ in range(n):
        qs = find_quantities(body)
    dt = (time.perf_counter() - t0) / n
    print(f"find_quantities: {len(body):,} chars, {len(qs)} quantities in {dt * 1000:.1f} ms "
          f"({len(body) / dt / 3000:,.0f} pages/s at 3000 chars a page)")


if __name__ == "__main__":
    main()
