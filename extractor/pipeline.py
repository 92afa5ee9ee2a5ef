"""The Python API: one file in, its records out (``extract_file``), and ``write`` to a database.

    from extractor import extract_file, write
    records = extract_file("report.pdf")
    write(records, "output/reports.db")

The format is told by the file's bytes, never by its name, so a PDF called
``.docx`` is read as a PDF and a text file called ``.pdf`` is refused clearly.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import Optional, Union

from . import grammar
from .errors import InputError
from .interpret.annex import read_tables
from .interpret.attachments import find_attachments
from .interpret.checks import find_checks, handwriting_checks
from .interpret.header import read_header
from .interpret.quantities import find_quantities, name_numbers
from .interpret.references import find_references
from .interpret.sections import read_sections
from .layout.continuation import join_tables
from .model import Document, Line, Table
from .readers.doc import read_doc, sniff_doc
from .readers.docx import LegacyWordFile, read_docx
from .readers.pdf import read_pdf
from .records import Records, box_columns
from .version import __version__

PathLike = Union[str, "os.PathLike[str]"]

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
SUFFIXES = {".pdf", ".docx", ".doc"} | IMAGE_SUFFIXES


def sha256_of(path: PathLike) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def sniff_format(path: PathLike) -> str:
    """'pdf', 'docx', 'doc' or 'image' from the first bytes; InputError when none fits."""
    p = Path(path)
    if not p.exists():
        raise InputError("file not found")
    if p.is_dir():
        raise InputError("is a folder, not a file")
    size = p.stat().st_size
    if size == 0:
        raise InputError("empty file (0 bytes)")
    with open(p, "rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        # an OLE file: a Word 97-2003 document, or a password-protected DOCX (EncryptedPackage)
        return "docx" if p.suffix.lower() == ".docx" else "doc"
    if head.startswith(b"\x89PNG") or head.startswith(b"\xff\xd8\xff") or head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image"
    suffix = p.suffix.lower()
    if suffix == ".doc" and sniff_doc(str(p)) in ("rtf", "html", "word2"):
        return "doc"  # archives hold RTF and HTML saved as .doc: LibreOffice reads them as Word does
    what = {".pdf": "a PDF", ".docx": "a DOCX", ".doc": "a Word DOC"}.get(suffix, "a supported document")
    raise InputError(f"not {what}: its content is not PDF, DOCX, DOC or an image")


def read_document(path: PathLike, fmt: str, ocr: str = "auto") -> Document:
    """Run the reader for ``fmt``; readers raise InputError for bad input."""
    path = str(path)
    if fmt == "pdf":
        return read_pdf(path, ocr=ocr)
    if fmt == "docx":
        try:
            return read_docx(path)
        except LegacyWordFile:  # a Word 97-2003 file named .docx: convert it like any .doc
            fmt = "doc"
    if fmt == "doc":
        return read_doc(path)
    if fmt == "image":
        if ocr == "never":
            raise InputError("an image has no text layer; OCR is switched off (--ocr never)")
        # deferred on purpose: the OCR reader loads OpenCV, numpy and Tesseract (about 0.2 s), which a text
        # PDF or a DOCX never needs; the PDF reader likewise loads OCR only for a page that needs it
        from .readers.image import read_image_file

        return read_image_file(path)
    raise InputError(f"unsupported format {fmt}")


def _document_text(doc: Document) -> str:
    """Body in reading order, tables row by row, footnotes last (the contract's `documents.text`)."""
    parts: list[str] = []
    for item in doc.items():
        if isinstance(item, Line):
            parts.append(item.text)
        elif isinstance(item, Table):
            for row in item.row_texts():
                cells = [c for c in row if c.strip()]
                if cells:
                    parts.append("\t".join(cells))  # tabs: readable, and plain whitespace to search and compare
    for note in doc.all_footnotes():
        parts.append(f"{note.number} {note.text}")
    return "\n".join(parts)


def interpret(doc: Document, sha256: str, source_path: str) -> Records:
    """All interpreters over one page model."""
    header = read_header(doc)
    attachments = find_attachments(doc, header)
    sections = read_sections(doc, header.body_start, header.body_end,
                             stop=attachments[0].start if attachments else None)
    in_attachment: list[Optional[int]] = [None] * len(sections)
    for att in attachments:  # the outline of each document bound after the main one, after the main one's
        offset = len(sections)
        for att_sec in att.sections:
            att_sec.parent = att_sec.parent + offset if att_sec.parent is not None else None
            sections.append(att_sec)
            in_attachment.append(att.position)
    tables, cells, indicators, _joined = read_tables(doc, join_tables(doc))

    document = {
        "sha256": sha256,
        "source_path": source_path,
        "format": doc.format,
        "text_source": doc.text_source,
        "pages": doc.page_count,
        # DOCX/DOC: the page count the writing program saved (the contract keeps `pages` NULL for them)
        "saved_pages": doc.meta.get("saved_pages") if doc.page_count is None else None,
        "blank_pages": sum(p.blank for p in doc.pages) if doc.page_count is not None else None,
        "doc_type": header.doc_type,
        "doc_number": header.doc_number,
        "title": header.title,
        "agency": header.agency,
        "province": header.province,
        "issued_date": header.issued_date,
        "period_label": header.period_label,
        "period_year": header.period_year,
        "period_quarter": header.period_quarter,
        "period_start": header.period_start,
        "period_end": header.period_end,
        "signer_name": header.signer_name,
        "signer_title": header.signer_title,
        "text": _document_text(doc),
        "extractor_version": __version__,
        "file_size": os.path.getsize(source_path) if os.path.exists(source_path) else None,
    }
    records = Records(document=document, tables=tables, cells=cells, indicators=indicators)

    for i, s in enumerate(sections):
        records.sections.append({
            "level": s.level, "number": s.number, "path": s.path, "title": s.title,
            "page": s.page, "body": s.body, "parent": s.parent,
            **box_columns(s.box),
            "block": s.block, "attachment": in_attachment[i],
        })
    for att in attachments:
        h = att.header
        records.attachments.append({
            "position": att.position, "doc_type": h.doc_type, "doc_number": h.doc_number, "title": h.title,
            "agency": h.agency, "issued_date": h.issued_date, "signer_name": h.signer_name,
            "signer_title": h.signer_title, "page": att.page, "block": att.block,
            "sections": len(att.sections),
        })

    # text before the first heading (the "Căn cứ ..." preamble) cites documents too
    first_order = sections[0].order if sections else None
    preamble = [
        it.text for it in doc.items()
        if isinstance(it, Line) and it.order >= (header.body_start or 0)
        and (first_order is None or it.order < first_order)
        and (header.body_end is None or it.order < header.body_end)
    ]
    texts: list[tuple[Optional[int], str, str]] = []
    if preamble:
        texts.append((None, " ".join(preamble), "body"))
    for i, s in enumerate(sections):
        if s.title or s.body:
            texts.append((i, (s.title + "\n" + s.body) if s.body else s.title, "body"))

    marker_section: dict[int, Optional[int]] = {}
    for i, s in enumerate(sections):
        for n in _markers(s.title + " " + s.body):
            marker_section.setdefault(n, i)

    notes = doc.all_footnotes()
    # numbers the document uses as names ("Đội kiểm tra 814"), from the evidence of all its text
    names = name_numbers([t for _, t, _ in texts] + [n.text for n in notes])
    for sec, text, _where in texts:
        for q in find_quantities(text, names):
            records.quantities.append({
                "section": sec, "text": q.text, "value": q.value, "unit": q.unit,
                "qualifier": q.qualifier, "sentence": q.sentence,
            })
        for r in find_references(text):
            records.references.append({
                "section": sec, "kind": r.kind, "number": r.number, "date": r.date,
                "issuer": r.issuer, "text": r.text, "title": r.title,
            })
    for note in notes:
        records.footnotes.append({"number": note.number, "text": note.text, "page": note.page})
        for q in find_quantities(note.text, names):  # a footnote states counts too, under its marker's section
            records.quantities.append({
                "section": marker_section.get(note.number), "text": q.text, "value": q.value, "unit": q.unit,
                "qualifier": q.qualifier, "sentence": q.sentence,
            })
        for r in find_references(note.text):
            records.references.append({
                "section": marker_section.get(note.number), "kind": r.kind, "number": r.number,
                "date": r.date, "issuer": r.issuer, "text": r.text, "title": r.title,
            })
    records.checks.extend(find_checks(records))
    marks = [m for page in doc.pages for m in page.marks]
    for m in marks:
        records.marks.append({"page": m.page, "kind": m.kind, "colour": m.colour, "text": m.text,
                              "confidence": m.confidence, **box_columns(m.box)})
    if marks:
        records.checks.extend(handwriting_checks(marks, [it for it in doc.items() if isinstance(it, Line)]))
    for page in doc.pages:
        for unsettled in page.notes:
            records.checks.append({"kind": "page_unsettled", "table_index": None, "rows": None,
                                   "message": f"page {page.number}: {unsettled}"})
    for name, raw in header.unread.items():
        records.checks.append({"kind": "field_unread", "table_index": None, "rows": None,
                               "message": f"{name}: the scan reads '{raw}' where digits are printed or written by "
                                          "hand; stored without them"})
    return records


def _markers(text: str) -> list[int]:
    """Footnote numbers referred to as ``[^n]`` in ``text``."""
    return grammar.footnote_marks(text)


def extract_file(path: PathLike, ocr: str = "auto") -> Records:
    """Read and interpret one file. Raises InputError (one-line reason) for bad input."""
    started = time.perf_counter()
    path = str(path)
    fmt = sniff_format(path)
    try:
        sha = sha256_of(path)
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}") from None
    doc = read_document(path, fmt, ocr=ocr)
    records = interpret(doc, sha, path)
    records.seconds = time.perf_counter() - started
    records.document["seconds"] = round(records.seconds, 4)
    return records
