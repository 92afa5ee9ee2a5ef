"""The records one input file yields: what the interpreters produce and the writer stores.

Plain dicts keyed by the contract's column names, grouped per table, so a
notebook can turn any of them into a DataFrame directly. Cross-references
inside one document use list positions (``section`` / ``parent`` are indexes
into ``sections``); the writer turns them into database ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

Row = dict[str, Any]

def box_columns(box: Optional[tuple[float, float, float, float]]) -> dict[str, Optional[float]]:
    """The contract's provenance columns of an item: its box on its page in points (NULL for DOCX)."""
    if box is None:
        return {"x0": None, "top": None, "x1": None, "bottom": None}
    return {"x0": round(box[0], 2), "top": round(box[1], 2), "x1": round(box[2], 2), "bottom": round(box[3], 2)}


#: Record lists that hang off a document, in the order the writer inserts them.
CHILD_TABLES = ("sections", "tables", "cells", "indicators", "quantities", "references", "footnotes", "checks",
                "marks", "attachments")


@dataclass
class Records:
    """Everything extracted from one input file."""

    document: Row
    sections: list[Row] = field(default_factory=list)
    tables: list[Row] = field(default_factory=list)
    cells: list[Row] = field(default_factory=list)
    indicators: list[Row] = field(default_factory=list)
    quantities: list[Row] = field(default_factory=list)
    references: list[Row] = field(default_factory=list)
    footnotes: list[Row] = field(default_factory=list)
    checks: list[Row] = field(default_factory=list)
    marks: list[Row] = field(default_factory=list)
    attachments: list[Row] = field(default_factory=list)
    seconds: Optional[float] = None

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in CHILD_TABLES}
