"""One open site as the window sees it: models, undo history, workers (see site_session).

The names are imported from their modules when first used: the main window's module can
be imported (and its first frame painted) before the session's (bench/bench_startup.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from galleryman.core.lazy_names import lazy_names

if TYPE_CHECKING:
    from galleryman.session.problems import Problem, UploadRejected
    from galleryman.session.site_session import LoadState, SiteSession

# Each exported name -> the module of this package that defines it.
_MODULE_OF = {
    "LoadState": "site_session",
    "Problem": "problems",
    "SiteSession": "site_session",
    "UploadRejected": "problems",
}

__all__ = [
    "LoadState",
    "Problem",
    "SiteSession",
    "UploadRejected",
]


__getattr__ = lazy_names(__name__, _MODULE_OF, globals())
