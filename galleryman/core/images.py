"""Image files before upload: which ones can be added, and small JPEG previews (Pillow, no Qt).

`check_image` never raises and never blocks: every problem becomes an `ImageProblem` and a
sentence a photographer understands (never Python's or Pillow's wording), and the problem
says whether trying again could help (`retryable`). A drop of a hundred files can list what
was skipped and why instead of stopping at the first.

Limits: Wix documents none for pixels (wix-api REFERENCE, section 7), so these are ours.
120 megapixels keeps every camera's own full-size photo (the 100-megapixel medium-format
cameras make 11,648 × 8,736 = 102 megapixels) and stops stitched panoramas and scans that
cost the server about 4 bytes a pixel (a 169-megapixel PNG: 700 MB) to make its copies.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import BinaryIO

from PIL import Image, UnidentifiedImageError

from galleryman.core.i18n import QT_TR_NOOP, number, tr

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 25 * 1024 * 1024
MAX_SIDE = 25_000
MAX_PIXELS = 120_000_000
MAX_ANIMATION_PIXELS = 120_000_000  # all frames together: the server decodes every one

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
FORMATS_SENTENCE = QT_TR_NOOP("Images can be JPEG, PNG, WebP, GIF, BMP or TIFF.")
IMAGE_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff"}
)
# Taken from dropped folders too, so that the user learns why they are not added (an iPhone
# export is all HEIC). Camera RAW files are not: they sit beside their JPEGs.
REPORTED_SUFFIXES = frozenset({".heic", ".heif", ".hif", ".avif"})
# Above this many pixels a non-JPEG is checked by its structure only: decoding it whole
# would need gigabytes of memory just to learn that it is fine.
_FULL_DECODE_PIXELS = 50_000_000
_HEAD_BYTES = 4096
_MB = 1024 * 1024
_ORIENTATION_TAG = 0x0112
_TURNED = frozenset({5, 6, 7, 8})  # EXIF orientations that swap width and height
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in after the check must not block
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


class ImageProblem(Enum):
    """Why a file cannot be added. Only the first two can go away by themselves."""

    MISSING = "missing"  # moved, deleted, or its drive disconnected: it may come back
    READ_ERROR = "read error"  # busy, an I/O error, a network drive not answering
    CANNOT_OPEN = "cannot open"  # no permission, a name too long, another system refusal
    NOT_A_FILE = "not a file"  # a folder, pipe, device, socket, or a link loop
    EMPTY = "empty"
    NOT_AN_IMAGE = "not an image"
    UNSUPPORTED = "unsupported format"  # HEIC, RAW, PSD, SVG, PDF, video, PCX...
    DAMAGED = "damaged"
    TOO_LARGE = "too large"  # bytes, pixels, a side, or an animation's frames

    @property
    def retryable(self) -> bool:
        return self in (ImageProblem.MISSING, ImageProblem.READ_ERROR)


@dataclass(frozen=True)
class ImageCheck:
    path: Path
    problem: ImageProblem | None
    reason: str | None  # a whole sentence for the user; None when the file is fine
    width: int | None = None  # as shown: EXIF orientation applied
    height: int | None = None
    mime_type: str | None = None
    size_bytes: int = 0

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def retryable(self) -> bool:
        """Whether checking (and sending) the file again could succeed without the user
        changing the file itself: only for a missing file or a read error."""
        return self.problem is not None and self.problem.retryable


class _Rejected(Exception):
    def __init__(
        self, problem: ImageProblem, reason: str, size: tuple[int, int] | None = None
    ) -> None:
        super().__init__(reason)
        self.problem = problem
        self.reason = reason
        self.size = size or (None, None)  # the picture's, when it was read before the refusal


def check_image(path: Path) -> ImageCheck:
    """Whether `path` is an image that can be added, and if not, a sentence saying why."""
    path = Path(path)
    size = 0
    try:
        info = os.stat(path)
        _refuse_special(info.st_mode)
        size = info.st_size
        if size == 0:
            raise _Rejected(
                ImageProblem.EMPTY, tr("This file is empty (0 bytes): it holds no picture.")
            )
        # Opened without blocking, and checked again once open: a FIFO or device swapped in
        # since the stat must not hang the check (nor rewind a tape).
        with os.fdopen(os.open(path, _OPEN_FLAGS), "rb") as file:
            opened = os.fstat(file.fileno())
            _refuse_special(opened.st_mode)
            size = opened.st_size
            return _check_contents(path, file, size)
    except _Rejected as rejected:
        width, height = rejected.size
        return ImageCheck(path, rejected.problem, rejected.reason, width, height, None, size)
    except OSError as exc:
        problem, reason = _os_failure(path, exc)
        log.info("cannot read %r: %s", path.name, exc)
        return ImageCheck(path, problem, reason, size_bytes=size)


def _refuse_special(mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        sentence = tr("This is a folder, not a picture file.")
    elif stat.S_ISFIFO(mode):
        sentence = tr("This is a named pipe, not a picture file.")
    elif stat.S_ISSOCK(mode):
        sentence = tr("This is a network socket, not a picture file.")
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        sentence = tr("This is a device, not a picture file.")
    else:
        sentence = tr("This is a special file, not a picture file.")
    raise _Rejected(ImageProblem.NOT_A_FILE, sentence)


def _check_contents(path: Path, file: BinaryIO, size: int) -> ImageCheck:
    head = file.read(_HEAD_BYTES)
    foreign = _foreign_format(head, path.suffix)
    if foreign is not None:
        raise _Rejected(ImageProblem.UNSUPPORTED, foreign)
    try:
        with _pillow_quiet():
            return _check_with_pillow(path, file, size)
    except _Rejected:
        raise
    except MemoryError:
        raise _Rejected(
            ImageProblem.TOO_LARGE,
            tr("This image is too large to open on this computer. Resize it and add it again."),
        ) from None
    except UnidentifiedImageError as exc:
        log.info("%r is not an image Pillow knows: %s", path.name, exc)
        if _starts_like_a_supported_image(head):  # the beginning is right, the rest is not
            raise _Rejected(ImageProblem.DAMAGED, _damaged(exc)) from None
        raise _Rejected(ImageProblem.NOT_AN_IMAGE, _not_an_image(head)) from None
    except Image.DecompressionBombError:
        # Pillow refuses before saying how big: read the header without its guard to say so.
        size_px = _declared_size(file)
        if size_px is None:
            reason = tr(
                "This image declares more pixels than can be opened safely. Resize it and add "
                "it again."
            )
        else:
            reason = _over_limits(*size_px, 1, 0) or tr(
                "This image is {width} × {height} pixels, more than can be opened safely. "
                "Resize it and add it again."
            ).format(width=number(size_px[0]), height=number(size_px[1]))
        raise _Rejected(ImageProblem.TOO_LARGE, reason, size_px) from None
    except OSError as exc:
        if exc.errno is not None:  # the system failed to read: not the file's fault
            raise
        log.info("%r is damaged: %s", path.name, exc)
        raise _Rejected(ImageProblem.DAMAGED, _damaged(exc)) from None
    except Exception as exc:  # a decoder's own exception: the file's contents are wrong
        log.info("%r is damaged: %r", path.name, exc)
        raise _Rejected(ImageProblem.DAMAGED, _damaged(exc)) from None


def _check_with_pillow(path: Path, file: BinaryIO, size: int) -> ImageCheck:
    file.seek(0)
    with Image.open(file) as im:
        fmt = im.format or ""
        mime = SUPPORTED_FORMATS.get(fmt)
        if mime is None:
            raise _Rejected(ImageProblem.UNSUPPORTED, _unsupported(fmt))
        raw = _raw_tiff_kind(im, path.suffix) if fmt == "TIFF" else None
        if raw is not None:
            raise _Rejected(ImageProblem.UNSUPPORTED, raw)
        width, height = upright_size(im)
        too_large = _over_limits(width, height, _frame_count(im), size)
        if too_large is not None:
            raise _Rejected(ImageProblem.TOO_LARGE, too_large, (width, height))
    file.seek(0)
    with Image.open(file) as im:
        im.verify()  # structure and checksums; only right after opening, and only once
    file.seek(0)
    with Image.open(file) as im:
        if im.format in ("JPEG", "MPO"):
            # Decoding at 1/8 scale still reads every byte, so truncation shows, at a fraction
            # of the cost of a full decode.
            im.draft("RGB", (max(1, im.width // 8), max(1, im.height // 8)))
            im.load()
        elif im.width * im.height <= _FULL_DECODE_PIXELS:
            im.load()
    return ImageCheck(path, None, None, width, height, mime, size)


def _declared_size(file: BinaryIO) -> tuple[int, int] | None:
    """The size an image's header declares, read by the format's plugin as `Image.open`
    does but without its decompression-bomb guard (nothing is decoded)."""
    try:
        file.seek(0)
        prefix = file.read(16)
        for name in Image.ID:
            factory, accept = Image.OPEN[name]
            accepted = accept(prefix) if accept is not None else False
            if accepted and not isinstance(accepted, str):
                file.seek(0)
                width, height = factory(file, "").size
                return int(width), int(height)
    except Exception:  # unreadable after all: the caller says so without the numbers
        return None
    return None


def upright_size(im: Image.Image) -> tuple[int, int]:
    """Width and height as the picture is shown: after its EXIF orientation."""
    width, height = im.size
    try:
        orientation = im.getexif().get(_ORIENTATION_TAG, 1)
    except Exception:  # a damaged EXIF block: the pixels are shown as stored
        orientation = 1
    return (height, width) if orientation in _TURNED else (width, height)


def _over_limits(width: int, height: int, frames: int, size: int) -> str | None:
    """Why the picture is too large to add, or None."""
    w, h = number(width), number(height)
    if max(width, height) > MAX_SIDE:
        return tr(
            "This image is {width} × {height} pixels; images can be at most {limit} pixels "
            "wide or tall. Resize or crop it and add it again."
        ).format(width=w, height=h, limit=number(MAX_SIDE))
    if width * height > MAX_PIXELS:
        return tr(
            "This image is {width} × {height} pixels ({megapixels} megapixels); images up to "
            "{limit} megapixels can be added. Resize it and add it again."
        ).format(width=w, height=h, megapixels=_mp(width * height), limit=_mp(MAX_PIXELS))
    if frames > 1 and width * height * frames > MAX_ANIMATION_PIXELS:
        return tr(
            "This animation has {frames} frames of {width} × {height} pixels ({megapixels} "
            "megapixels in all); animations up to {limit} megapixels in all can be added. "
            "Shorten or shrink it and add it again."
        ).format(
            frames=number(frames),
            width=w,
            height=h,
            megapixels=_mp(width * height * frames),
            limit=_mp(MAX_ANIMATION_PIXELS),
        )
    if size > MAX_UPLOAD_BYTES:
        return tr(
            "This file is {size} MB; images up to {limit} MB can be added. Save it smaller (a "
            "lower quality or fewer pixels) and add it again."
        ).format(size=f"{size / _MB:.1f}", limit=number(MAX_UPLOAD_BYTES // _MB))
    return None


def _frame_count(im: Image.Image) -> int:
    """Frames in an animation (GIF, WebP, APNG); 1 for a still picture."""
    if not getattr(im, "is_animated", False):
        return 1
    frames = int(getattr(im, "n_frames", 1))
    im.seek(0)
    return frames


def _mp(pixels: int) -> str:
    """Megapixels for a sentence: whole numbers, a decimal only when rounding would hide a
    difference from the limit (120.4 is over 120)."""
    value = pixels / 1_000_000
    whole = number(round(value))
    limits = (MAX_PIXELS, MAX_ANIMATION_PIXELS)
    if pixels not in limits and any(round(value) == limit // 1_000_000 for limit in limits):
        return f"{value:,.1f}"
    return whole


def _unsupported(fmt: str) -> str:
    if fmt == "PSD":
        kind = tr("Photoshop documents (PSD)")
    elif fmt == "ICO":
        kind = tr("Icons (ICO)")
    elif fmt:
        kind = tr("{format} images").format(format=fmt)
    else:
        kind = tr("Images of this kind")
    return tr("{kind} can't be added: save it as JPEG or PNG and add it again. {formats}").format(
        kind=kind, formats=tr(FORMATS_SENTENCE)
    )


def _starts_like_a_supported_image(head: bytes) -> bool:
    webp = head.startswith(b"RIFF") and head[8:12] == b"WEBP"
    bmp = head.startswith(b"BM") and head[6:10] == b"\x00\x00\x00\x00"  # reserved: zero
    return (
        webp
        or bmp
        or head.startswith(
            (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", *_TIFF_MAGIC)
        )
    )


def _not_an_image(head: bytes) -> str:
    if _looks_like_text(head):
        return tr("This file holds text, not a picture. {formats}").format(
            formats=tr(FORMATS_SENTENCE)
        )
    return tr("This file is not a picture, or is too damaged to tell. {formats}").format(
        formats=tr(FORMATS_SENTENCE)
    )


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3  # only a character cut by the end of the sample
    return True


def _damaged(exc: BaseException) -> str:
    text = str(exc).lower()
    if isinstance(exc, EOFError) or "truncat" in text or "eof" in text or "broken data" in text:
        return tr("This file is damaged: it ends early. Try exporting it again.")
    return tr("This file is damaged and can't be read. Try exporting it again.")


# ---------------------------------------------------------------- formats known by signature

# ISO base media files (HEIF, AVIF, MP4, MOV, CR3) say what they are in their first box.
_HEIF_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs"})
_GENERIC_HEIF_BRANDS = frozenset({b"mif1", b"msf1", b"mif2"})
_AVIF_BRANDS = frozenset({b"avif", b"avis"})
_RAW_SUFFIXES = {
    ".cr2": "CR2", ".cr3": "CR3", ".crw": "CRW", ".nef": "NEF", ".nrw": "NRW", ".arw": "ARW",
    ".srf": "SRF", ".sr2": "SR2", ".dng": "DNG", ".orf": "ORF", ".rw2": "RW2", ".raf": "RAF",
    ".pef": "PEF", ".srw": "SRW", ".3fr": "3FR", ".iiq": "IIQ", ".erf": "ERF", ".kdc": "KDC",
    ".mrw": "MRW", ".x3f": "X3F", ".rwl": "RWL", ".dcr": "DCR", ".mos": "MOS",
}  # fmt: skip
_TIFF_MAGIC = (b"II*\x00", b"MM\x00*")
_DNG_VERSION_TAG = 50706
_NEW_SUBFILE_TYPE_TAG = 254
_SUB_IFDS_TAG = 330


def _foreign_format(head: bytes, suffix: str) -> str | None:
    """The sentence for a file whose first bytes show a format that cannot be added and that
    Pillow would misread or not name (HEIC, AVIF, RAW, PSD, SVG, PDF, video, JPEG XL)."""
    suffix = suffix.lower()
    if head[4:8] == b"ftyp":
        return _iso_media(head)
    raw = _raw_signature(head)
    if raw is None and head.startswith(_TIFF_MAGIC) and suffix in _RAW_SUFFIXES:
        raw = _RAW_SUFFIXES[suffix]
    if raw is not None:
        return _raw_sentence(raw)
    if head.startswith(b"8BPS"):
        return tr(
            "This is a Photoshop document (PSD): save a copy as JPEG or PNG (File ▸ Export) "
            "and add it again."
        )
    if b"%PDF-" in head[:1024]:
        return tr(
            "This is a PDF document, not a picture: export the page as JPEG or PNG and add it "
            "again."
        )
    if _is_svg(head, suffix):
        return tr("SVG drawings can't be added to a gallery: export it as PNG and add it again.")
    if head.startswith(b"\xff\x0a") or head.startswith(b"\x00\x00\x00\x0cJXL \r\n\x87\n"):
        return tr("JPEG XL images are not supported yet: save it as JPEG and add it again.")
    is_avi = head.startswith(b"RIFF") and head[8:12] == b"AVI "
    if is_avi or head.startswith((b"\x1a\x45\xdf\xa3", b"FLV\x01")):
        return tr(_VIDEO_SENTENCE)
    return None


_VIDEO_SENTENCE = QT_TR_NOOP(
    "This is a video file: add videos with Add Video (a YouTube or Vimeo link) instead."
)


def _iso_media(head: bytes) -> str:
    box = int.from_bytes(head[0:4], "big")
    major = head[8:12]
    compatible = {head[i : i + 4] for i in range(16, min(max(box, 16), len(head)) - 3, 4)}
    brands = compatible | {major}
    if major in _AVIF_BRANDS or (major in _GENERIC_HEIF_BRANDS and brands & _AVIF_BRANDS):
        return tr("AVIF images are not supported yet: save it as JPEG or PNG and add it again.")
    if brands & (_HEIF_BRANDS | _GENERIC_HEIF_BRANDS):
        return tr(
            "HEIC photos are not supported yet: export it as JPEG (in Photos: File ▸ Export) "
            "and add it again."
        )
    if b"crx " in brands:
        return _raw_sentence("CR3")
    return tr(_VIDEO_SENTENCE)


def _raw_signature(head: bytes) -> str | None:
    if head.startswith(_TIFF_MAGIC) and head[8:10] == b"CR":
        return "CR2"
    if head.startswith(b"FUJIFILMCCD-RAW"):
        return "RAF"
    if head.startswith((b"IIRO", b"IIRS", b"MMOR")):
        return "ORF"
    if head.startswith(b"IIU\x00"):
        return "RW2"
    if head.startswith(b"FOVb"):
        return "X3F"
    return None


def _raw_tiff_kind(im: Image.Image, suffix: str) -> str | None:
    """The sentence for a camera RAW file that Pillow opened as a TIFF (it reads the small
    preview in front), judged by its tags: a DNG version, or a first page that is a reduced
    copy of pictures stored further in (NEF, ARW, PEF)."""
    tags = getattr(im, "tag_v2", None)
    if tags is None:
        return None
    if _DNG_VERSION_TAG in tags:
        return _raw_sentence("DNG")
    if tags.get(_NEW_SUBFILE_TYPE_TAG) == 1 and _SUB_IFDS_TAG in tags:
        return _raw_sentence(_RAW_SUFFIXES.get(suffix.lower(), "RAW"))
    return None


def _raw_sentence(kind: str) -> str:
    return tr(
        "This is a camera RAW file ({kind}): export it as JPEG from your photo editor and add "
        "it again."
    ).format(kind=kind)


def _is_svg(head: bytes, suffix: str) -> bool:
    if suffix == ".svgz" and head.startswith(b"\x1f\x8b"):
        return True
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")) and b"<svg" in text


# Errors that say nothing about the file itself: the same read may well work later.
_BUSY = {errno.EBUSY, errno.ETXTBSY, errno.EAGAIN, errno.EWOULDBLOCK, errno.EDEADLK}
_NETWORK = {
    getattr(errno, name)
    for name in (
        "ESTALE", "ENOTCONN", "ETIMEDOUT", "EHOSTDOWN", "EHOSTUNREACH", "ENETDOWN",
        "ENETUNREACH", "ENETRESET", "ECONNRESET", "ECONNABORTED", "ENOLINK", "ECOMM",
    )
    if hasattr(errno, name)
}  # fmt: skip
_RESOURCES = {errno.EMFILE, errno.ENFILE, errno.ENOMEM, errno.ENOBUFS, errno.EINTR}
_WINDOWS_SHARING = {32, 33}  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION


def _os_failure(path: Path, exc: OSError) -> tuple[ImageProblem, str]:
    """The problem and sentence for an error the system gave while opening or reading."""
    code = exc.errno
    if getattr(exc, "winerror", None) in _WINDOWS_SHARING or code in _BUSY:
        return (
            ImageProblem.READ_ERROR,
            tr("This file is in use by another program. Close it there and try again."),
        )
    if code in (errno.ENOENT, errno.ENOTDIR):
        if os.path.lexists(path):
            reason = tr("This is a link (shortcut) to a file that is no longer there.")
        else:
            reason = tr(
                "This file is no longer there: it was moved, renamed or deleted, or its "
                "drive was disconnected."
            )
        return ImageProblem.MISSING, reason
    if code in (errno.ENXIO, errno.ENODEV):
        return ImageProblem.MISSING, tr("The drive holding this file is not connected.")
    if code == errno.EIO:
        return (
            ImageProblem.READ_ERROR,
            tr(
                "The drive reported an error while reading this file. Check the drive (or its "
                "cable) and try again."
            ),
        )
    if code in _NETWORK:
        return (
            ImageProblem.READ_ERROR,
            tr(
                "The network drive holding this file stopped answering. Check the connection "
                "and try again."
            ),
        )
    if code in _RESOURCES:
        return (
            ImageProblem.READ_ERROR,
            tr("The computer could not read this file just now. Try again in a moment."),
        )
    if code in (errno.EACCES, errno.EPERM):
        return ImageProblem.CANNOT_OPEN, tr("You don't have permission to read this file.")
    if code == errno.ELOOP:
        return ImageProblem.NOT_A_FILE, tr("This is a link that leads back to itself, not a file.")
    if code == errno.ENAMETOOLONG:
        return (
            ImageProblem.CANNOT_OPEN,
            tr(
                "The file's name (or its folder's) is too long to open. Rename it and add it again."
            ),
        )
    if code == errno.EISDIR:
        return ImageProblem.NOT_A_FILE, tr("This is a folder, not a picture file.")
    detail = os.strerror(code) if code is not None else tr("an unknown error")
    sentence = tr("This file can't be read (the system said: {detail}).").format(detail=detail)
    return ImageProblem.CANNOT_OPEN, sentence


@contextmanager
def _pillow_quiet() -> Iterator[None]:
    """Pillow warns about what it reads (corrupt EXIF, pixel counts above its own bomb
    threshold): the check turns what matters into its own sentences instead."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def collect_image_files(paths: Iterable[Path]) -> list[Path]:
    """Files to upload from what the user chose or dropped.

    Files are kept as given (a wrong one is reported by `check_image`, not silently dropped);
    folders are walked recursively in name order, taking image files (and HEIC/AVIF, so that
    they are reported) and skipping hidden files and folders. Each file appears once, where
    it was first met.
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
        elif child.is_file() and child.suffix.lower() in IMAGE_SUFFIXES | REPORTED_SUFFIXES:
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
