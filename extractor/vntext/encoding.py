"""Legacy Vietnamese encodings (TCVN3, VNI, VIQR) to Unicode NFC.

Interim: only NFC. The full codec (issue 3) replaces the body of ``to_unicode``
keeping its signature; readers already call it on every text run.
"""

from __future__ import annotations

import unicodedata
from typing import Optional


def to_unicode(text: str, font: Optional[str] = None) -> str:
    """Return ``text`` as Unicode NFC, converting a legacy encoding told by ``font`` or by the text."""
    return unicodedata.normalize("NFC", text)
