"""The title and caption a photo carries itself (EXIF), for "use the photo's own title".

Cameras, Windows Explorer and photo managers write them into the file: the Windows title
(XPTitle, UTF-16) and the caption (ImageDescription, the field Lightroom and most cameras'
apps fill). Read with Pillow from the file's header only; a file without them, or one Pillow
cannot read, gives nothing (the file name stays the title).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

log = logging.getLogger(__name__)

IMAGE_DESCRIPTION = 0x010E
XP_TITLE = 0x9C9B
LONGEST = 1000  # a caption longer than this is not a caption (a camera's dump, say)


@dataclass(frozen=True)
class PhotoText:
    title: str | None = None
    caption: str | None = None

    def fields(self) -> dict[str, str]:
        """The item fields they fill: title and description."""
        found = {"title": self.title, "description": self.caption}
        return {key: value for key, value in found.items() if value}


def read_photo_text(path: Path) -> PhotoText:
    try:
        with Image.open(path) as image:
            exif = image.getexif()
    except (OSError, UnidentifiedImageError, ValueError) as exc:
        log.info("no embedded title read from %s: %s", path.name, exc)
        return PhotoText()
    return PhotoText(_xp_text(exif.get(XP_TITLE)), _text(exif.get(IMAGE_DESCRIPTION)))


def _xp_text(value: object) -> str | None:
    """Windows' XP* tags: UTF-16LE bytes (or a tuple of byte values), NUL-terminated."""
    if isinstance(value, tuple):
        value = bytes(v for v in value if isinstance(v, int) and 0 <= v < 256)
    if isinstance(value, bytes):
        return _text(value.decode("utf-16-le", "replace"))
    return _text(value)


def _text(value: object) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return None
    cleaned = value.replace("\x00", "").strip()
    if not cleaned or len(cleaned) > LONGEST or not cleaned.isprintable():
        return None
    return cleaned
