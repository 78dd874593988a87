"""What a URL or media id sent by a client may be: links, video URLs and Media Manager ids.

Everything a client stores comes back to every viewer of the gallery (the app draws links and
thumbnails from them), so a stored value must not be able to run script (``javascript:``),
embed content (``data:``), point into the local disk (``file:``) or walk out of the media
folder (an id with ``/`` or ``..``).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
VIDEO_HOSTS = {"YOUTUBE": ("youtube.com", "youtu.be"), "VIMEO": ("vimeo.com",)}
# Wix's own media hosts: a Wix Media video's URL in a documented response lives there.
WIX_MEDIA_HOSTS = ("wixstatic.com",)
# A Media Manager file id: "<site part>_<file part>[~mv2].<ext>", e.g.
# "11062b_12703ed9a6574547bcaed22b1ce44eef~mv2.jpeg" (letters and digits only, so never a path).
MEDIA_ID_RE = re.compile(r"^[A-Za-z0-9]{1,40}_[A-Za-z0-9]{1,64}(?:~mv2)?\.[A-Za-z0-9]{1,8}$")
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def is_media_id(value: object) -> bool:
    return isinstance(value, str) and MEDIA_ID_RE.match(value) is not None


def _parts(url: str) -> tuple[str, str, str] | None:
    """(scheme, host, path) of a URL written without spaces or control characters."""
    if not url or _CONTROL.search(url):
        return None
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    return parts.scheme.lower(), host, parts.path


def link_url_problem(url: str) -> str | None:
    """Why this link URL is refused, or None when it is fine ("" means no URL)."""
    if url == "":
        return None
    parts = _parts(url)
    if parts is None:
        return "must be a URL without spaces or control characters"
    scheme, host, _ = parts
    if scheme not in LINK_SCHEMES:
        return "must be an http, https, mailto or tel URL"
    if scheme in ("http", "https") and not host:
        return "must name a host"
    return None


def _on_host(host: str, hosts: tuple[str, ...]) -> bool:
    return any(host == h or host.endswith("." + h) for h in hosts)


def video_url_problem(url: str, kind: str | None, own_media: str) -> str | None:
    """Why this ``videoInfo.url`` is refused, or None. ``own_media`` is the sandbox's
    ``<base_url>/media/`` prefix: a video file in the site's own Media Manager is fine."""
    parts = _parts(url)
    if parts is None or parts[0] not in ("http", "https") or not parts[1]:
        return "must be an http(s) URL"
    _, host, path = parts
    if kind in VIDEO_HOSTS:
        hosts = VIDEO_HOSTS[kind]
        return None if _on_host(host, hosts) else f"a {kind} video needs a URL on {hosts[0]}"
    if _on_host(host, VIDEO_HOSTS["YOUTUBE"] + VIDEO_HOSTS["VIMEO"] + WIX_MEDIA_HOSTS):
        return None
    if own_media and url.startswith(own_media) and is_media_id(url[len(own_media) :]):
        return None
    return "must be a YouTube or Vimeo URL, or a file of this site's Media Manager"
