"""Provenance: every value, cell, table and heading of a text-layer PDF carries its box on the page
(the contract's x0, top, x1, bottom), and the text printed inside that box is the value's own text."""

from __future__ import annotations

import pdfplumber
import pytest

from extractor import extract_file
from shared_data import CORPUS, SAMPLES


def _squash(s: str) -> str:
    return "".join(s.split())


@pytest.mark.parametrize("pdf", [SAMPLES / "seed-report.pdf", CORPUS / "lamdong_snv_bc_cac_chi_so_tinh_0611-2025.pdf"],
                         ids=lambda p: p.name)
def test_each_value_box_holds_its_printed_text(pdf):
    rec = extract_file(pdf)
    valued = [r for r in rec.indicators if r["value_raw"]]
    assert valued and all(r["x0"] is not None for r in valued)
    wrong = []
    with pdfplumber.open(pdf) as doc:
        for r in valued:
            page = doc.pages[r["page"] - 1]
            inside = page.within_bbox((r["x0"] - 0.5, r["top"] - 0.5, r["x1"] + 0.5, r["bottom"] + 0.5))
            text = _squash(inside.extract_text() or "")
            if not text and r["page"] < len(doc.pages):
                # a row cut by a page break: its box is its first part's, on the row's page, and the value
                # stands at the head of the same column on the next page
                nxt = doc.pages[r["page"]]
                head = nxt.within_bbox((r["x0"] - 0.5, 0, r["x1"] + 0.5, nxt.height / 4))
                text = "".join(_squash(w["text"]) for w in head.extract_words()[-3:])
                if _squash(r["value_raw"]) in text:
                    continue
            if not text.startswith(_squash(r["value_raw"])[:8]):
                wrong.append((r["code"], r["value_raw"], r["page"]))
    assert not wrong


def test_headings_tables_and_cells_carry_boxes():
    rec = extract_file(SAMPLES / "seed-report.pdf")
    assert all(s["x0"] is not None and s["top"] < s["bottom"] for s in rec.sections)
    assert all(t["x0"] is not None for t in rec.tables)
    assert all(c["x0"] is not None and c["x0"] < c["x1"] for c in rec.cells)


def test_docx_items_carry_no_invented_boxes():
    rec = extract_file(SAMPLES / "seed-report.docx")
    assert all(r["x0"] is None for r in rec.indicators) and all(s["x0"] is None for s in rec.sections)


def test_docx_items_carry_their_block_in_the_body():
    """For DOCX the contract's `block` is the 0-based position of the paragraph or table in the body."""
    from docx import Document as DocxDocument

    path = SAMPLES / "seed-report.docx"
    rec = extract_file(path)
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    body = [el for el in DocxDocument(str(path)).element.body if el.tag in (w + "p", w + "tbl")]

    def text(el) -> str:
        return "".join("".join(t.text or "" for t in el.iter(w + "t")).split())

    for s in rec.sections:
        assert body[s["block"]].tag == w + "p" and _squash(s["title"])[:20] in text(body[s["block"]])
    [annex] = rec.tables
    assert body[annex["block"]].tag == w + "tbl"
    assert {r["block"] for r in rec.indicators} == {annex["block"]} == {c["block"] for c in rec.cells}
