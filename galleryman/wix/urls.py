"""URL helpers: Wix static media URLs and thumbnails, `wix:image://` URIs, video links.

Pure string work, standard library only. Formats (see the API contract, "Media"):

* static URL of a Media Manager file: `https://static.wixstatic.com/media/<file id>`
  (the sandbox serves the same paths under its own host);
* scaled copy: `<url>/v1/fit/w_<W>,h_<H>/file.jpg` (1..5000, never upscaled by the server);
  cropped to fill: `<url>/v1/fill/w_<W>,h_<H>,al_c,q_<Q>/file.jpg`;
* Velo's string form of an image:
  `wix:image://v1/<id>/<filename>#originWidth=<w>&originHeight=<h>[&watermark=<manifest>]`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote, urlsplit, urlunsplit

WIX_API_BASE = "https://www.wixapis.com"  # the REST API's host

__all__ = [
    "WIX_API_BASE",
    "MAX_DIMENSION",
    "MAX_QUALITY",
    "MIN_DIMENSION",
    "MIN_QUALITY",
    "STATIC_MEDIA_BASE",
    "WixImageUri",
    "fill_url",
    "format_wix_image",
    "image_info_from_wix_image",
    "is_vimeo_url",
    "is_youtube_url",
    "media_url_for",
    "on_loopback_origin",
    "parse_wix_image",
    "strip_transform",
    "thumbnail_url",
    "video_type_for_url",
    "vimeo_video_id",
    "wix_image_from_image_info",
    "youtube_video_id",
]

STATIC_MEDIA_BASE = "https://static.wixstatic.com/media"
MIN_DIMENSION = 1
MAX_DIMENSION = 5000
MIN_QUALITY = 30
MAX_QUALITY = 100

WIX_IMAGE_PREFIX = "wix:image://v1/"

# A transform at the end of a media URL path: /v1/<method>/<params>[/<file name>].
_TRANSFORM = re.compile(r"/v1/[A-Za-z_]+/[^/]*(?:/[^/]*)?$")
# Characters a media id may not contain (it is one path segment of a URL / URI).
_BAD_ID_CHARS = re.compile(r"[/#?\s]")


# --------------------------------------------------------------------------- static URLs


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, int(value)))


def strip_transform(media_url: str) -> str:
    """`media_url` without a trailing slash or an existing `/v1/...` transform.

    The query string and fragment, if any, are kept.
    """
    parts = urlsplit(media_url.strip())
    path = parts.path.rstrip("/")
    path = _TRANSFORM.sub("", path).rstrip("/")
    return urlunsplit(parts._replace(path=path))


def _with_transform(media_url: str, transform: str) -> str:
    if not media_url.strip():
        raise ValueError("media URL is empty")
    parts = urlsplit(strip_transform(media_url))
    return urlunsplit(parts._replace(path=f"{parts.path}/v1/{transform}/file.jpg"))


_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def on_loopback_origin(url: str, base_url: str) -> str:
    """`url` moved to `base_url`'s scheme, host and port when it points at a loopback server:
    the local sandbox listens on a new port each start, and media URLs kept in the catalog
    name the old one. Other URLs (Wix's static media host) are returned unchanged."""
    parts = urlsplit(url)
    if parts.hostname not in _LOOPBACK:
        return url
    base = urlsplit(base_url)
    return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, parts.fragment))


def thumbnail_url(media_url: str, width: int, height: int) -> str:
    """A copy scaled to fit `width` x `height`: `<media_url>/v1/fit/w_<W>,h_<H>/file.jpg`.

    Width and height are clamped to 1..5000; a trailing slash or an existing `/v1/...`
    transform on `media_url` is dropped first.
    """
    w = _clamp(width, MIN_DIMENSION, MAX_DIMENSION)
    h = _clamp(height, MIN_DIMENSION, MAX_DIMENSION)
    return _with_transform(media_url, f"fit/w_{w},h_{h}")


def fill_url(media_url: str, width: int, height: int, quality: int = 90) -> str:
    """A copy cropped (centred) to fill `width` x `height`:
    `<media_url>/v1/fill/w_<W>,h_<H>,al_c,q_<Q>/file.jpg` (quality clamped to 30..100)."""
    w = _clamp(width, MIN_DIMENSION, MAX_DIMENSION)
    h = _clamp(height, MIN_DIMENSION, MAX_DIMENSION)
    q = _clamp(quality, MIN_QUALITY, MAX_QUALITY)
    return _with_transform(media_url, f"fill/w_{w},h_{h},al_c,q_{q}")


def media_url_for(file_id: str, static_base: str = STATIC_MEDIA_BASE) -> str:
    """The static URL of a Media Manager file: `<static_base>/<file_id>`.

    A `wix:image://` URI is accepted in place of the id (as Wix's fileId parameters do).
    """
    if file_id[:12].lower() == "wix:image://":
        file_id = parse_wix_image(file_id).media_id
    _check_media_id(file_id)
    return f"{static_base.rstrip('/')}/{quote(file_id, safe='~')}"


# --------------------------------------------------------------------------- wix:image://


@dataclass(frozen=True)
class WixImageUri:
    """The parts of `wix:image://v1/<id>/<filename>#originWidth=..&originHeight=..`."""

    media_id: str
    filename: str
    width: int | None = None
    height: int | None = None
    watermark: str | None = None


def _check_media_id(media_id: str) -> None:
    if not media_id:
        raise ValueError("media id is empty")
    if _BAD_ID_CHARS.search(media_id):
        raise ValueError(f"media id must not contain '/', '#', '?' or spaces: {media_id!r}")


def _parse_dimension(name: str, text: str, uri: str) -> int:
    if not text.isascii() or not text.isdigit():
        raise ValueError(f"{name} must be a non-negative integer in {uri!r}, got {text!r}")
    return int(text)


def parse_wix_image(uri: str) -> WixImageUri:
    """Parse Velo's `wix:image://v1/<id>/<filename>#originWidth=<w>&originHeight=<h>` form.

    The filename is percent-decoded. `originWidth`, `originHeight` and `watermark` are
    optional (None when absent); `watermark` runs to the end of the fragment and is kept
    verbatim; other fragment parameters are ignored. Raises ValueError for anything that is not
    such a URI: another scheme or version, a missing id, a malformed dimension.
    """
    if not isinstance(uri, str):
        raise ValueError(f"wix:image URI must be a string, got {type(uri).__name__}")
    if uri[: len(WIX_IMAGE_PREFIX)].lower() != WIX_IMAGE_PREFIX:
        raise ValueError(f"not a wix:image://v1/ URI: {uri!r}")
    body, _sep, fragment = uri[len(WIX_IMAGE_PREFIX) :].partition("#")
    media_id, _sep, raw_filename = body.partition("/")
    if not media_id:
        raise ValueError(f"wix:image URI has no media id: {uri!r}")
    if _BAD_ID_CHARS.search(media_id):
        raise ValueError(f"wix:image URI has a malformed media id: {uri!r}")
    try:
        filename = unquote(raw_filename, errors="strict")
    except UnicodeDecodeError as exc:
        raise ValueError(f"wix:image URI has a malformed file name: {uri!r}") from exc

    width = height = None
    watermark = None
    rest = fragment
    while rest:
        param, _sep, rest = rest.partition("&")
        name, eq, value = param.partition("=")
        if name == "watermark" and eq:
            watermark = value + ("&" + rest if _sep else "")
            break
        if name == "originWidth":
            width = _parse_dimension(name, value, uri)
        elif name == "originHeight":
            height = _parse_dimension(name, value, uri)
    return WixImageUri(media_id, filename, width, height, watermark)


def format_wix_image(ref: WixImageUri) -> str:
    """The `wix:image://v1/...` string for `ref`; the filename is percent-encoded.

    `parse_wix_image(format_wix_image(ref)) == ref`.
    """
    _check_media_id(ref.media_id)
    params = []
    for name, value in (("originWidth", ref.width), ("originHeight", ref.height)):
        if value is not None:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
            params.append(f"{name}={value}")
    if ref.watermark is not None:
        params.append(f"watermark={ref.watermark}")
    uri = f"{WIX_IMAGE_PREFIX}{ref.media_id}/{quote(ref.filename, safe='~')}"
    return f"{uri}#{'&'.join(params)}" if params else uri


def image_info_from_wix_image(uri: str, static_base: str = STATIC_MEDIA_BASE) -> dict[str, Any]:
    """The REST `imageInfo` object for a `wix:image://` URI: `{id, url, width, height, filename}`.

    Keys whose value is unknown (no dimension in the URI, an empty file name) are omitted, as
    the API omits unset fields.
    """
    ref = parse_wix_image(uri)
    info: dict[str, Any] = {"id": ref.media_id, "url": media_url_for(ref.media_id, static_base)}
    if ref.width is not None:
        info["width"] = ref.width
    if ref.height is not None:
        info["height"] = ref.height
    if ref.filename:
        info["filename"] = ref.filename
    return info


def _info_dimension(info: Mapping[str, Any], name: str) -> int | None:
    value = info.get(name)
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"imageInfo.{name} must be an integer, got {value!r}")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    if not isinstance(value, int) or value < 0:
        raise ValueError(f"imageInfo.{name} must be a non-negative integer, got {value!r}")
    return value


def wix_image_from_image_info(info: Mapping[str, Any]) -> str:
    """The `wix:image://` URI for a REST `imageInfo` object (needs `id`).

    Without a `filename` the id stands in for it, as in Wix's own Velo examples.
    """
    media_id = info.get("id")
    if not isinstance(media_id, str) or not media_id:
        raise ValueError(f"imageInfo has no id: {dict(info)!r}")
    filename = info.get("filename")
    if filename is not None and not isinstance(filename, str):
        raise ValueError(f"imageInfo.filename must be a string, got {filename!r}")
    ref = WixImageUri(
        media_id=media_id,
        filename=filename or media_id,
        width=_info_dimension(info, "width"),
        height=_info_dimension(info, "height"),
    )
    return format_wix_image(ref)


# --------------------------------------------------------------------------- video links

_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]+")
_VIMEO_PATHS = (
    re.compile(r"/(\d+)(?:/[0-9a-f]+)?/?"),  # vimeo.com/<id>[/<unlisted hash>]
    re.compile(r"/channels/[^/]+/(\d+)/?"),
    re.compile(r"/groups/[^/]+/videos/(\d+)/?"),
)
_VIMEO_PLAYER_PATH = re.compile(r"/video/(\d+)/?")


def _split_web_url(url: str) -> tuple[str, str, str] | None:
    """(host without www., path, query) of an http(s) URL; a missing scheme means https."""
    text = url.strip()
    if not text:
        return None
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    if host.startswith("www."):
        host = host[4:]
    return host, parts.path, parts.query


def youtube_video_id(url: str) -> str | None:
    """The video id of a YouTube link, or None if `url` is not one.

    Accepts youtube.com/watch?v=, m.youtube.com, music.youtube.com, youtube.com/shorts/<id>,
    youtube.com/embed/<id>, youtube.com/live/<id>, youtube-nocookie.com/embed/<id> and
    youtu.be/<id>.
    """
    split = _split_web_url(url)
    if split is None:
        return None
    host, path, query = split
    candidate: str | None = None
    if host == "youtu.be":
        candidate = path.strip("/")
    elif host in ("youtube.com", "m.youtube.com", "music.youtube.com"):
        if path.rstrip("/") == "/watch":
            for param in query.split("&"):
                name, _eq, value = param.partition("=")
                if name == "v":
                    candidate = value
                    break
        else:
            match = re.fullmatch(r"/(?:shorts|embed|live|v)/([^/]+)/?", path)
            candidate = match.group(1) if match else None
    elif host == "youtube-nocookie.com":
        match = re.fullmatch(r"/embed/([^/]+)/?", path)
        candidate = match.group(1) if match else None
    if candidate and _YOUTUBE_ID.fullmatch(candidate):
        return candidate
    return None


def vimeo_video_id(url: str) -> str | None:
    """The numeric video id of a Vimeo link (vimeo.com/<digits>, player.vimeo.com/video/<digits>,
    also /channels/<name>/<digits> and /groups/<name>/videos/<digits>), or None."""
    split = _split_web_url(url)
    if split is None:
        return None
    host, path, _query = split
    if host == "vimeo.com":
        for pattern in _VIMEO_PATHS:
            match = pattern.fullmatch(path)
            if match:
                return match.group(1)
    elif host == "player.vimeo.com":
        match = _VIMEO_PLAYER_PATH.fullmatch(path)
        if match:
            return match.group(1)
    return None


def is_youtube_url(url: str) -> bool:
    """Whether `url` links a YouTube video."""
    return youtube_video_id(url) is not None


def is_vimeo_url(url: str) -> bool:
    """Whether `url` links a Vimeo video."""
    return vimeo_video_id(url) is not None


def video_type_for_url(url: str) -> str:
    """The item `video.type` for an external video link: "YOUTUBE" or "VIMEO".

    Raises ValueError for any other URL (the API supports only these two external sources).
    """
    if is_youtube_url(url):
        return "YOUTUBE"
    if is_vimeo_url(url):
        return "VIMEO"
    raise ValueError(f"not a YouTube or Vimeo video URL: {url!r}")
