"""Datasette metadata for a reports database: titles, descriptions, units and facets.

Its own module below both ``batch`` (which writes it beside the database after a run) and ``dbtools``
(``extract-db metadata``), so that neither imports the other.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Optional, Union

from . import store
from .version import __version__


def datasette_metadata(db_path: Union[str, Path]) -> dict[str, Any]:
    """Titles, descriptions, units and facets for Datasette (``datasette DB -m metadata.json``)."""
    name = Path(db_path).stem
    tables: dict[str, Any] = {
        "documents": {
            "title": "Documents", "description": "One row per distinct input file content (sha256): header fields, "
            "period, signer and the full text (full-text search enabled).",
            "facets": ["agency", "province", "period_year", "format", "doc_type"], "label_column": "title",
            "sortable_columns": ["issued_date", "period_start", "pages", "extracted_at"],
            "units": {"seconds": "s", "file_size": "byte"},
            "columns": {"sha256": "SHA-256 of the file bytes", "text_source": "text-layer, ocr, mixed or docx",
                        "period_label": "reporting period as printed", "issued_date": "ISO date as far as printed"},
        },
        "indicator_values": {
            "title": "Indicator values", "description": "One row per annex indicator value with its agency, "
            "province and period. indicator_key is the canonical key shared by the same statistic across "
            "reports and template versions (NULL when the catalogue has no good match). The unit column holds "
            "the unit as printed; value_base is money converted to đồng.",
            "facets": ["agency", "province", "period_year", "period_quarter", "indicator_key", "unit"],
            "columns": {"value": "the value as a number", "value_base": "money in đồng (unit_key says the unit)",
                        "value_kind": "number, percent, coded, text or empty", "page": "page of the row (PDF)"},
        },
        "document_summary": {
            "title": "Document summary", "description": "One row per document with counts of sections, tables, "
            "indicators (and how many have a canonical key), quantities, references, footnotes and checks.",
            "facets": ["agency", "province", "period_year", "format"],
        },
        "indicators": {"title": "Indicators", "description": "Indicator rows of annex tables, one per value column "
                       "(long format).", "facets": ["unit", "value_kind", "indicator_key"]},
        "indicator_catalogue": {"title": "Indicator catalogue", "description": "Canonical indicators of the "
                                "administrative-reform statistics template (patterns/indicators.toml).",
                                "facets": ["area_title"]},
        "sections": {"title": "Sections", "description": "Numbered headings with their body text."},
        "tables": {"title": "Tables", "description": "Tables of each document; kind = indicator for annex tables.",
                   "facets": ["kind"]},
        "cells": {"title": "Cells", "description": "Every cell of every table (merged grid)."},
        "quantities": {"title": "Quantities", "description": "Numbers stated in the body text with their unit.",
                       "facets": ["unit", "qualifier"]},
        "references": {"title": "References", "description": "Legal and administrative documents cited.",
                       "facets": ["kind", "issuer"]},
        "footnotes": {"title": "Footnotes"},
        "checks": {"title": "Checks", "description": "Problems found in a report (period mismatch, part over "
                   "total, percent over 100, code out of sequence).", "facets": ["kind"]},
        "marks": {"title": "Marks", "description": "Coloured ink on scanned pages that is not print: stamps and "
                  "seals (red), handwriting and signatures (blue), with their boxes; text is what the OCR reads in "
                  "a handwritten number, kept beside the field left empty.", "facets": ["kind", "colour"]},
        "attachments": {"title": "Attached documents", "description": "Documents bound after the first one in "
                        "the same file (the report a cover letter submits): their own header; their sections "
                        "carry sections.attachment = position.", "facets": ["doc_type"]},
        "runs": {"title": "Runs", "description": "Every input attempted: ok, failed (with the message) or "
                 "unchanged.", "facets": ["status"], "units": {"seconds": "s"}},
        "latest_runs": {"title": "Latest runs", "description": "The latest attempt for each input path.",
                        "facets": ["status"]},
    }
    return {
        "title": "Vietnamese government reports",
        "description": "Reports extracted by vn-report-extractor: documents, sections, tables, annex indicators, "
                       "quantities, references. Start with indicator_values or document_summary.",
        "license": "", "source": f"vn-report-extractor {__version__}",
        "databases": {name: {"tables": tables}},
    }


def write_metadata(db_path: Union[str, Path], out: Optional[Union[str, Path]] = None) -> Path:
    store.connect(db_path).close()  # makes sure the views the metadata describes exist
    out = Path(out) if out else Path(db_path).with_name("metadata.json")
    meta = datasette_metadata(db_path)
    try:  # several databases in one folder: each keeps its own entry in the one file Datasette reads
        earlier = json.loads(out.read_text(encoding="utf-8")) if out.exists() else None
    except (OSError, ValueError):
        earlier = None
    if isinstance(earlier, dict) and isinstance(earlier.get("databases"), dict):
        meta["databases"] = {**earlier["databases"], **meta["databases"]}
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:  # written whole or not at all: a full disk leaves the earlier file, never a truncated one
        tmp.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out
