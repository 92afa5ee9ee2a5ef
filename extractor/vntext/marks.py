"""Vietnamese letters without their marks, for matching that must survive OCR slips and spelling variants."""

from __future__ import annotations

import unicodedata


def strip_marks(s: str) -> str:
    """Letters without tone or vowel marks (đ -> d), case kept: 'Đơn vị tính' -> 'Don vi tinh'."""
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in s if not unicodedata.combining(c))
