"""Checking files before upload, and making thumbnails, with real images made by Pillow."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from galleryman.core import images
from galleryman.core.images import (
    MAX_UPLOAD_BYTES,
    check_image,
    collect_image_files,
    make_thumbnail,
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
    assert check.reason is None
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
    assert not check.ok
    assert check.reason == "not an image Pillow can read"
    assert check.width is None and check.mime_type is None
    assert check.size_bytes == path.stat().st_size


def test_truncated_jpeg_is_rejected(tmp_path: Path) -> None:
    whole = image_bytes(800, 600, "JPEG")
    path = write(tmp_path / "cut.jpg", whole[: len(whole) // 2])
    check = check_image(path)
    assert not check.ok
    assert check.reason is not None and "damaged or incomplete" in check.reason


def test_truncated_png_is_rejected(tmp_path: Path) -> None:
    whole = image_bytes(300, 200, "PNG")
    check = check_image(write(tmp_path / "cut.png", whole[: len(whole) - 40]))
    assert not check.ok and check.reason


def test_empty_missing_and_folder_paths_have_reasons(tmp_path: Path) -> None:
    assert check_image(write(tmp_path / "zero.jpg", b"")).reason == "empty file"
    missing = check_image(tmp_path / "gone.jpg")
    assert (missing.ok, missing.reason, missing.size_bytes) == (False, "file not found", 0)
    (tmp_path / "folder.jpg").mkdir()
    assert check_image(tmp_path / "folder.jpg").reason == "a folder, not a file"


def test_header_claiming_30000_square_is_rejected_without_decoding(tmp_path: Path) -> None:
    path = write(tmp_path / "bomb.png", png_claiming(30_000, 30_000))
    assert path.stat().st_size < 200
    check = check_image(path)
    assert not check.ok
    assert check.reason is not None and "too many pixels" in check.reason


def test_side_over_the_limit_is_rejected_with_dimensions(tmp_path: Path) -> None:
    check = check_image(write(tmp_path / "strip.png", png_claiming(26_000, 10)))
    assert not check.ok
    assert (check.width, check.height) == (26_000, 10)
    assert check.reason == "too big: 26,000 × 10 pixels (limit 25,000 a side)"


def test_pixel_limit_applies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "photo.png", image_bytes(400, 300, "PNG"))
    monkeypatch.setattr(images, "MAX_PIXELS", 100_000)
    check = check_image(path)
    assert not check.ok
    assert check.reason == "too many pixels: 400 × 300 (limit 0 megapixels)"
    # Pillow's own decompression-bomb guard is turned into a reason too, never raised.
    monkeypatch.setattr(images, "MAX_PIXELS", 180_000_000)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10_000)
    bomb = check_image(path)
    assert not bomb.ok and bomb.reason is not None and "too many pixels" in bomb.reason


def test_file_over_the_upload_limit_is_rejected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A real 25 MB image would make the test slow; lower the limit and keep the wording.
    path = write(tmp_path / "big.png", image_bytes(400, 300, "PNG"))
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 1000)
    check = check_image(path)
    assert not check.ok
    assert check.reason is not None and check.reason.startswith("too large: ")
    assert check.reason.endswith("MB (limit 0 MB)")
    assert (check.width, check.height) == (400, 300)


def test_upload_limit_reason_wording(tmp_path: Path) -> None:
    # A real image padded past 25 MB: JPEG readers ignore bytes after the end marker.
    data = image_bytes(64, 48, "JPEG")
    padding = int(31.2 * 1024 * 1024) - len(data)
    path = write(tmp_path / "padded.jpg", data + b"\0" * padding)
    assert path.stat().st_size > MAX_UPLOAD_BYTES
    assert check_image(path).reason == "too large: 31.2 MB (limit 25 MB)"


def test_unsupported_format_is_named(tmp_path: Path) -> None:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(out, "PCX")
    check = check_image(write(tmp_path / "old.pcx", out.getvalue()))
    assert not check.ok
    assert check.reason is not None and check.reason.startswith("PCX images are not supported")


def test_folders_expand_sorted_skipping_hidden(tmp_path: Path) -> None:
    jpeg = image_bytes(10, 10)
    album = tmp_path / "album"
    write(album / "b.jpg", jpeg)
    write(album / "A.png", jpeg)
    write(album / "notes.txt", b"not a photo")
    write(album / ".hidden.jpg", jpeg)
    write(album / ".thumbs" / "t.jpg", jpeg)
    write(album / "sub" / "c.JPG", jpeg)
    single = write(tmp_path / "single.jpg", jpeg)
    first = write(tmp_path / "first.jpg", jpeg)

    found = collect_image_files([first, album, single, album / "b.jpg"])

    assert found == [first, album / "A.png", album / "b.jpg", album / "sub" / "c.JPG", single]


def test_a_chosen_file_is_kept_even_if_it_is_not_an_image(tmp_path: Path) -> None:
    # The user picked it by hand: it must show up (and be reported by check_image).
    notes = write(tmp_path / "notes.txt", b"hello")
    assert collect_image_files([notes]) == [notes]
    assert not check_image(notes).ok


def test_thumbnail_fits_the_longest_side_and_keeps_aspect(tmp_path: Path) -> None:
    thumb = Image.open(io.BytesIO(make_thumbnail(image_bytes(1600, 1200, "JPEG"), 256)))
    assert thumb.format == "JPEG"
    assert thumb.size == (256, 192)


def test_thumbnail_never_upscales() -> None:
    thumb = Image.open(io.BytesIO(make_thumbnail(image_bytes(100, 50, "PNG"), 256)))
    assert thumb.size == (100, 50)


def test_thumbnail_follows_exif_orientation() -> None:
    # Stored landscape, with EXIF saying "rotate 90°": the thumbnail must come out portrait,
    # with the red left edge of the stored pixels at the top.
    stored = Image.new("RGB", (400, 200), "white")
    stored.paste((255, 0, 0), (0, 0, 40, 200))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90 CW to display
    out = io.BytesIO()
    stored.save(out, "JPEG", exif=exif)

    thumb = Image.open(io.BytesIO(make_thumbnail(out.getvalue(), 100))).convert("RGB")

    assert thumb.size == (50, 100)
    top_r, top_g, _ = thumb.getpixel((25, 3))
    bottom_r, bottom_g, _ = thumb.getpixel((25, 96))
    assert top_r > 200 and top_g < 60  # red
    assert bottom_g > 200  # white


def test_thumbnail_of_transparent_png_is_on_white() -> None:
    clear = Image.new("RGBA", (60, 60), (0, 0, 0, 0))
    clear.paste((0, 0, 255, 255), (20, 20, 40, 40))
    out = io.BytesIO()
    clear.save(out, "PNG")
    thumb = Image.open(io.BytesIO(make_thumbnail(out.getvalue(), 60))).convert("RGB")
    assert min(thumb.getpixel((2, 2))) > 240  # transparent became white, not black
    r, g, b = thumb.getpixel((30, 30))
    assert b > 200 and r < 60


def test_thumbnail_of_palette_gif() -> None:
    gif = image_bytes(80, 40, "GIF")
    thumb = Image.open(io.BytesIO(make_thumbnail(gif, 40)))
    assert thumb.mode == "RGB" and thumb.size == (40, 20)


def test_thumbnail_of_garbage_raises_value_error() -> None:
    with pytest.raises(ValueError, match="not an image"):
        make_thumbnail(b"definitely not an image", 128)
