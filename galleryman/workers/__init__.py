"""Background work: the API worker thread, the thumbnail pool, run-on-GUI-thread helpers."""

from galleryman.workers.api_worker import (
    ApiWorker,
    JobCancelled,
    JobHandle,
    JobKind,
    Progress,
)
from galleryman.workers.gui_thread import run_on_gui_thread
from galleryman.workers.thumbnails import ThumbnailLoader, bucket_for

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
