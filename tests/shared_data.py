"""Where the sample documents live: the repo's own ``samples/`` (a fresh clone runs every test without
anything beside it), else EXTRACT_SHARED or the read-only ``../shared`` the project was started from."""

from __future__ import annotations

import os
from pathlib import Path

_REPO = Path(__file__).resolve().parents[1]


def _find() -> tuple[Path, Path]:
    own = _REPO / "samples"
    if (own / "seed-report.pdf").is_file() and (own / "corpus").is_dir():
        return own, own / "corpus"
    for c in (os.environ.get("EXTRACT_SHARED"), _REPO.parent / "shared", "/work/shared"):
        if c and (Path(c) / "samples").is_dir():
            return Path(c) / "samples", Path(c) / "corpus"
    return own, own / "corpus"


SAMPLES, CORPUS = _find()
SHARED = SAMPLES.parent
