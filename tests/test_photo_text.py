"""The title and caption a photo carries (EXIF), read for "use the photo's own title"."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from galleryman.core.photo_text import IMAGE_DESCRIPTION, XP_TITLE, PhotoText, read_photo_text


def photo_with(path: Path, title: str | None = None, caption: str | None = None) -> Path:
    image = Image.new("RGB", (40, 30), (200, 120, 40))
    exif = Image.Exif()
    if title is not None:
        exif[XP_TITLE] = (title + "\x00").encode("utf-16-le")  # as Windows writes it
    if caption is not None:
        exif[IMAGE_DESCRIPTION] = caption
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    path.write_bytes(buffer.getvalue())
    return path


def test_the_windows_title_and_the_caption_are_read(tmp_path: Path) -> None:
    photo = photo_with(tmp_path / "IMG_0042.jpg", "Harbour at dawn", "Fishing boats, 6 am")
    found = read_photo_text(photo)
    assert found == PhotoText("Harbour at dawn", "Fishing boats, 6 am")
    assert found.fields() == {"title": "Harbour at dawn", "description": "Fishing boats, 6 am"}


def test_non_latin_titles_survive(tmp_path: Path) -> None:
    photo = photo_with(tmp_path / "a.jpg", "Hafen im Morgenlicht – 港の朝")
    assert read_photo_text(photo).title == "Hafen im Morgenlicht – 港の朝"


def test_a_photo_without_them_or_not_a_photo_gives_nothing(tmp_path: Path) -> None:
    assert read_photo_text(photo_with(tmp_path / "plain.jpg")).fields() == {}
    text = tmp_path / "notes.jpg"
    text.write_text("shopping list")
    assert read_photo_text(text) == PhotoText()
    assert read_photo_text(tmp_path / "missing.jpg") == PhotoText()


def test_blank_or_absurd_values_are_not_titles(tmp_path: Path) -> None:
    photo = photo_with(tmp_path / "b.jpg", "   ", "x" * 5000)  # a camera's dump, not a caption
    assert read_photo_text(photo).fields() == {}
