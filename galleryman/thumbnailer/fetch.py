"""One thumbnail: the disk cache, else the server's scaled copy; decoded with Pillow into
premultiplied pixels, the layout a pixmap keeps, so the window only copies them (no Qt)."""

from __future__ import annotations

import io
import logging
import sys
from dataclasses import dataclass

import httpx
from PIL import Image as PILImage
from PIL import ImageOps

from galleryman.core.thumbcache import ThumbnailDiskCache
from galleryman.wix.urls import thumbnail_url

log = logging.getLogger(__name__)

HTTP_TIMEOUT_S = 20.0
# Bytes in memory order. Qt's ARGB32_Premultiplied is B, G, R, A on a little-endian machine;
# RGBA8888_Premultiplied is R, G, B, A on any (the window names the QImage format).
PIXEL_LAYOUT = "BGRa" if sys.byteorder == "little" else "RGBa"


@dataclass(frozen=True)
class Pixels:
    width: int
    height: int
    data: bytes  # premultiplied, 4 bytes a pixel in PIXEL_LAYOUT, rows packed


def new_http_client() -> httpx.Client:
    # Thumbnails are public media: no auth header, and one client shares connections.
    return httpx.Client(
        timeout=HTTP_TIMEOUT_S, follow_redirects=True, headers={"User-Agent": "galleryman"}
    )


def fetch(
    cache: ThumbnailDiskCache, http: httpx.Client, key: str, url: str, bucket: int
) -> Pixels | str:
    """The thumbnail's pixels, or why there are none (a sentence for the window). Never raises
    for what a server or the disk does."""
    disk_key = f"{key}@{bucket}"
    data = cache.get(disk_key)
    if data is not None:
        pixels = decode(data, bucket)
        if pixels is not None:
            return pixels
        log.info("dropping an undecodable cached thumbnail for %s", key)
    try:
        response = http.get(thumbnail_url(url, bucket, bucket))
    except httpx.HTTPError as exc:
        return _network_reason(exc)
    except (ValueError, RuntimeError) as exc:  # a malformed URL, or the client was closed
        return f"could not fetch the thumbnail: {exc}"
    if response.status_code != 200:
        phrase = response.reason_phrase or "error"
        return f"the server answered HTTP {response.status_code} ({phrase})"
    pixels = decode(response.content, bucket)
    if pixels is None:
        return "the server sent something that is not an image"
    # Only bytes that decoded are cached, so a bad answer is never served again.
    cache.put(disk_key, response.content)
    return pixels


def decode(data: bytes, bucket: int) -> Pixels | None:
    """Upright, at most `bucket` pixels a side, premultiplied; None if it is not an image."""
    if not data:
        return None
    try:
        with PILImage.open(io.BytesIO(data)) as picture:
            picture.draft("RGB", (bucket, bucket))  # JPEG: decode at a reduced scale
            # Upright as EXIF says: a scaled copy may still carry the original's orientation
            # (turning one that carries none changes nothing).
            upright = ImageOps.exif_transpose(picture)
            # A server that ignored the requested size must not cost a full-size pixmap.
            upright.thumbnail((bucket, bucket), PILImage.Resampling.LANCZOS)
            rgba = upright.convert("RGBA")
            # Both premultiply: Pillow's BGRa packer as it writes, the RGBa mode when made.
            if PIXEL_LAYOUT == "BGRa":
                raw = rgba.tobytes("raw", "BGRa")
            else:
                raw = rgba.convert("RGBa").tobytes()
    except Exception:  # bytes from the network: any decoder failure means "not an image"
        return None
    return Pixels(rgba.width, rgba.height, raw)


def _network_reason(exc: httpx.HTTPError) -> str:
    if isinstance(exc, httpx.ConnectError):
        return "could not connect to the server"
    if isinstance(exc, httpx.TimeoutException):
        return "the server took too long to answer"
    return f"the download failed ({type(exc).__name__})"
