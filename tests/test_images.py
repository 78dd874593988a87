"""Checking files before upload, and making thumbnails, with real images made by Pillow."""

from __future__ import annotations

import errno
import io
import os
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from galleryman.core import images
from galleryman.core.images import (
    MAX_UPLOAD_BYTES,
    ImageProblem,
    check_image,
    collect_image_files,
)
from tests.support import image_bytes


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def png_claiming(width: int, height: int) -> bytes:
    """A tiny, structurally valid PNG whose header claims `width` × `height` (grey, 1 bit):
    a few hundred bytes that decode to an enormous image."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("fmt", "suffix", "mime"),
    [("JPEG", "jpg", "image/jpeg"), ("PNG", "png", "image/png"), ("WEBP", "webp", "image/webp")],
)
def test_valid_images_pass_with_their_size_and_type(
    tmp_path: Path, fmt: str, suffix: str, mime: str
) -> None:
    path = write(tmp_path / f"photo.{suffix}", image_bytes(120, 80, fmt))
    check = check_image(path)
    assert check.ok, check.reason
    assert check.reason is None and check.problem is None and not check.retryable
    assert (check.width, check.height) == (120, 80)
    assert check.mime_type == mime
    assert check.size_bytes == path.stat().st_size


def test_gif_bmp_and_tiff_are_accepted(tmp_path: Path) -> None:
    for fmt, suffix in (("GIF", "gif"), ("BMP", "bmp"), ("TIFF", "tif")):
        check = check_image(write(tmp_path / f"a.{suffix}", image_bytes(30, 20, fmt)))
        assert check.ok, (fmt, check.reason)


def test_text_file_named_jpg_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path / "notes.jpg", b"Shopping list: milk, eggs, film for the camera\n" * 20)
    check = check_image(path)
    assert not check.ok and check.problem is ImageProblem.NOT_AN_IMAGE
    assert check.reason == (
        "This file holds text, not a picture. Images can be JPEG, PNG, WebP, GIF, BMP or TIFF."
    )
    assert check.width is None and check.mime_type is None
    assert check.size_bytes == path.stat().st_size
    assert not check.retryable


def test_truncated_jpeg_is_rejected_in_plain_words(tmp_path: Path) -> None:
    whole = image_bytes(800, 600, "JPEG")
    path = write(tmp_path / "cut.jpg", whole[: len(whole) // 2])
    check = check_image(path)
    assert check.problem is ImageProblem.DAMAGED and not check.retryable
    assert check.reason == "This file is damaged: it ends early. Try exporting it again."


def test_truncated_png_is_rejected(tmp_path: Path) -> None:
    whole = image_bytes(300, 200, "PNG")
    check = check_image(write(tmp_path / "cut.png", whole[: len(whole) - 40]))
    assert check.problem is ImageProblem.DAMAGED
    assert check.reason is not None and check.reason.startswith("This file is damaged")


def test_empty_missing_and_folder_paths_have_reasons(tmp_path: Path) -> None:
    empty = check_image(write(tmp_path / "zero.jpg", b""))
    assert (empty.problem, empty.retryable) == (ImageProblem.EMPTY, False)
    assert empty.reason == "This file is empty (0 bytes): it holds no picture."
    missing = check_image(tmp_path / "gone.jpg")
    assert (missing.ok, missing.problem, missing.size_bytes) == (False, ImageProblem.MISSING, 0)
    assert missing.retryable  # it may come back (a drive plugged in again)
    assert missing.reason is not None and "no longer there" in missing.reason
    (tmp_path / "folder.jpg").mkdir()
    folder = check_image(tmp_path / "folder.jpg")
    assert (folder.problem, folder.retryable) == (ImageProblem.NOT_A_FILE, False)
    assert folder.reason == "This is a folder, not a picture file."


def test_13000_square_png_is_over_the_pixel_limit(tmp_path: Path) -> None:
    # 169 megapixels in half a megabyte: it passed before, and cost the server 700 MB.
    path = write(tmp_path / "huge.png", png_claiming(13_000, 13_000))
    check = check_image(path)
    assert check.problem is ImageProblem.TOO_LARGE and not check.retryable
    assert check.reason == (
        "This image is 13,000 × 13,000 pixels (169 megapixels); images up to 120 megapixels "
        "can be added. Resize it and add it again."
    )
    assert (check.width, check.height) == (13_000, 13_000)


def test_header_claiming_30000_square_is_rejected_without_decoding(tmp_path: Path) -> None:
    # Over Pillow's own bomb guard too: the sentence still gives the real size.
    path = write(tmp_path / "bomb.png", png_claiming(30_000, 30_000))
    assert path.stat().st_size < 200
    check = check_image(path)
    assert check.problem is ImageProblem.TOO_LARGE
    assert check.reason is not None and check.reason.startswith(
        "This image is 30,000 × 30,000 pixels;"
    )


def test_side_over_the_limit_is_rejected_with_dimensions(tmp_path: Path) -> None:
    check = check_image(write(tmp_path / "strip.png", png_claiming(26_000, 10)))
    assert check.problem is ImageProblem.TOO_LARGE
    assert (check.width, check.height) == (26_000, 10)
    assert check.reason == (
        "This image is 26,000 × 10 pixels; images can be at most 25,000 pixels wide or tall. "
        "Resize or crop it and add it again."
    )


def test_pixel_limit_applies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "photo.png", image_bytes(400, 300, "PNG"))
    monkeypatch.setattr(images, "MAX_PIXELS", 100_000)
    check = check_image(path)
    assert check.problem is ImageProblem.TOO_LARGE
    assert check.reason is not None and "(0.1 megapixels)" in check.reason
    # Pillow's own decompression-bomb guard is turned into a reason too, never raised.
    monkeypatch.setattr(images, "MAX_PIXELS", 120_000_000)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10_000)
    bomb = check_image(path)
    assert bomb.problem is ImageProblem.TOO_LARGE
    assert bomb.reason is not None and bomb.reason.startswith("This image is 400 × 300 pixels")


def test_file_over_the_upload_limit_is_rejected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A real 25 MB image would make the test slow; lower the limit and keep the wording.
    path = write(tmp_path / "big.png", image_bytes(400, 300, "PNG"))
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 1000)
    check = check_image(path)
    assert check.problem is ImageProblem.TOO_LARGE
    assert check.reason is not None and check.reason.startswith("This file is 0.0 MB;")
    assert (check.width, check.height) == (400, 300)


def test_upload_limit_reason_wording(tmp_path: Path) -> None:
    # A real image padded past 25 MB: JPEG readers ignore bytes after the end marker.
    data = image_bytes(64, 48, "JPEG")
    padding = int(31.2 * 1024 * 1024) - len(data)
    path = write(tmp_path / "padded.jpg", data + b"\0" * padding)
    assert path.stat().st_size > MAX_UPLOAD_BYTES
    assert check_image(path).reason == (
        "This file is 31.2 MB; images up to 25 MB can be added. Save it smaller (a lower "
        "quality or fewer pixels) and add it again."
    )


def test_unsupported_format_is_named(tmp_path: Path) -> None:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(out, "PCX")
    check = check_image(write(tmp_path / "old.pcx", out.getvalue()))
    assert check.problem is ImageProblem.UNSUPPORTED and not check.retryable
    assert check.reason == (
        "PCX images can't be added: save it as JPEG or PNG and add it again. "
        "Images can be JPEG, PNG, WebP, GIF, BMP or TIFF."
    )


def test_heic_is_recognised_by_its_signature_whatever_its_name(tmp_path: Path) -> None:
    heic = struct.pack(">I", 24) + b"ftypheic" + b"\0\0\0\0" + b"mif1heic" + bytes(200)
    for name in ("IMG_0001.HEIC", "IMG_0001.jpg"):
        check = check_image(write(tmp_path / name, heic))
        assert check.problem is ImageProblem.UNSUPPORTED
        assert check.reason == (
            "HEIC photos are not supported yet: export it as JPEG (in Photos: File ▸ Export) "
            "and add it again."
        )


def test_portrait_photo_reports_its_upright_size(tmp_path: Path) -> None:
    # Stored 400 × 200 with EXIF "rotate 90°": it is shown, and counted, as 200 × 400.
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    Image.new("RGB", (400, 200), "white").save(out, "JPEG", exif=exif)
    check = check_image(write(tmp_path / "portrait.jpg", out.getvalue()))
    assert check.ok, check.reason
    assert (check.width, check.height) == (200, 400)


@pytest.mark.parametrize(
    ("code", "problem", "retryable", "words"),
    [
        (errno.EIO, ImageProblem.READ_ERROR, True, "The drive reported an error"),
        (errno.EBUSY, ImageProblem.READ_ERROR, True, "in use by another program"),
        (errno.ESTALE, ImageProblem.READ_ERROR, True, "network drive"),
        (errno.EMFILE, ImageProblem.READ_ERROR, True, "just now"),
        (errno.ENOENT, ImageProblem.MISSING, True, "no longer there"),
        (errno.EACCES, ImageProblem.CANNOT_OPEN, False, "permission"),
        (errno.ELOOP, ImageProblem.NOT_A_FILE, False, "leads back to itself"),
        (errno.ENAMETOOLONG, ImageProblem.CANNOT_OPEN, False, "name"),
        (errno.EINVAL, ImageProblem.CANNOT_OPEN, False, "Invalid argument"),
    ],
)
def test_system_errors_say_whether_a_retry_can_help(
    tmp_path: Path, code: int, problem: ImageProblem, retryable: bool, words: str
) -> None:
    # Errors a real disk or network drive gives, which a test machine cannot provoke on
    # demand, classified the way check_image classifies what os.open and read raise.
    found, reason = images._os_failure(tmp_path / "x.jpg", OSError(code, os.strerror(code)))
    assert (found, found.retryable) == (problem, retryable)
    assert words in reason and "Errno" not in reason


def test_folders_expand_sorted_skipping_hidden(tmp_path: Path) -> None:
    jpeg = image_bytes(10, 10)
    album = tmp_path / "album"
    write(album / "b.jpg", jpeg)
    write(album / "A.png", jpeg)
    write(album / "notes.txt", b"not a photo")
    write(album / ".hidden.jpg", jpeg)
    write(album / ".thumbs" / "t.jpg", jpeg)
    write(album / "sub" / "c.JPG", jpeg)
    write(album / "sub" / "d.HEIC", b"HEIC")  # taken, so the user learns it can't be added
    write(album / "sub" / "d.CR2", b"RAW")  # left: a RAW file sits beside its JPEG
    single = write(tmp_path / "single.jpg", jpeg)
    first = write(tmp_path / "first.jpg", jpeg)

    found = collect_image_files([first, album, single, album / "b.jpg"])

    sub = album / "sub"
    assert found == [first, album / "A.png", album / "b.jpg", sub / "c.JPG", sub / "d.HEIC", single]


def test_a_chosen_file_is_kept_even_if_it_is_not_an_image(tmp_path: Path) -> None:
    # The user picked it by hand: it must show up (and be reported by check_image).
    notes = write(tmp_path / "notes.txt", b"hello")
    assert collect_image_files([notes]) == [notes]
    assert not check_image(notes).ok
