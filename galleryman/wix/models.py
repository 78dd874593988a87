"""Typed models of the Wix Pro Gallery (REST v2) and Media Manager objects.

No Qt and no HTTP here: plain dataclasses that read what a server sends and write back exactly
what it sent, apart from the fields changed in between (see `jsonfields` for the mechanism).

* `Model.from_json(d)` accepts every documented shape and the documented inconsistencies
  (`duration` vs `durationInMillis`, numbers as strings, ints vs floats, nulls, `{}`), plus
  legacy example shapes. A value of the wrong type never raises: the typed attribute falls back
  (None, `[]`, or the protobuf default for the few required fields) and the raw value is kept.
  Only a top-level argument that is not a JSON object raises `ModelError`.
* `model.to_json()` round-trips: `Item.from_json(d).to_json() == d` for any dict `d`.
  Changed fields are written in canonical form (a new `duration_ms` is written as
  `durationInMillis`, replacing a `duration` key); a field set to None is removed.
* Objects built in code write canonical JSON: camelCase keys, unset fields omitted.
* Velo's string forms of `imageInfo` / `videoInfo` (`wix:image://v1/...`, `wix:video://v1/...`,
  a YouTube/Vimeo URL) are read into the typed objects and written back unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import parse_qsl

from .jsonfields import (
    DICT,
    FLOAT,
    INT,
    INT_AS_STR,
    STR,
    STR_LIST,
    JsonField,
    JsonModel,
    ModelCodec,
    ModelError,
    ModelListCodec,
    copy_json,
    jf,
)
from .urls import video_type_for_url

__all__ = [
    "FileDescriptor",
    "Gallery",
    "Image",
    "ImageInfo",
    "Item",
    "Link",
    "ModelError",
    "Point",
    "Tags",
    "Text",
    "Video",
    "VideoInfo",
    "VideoResolution",
]

MEDIA_TYPES = ("IMAGE", "VIDEO", "TEXT")


@dataclass
class Point(JsonModel):
    """A focal point; x and y are fractions of the width and height (0..1)."""

    x: float
    y: float

    # protobuf JSON omits zero values, so an absent coordinate is 0.0
    json_fields: ClassVar[tuple[JsonField, ...]] = (
        jf("x", FLOAT, fallback=float),
        jf("y", FLOAT, fallback=float),
    )


@dataclass
class ImageInfo(JsonModel):
    """A Wix Media image (`imageInfo`, video `posters[]`); `id` is the Media Manager file id."""

    id: str
    url: str | None = None
    width: int | None = None
    height: int | None = None
    alt_text: str | None = None
    filename: str | None = None

    json_fields: ClassVar[tuple[JsonField, ...]] = (
        jf("id", STR, fallback=str),
        jf("url", STR),
        jf("width", INT),
        jf("height", INT),
        jf("alt_text", STR),
        jf("filename", STR),
    )


@dataclass
class VideoResolution(JsonModel):
    url: str | None = None
    width: int | None = None
    height: int | None = None
    format: str | None = None
    quality: str | None = None
    filename: str | None = None

    json_fields: ClassVar[tuple[JsonField, ...]] = (
        jf("url", STR),
        jf("width", INT),
        jf("height", INT),
        jf("format", STR),
        jf("quality", STR),
        jf("filename", STR),
    )


@dataclass
class VideoInfo(JsonModel):
    id: str | None = None
    url: str | None = None
    resolutions: list[VideoResolution] = field(default_factory=list)
    filename: str | None = None
    posters: list[ImageInfo] = field(default_factory=list)

    json_fields: ClassVar[tuple[JsonField, ...]] = (
        jf("id", STR),
        jf("url", STR),
        jf("resolutions", ModelListCodec(VideoResolution), fallback=list, omit_empty=True),
        jf("filename", STR),
        jf("posters", ModelListCodec(ImageInfo), fallback=list, omit_empty=True),
    )


# ------------------------------------------------------------------------ Velo string forms


def _wix_uri(value: str, scheme: str) -> tuple[str, str | None, dict[str, str]]:
    """`wix:<scheme>://v1/<id>/<filename>#k=v&...` → (id, filename, fragment params)."""
    path, _, fragment = value[len(f"wix:{scheme}://v1/") :].partition("#")
    media_id, _, filename = path.partition("/")
    if not media_id:
        raise ValueError(value)
    return media_id, filename or None, dict(parse_qsl(fragment))


def _int_or_none(text: str | None) -> int | None:
    return int(text) if text is not None and text.isascii() and text.isdigit() else None


class _VeloCodec(ModelCodec):
    """A model that Velo may send as a string; the string is written back while unchanged."""

    def parse(self, raw: Any) -> Any:
        if not isinstance(raw, str):
            return super().parse(raw)
        try:
            return self.from_string(raw)
        except ValueError:
            return super().parse(raw)  # raises: keep the raw value

    def from_string(self, value: str) -> JsonModel:
        raise NotImplementedError

    def keep(self, raw: Any, current: Any) -> Any:
        if isinstance(raw, str) and current is not None and current == self.from_string(raw):
            return raw
        return super().keep(raw, current)


class _ImageInfoCodec(_VeloCodec):
    def from_string(self, value: str) -> JsonModel:
        if not value.startswith("wix:image://v1/"):
            raise ValueError(value)
        media_id, filename, params = _wix_uri(value, "image")
        width, height = params.get("originWidth"), params.get("originHeight")
        return ImageInfo(media_id, None, _int_or_none(width), _int_or_none(height), None, filename)


class _VideoInfoCodec(_VeloCodec):
    def from_string(self, value: str) -> JsonModel:
        if value.startswith(("https://", "http://")):
            return VideoInfo(url=value)
        if not value.startswith("wix:video://v1/"):
            raise ValueError(value)
        media_id, filename, params = _wix_uri(value, "video")
        posters = []
        if params.get("posterUri"):
            w, h = _int_or_none(params.get("posterWidth")), _int_or_none(params.get("posterHeight"))
            posters.append(ImageInfo(params["posterUri"], width=w, height=h))
        return VideoInfo(id=media_id, filename=filename, posters=posters)


@dataclass
class Image(JsonModel):
    type: str | None = None
    image_info: ImageInfo | None = None
    focal_point: Point | None = None
    exif: dict[str, Any] | None = None
    quality: int | None = None
    unsharp_masking: dict[str, Any] | None = None

    json_fields: ClassVar[tuple[JsonField, ...]] = (
        jf("type", STR),
        jf("image_info", _ImageInfoCodec(ImageInfo)),
        jf("focal_point", ModelCodec(Point)),
        jf("exif", DICT),
        jf("quality", INT),
        jf("unsharp_masking", DICT),
    )


@dataclass
class Video(JsonModel):
    """`duration_ms` reads `durationInMillis`, else `duration` (number or numeric string)."""

    type: str | None = None
    video_info: VideoInfo | None = None
    duration_ms: int | None = None

    json_fields: ClassVar[tuple[JsonField, ...]] = (
        jf("type", STR),
        jf("video_info", _VideoInfoCodec(VideoInfo)),
        jf("duration_ms", INT, "durationInMillis", aliases=("duration",)),
    )


@dataclass
class Text(JsonModel):
    html: str
    css: dict[str, Any] | None = None
    editor_html: str | None = None
    editor_font_id: str | None = None

    json_fields: ClassVar[tuple[JsonField, ...]] = (
        jf("html", STR, fallback=str),
        jf("css", DICT),
        jf("editor_html", STR),
        jf("editor_font_id", STR),
    )


@dataclass
class Link(JsonModel):
    """An item link. Other keys the server sends (e.g. `wixLinkData`) are kept."""

    url: str | None = None
    text: str | None = None
    target: str | None = None  # "_blank" or "_self"
    type: str | None = None  # "EXTERNAL" / "INTERNAL" / "UNDEFINED"

    json_fields: ClassVar[tuple[JsonField, ...]] = (
        jf("url", STR),
        jf("text", STR),
        jf("target", STR),
        jf("type", STR),
    )


@dataclass
class Tags(JsonModel):
    values: list[str] = field(default_factory=list)

    json_fields: ClassVar[tuple[JsonField, ...]] = (jf("values", STR_LIST, fallback=list),)


# -------------------------------------------------------------------------------- item


def _video_type_for_item(url: str) -> str:
    """The video type of a link an item can store: `video_type_for_url`, and the http or https
    scheme must be written out (the item keeps the URL as given, so a bare "youtube.com/..."
    would not be a working link; callers add the missing scheme first)."""
    if not url.strip().lower().startswith(("http://", "https://")):
        raise ValueError(f"not a YouTube or Vimeo URL (http or https): {url!r}")
    return video_type_for_url(url)


@dataclass(repr=False)
class Item(JsonModel):
    """A gallery item: exactly one of `image` / `video` / `text` is normally set."""

    id: str | None = None
    sort_order: float | None = None
    title: str | None = None
    description: str | None = None
    link: Link | None = None
    image: Image | None = None
    video: Video | None = None
    text: Text | None = None
    tags: Tags | None = None
    created_date: str | None = None
    updated_date: str | None = None
    type: str | None = None  # read-only on the server, derived from image/video/text

    json_fields: ClassVar[tuple[JsonField, ...]] = (
        jf("id", STR),
        jf("sort_order", FLOAT),
        jf("title", STR),
        jf("description", STR),
        jf("link", ModelCodec(Link)),
        jf("image", ModelCodec(Image)),
        jf("video", ModelCodec(Video)),
        jf("text", ModelCodec(Text)),
        jf("tags", ModelCodec(Tags)),
        jf("created_date", STR),
        jf("updated_date", STR),
        jf("type", STR),
    )

    def __repr__(self) -> str:
        return f"Item(id={self.id!r}, type={self.media_type!r}, title={self.title!r})"

    @property
    def media_type(self) -> str:
        """IMAGE, VIDEO or TEXT from the media present, else from `type`, else UNDEFINED."""
        if self.image is not None:
            return "IMAGE"
        if self.video is not None:
            return "VIDEO"
        if self.text is not None:
            return "TEXT"
        return self.type if self.type in MEDIA_TYPES else "UNDEFINED"

    @property
    def media_id(self) -> str | None:
        """The Media Manager id of the image (None when not an image or unset)."""
        info = self.image.image_info if self.image is not None else None
        return (info.id or None) if info is not None else None

    def _dims(self) -> ImageInfo | None:
        if self.image is not None:
            return self.image.image_info
        info = self.video.video_info if self.video is not None else None
        return info.posters[0] if info is not None and info.posters else None

    @property
    def width(self) -> int | None:
        """Original image width, or the first video poster's."""
        dims = self._dims()
        return dims.width if dims is not None else None

    @property
    def height(self) -> int | None:
        """Original image height, or the first video poster's."""
        dims = self._dims()
        return dims.height if dims is not None else None

    @property
    def tag_values(self) -> list[str]:
        """A copy of the tag values ([] when there are none)."""
        return list(self.tags.values) if self.tags is not None else []

    @classmethod
    def image_item(
        cls,
        file: FileDescriptor,
        *,
        title: str | None = None,
        description: str | None = None,
        alt_text: str | None = None,
        sort_order: float | None = None,
    ) -> Item:
        """A new image item for a Media Manager file (ValueError unless it is a ready image)."""
        if not file.id:
            raise ValueError("the file has no id")
        if file.media_type not in (None, "IMAGE"):
            raise ValueError(f"file {file.id} is not an image (mediaType {file.media_type})")
        if file.width is None or file.height is None:
            raise ValueError(f"file {file.id} has no width/height yet (is it still processing?)")
        info = ImageInfo(
            file.id,
            file.url,
            file.width,
            file.height,
            alt_text=alt_text,
            filename=file.display_name,
        )
        image = Image(type="WIX_MEDIA", image_info=info)
        return cls(sort_order=sort_order, title=title, description=description, image=image)

    @classmethod
    def video_item(
        cls,
        url: str,
        *,
        title: str | None = None,
        description: str | None = None,
        sort_order: float | None = None,
    ) -> Item:
        """A new YouTube or Vimeo video item (ValueError for other hosts)."""
        video = Video(type=_video_type_for_item(url), video_info=VideoInfo(url=url.strip()))
        return cls(sort_order=sort_order, title=title, description=description, video=video)

    @classmethod
    def text_item(
        cls,
        html: str,
        *,
        title: str | None = None,
        description: str | None = None,
        css: Mapping[str, Any] | None = None,
        sort_order: float | None = None,
    ) -> Item:
        """A new text item."""
        text = Text(html, css=copy_json(dict(css)) if css is not None else None)
        return cls(sort_order=sort_order, title=title, description=description, text=text)


@dataclass(repr=False)
class Gallery(JsonModel):
    """A gallery. `items` is the page of items the server sent (a missing `items` key stays
    missing when written back unless the list is changed)."""

    id: str | None = None
    name: str | None = None
    sort_order: float | None = None
    total_items: int | None = None
    items: list[Item] = field(default_factory=list)
    created_date: str | None = None

    json_fields: ClassVar[tuple[JsonField, ...]] = (
        jf("id", STR),
        jf("name", STR),
        jf("sort_order", FLOAT),
        jf("total_items", INT),
        jf("items", ModelListCodec(Item), fallback=list, omit_empty=True),
        jf("created_date", STR),
    )

    def __repr__(self) -> str:
        return f"Gallery(id={self.id!r}, name={self.name!r}, items={len(self.items)})"


@dataclass(repr=False)
class FileDescriptor(JsonModel):
    """A Media Manager file (REFERENCE §7.2); `width`/`height` come from `media.image.image`."""

    id: str | None = None
    display_name: str | None = None
    url: str | None = None
    media_type: str | None = None  # IMAGE, VIDEO, AUDIO, DOCUMENT, VECTOR, ARCHIVE, MODEL3D…
    operation_status: str | None = None  # READY, PENDING, FAILED
    size_in_bytes: int | None = None
    mime_type: str | None = None
    width: int | None = None
    height: int | None = None
    hash: str | None = None
    created_date: str | None = None
    updated_date: str | None = None

    json_fields: ClassVar[tuple[JsonField, ...]] = (
        jf("id", STR),
        jf("display_name", STR),
        jf("url", STR),
        jf("media_type", STR),
        jf("operation_status", STR),
        jf("size_in_bytes", INT_AS_STR),
        jf("mime_type", STR),
        jf("width", INT, path=("media", "image", "image", "width")),
        jf("height", INT, path=("media", "image", "image", "height")),
        jf("hash", STR),
        jf("created_date", STR),
        jf("updated_date", STR),
    )

    def __repr__(self) -> str:
        return (
            f"FileDescriptor(id={self.id!r}, media_type={self.media_type!r}, "
            f"status={self.operation_status!r})"
        )

    @property
    def is_ready(self) -> bool:
        return self.operation_status == "READY"

    @property
    def is_failed(self) -> bool:
        return self.operation_status == "FAILED"
