"""Where the read-only shared data (samples, corpus) lives: beside the checkout, or as EXTRACT_SHARED says."""

from __future__ import annotations

import os
from pathlib import Path


def _find() -> Path:
    beside = Path(__file__).resolve().parents[2] / "shared"
    for c in (os.environ.get("EXTRACT_SHARED"), beside, "/work/shared"):
        if c and (Path(c) / "samples").is_dir():
            return Path(c)
    return beside


SHARED = _find()
SAMPLES = SHARED / "samples"
CORPUS = SHARED / "corpus"
