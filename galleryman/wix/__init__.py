"""The Wix Pro Gallery and Media Manager REST client (no Qt)."""

from galleryman.wix.auth import AccessTokenAuth, ApiKeyAuth, Auth
from galleryman.wix.client import WixClient
from galleryman.wix.errors import WixError
from galleryman.wix.models import FileDescriptor, Gallery, Item
from galleryman.wix.transport import RetryPolicy

__all__ = [
    "AccessTokenAuth",
    "ApiKeyAuth",
    "Auth",
    "FileDescriptor",
    "Gallery",
    "Item",
    "RetryPolicy",
    "WixClient",
    "WixError",
]
