"""The one error type a reader or interpreter raises for bad input.

Its message is what the user sees after the file name: one readable line, no
traceback (``extract report.pdf``: ``report.pdf: encrypted PDF, needs a password``).
"""


class InputError(Exception):
    """The input cannot be extracted; ``str(err)`` is a one-line reason without the path."""
