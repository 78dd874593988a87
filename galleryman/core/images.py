"""Image files before upload: which ones Wix will take, and small JPEG previews (Pillow, no Qt).

`check_image` never raises for bad input: every problem becomes a readable `reason`, so a
drop of a hundred files can list what was skipped and why instead of stopping at the first.
"""

from __future__ import annotations

import io
import os
import stat
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 25 * 1024 * 1024
MIN_SIDE = 1
MAX_SIDE = 25_000
MAX_PIXELS = 180_000_000

# Pillow format name -> MIME type sent to the Media Manager. MPO is what Pillow calls the
# JPEG files many cameras write (a JPEG with extra frames); Wix takes them as JPEG.
SUPPORTED_FORMATS: dict[str, str] = {
    "JPEG": "image/jpeg",
    "MPO": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "GIF": "image/gif",
    "BMP": "image/bmp",
    "TIFF": "image/tiff",
}
IMAGE_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff"}
)
# Above this many pixels a non-JPEG is checked by its structure only: decoding it whole
# would need gigabytes of memory just to learn that it is fine.
_FULL_DECODE_PIXELS = 50_000_000
_MB = 1024 * 1024


@dataclass(frozen=True)
class ImageCheck:
    path: Path
    ok: bool
    reason: str | None
    width: int | None
    height: int | None
    mime_type: str | None
    size_bytes: int


def check_image(path: Path) -> ImageCheck:
    """Whether `path` is an image Wix will accept, and if not, a sentence saying why."""
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        return _bad(path, "file not found")
    except PermissionError:
        return _bad(path, "cannot be read: permission denied")
    except OSError as exc:
        return _bad(path, f"cannot be read: {exc.strerror or exc}")
    if stat.S_ISDIR(info.st_mode):
        return _bad(path, "a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        return _bad(path, "not a regular file")
    size = info.st_size
    if size == 0:
        return _bad(path, "empty file", size=size)
    try:
        return _check_contents(path, size)
    except PermissionError:
        return _bad(path, "cannot be read: permission denied", size=size)
    except Image.DecompressionBombError:
        limit = MAX_PIXELS // 1_000_000
        return _bad(path, f"too many pixels (limit {limit} megapixels)", size=size)
    except (UnidentifiedImageError, SyntaxError):
        return _bad(path, "not an image Pillow can read", size=size)
    except MemoryError:
        return _bad(path, "too large to decode", size=size)
    except Exception as exc:  # any other decoder failure means a damaged file
        return _bad(path, f"damaged or incomplete image ({_short(exc)})", size=size)


def _check_contents(path: Path, size: int) -> ImageCheck:
    with _bomb_warning_ignored(), Image.open(path) as im:
        fmt = im.format or ""
        width, height = im.size
        mime = SUPPORTED_FORMATS.get(fmt)

        def result(reason: str | None) -> ImageCheck:
            return ImageCheck(path, reason is None, reason, width, height, mime, size)

        if mime is None:
            return result(f"{fmt or 'this'} images are not supported ({_supported_list()})")
        if min(width, height) < MIN_SIDE:
            return result(f"no pixels: {width} × {height}")
        if max(width, height) > MAX_SIDE:
            return result(f"too big: {width:,} × {height:,} pixels (limit {MAX_SIDE:,} a side)")
        if width * height > MAX_PIXELS:
            return result(
                f"too many pixels: {width:,} × {height:,} "
                f"(limit {MAX_PIXELS // 1_000_000} megapixels)"
            )
        if size > MAX_UPLOAD_BYTES:
            return result(f"too large: {size / _MB:.1f} MB (limit {MAX_UPLOAD_BYTES // _MB} MB)")
        im.verify()  # structure and checksums; leaves the image unusable
    with _bomb_warning_ignored(), Image.open(path) as im:
        if im.format in ("JPEG", "MPO"):
            # Decoding at 1/8 scale still reads every byte, so truncation shows, at a fraction
            # of the cost of a full decode.
            im.draft("RGB", (max(1, width // 8), max(1, height // 8)))
            im.load()
        elif width * height <= _FULL_DECODE_PIXELS:
            im.load()
    return result(None)


def _bad(path: Path, reason: str, size: int = 0) -> ImageCheck:
    return ImageCheck(path, False, reason, None, None, None, size)


def _supported_list() -> str:
    return "use JPEG, PNG, WebP, GIF, BMP or TIFF"


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 80 else text[:77] + "..."


@contextmanager
def _bomb_warning_ignored() -> Iterator[None]:
    """Pillow warns above ~89 megapixels; our own MAX_PIXELS is the limit that applies."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        yield


def collect_image_files(paths: Iterable[Path]) -> list[Path]:
    """Files to upload from what the user chose or dropped.

    Files are kept as given (a wrong one is reported by `check_image`, not silently dropped);
    folders are walked recursively in name order, taking image files and skipping hidden
    files and folders. Each file appears once, where it was first met.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    visited_dirs: set[tuple[int, int]] = set()
    for raw in paths:
        path = Path(raw)
        entries = _walk(path, visited_dirs) if path.is_dir() else iter([path])
        for entry in entries:
            key = _identity(entry)
            if key not in seen:
                seen.add(key)
                found.append(entry)
    return found


def _walk(folder: Path, visited: set[tuple[int, int]]) -> Iterator[Path]:
    try:
        info = folder.stat()
    except OSError:
        return
    marker = (info.st_dev, info.st_ino)
    if marker in visited:  # a symlink loop, or the same folder given twice
        return
    visited.add(marker)
    try:
        children = sorted(folder.iterdir(), key=lambda p: (p.name.casefold(), p.name))
    except OSError:
        return
    for child in children:
        if _is_hidden(child):
            continue
        if child.is_dir():
            yield from _walk(child, visited)
        elif child.is_file() and child.suffix.lower() in IMAGE_SUFFIXES:
            yield child


def _is_hidden(path: Path) -> bool:
    if path.name.startswith("."):
        return True
    try:
        attributes = getattr(path.lstat(), "st_file_attributes", 0)
    except OSError:
        return False
    return bool(attributes & getattr(stat, "FILE_ATTRIBUTE_HIDDEN", 0))


def _identity(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def make_thumbnail(data: bytes, max_side: int) -> bytes:
    """A JPEG no larger than `max_side` on its longest side, upright, never upscaled.

    Raises ValueError when `data` is not an image Pillow can decode.
    """
    if max_side < 1:
        raise ValueError(f"max_side must be positive, not {max_side}")
    try:
        with _bomb_warning_ignored(), Image.open(io.BytesIO(data)) as im:
            if im.format in ("JPEG", "MPO"):
                # Let the decoder scale by 1/2..1/8 first: several times faster than a full
                # decode followed by a resize.
                im.draft("RGB", (max_side, max_side))
            upright = ImageOps.exif_transpose(im)
            upright.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
            rgb = _on_white(upright)
            out = io.BytesIO()
            rgb.save(out, "JPEG", quality=85, optimize=True)
            return out.getvalue()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        raise ValueError(f"not an image Pillow can read ({_short(exc)})") from exc


def _on_white(im: Image.Image) -> Image.Image:
    """RGB for JPEG; transparent parts become white rather than black."""
    if im.mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    if im.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = im.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit greys: scale to 8 bits instead of clipping everything to white.
        im = im.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    return im if im.mode == "RGB" else im.convert("RGB")
