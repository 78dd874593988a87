"""The Wix Pro Gallery and Media Manager REST client (no Qt).

The names below are imported from their modules when first used: importing one module of the
package (say `galleryman.wix.errors`) does not import the HTTP client and httpx with it, which
the app's first window does not need (bench/bench_startup.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from galleryman.core.lazy_names import lazy_names

if TYPE_CHECKING:
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

# Each exported name -> the module of this package that defines it.
_MODULE_OF = {
    "AccessTokenAuth": "auth",
    "ApiKeyAuth": "auth",
    "Auth": "auth",
    "BackoffWait": "observer",
    "FieldNotClearedError": "errors",
    "FileDescriptor": "models",
    "Gallery": "models",
    "IncompleteListingError": "errors",
    "Item": "models",
    "Limits": "limits",
    "PartialDeleteError": "errors",
    "RateLimitWait": "observer",
    "RetryAfterWait": "observer",
    "RetryPolicy": "transport",
    "UploadPhase": "uploads",
    "UploadState": "uploads",
    "WaitEvent": "observer",
    "WixClient": "client",
    "WixError": "errors",
}

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


__getattr__ = lazy_names(__name__, _MODULE_OF, globals())
