"""Image files (.png, .jpg, .jpeg, .tif, .tiff) as documents: every frame is one OCR'd page."""

from __future__ import annotations

import os

from PIL import Image, ImageSequence, UnidentifiedImageError

from extractor.errors import InputError
from extractor.model import Document
from extractor.readers.ocr import ocr_image_carry

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
DEFAULT_DPI = 300

# Pillow refuses "decompression bombs" above this many pixels; a 600 dpi A3 page is ~70 Mpx
Image.MAX_IMAGE_PIXELS = 200_000_000


def image_dpi(img: Image.Image) -> int:
    """Resolution from the file's metadata, or 300 when it is absent or implausible.

    A page-sized image with no or a nonsense resolution (72 dpi is what many tools write by
    default) is better guessed from its pixel size: an A4 page's long side is ~11.7 inches.
    """
    dpi = img.info.get("dpi")
    val = None
    if isinstance(dpi, (tuple, list)) and dpi:
        try:
            val = float(dpi[0])
        except (TypeError, ValueError):
            val = None
    elif isinstance(dpi, (int, float)):
        val = float(dpi)
    if val is not None and 100 <= val <= 1200:
        return int(round(val))
    long_side = max(img.size)
    guess = long_side / 11.69
    if 120 <= guess <= 700:
        return int(round(guess / 50) * 50) or DEFAULT_DPI
    return DEFAULT_DPI


def read_image_file(path: str) -> Document:
    """OCR an image file (a multi-page TIFF gives several pages) into a ``Document``."""
    ext = os.path.splitext(path)[1].lower()
    if ext not in IMAGE_EXTENSIONS:
        raise InputError(f"not an image file this reader knows ({ext or 'no extension'})")
    try:
        img = Image.open(path)
        img.load()
    except FileNotFoundError:
        raise InputError("file not found") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise InputError(f"unreadable image: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
    except Image.DecompressionBombError:
        raise InputError("image too large to OCR") from None
    doc = Document(source=path, format="image")
    order = 0
    carry = None  # a table without vertical rules running off a frame's foot continues on the next
    try:
        with img:
            n = getattr(img, "n_frames", 1)
            for i, frame in enumerate(ImageSequence.Iterator(img)):
                dpi = image_dpi(frame)
                page, carry = ocr_image_carry(frame.copy(), i + 1, order, dpi, carry)
                order += len(page.lines) + len(page.tables)
                doc.pages.append(page)
                if i + 1 >= n:
                    break
    except InputError:
        raise
    except (OSError, SyntaxError, ValueError) as exc:
        raise InputError(f"unreadable image: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
    if not doc.pages:
        raise InputError("image has no pages")
    doc.page_count = len(doc.pages)
    doc.meta["ocr_pages"] = [p.number for p in doc.pages]
    return doc
