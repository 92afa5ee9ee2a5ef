"""sqlite-utils without pandas at start-up.

sqlite-utils imports pandas when it is installed (the ``export`` extra installs it) only to map
``pandas.Timestamp`` to a column type, and that import costs about half a second at every ``extract``
start, more than reading a short PDF. The writer never stores pandas values, so sqlite-utils is
imported here with pandas hidden; pandas itself stays importable for the exports that use it.
"""

from __future__ import annotations

import sys

if "sqlite_utils" not in sys.modules and "pandas" not in sys.modules:
    sys.modules["pandas"] = None  # type: ignore[assignment]  # makes ``import pandas`` fail, once
    try:
        import sqlite_utils
    finally:
        del sys.modules["pandas"]
else:
    import sqlite_utils

__all__ = ["sqlite_utils"]
