"""What a failed job tells the user: a sentence, and Retry only where retrying can work.

A Retry that can never succeed (the item is gone, the data was refused, the key is wrong)
only teaches the user that the button lies; those failures are said plainly instead.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from dataclasses import dataclass

from galleryman.core.failures import ExpectedFailure
from galleryman.core.i18n import tr
from galleryman.sync import RemoteError
from galleryman.wix.errors import (
    MalformedResponseError,
    NotFoundError,
    UncertainCreateError,
    WixError,
)


@dataclass
class Problem:
    """A failure to show the user: the sentence, and what Retry would do (if anything)."""

    message: str
    retry: Callable[[], None] | None = None


class UploadRejected(ExpectedFailure):
    """A file that failed the local checks before any upload (the user's file, not a bug)."""

    def __init__(self, reason: str, *, retryable: bool = False) -> None:
        super().__init__(reason)
        self.retryable = retryable


# A local file that could not be read for a passing reason (busy, a network drive away).
_TRANSIENT_ERRNOS = frozenset({errno.EAGAIN, errno.EBUSY, errno.EIO, errno.ETIMEDOUT})


def sentence(error: BaseException) -> str:
    if isinstance(error, WixError):
        return error.user_message
    if isinstance(error, UploadRejected):
        return str(error)
    if isinstance(error, RemoteError):
        return error.sentence
    if isinstance(error, ExpectedFailure):
        return str(error)  # its own sentence (another window sending this site's changes...)
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return tr("unexpected error ({error}); details are in the log").format(
        error=type(error).__name__
    )


def can_retry(error: BaseException) -> bool:
    """Whether sending the same request again could succeed."""
    if isinstance(error, UploadRejected | RemoteError):
        return error.retryable
    if isinstance(error, NotFoundError | UncertainCreateError):
        return False  # gone for good / Refresh first, so nothing is created twice
    if isinstance(error, MalformedResponseError):
        return True  # a garbled answer (a proxy, a cut connection) may come out right next time
    if isinstance(error, WixError):
        return error.retryable
    if isinstance(error, OSError):
        return error.errno in _TRANSIENT_ERRNOS
    return False  # a bug: the same call fails the same way


def is_gone(error: BaseException) -> bool:
    """The site says the thing the request was about does not exist."""
    return isinstance(error, NotFoundError)
