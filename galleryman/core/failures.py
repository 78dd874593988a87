"""The base of failures that are not bugs (a file the checks refused, the site refusing a
change): workers log them as warnings with their sentence, never with a traceback."""

from __future__ import annotations


class ExpectedFailure(Exception):
    """A failure to tell the user about, not a bug to report."""
