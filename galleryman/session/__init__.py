"""One open site as the window sees it: models, undo history, workers (see site_session)."""

from galleryman.session.problems import Problem, UploadRejected
from galleryman.session.site_session import LoadState, SiteSession

__all__ = ["LoadState", "Problem", "SiteSession", "UploadRejected"]
