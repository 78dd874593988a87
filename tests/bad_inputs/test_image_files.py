"""Bad files handed to the upload check: every one made for real (Pillow, raw bytes, the file
system), each with what the photographer must see.

No case may crash, hang (each runs against a deadline on its own thread), log at ERROR, or
show Python's or Pillow's wording: a rejection is a plain sentence with no exception text.
"""

from __future__ import annotations

import io
import logging
import os
import random
import socket
import struct
import threading
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from galleryman.core.images import ImageCheck, ImageProblem, check_image
from tests.support import image_bytes

DEADLINE_S = 30.0  # far above the slowest case (the real bomb, well under a second)
JARGON = ("Errno", "Error", "error:", "PIL", "Pillow", "Traceback", "exception", "bytes not")


@dataclass(frozen=True)
class Accepted:
    mime: str
    size: tuple[int, int]


@dataclass(frozen=True)
class Rejected:
    problem: ImageProblem
    words: str  # appears in the sentence


Outcome = Accepted | Rejected
Builder = Callable[[Path], Path]


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def png_chunk(kind: bytes, body: bytes, crc: int | None = None) -> bytes:
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF if crc is None else crc
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def png_claiming(width: int, height: int) -> bytes:
    """A valid PNG of a few dozen bytes whose header claims `width` × `height`."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + png_chunk(b"IEND", b"")
    )


def iso_media(major: bytes, *compatible: bytes) -> bytes:
    """The first box of an ISO base media file (HEIF, AVIF, MP4), and some padding."""
    brands = major + b"\x00\x00\x00\x00" + b"".join(compatible)
    return struct.pack(">I", 8 + len(brands)) + b"ftyp" + brands + bytes(256)


def tiff_with(tags: dict[int, object]) -> bytes:
    return encoded(Image.new("RGB", (160, 120), "grey"), "TIFF", tiffinfo=tags)


def gif_frames(count: int, size: tuple[int, int]) -> bytes:
    frames = []
    for n in range(count):
        frame = Image.new("P", size, n % 2)  # alternating, so Pillow keeps every frame
        frame.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
        frames.append(frame)
    return encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=20)


def jpeg(width: int = 64, height: int = 48) -> bytes:
    return image_bytes(width, height, "JPEG")


def portrait_jpeg() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° to show
    return encoded(Image.new("RGB", (300, 100), "white"), "JPEG", exif=exif)


def bad_crc_png() -> bytes:
    good = image_bytes(40, 30, "PNG")
    start = good.index(b"IDAT") - 4
    length = struct.unpack(">I", good[start : start + 4])[0]
    crc_at = start + 8 + length
    return good[:crc_at] + bytes(b ^ 0xFF for b in good[crc_at : crc_at + 4]) + good[crc_at + 4 :]


def sparse_jpeg(path: Path) -> Path:
    """A real JPEG followed by 300 MB of (sparse) zeros: costs no disk space."""
    path.write_bytes(jpeg())
    os.truncate(path, 300 * 1024 * 1024)
    return path


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def unix_socket(path: Path) -> Path:
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.close()  # the socket file stays
    return path


def folder(path: Path) -> Path:
    path.mkdir()
    return path


def dangling_link(path: Path) -> Path:
    path.symlink_to(path.parent / "nothing-here.jpg")
    return path


def link_loop(path: Path) -> Path:
    other = path.parent / "loop-b.jpg"
    path.symlink_to(other)
    other.symlink_to(path)
    return path


def odd_name(name: str, data: bytes) -> Builder:
    return lambda path: write(path.parent / name, data)


CASES: dict[str, tuple[Builder, Outcome]] = {
    "truncated jpeg": (
        lambda p: write(p.with_suffix(".jpg"), jpeg(800, 600)[:3000]),
        Rejected(ImageProblem.DAMAGED, "it ends early"),
    ),
    "jpeg cut inside its header": (
        lambda p: write(p.with_suffix(".jpg"), jpeg()[:200]),
        Rejected(ImageProblem.DAMAGED, "damaged"),
    ),
    "truncated png": (
        lambda p: write(p.with_suffix(".png"), image_bytes(300, 200, "PNG")[:-60]),
        Rejected(ImageProblem.DAMAGED, "damaged"),
    ),
    "truncated webp": (
        lambda p: write(p.with_suffix(".webp"), image_bytes(300, 200, "WEBP")[:-100]),
        Rejected(ImageProblem.DAMAGED, "damaged"),
    ),
    "png with a bad checksum": (
        lambda p: write(p.with_suffix(".png"), bad_crc_png()),
        Rejected(ImageProblem.DAMAGED, "damaged"),
    ),
    "zero bytes": (
        lambda p: write(p.with_suffix(".jpg"), b""),
        Rejected(ImageProblem.EMPTY, "empty"),
    ),
    "random bytes": (
        lambda p: write(p.with_suffix(".jpg"), random.Random(7).randbytes(8192)),
        Rejected(ImageProblem.NOT_AN_IMAGE, "not a picture"),
    ),
    "text file named .jpg": (
        lambda p: write(p.with_suffix(".jpg"), "Café menu: croissant, crêpe\n".encode() * 50),
        Rejected(ImageProblem.NOT_AN_IMAGE, "holds text"),
    ),
    "zip archive named .png": (
        lambda p: write(p.with_suffix(".png"), b"PK\x03\x04" + bytes(500)),
        Rejected(ImageProblem.NOT_AN_IMAGE, "not a picture"),
    ),
    "heic photo": (
        lambda p: write(p.with_suffix(".heic"), iso_media(b"heic", b"mif1", b"heic")),
        Rejected(ImageProblem.UNSUPPORTED, "HEIC photos are not supported yet"),
    ),
    "heic renamed to .jpg": (
        lambda p: write(p.with_suffix(".jpg"), iso_media(b"mif1", b"heic", b"miaf")),
        Rejected(ImageProblem.UNSUPPORTED, "export it as JPEG (in Photos: File ▸ Export)"),
    ),
    "avif made by pillow": (
        lambda p: write(p.with_suffix(".avif"), encoded(Image.new("RGB", (64, 48)), "AVIF")),
        Rejected(ImageProblem.UNSUPPORTED, "AVIF images are not supported yet"),
    ),
    "canon cr2": (
        lambda p: write(p.with_suffix(".cr2"), b"II*\x00\x10\x00\x00\x00CR\x02\x00" + bytes(1000)),
        Rejected(ImageProblem.UNSUPPORTED, "camera RAW file (CR2)"),
    ),
    "canon cr3": (
        lambda p: write(p.with_suffix(".cr3"), iso_media(b"crx ", b"isom")),
        Rejected(ImageProblem.UNSUPPORTED, "camera RAW file (CR3)"),
    ),
    "dng named .tif": (
        lambda p: write(p.with_suffix(".tif"), tiff_with({50706: b"\x01\x04\x00\x00"})),
        Rejected(ImageProblem.UNSUPPORTED, "camera RAW file (DNG)"),
    ),
    "nef-shaped tiff named .jpg": (
        # A first page that is a reduced copy, and pictures further in: how NEF/ARW look.
        lambda p: write(p.with_suffix(".jpg"), tiff_with({254: 1, 330: 8})),
        Rejected(ImageProblem.UNSUPPORTED, "camera RAW file"),
    ),
    "plain tiff named .arw": (
        lambda p: write(p.with_suffix(".arw"), tiff_with({})),
        Rejected(ImageProblem.UNSUPPORTED, "camera RAW file (ARW)"),
    ),
    "photoshop document": (
        lambda p: write(p.with_suffix(".psd"), b"8BPS\x00\x01" + bytes(20) + b"\x00\x08"),
        Rejected(ImageProblem.UNSUPPORTED, "Photoshop document (PSD)"),
    ),
    "svg drawing": (
        lambda p: write(
            p.with_suffix(".svg"),
            b'\xef\xbb\xbf<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
        ),
        Rejected(ImageProblem.UNSUPPORTED, "SVG drawings"),
    ),
    "pdf made by pillow": (
        lambda p: write(p.with_suffix(".pdf"), encoded(Image.new("RGB", (64, 48)), "PDF")),
        Rejected(ImageProblem.UNSUPPORTED, "PDF document"),
    ),
    "mp4 video named .jpg": (
        lambda p: write(p.with_suffix(".jpg"), iso_media(b"isom", b"iso2", b"mp41")),
        Rejected(ImageProblem.UNSUPPORTED, "video file"),
    ),
    "jpeg xl": (
        lambda p: write(p.with_suffix(".jxl"), b"\xff\x0a" + bytes(100)),
        Rejected(ImageProblem.UNSUPPORTED, "JPEG XL"),
    ),
    "icon file": (
        lambda p: write(p.with_suffix(".ico"), encoded(Image.new("RGB", (32, 32)), "ICO")),
        Rejected(ImageProblem.UNSUPPORTED, "Icons (ICO) can't be added"),
    ),
    "real decompression bomb": (
        # 144 megapixels of black in a 17 KB PNG.
        lambda p: write(p.with_suffix(".png"), encoded(Image.new("1", (12_000, 12_000)), "PNG")),
        Rejected(ImageProblem.TOO_LARGE, "12,000 × 12,000 pixels (144 megapixels)"),
    ),
    "huge size declared in the header": (
        lambda p: write(p.with_suffix(".png"), png_claiming(100_000, 100_000)),
        Rejected(ImageProblem.TOO_LARGE, "100,000 × 100,000 pixels"),
    ),
    "30000 x 10 strip": (
        lambda p: write(p.with_suffix(".png"), encoded(Image.new("L", (30_000, 10)), "PNG")),
        Rejected(ImageProblem.TOO_LARGE, "at most 25,000 pixels wide or tall"),
    ),
    "300 MB file": (
        lambda p: sparse_jpeg(p.with_suffix(".jpg")),
        Rejected(ImageProblem.TOO_LARGE, "This file is 300.0 MB; images up to 25 MB"),
    ),
    "gif of 1000 big frames": (
        lambda p: write(p.with_suffix(".gif"), gif_frames(1000, (400, 320))),
        Rejected(ImageProblem.TOO_LARGE, "1,000 frames of 400 × 320 pixels (128 megapixels"),
    ),
    "gif of 1000 small frames": (
        lambda p: write(p.with_suffix(".gif"), gif_frames(1000, (16, 16))),
        Accepted("image/gif", (16, 16)),
    ),
    "1x1 png": (
        lambda p: write(p.with_suffix(".png"), encoded(Image.new("RGB", (1, 1)), "PNG")),
        Accepted("image/png", (1, 1)),
    ),
    "cmyk jpeg": (
        lambda p: write(p.with_suffix(".jpg"), encoded(Image.new("CMYK", (90, 60)), "JPEG")),
        Accepted("image/jpeg", (90, 60)),
    ),
    "16-bit png": (
        lambda p: write(p.with_suffix(".png"), encoded(Image.new("I;16", (70, 50)), "PNG")),
        Accepted("image/png", (70, 50)),
    ),
    "portrait photo stored sideways": (
        lambda p: write(p.with_suffix(".jpg"), portrait_jpeg()),
        Accepted("image/jpeg", (100, 300)),
    ),
    "jpeg with garbage after its end": (
        lambda p: write(p.with_suffix(".jpg"), jpeg() + b"trailing rubbish" * 100),
        Accepted("image/jpeg", (64, 48)),
    ),
    "named pipe": (
        lambda p: fifo(p.with_suffix(".jpg")),
        Rejected(ImageProblem.NOT_A_FILE, "This is a named pipe, not a picture file."),
    ),
    "socket": (
        lambda p: unix_socket(p.parent / "s.jpg"),
        Rejected(ImageProblem.NOT_A_FILE, "This is a network socket"),
    ),
    "device": (
        lambda p: Path(os.devnull),
        Rejected(ImageProblem.NOT_A_FILE, "This is a device"),
    ),
    "folder named .jpg": (
        lambda p: folder(p.with_suffix(".jpg")),
        Rejected(ImageProblem.NOT_A_FILE, "This is a folder"),
    ),
    "link to nothing": (
        lambda p: dangling_link(p.with_suffix(".jpg")),
        Rejected(ImageProblem.MISSING, "a link (shortcut) to a file that is no longer there"),
    ),
    "link loop": (
        lambda p: link_loop(p.parent / "loop-a.jpg"),
        Rejected(ImageProblem.NOT_A_FILE, "leads back to itself"),
    ),
    "file name that is not utf-8": (
        odd_name(os.fsdecode(b"caf\xe9-\xff.jpg"), jpeg()),
        Accepted("image/jpeg", (64, 48)),
    ),
    "255-byte file name": (
        odd_name("é" * 125 + ".jpg", jpeg()),  # 250 + 4 bytes: the longest Linux allows
        Accepted("image/jpeg", (64, 48)),
    ),
    "300-character file name": (
        lambda p: p.parent / ("x" * 296 + ".jpg"),  # no file system stores such a name
        Rejected(ImageProblem.CANNOT_OPEN, "name (or its folder's) is too long"),
    ),
    "newline and right-to-left override in the name": (
        odd_name("holiday\n\u202egpj.exe.jpg", jpeg()),
        Accepted("image/jpeg", (64, 48)),
    ),
    "damaged file with a hostile name": (
        odd_name("x\n\u202e\x1b[31m.png", b"\x89PNG\r\n\x1a\n" + bytes(30)),
        Rejected(ImageProblem.DAMAGED, "damaged"),
    ),
}


def run_with_deadline(path: Path) -> ImageCheck:
    """check_image on its own thread: a hang fails the case instead of the whole run."""
    result: list[ImageCheck] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            result.append(check_image(path))
        except BaseException as exc:  # a crash is reported as such below
            errors.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(DEADLINE_S)
    assert not thread.is_alive(), f"check_image({path.name!r}) did not finish"
    assert not errors, f"check_image raised {errors[0]!r}"
    return result[0]


@pytest.fixture
def no_error_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    caplog.set_level(logging.DEBUG)
    yield
    loud = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not loud, [r.getMessage() for r in loud]


def test_there_are_at_least_25_cases() -> None:
    assert len(CASES) >= 25


@pytest.mark.usefixtures("no_error_logs")
@pytest.mark.parametrize("name", list(CASES))
def test_bad_file(tmp_path: Path, name: str) -> None:
    build, expected = CASES[name]
    path = build(tmp_path / "input")
    check = run_with_deadline(path)
    if isinstance(expected, Accepted):
        assert check.ok, check.reason
        assert (check.mime_type, (check.width, check.height)) == (expected.mime, expected.size)
        return
    assert not check.ok
    assert check.problem is expected.problem, check.reason
    assert check.reason is not None and expected.words in check.reason
    assert_plain_sentence(check.reason, path)
    assert check.retryable == (expected.problem is ImageProblem.MISSING)


def test_unreadable_file(tmp_path: Path) -> None:
    """chmod 000: refused for a normal user; root reads it anyway, and then it is fine."""
    path = write(tmp_path / "locked.jpg", jpeg())
    path.chmod(0)
    try:
        check = run_with_deadline(path)
        if os.access(path, os.R_OK):  # running as root
            assert check.ok and (check.width, check.height) == (64, 48)
        else:
            assert check.problem is ImageProblem.CANNOT_OPEN and not check.retryable
            assert check.reason == "You don't have permission to read this file."
    finally:
        path.chmod(0o644)


def test_a_file_deleted_before_the_check_can_be_retried(tmp_path: Path) -> None:
    path = write(tmp_path / "gone.jpg", jpeg())
    path.unlink()
    check = run_with_deadline(path)
    assert check.problem is ImageProblem.MISSING and check.retryable
    path.write_bytes(jpeg())  # the drive came back
    assert run_with_deadline(path).ok


def assert_plain_sentence(reason: str, path: Path) -> None:
    assert reason[0].isupper() and reason.endswith("."), reason
    assert not any(word in reason for word in JARGON), reason
    assert path.name not in reason and str(path.parent) not in reason, reason
