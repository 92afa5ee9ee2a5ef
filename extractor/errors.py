"""The one error type a reader or interpreter raises for bad input.

Its message is what the user sees after the file name: one readable line, no
traceback (``extract report.pdf``: ``report.pdf: encrypted PDF, needs a password``).
"""


class InputError(Exception):
    """The input cannot be extracted; ``str(err)`` is a one-line reason without the path."""


class OutputError(Exception):
    """The database named by ``-o`` cannot be ours to write: a folder, a read-only place, a file that is
    not SQLite, or another application's database. Raised before anything is written, so the file is
    left exactly as it was; ``str(err)`` is one line naming the path."""
