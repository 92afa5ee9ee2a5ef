"""Batch throughput: a folder of generated quarterly reports, 1 and 2 workers, then a re-run over the unchanged folder.

    python benchmarks/bench_batch.py [--n 200] [--dir /tmp/bench_batch]

Reports are DOCX written with python-docx from the indicator catalogue, with varying agencies, provinces,
periods, numbers and lengths, so every file has different bytes and real work for every interpreter.
Prints files/s for 1 and 2 workers, the speed-up, the re-run time and peak memory per worker.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

AGENCIES = ["Sở Kế hoạch và Đầu tư", "Sở Nội vụ", "Sở Tài chính", "Sở Tư pháp", "Sở Y tế", "Sở Giáo dục và Đào tạo",
            "Sở Xây dựng", "Sở Công Thương", "Sở Nông nghiệp và Môi trường", "Sở Văn hóa, Thể thao và Du lịch"]
CODES = {"Sở Kế hoạch và Đầu tư": "SKHĐT", "Sở Nội vụ": "SNV", "Sở Tài chính": "STC", "Sở Tư pháp": "STP",
         "Sở Y tế": "SYT", "Sở Giáo dục và Đào tạo": "SGDĐT", "Sở Xây dựng": "SXD", "Sở Công Thương": "SCT",
         "Sở Nông nghiệp và Môi trường": "SNNMT", "Sở Văn hóa, Thể thao và Du lịch": "SVHTTDL"}
PROVINCES = ["Điện Biên", "Lâm Đồng", "Nghệ An", "Cà Mau", "Đồng Nai", "Lào Cai"]
ROMAN = ["I", "II", "III", "IV"]


def _catalogue_rows() -> list[tuple[str, str, str]]:
    from extractor.catalogue import catalogue_entries

    return [(e["area_title"], e["name"], e["unit"]) for e in catalogue_entries() if e["unit"] and "=" not in e["unit"]]


def make_report(path: Path, rng: random.Random, agency: str, province: str, year: int, quarter: int,
                n_indicators: int = 25, n_paragraphs: int = 6) -> None:
    """One quarterly administrative-reform report as DOCX: header block, numbered body, an annex table."""
    from docx import Document

    doc = Document()
    head = doc.add_table(rows=2, cols=2)
    head.cell(0, 0).text = f"UBND TỈNH {province.upper()}"
    head.cell(0, 0).add_paragraph(agency.upper())
    head.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    head.cell(0, 1).add_paragraph("Độc lập - Tự do - Hạnh phúc")
    num = rng.randint(10, 999)
    head.cell(1, 0).text = f"Số: {num}/BC-{CODES[agency]}"
    month = quarter * 3
    head.cell(1, 1).text = f"{province}, ngày {rng.randint(10, 28)} tháng {month} năm {year}"
    doc.add_paragraph("BÁO CÁO").runs[0].bold = True
    doc.add_paragraph(f"Kết quả thực hiện công tác cải cách hành chính quý {ROMAN[quarter - 1]} năm {year}")
    doc.add_paragraph(f"Căn cứ Kế hoạch số {rng.randint(100, 5000)}/KH-UBND ngày {rng.randint(1, 28)}/"
                      f"{rng.randint(1, 12)}/{year - 1} của UBND tỉnh {province} về cải cách hành chính năm {year};")
    for s in range(1, 3):
        doc.add_paragraph(f"{ROMAN[s - 1]}. KẾT QUẢ THỰC HIỆN PHẦN {s}")
        for p in range(1, n_paragraphs // 2 + 1):
            doc.add_paragraph(f"{p}. Nội dung {p}")
            doc.add_paragraph(
                f"Trong quý, {agency} đã ban hành {rng.randint(1, 40):02d} văn bản, hoàn thành "
                f"{rng.randint(1, 30)} nhiệm vụ, giải ngân trên {rng.randint(2, 900)} tỷ đồng, đạt "
                f"{rng.randint(50, 100)}% kế hoạch; tiếp nhận {rng.randint(10, 5000)} hồ sơ.")
    doc.add_paragraph(f"Biểu mẫu: Số liệu cải cách hành chính quý {ROMAN[quarter - 1]} năm {year}")
    rows = rng.sample(_catalogue_rows(), k=n_indicators)
    t = doc.add_table(rows=1 + len(rows), cols=5)
    t.style = "Table Grid"
    grid = [r.cells for r in t.rows]  # python-docx's t.cell() rescans the table on every call
    for j, h in enumerate(["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu", "Ghi chú"]):
        grid[0][j].text = h
    for i, (_area, name, unit) in enumerate(rows, start=1):
        value = rng.randint(0, 100) if unit == "%" else rng.randint(0, 20000)
        for j, text in enumerate([str(i), name, unit, f"{value:,}".replace(",", "."), ""]):
            grid[i][j].text = text
    doc.add_paragraph("GIÁM ĐỐC")
    doc.add_paragraph(rng.choice(["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"]))
    doc.save(str(path))


def make_reports(folder: Path, n: int, seed: int = 7, n_indicators: int = 25) -> list[Path]:
    """``n`` different reports in ``folder`` (agencies × provinces × quarters, random numbers)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        agency = AGENCIES[i % len(AGENCIES)]
        province = PROVINCES[(i // len(AGENCIES)) % len(PROVINCES)]
        year = 2022 + (i // 4) % 4
        quarter = i % 4 + 1
        p = folder / f"{i:04d}_{CODES[agency]}_q{quarter}_{year}.docx"
        make_report(p, rng, agency, province, year, quarter, n_indicators=n_indicators,
                    n_paragraphs=rng.choice([4, 6, 8]))
        out.append(p)
    return out


def main() -> int:
    from extractor.batch import run_batch

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--dir", default=None)
    args = ap.parse_args()
    base = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="bench_batch_"))
    folder = base / "reports"
    t = time.perf_counter()
    if folder.exists():
        shutil.rmtree(folder)
    make_reports(folder, args.n)
    print(f"generated {args.n} DOCX reports in {time.perf_counter() - t:.1f} s ({folder})")
    figures = {}
    for w in (1, 2):
        db = base / f"w{w}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        outcomes: list = []
        load = os.getloadavg()[0]
        cpu0 = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
        t = time.perf_counter()
        rc = run_batch([folder], db_path=db, workers=w, quiet=True, outcomes=outcomes)
        secs = time.perf_counter() - t
        cpu1 = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
        cpu = sum(b.ru_utime + b.ru_stime - a.ru_utime - a.ru_stime for a, b in zip(cpu0, cpu1))
        rss = {}
        for o in outcomes:
            if o.worker and o.peak_rss_kb:
                rss[o.worker] = max(rss.get(o.worker, 0), o.peak_rss_kb)
        figures[w] = secs
        print(f"{w} worker(s): {args.n} files in {secs:.1f} s = {args.n / secs:.1f} files/s (exit {rc}); "
              f"peak memory per worker {statistics.mean(rss.values()) / 1024:.0f} MiB "
              f"(max {max(rss.values()) / 1024:.0f} MiB); {cpu:.1f} CPU s; load average before {load:.1f} "
              f"on {os.cpu_count()} cores")
    print(f"speed-up 2 workers vs 1: {figures[1] / figures[2]:.2f}x")
    t = time.perf_counter()
    rc = run_batch([folder], db_path=base / "w2.db", workers=2, quiet=True)
    print(f"re-run over the unchanged folder: {time.perf_counter() - t:.2f} s (exit {rc})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
