"""Documents bound after the first one: a cover letter and the report it submits, one scan or one file.

Archives keep bundles: a Tờ trình or Công văn with the Báo cáo, Kế hoạch or Phụ lục it sends, signed
and scanned together. The first document's header is the file's header; what follows its closing
block and opens with a header of its own (the national motto "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
again) is an attached document. Its own header is read by the same header interpreter on the part of
the page model that starts there, and its numbered sections by the same sections interpreter, so the
report a cover letter submits gives its outline as it would alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..model import Document, Line, Page, Table
from ..vntext.marks import strip_marks
from .header import HeaderInfo, read_header
from .sections import Section, read_sections

#: the national motto opens every official document's header ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
MOTTO = "cong hoa xa hoi chu nghia"
#: the agency block printed level with the motto starts this far (points) above it at most
SAME_ROW_PT = 24.0


@dataclass
class Attachment:
    position: int  # 1 for the first document bound after the main one
    start: int  # `order` of its first item
    header: HeaderInfo
    sections: list[Section] = field(default_factory=list)
    page: Optional[int] = None  # page where it starts (None for DOCX)
    block: Optional[int] = None  # DOCX: body position where it starts


def _is_motto(line: Line) -> bool:
    return MOTTO in strip_marks(line.text).lower().replace("  ", " ")


def _start_of(lines: list[Line], k: int) -> int:
    """The first item of the header block whose motto is ``lines[k]``: the agency lines printed level
    with it (same layout table in a DOCX, same band of the page elsewhere) come before it in order."""
    motto = lines[k]
    start = motto.order
    for ln in reversed(lines[max(0, k - 6):k]):
        same_block = motto.block is not None and ln.block == motto.block
        same_row = (motto.box is not None and ln.box is not None and ln.page == motto.page
                    and ln.box[1] >= motto.box[1] - SAME_ROW_PT)
        if not (same_block or same_row):
            break
        start = ln.order
    return start


def _part(doc: Document, start: int, end: Optional[int]) -> Document:
    """The page model from ``start`` up to ``end`` (exclusive), pages and order kept."""
    pages = []
    for p in doc.pages:
        def keep(order: int) -> bool:
            return order >= start and (end is None or order < end)
        lines = [ln for ln in p.lines if keep(ln.order)]
        tables: list[Table] = [t for t in p.tables if keep(t.order)]
        if lines or tables:
            pages.append(Page(number=p.number, width=p.width, height=p.height, lines=lines, tables=tables,
                              footnotes=p.footnotes, text_source=p.text_source))
    return Document(source=doc.source, format=doc.format, pages=pages, page_count=doc.page_count,
                    footnotes=doc.footnotes, meta=doc.meta)


def find_attachments(doc: Document, main: HeaderInfo) -> list[Attachment]:
    """Documents bound after the main one, each with its header and sections, in order."""
    if main.body_end is None:
        return []
    lines = [it for it in doc.items() if isinstance(it, Line)]
    starts: list[int] = []
    floor = main.body_end
    for k, ln in enumerate(lines):
        if ln.order > floor and _is_motto(ln):
            start = _start_of(lines, k)
            if start > floor:
                starts.append(start)
                floor = ln.order
    out: list[Attachment] = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else None
        part = _part(doc, start, end)
        header = read_header(part)
        if not header.doc_type:
            continue  # a motto in a quoted form or a table, not a document's header
        first = next((ln for ln in lines if ln.order >= start), None)
        sections = read_sections(part, header.body_start, header.body_end)
        out.append(Attachment(position=len(out) + 1, start=start, header=header, sections=sections,
                              page=first.page if first else None, block=first.block if first else None))
    return out
