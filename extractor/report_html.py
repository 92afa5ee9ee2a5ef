"""One self-contained HTML page from a reports database: what was extracted, what failed, and a small chart
per canonical indicator over periods, one line per agency.

Inline SVG and inline CSS only - no scripts, fonts or images from elsewhere - so the page opens offline,
can be mailed as one file, and renders the same in any browser.
"""

from __future__ import annotations

import datetime as _dt
import html
import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import Any, Optional, Union

from . import store
from .version import __version__

PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
           "#7f7f7f"]

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;margin:24px;color:#222;
background:#fff}
h1{font-size:22px;margin:0 0 4px} h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.meta{color:#666;font-size:13px}
.kpis{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}
.kpi{background:#f3f6fa;border:1px solid #dde4ee;border-radius:6px;padding:10px 16px;min-width:110px}
.kpi b{display:block;font-size:24px} .kpi.bad{background:#fdf0f0;border-color:#f1c4c4}
table{border-collapse:collapse;font-size:13px;width:100%} th,td{border:1px solid #e2e2e2;padding:4px 6px;
text-align:left;vertical-align:top} th{background:#f6f6f6} td.n{text-align:right}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(380px,1fr));gap:14px}
.card{border:1px solid #e0e0e0;border-radius:6px;padding:8px 10px}
.card h3{font-size:13px;margin:0 0 2px} .card .k{color:#888;font-size:11px}
.legend{font-size:11px;color:#444} .legend span{display:inline-block;margin-right:10px}
.legend i{display:inline-block;width:10px;height:10px;margin-right:3px;vertical-align:middle}
.ok{color:#2a7a2a} .failed{color:#b22}
"""


def _e(v: Any) -> str:
    return html.escape("" if v is None else str(v))


def _num(v: Optional[float]) -> str:
    if v is None:
        return ""
    if abs(v - round(v)) < 1e-9:
        return f"{int(round(v)):,}".replace(",", ".")
    return f"{v:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def _rows(con: sqlite3.Connection, sql: str, args: tuple = ()) -> list[dict[str, Any]]:
    cur = con.execute(sql, args)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def _period_key(r: dict[str, Any]) -> tuple:
    return (r.get("period_year") or 0, r.get("period_quarter") or 0, r.get("period_start") or "",
            r.get("period_label") or "")


def _period_label(r: dict[str, Any]) -> str:
    if r.get("period_year") and r.get("period_quarter"):
        return f"Q{r['period_quarter']}/{r['period_year']}"
    return r.get("period_label") or str(r.get("period_year") or "?")


def svg_chart(series: dict[str, list[tuple[tuple, str, float]]], periods: list[tuple[tuple, str]],
              width: int = 360, height: int = 170) -> str:
    """A line chart: x = periods in order, one coloured line (or dot) per agency; values in <title> tooltips."""
    left, right, top, bottom = 52, 10, 10, 34
    pw, ph = width - left - right, height - top - bottom
    values = [v for pts in series.values() for _, _, v in pts]
    lo, hi = min(0.0, min(values)), max(values)
    if hi == lo:
        hi = lo + 1.0
    xs = {key: left + (pw * (i + 0.5) / len(periods)) for i, (key, _) in enumerate(periods)}

    def y(v: float) -> float:
        return top + ph - (v - lo) / (hi - lo) * ph

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img">',
           f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="#fafafa" stroke="#ddd"/>']
    for frac in (0.0, 0.5, 1.0):
        v = lo + (hi - lo) * frac
        yy = y(v)
        out.append(f'<line x1="{left}" x2="{left + pw}" y1="{yy:.1f}" y2="{yy:.1f}" stroke="#e6e6e6"/>')
        out.append(f'<text x="{left - 4}" y="{yy + 4:.1f}" font-size="10" text-anchor="end" fill="#555">'
                   f'{_e(_num(v))}</text>')
    step = max(1, len(periods) // 6)
    for i, (key, label) in enumerate(periods):
        if i % step == 0 or i == len(periods) - 1:
            out.append(f'<text x="{xs[key]:.1f}" y="{height - bottom + 14}" font-size="10" text-anchor="middle" '
                       f'fill="#555">{_e(label)}</text>')
    for n, (agency, pts) in enumerate(series.items()):
        colour = PALETTE[n % len(PALETTE)]
        pts = sorted(pts, key=lambda t: t[0])
        if len(pts) > 1:
            coords = " ".join(f"{xs[k]:.1f},{y(v):.1f}" for k, _, v in pts)
            out.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for k, label, v in pts:
            out.append(f'<circle cx="{xs[k]:.1f}" cy="{y(v):.1f}" r="3.5" fill="{colour}">'
                       f'<title>{_e(agency)} · {_e(label)}: {_e(_num(v))}</title></circle>')
    out.append("</svg>")
    return "".join(out)


def build_report(db_path: Union[str, Path]) -> str:
    """The HTML page as a string."""
    con = store.connect(db_path)  # makes sure the views exist
    docs = _rows(con, "SELECT * FROM document_summary ORDER BY agency, period_year, period_quarter, source_path")
    runs = _rows(con, "SELECT status, COUNT(*) AS n FROM latest_runs GROUP BY status")
    failures = _rows(con, "SELECT source_path, message, started_at FROM latest_runs WHERE status = 'failed' "
                          "ORDER BY source_path")
    by_status = {r["status"]: r["n"] for r in runs}
    pages = sum(d["pages"] or 0 for d in docs)
    catalogue = {r["indicator_key"]: r for r in _rows(con, "SELECT * FROM indicator_catalogue")}
    # the first value (reading order) of each canonical indicator in each document
    vals = _rows(con, """
        SELECT v.* FROM indicator_values v
        WHERE v.indicator_key IS NOT NULL AND v.value IS NOT NULL
          AND v.indicator_id = (SELECT MIN(w.indicator_id) FROM indicator_values w
                                WHERE w.document_id = v.document_id AND w.indicator_key = v.indicator_key
                                  AND w.value IS NOT NULL)
        ORDER BY v.indicator_key""")
    con.close()
    charts: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    periods: dict[str, dict[tuple, str]] = defaultdict(dict)
    units: dict[str, str] = {}
    for v in vals:
        agency = v["agency"] or "(agency unknown)"
        if v["province"]:
            agency = f"{agency} ({v['province']})"
        key = _period_key(v)
        label = _period_label(v)
        charts[v["indicator_key"]][agency].append((key, label, float(v["value"])))
        periods[v["indicator_key"]][key] = label
        units.setdefault(v["indicator_key"], v["unit"] or "")

    now = _dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    h: list[str] = ['<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">',
                    f"<title>Reports: {_e(Path(db_path).name)}</title><style>{CSS}</style></head><body>",
                    f"<h1>Reports extracted into {_e(Path(db_path).name)}</h1>",
                    f'<div class="meta">vn-report-extractor {_e(__version__)} · written {now}</div>',
                    '<div class="kpis">',
                    f'<div class="kpi"><b>{len(docs)}</b>documents</div>',
                    f'<div class="kpi"><b>{pages}</b>pages</div>',
                    f'<div class="kpi"><b>{sum(d["n_indicators"] for d in docs)}</b>indicator rows</div>',
                    f'<div class="kpi"><b>{len(charts)}</b>canonical indicators</div>',
                    f'<div class="kpi{" bad" if failures else ""}"><b>{len(failures)}</b>failed inputs</div>',
                    f'<div class="kpi"><b>{by_status.get("unchanged", 0)}</b>unchanged (last run)</div>',
                    "</div>"]

    h.append(f"<h2>Indicators over periods ({len(charts)})</h2>")
    if not charts:
        h.append("<p>No indicator values with a canonical key yet.</p>")
    h.append('<div class="grid">')
    for ikey in sorted(charts, key=lambda k: (catalogue.get(k, {}).get("area") or "", k)):
        series = charts[ikey]
        plist = sorted(periods[ikey].items())
        cat = catalogue.get(ikey, {})
        title = cat.get("name") or ikey
        unit = cat.get("unit") or units.get(ikey, "")
        legend = "".join(f'<span><i style="background:{PALETTE[n % len(PALETTE)]}"></i>{_e(a)}</span>'
                         for n, a in enumerate(series))
        h.append(f'<div class="card"><h3>{_e(title)}</h3><div class="k">{_e(ikey)}'
                 f'{" · " + _e(unit) if unit else ""}</div>{svg_chart(series, plist)}'
                 f'<div class="legend">{legend}</div></div>')
    h.append("</div>")

    h.append(f"<h2>Documents ({len(docs)})</h2><table><tr><th>agency</th><th>province</th><th>period</th>"
             "<th>number</th><th>title</th><th>format</th><th>pages</th><th>indicators</th><th>keyed</th>"
             "<th>file</th></tr>")
    for d in docs:
        h.append(f"<tr><td>{_e(d['agency'])}</td><td>{_e(d['province'])}</td><td>{_e(d['period_label'])}</td>"
                 f"<td>{_e(d['doc_number'])}</td><td>{_e(d['title'])}</td><td>{_e(d['format'])}</td>"
                 f"<td class=n>{_e(d['pages'])}</td><td class=n>{d['n_indicators']}</td>"
                 f"<td class=n>{d['n_indicators_keyed']}</td><td>{_e(Path(d['source_path'] or '').name)}</td></tr>")
    h.append("</table>")

    h.append(f"<h2>Failures ({len(failures)})</h2>")
    if failures:
        h.append("<table><tr><th>file</th><th>why</th><th>when</th></tr>")
        for f in failures:
            h.append(f'<tr><td>{_e(f["source_path"])}</td><td class="failed">{_e(f["message"])}</td>'
                     f'<td>{_e(f["started_at"])}</td></tr>')
        h.append("</table>")
    else:
        h.append('<p class="ok">Every input of the latest runs was extracted.</p>')
    h.append("</body></html>")
    return "\n".join(h)


def write_report(db_path: Union[str, Path], out: Union[str, Path] = "report.html") -> Path:
    out = Path(out)
    if out.parent and not out.parent.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(build_report(db_path), encoding="utf-8")
    return out
