"""The HTML report: self-contained, a chart per canonical indicator, rendered by headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from extractor import store
from extractor.catalogue import match_indicator
from extractor.records import Records
from extractor.report_html import write_report

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
NAMES = ["Tổng số nhiệm vụ được giao", "Số TTHC công bố mới", "Tổng số biên chế được giao trong năm"]


def _db(tmp_path: Path) -> Path:
    p = tmp_path / "reports.db"
    db = store.open_db(p)
    n = 0
    for agency in ("Sở Nội vụ", "Sở Tư pháp"):
        for year, q in ((2023, 1), (2023, 2), (2023, 3), (2024, 1)):
            n += 1
            inds = [{"table_index": 0, "row_index": i, "code": f"1.{i}", "is_group": 0, "name": name,
                     "unit": "Nhiệm vụ", "value_raw": str(n * (i + 2)), "value": float(n * (i + 2)),
                     "value_kind": "number", "indicator_key": match_indicator(name)}
                    for i, name in enumerate(NAMES)]
            store.write(Records(document={"sha256": f"{agency}{year}{q}", "agency": agency, "province": "Lâm Đồng",
                                          "period_year": year, "period_quarter": q,
                                          "period_label": f"quý {q} năm {year}", "format": "docx",
                                          "source_path": f"in/{n}.docx", "title": "Báo cáo <CCHC> & số liệu"},
                                tables=[{"table_index": 0, "kind": "indicator"}], indicators=inds), db,
                        run={"source_path": f"in/{n}.docx", "seconds": 0.1})
    store.record_run(db, "in/broken.pdf", "failed", message="not a PDF: its content is not PDF")
    db.conn.close()
    return p


def test_report_is_self_contained_with_charts(tmp_path: Path):
    out = write_report(_db(tmp_path), tmp_path / "report.html")
    html = out.read_text(encoding="utf-8")
    assert html.count("<svg") == len(NAMES)
    assert html.count("<polyline") == 2 * len(NAMES)  # one line per agency
    assert "Sở Nội vụ (Lâm Đồng)" in html and "Q2/2023" in html
    assert "in/broken.pdf" in html and "not a PDF" in html
    assert "&lt;CCHC&gt; &amp;" in html  # escaped
    # nothing loaded from elsewhere: no scripts, links, images or remote URLs (the SVG namespace aside)
    assert not re.search(r"<script|<link|<img|@import|url\(", html)
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", html)


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium not installed (apt-get install chromium)")
def test_report_renders_in_headless_chromium(tmp_path: Path):
    out = write_report(_db(tmp_path), tmp_path / "report.html")
    png = tmp_path / "shot.png"
    r = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run",
                        f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={png}", "--window-size=1200,900",
                        out.resolve().as_uri()], capture_output=True, text=True, timeout=120)
    assert png.exists(), r.stderr[-2000:]
    assert png.stat().st_size > 10_000
    img = Image.open(png).convert("RGB")
    assert img.size == (1200, 900)
    colours = img.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50  # text, boxes and coloured chart lines, not a blank page
    # the agencies' line colours of the charts are on screen
    pixels = {c for _n, c in colours}
    assert any(abs(p[0] - 0x1f) < 30 and abs(p[1] - 0x77) < 30 and abs(p[2] - 0xb4) < 30 for p in pixels)
