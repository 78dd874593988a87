"""The Wix Pro Gallery and Media Manager REST client (no Qt)."""

from galleryman.wix.auth import AccessTokenAuth, ApiKeyAuth, Auth
from galleryman.wix.client import WixClient
from galleryman.wix.errors import (
    FieldNotClearedError,
    IncompleteListingError,
    PartialDeleteError,
    WixError,
)
from galleryman.wix.limits import Limits
from galleryman.wix.models import FileDescriptor, Gallery, Item
from galleryman.wix.observer import BackoffWait, RateLimitWait, RetryAfterWait, WaitEvent
from galleryman.wix.transport import RetryPolicy
from galleryman.wix.uploads import UploadPhase, UploadState

__all__ = [
    "AccessTokenAuth",
    "ApiKeyAuth",
    "Auth",
    "BackoffWait",
    "FieldNotClearedError",
    "FileDescriptor",
    "Gallery",
    "IncompleteListingError",
    "Item",
    "Limits",
    "PartialDeleteError",
    "RateLimitWait",
    "RetryAfterWait",
    "RetryPolicy",
    "UploadPhase",
    "UploadState",
    "WaitEvent",
    "WixClient",
    "WixError",
]
