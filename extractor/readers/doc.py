"""Legacy Word (.doc) reader: LibreOffice converts to DOCX, the DOCX reader does the rest.

Converting keeps one code path for everything Word-shaped (numbering, tables,
footnotes, legacy fonts). LibreOffice runs headless with a throw-away user
profile per call, so parallel workers never share (or lock) a profile, and it
is killed when it overruns the timeout (some damaged files make it hang).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Optional

from extractor.errors import InputError
from extractor.model import Document
from extractor.readers.docx import read_docx

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_DOC_BYTES = 512 * 2**20  # a Word .doc is read whole to find its streams; past this it is refused
_MISSING = "LibreOffice (soffice) not found; install it: apt-get install libreoffice-writer-nogui"


def find_soffice() -> Optional[str]:
    """The LibreOffice binary on PATH or in its usual install places."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for cand in ("/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice",
                 "/Applications/LibreOffice.app/Contents/MacOS/soffice"):
        if os.path.exists(cand):
            return cand
    return None


def sniff_doc(path: str) -> str:
    """What the bytes are: 'ole', 'zip', 'rtf', 'html', 'word2' or 'unknown'."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise InputError(f"cannot open file: {exc.strerror or exc}") from None
    if not head:
        raise InputError("empty .doc file")
    if head.startswith(_OLE_MAGIC):
        return "ole"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head[:2] in (b"\xdb\xa5", b"\x9b\xa5", b"\x31\xbe", b"\x32\xbe"):  # Word for Windows 1/2, Word for DOS
        return "word2"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<html", b"<!doctype html", b"<?xml", b"mime-version", b"<head", b"<meta")):
        return "html"
    return "unknown"


def _ole_is_word(data: bytes) -> bool:
    """An OLE file holding a 'WordDocument' stream (not an Excel/PowerPoint file named .doc)."""
    return "WordDocument".encode("utf-16-le") in data


def _find_fib(data: bytes) -> Optional[int]:
    """Offset of the Word File Information Block: wIdent 0xA5EC (Word 97+) or 0xA5DC (Word 6/95) at a
    sector start, followed by a plausible version. Without one LibreOffice would "open" the bytes as
    plain text and we would read garbage."""
    for step in (512, 64):  # regular sectors, then mini-stream sectors of a very small document
        for k in range(step, len(data) - 12, step):
            if data[k:k + 2] in (b"\xec\xa5", b"\xdc\xa5"):
                nfib = int.from_bytes(data[k + 2:k + 4], "little")
                if 0x60 <= nfib <= 0x200:
                    return k
    return None


def read_doc(path: str, timeout: float = 120) -> Document:
    """Convert a .doc with LibreOffice and read the result as DOCX (text_source stays 'docx')."""
    kind = sniff_doc(path)
    if kind == "zip":  # a DOCX with a .doc name: read it as what it is
        return read_docx(path)
    if kind == "unknown":
        raise InputError("not a Word document: unrecognised content (not OLE/RTF/HTML Word format)")
    if kind == "ole":
        if os.path.getsize(path) > MAX_DOC_BYTES:
            raise InputError(f"Word .doc larger than {MAX_DOC_BYTES // 2**20} MB; not read")
        with open(path, "rb") as fh:  # the whole file: an OLE directory may sit past any first megabytes
            data = fh.read()
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise InputError("password-protected Word file (encrypted package); remove the password and retry")
        if not _ole_is_word(data):
            raise InputError("not a Word document: an OLE file without a WordDocument stream (Excel/PowerPoint?)")
        fib = _find_fib(data)
        if fib is None:
            raise InputError("damaged Word .doc: no valid Word file header (FIB) in the WordDocument stream")
        flags = int.from_bytes(data[fib + 10:fib + 12], "little")
        if flags & 0x0100:  # FIB fEncrypted
            raise InputError("password-protected Word .doc (encrypted); remove the password and retry")
    soffice = find_soffice()
    if soffice is None:
        raise InputError(_MISSING)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="doc2docx-") as tmp:
        profile = Path(tmp, "profile")
        outdir = Path(tmp, "out")
        outdir.mkdir()
        # copy under a plain name: LibreOffice names the output after the input, and odd names
        # (spaces, leading dashes, non-ASCII) must not break the command line or the lookup
        src = Path(tmp, "input.doc")
        shutil.copyfile(path, src)
        cmd = [soffice, "--headless", "--norestore", "--nolockcheck",
               f"-env:UserInstallation={profile.as_uri()}",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(outdir), str(src)]
        try:
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    stdin=subprocess.DEVNULL, start_new_session=True)
        except OSError as exc:
            raise InputError(f"{_MISSING} ({exc.strerror or exc})") from None
        try:
            _out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise InputError(f"LibreOffice timed out after {timeout:g} s converting the .doc (damaged file?)") from None
        except BaseException:
            _kill(proc)
            raise
        seconds = time.monotonic() - started
        result = outdir / "input.docx"
        if not result.exists() or result.stat().st_size == 0:
            why = (err or b"").decode("utf-8", "replace").strip().splitlines()
            detail = f" ({why[-1][:160]})" if why else ""
            raise InputError(f"LibreOffice could not open the .doc (damaged or not a Word file){detail}")
        doc = read_docx(str(result))
    doc.source = path
    doc.format = "doc"
    doc.meta["conversion_seconds"] = round(seconds, 3)
    doc.meta["converted_from"] = kind
    return doc


def _kill(proc: subprocess.Popen) -> None:
    """Kill the LibreOffice we started and its children (its own session/process group)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        try:
            proc.kill()
        except ProcessLookupError:
            pass
    try:
        proc.communicate(timeout=10)
    except (subprocess.TimeoutExpired, ValueError):
        pass
