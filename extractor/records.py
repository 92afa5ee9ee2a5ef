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

#: Record lists that hang off a document, in the order the writer inserts them.
CHILD_TABLES = ("sections", "tables", "cells", "indicators", "quantities", "references", "footnotes", "checks")


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
    seconds: Optional[float] = None

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in CHILD_TABLES}
