"""The extractor's version, in a module of its own.

Every module that stamps or checks the version (records, the unchanged-file test, ``--version``) imports it
from here, so none of them has to import the package's ``__init__`` (which imports the whole API) and no
import runs back up the layers. pyproject.toml reads the same string (``[tool.setuptools.dynamic]``).
"""

__version__ = "0.1.0"
