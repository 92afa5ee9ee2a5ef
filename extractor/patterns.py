"""Loading of the report knowledge kept as data in the ``patterns`` package.

Heading patterns, column-header aliases, units, document kinds and codecs are
TOML files so that a new template is a data change, not a code change.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=None)
def load(name: str) -> dict[str, Any]:
    """Return the parsed ``patterns/<name>.toml`` (``name`` may hold a sub-folder: ``encodings/tcvn3``)."""
    ref = resources.files("patterns")
    for part in name.split("/")[:-1]:
        ref = ref / part
    ref = ref / (name.split("/")[-1] + ".toml")
    with ref.open("rb") as fh:
        return tomllib.load(fh)
