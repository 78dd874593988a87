"""Background work: the API worker thread, the thumbnail loader and its process,
run-on-GUI-thread helpers.

The names are imported from their modules when first used: logging_setup needs only
gui_thread, not the API worker's HTTP client (bench/bench_startup.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from galleryman.core.lazy_names import lazy_names

if TYPE_CHECKING:
    from galleryman.workers.api_worker import ApiWorker, JobCancelled, JobHandle, JobKind, Progress
    from galleryman.workers.gui_thread import run_on_gui_thread
    from galleryman.workers.thumbnails import ThumbnailLoader, bucket_for

# Each exported name -> the module of this package that defines it.
_MODULE_OF = {
    "ApiWorker": "api_worker",
    "JobCancelled": "api_worker",
    "JobHandle": "api_worker",
    "JobKind": "api_worker",
    "Progress": "api_worker",
    "ThumbnailLoader": "thumbnails",
    "bucket_for": "thumbnails",
    "run_on_gui_thread": "gui_thread",
}

__all__ = [
    "ApiWorker",
    "JobCancelled",
    "JobHandle",
    "JobKind",
    "Progress",
    "ThumbnailLoader",
    "bucket_for",
    "run_on_gui_thread",
]


__getattr__ = lazy_names(__name__, _MODULE_OF, globals())
