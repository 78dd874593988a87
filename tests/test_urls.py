"""URL helpers: static media URLs, thumbnails, wix:image:// URIs and video links."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from galleryman.wix.urls import (
    STATIC_MEDIA_BASE,
    WixImageUri,
    fill_url,
    format_wix_image,
    image_info_from_wix_image,
    is_vimeo_url,
    is_youtube_url,
    media_url_for,
    parse_wix_image,
    strip_transform,
    thumbnail_url,
    video_type_for_url,
    vimeo_video_id,
    wix_image_from_image_info,
    youtube_video_id,
)

DOC_FILE_ID = "11062b_58a1e9635ec6423f98b2f3407ccea943~mv2.jpeg"
DOC_MEDIA_URL = f"https://static.wixstatic.com/media/{DOC_FILE_ID}"
DOC_THUMB = f"{DOC_MEDIA_URL}/v1/fit/w_640,h_640/file.jpg"
DOC_WIX_IMAGE = (
    "wix:image://v1/68d3a9_1de7529c444b4c9eb38401f8efe0cad2.jpg/flowers.jpg"
    "#originWidth=1970&originHeight=1120"
)

PROPERTY = settings(max_examples=200, deadline=None)


# --------------------------------------------------------------------------- static URLs


def test_media_url_for_matches_the_documented_url() -> None:
    assert media_url_for(DOC_FILE_ID) == DOC_MEDIA_URL
    assert STATIC_MEDIA_BASE == "https://static.wixstatic.com/media"
    assert media_url_for("abc.png", "http://127.0.0.1:8765/media/") == (
        "http://127.0.0.1:8765/media/abc.png"
    )


def test_media_url_for_accepts_a_wix_image_uri() -> None:
    assert media_url_for(DOC_WIX_IMAGE) == (
        "https://static.wixstatic.com/media/68d3a9_1de7529c444b4c9eb38401f8efe0cad2.jpg"
    )


@pytest.mark.parametrize("bad", ["", "a/b.jpg", "a b.jpg", "a#b", "a?b"])
def test_media_url_for_rejects_malformed_ids(bad: str) -> None:
    with pytest.raises(ValueError):
        media_url_for(bad)


def test_thumbnail_url_documented_example() -> None:
    assert thumbnail_url(DOC_MEDIA_URL, 640, 640) == DOC_THUMB


def test_thumbnail_url_strips_trailing_slash_and_existing_transforms() -> None:
    assert thumbnail_url(DOC_MEDIA_URL + "/", 640, 640) == DOC_THUMB
    assert thumbnail_url(DOC_THUMB, 640, 640) == DOC_THUMB
    filled = f"{DOC_MEDIA_URL}/v1/fill/w_100,h_50,al_c,q_90/flowers.jpg"
    assert thumbnail_url(filled, 640, 640) == DOC_THUMB
    assert thumbnail_url(DOC_THUMB + "/", 640, 640) == DOC_THUMB
    assert strip_transform(filled) == DOC_MEDIA_URL
    sandbox = "http://127.0.0.1:8765/media/file-1.png"
    assert thumbnail_url(sandbox, 200, 100) == f"{sandbox}/v1/fit/w_200,h_100/file.jpg"


@pytest.mark.parametrize(
    ("width", "height", "expected"),
    [
        (0, 0, "w_1,h_1"),
        (-5, 9999, "w_1,h_5000"),
        (5000, 1, "w_5000,h_1"),
        (6000, 480, "w_5000,h_480"),
    ],
)
def test_thumbnail_url_clamps_dimensions(width: int, height: int, expected: str) -> None:
    assert (
        thumbnail_url(DOC_MEDIA_URL, width, height) == f"{DOC_MEDIA_URL}/v1/fit/{expected}/file.jpg"
    )


def test_fill_url() -> None:
    assert (
        fill_url(DOC_MEDIA_URL, 300, 200)
        == f"{DOC_MEDIA_URL}/v1/fill/w_300,h_200,al_c,q_90/file.jpg"
    )
    assert fill_url(DOC_THUMB, 300, 200, quality=75).endswith(
        "/v1/fill/w_300,h_200,al_c,q_75/file.jpg"
    )
    assert fill_url(DOC_MEDIA_URL, 0, 7000, quality=5).endswith(
        "/v1/fill/w_1,h_5000,al_c,q_30/file.jpg"
    )
    assert fill_url(DOC_MEDIA_URL, 10, 10, quality=101).endswith(",q_100/file.jpg")
    assert fill_url(DOC_THUMB, 10, 10).startswith(DOC_MEDIA_URL + "/v1/fill/")


def test_transform_urls_reject_an_empty_media_url() -> None:
    with pytest.raises(ValueError):
        thumbnail_url("", 10, 10)
    with pytest.raises(ValueError):
        fill_url("  ", 10, 10)


@PROPERTY
@given(st.integers(-(10**6), 10**6), st.integers(-(10**6), 10**6), st.booleans())
def test_property_thumbnail_is_idempotent_and_in_range(
    width: int, height: int, slash: bool
) -> None:
    url = thumbnail_url(DOC_MEDIA_URL + ("/" if slash else ""), width, height)
    assert thumbnail_url(url, width, height) == url
    params = url.removeprefix(DOC_MEDIA_URL + "/v1/fit/").removesuffix("/file.jpg")
    w, h = (int(part[2:]) for part in params.split(","))
    assert 1 <= w <= 5000 and 1 <= h <= 5000
    assert strip_transform(url) == DOC_MEDIA_URL


# --------------------------------------------------------------------------- wix:image://


def test_parse_documented_wix_image() -> None:
    ref = parse_wix_image(DOC_WIX_IMAGE)
    assert ref == WixImageUri(
        media_id="68d3a9_1de7529c444b4c9eb38401f8efe0cad2.jpg",
        filename="flowers.jpg",
        width=1970,
        height=1120,
        watermark=None,
    )
    assert format_wix_image(ref) == DOC_WIX_IMAGE


def test_parse_velo_example_uris() -> None:
    ref = parse_wix_image(
        "wix:image://v1/9e6ea4_650d8cd45f7545c4b39178feb0ee8c70~mv2.jpg/300.jpg"
        "#originWidth=200&originHeight=300"
    )
    assert (ref.media_id, ref.filename, ref.width, ref.height) == (
        "9e6ea4_650d8cd45f7545c4b39178feb0ee8c70~mv2.jpg",
        "300.jpg",
        200,
        300,
    )


def test_parse_percent_decodes_the_filename_and_format_encodes_it() -> None:
    uri = "wix:image://v1/abc~mv2.jpg/My%20Holiday%20%C3%A9t%C3%A9%2F1.jpg#originWidth=1&originHeight=2"
    ref = parse_wix_image(uri)
    assert ref.filename == "My Holiday été/1.jpg"
    assert format_wix_image(ref) == uri


def test_parse_watermark_and_missing_parts() -> None:
    ref = parse_wix_image(
        "wix:image://v1/abc.jpg/a.jpg#originWidth=10&originHeight=20&watermark=wm:1&x=2#3"
    )
    assert ref.width == 10 and ref.height == 20
    assert ref.watermark == "wm:1&x=2#3"
    assert parse_wix_image(format_wix_image(ref)) == ref

    bare = parse_wix_image("wix:image://v1/abc.jpg/a.jpg")
    assert bare == WixImageUri("abc.jpg", "a.jpg", None, None, None)
    assert format_wix_image(bare) == "wix:image://v1/abc.jpg/a.jpg"
    assert parse_wix_image("wix:image://v1/abc.jpg").filename == ""
    # Unknown fragment parameters are ignored.
    assert parse_wix_image("wix:image://v1/abc.jpg/a.jpg#foo=1&originWidth=5").width == 5
    # The scheme is case-insensitive; the output is canonical.
    assert parse_wix_image("WIX:IMAGE://v1/abc.jpg/a.jpg").media_id == "abc.jpg"


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "https://static.wixstatic.com/media/abc.jpg",
        "wix:video://v1/abc/a.mp4#posterUri=x",
        "wix:image://v2/abc.jpg/a.jpg",
        "wix:image://v1/",
        "wix:image://v1//a.jpg#originWidth=1&originHeight=1",
        "wix:image://v1/#originWidth=1",
        "wix:image://v1/a b.jpg/a.jpg",
        "wix:image://v1/abc.jpg/a.jpg#originWidth=wide&originHeight=1",
        "wix:image://v1/abc.jpg/a.jpg#originWidth=-1",
        "wix:image://v1/abc.jpg/a.jpg#originHeight=",
        "wix:image://v1/abc.jpg/%FF.jpg",
    ],
)
def test_parse_rejects_malformed_uris(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_wix_image(bad)


def test_parse_error_messages_are_clear() -> None:
    with pytest.raises(ValueError, match="not a wix:image"):
        parse_wix_image("http://example.com/a.jpg")
    with pytest.raises(ValueError, match="no media id"):
        parse_wix_image("wix:image://v1//a.jpg")
    with pytest.raises(ValueError, match="originWidth"):
        parse_wix_image("wix:image://v1/a/a.jpg#originWidth=x")


def test_format_rejects_bad_refs() -> None:
    with pytest.raises(ValueError):
        format_wix_image(WixImageUri("", "a.jpg"))
    with pytest.raises(ValueError):
        format_wix_image(WixImageUri("a/b", "a.jpg"))
    with pytest.raises(ValueError):
        format_wix_image(WixImageUri("a", "a.jpg", width=-1))


def test_image_info_from_wix_image() -> None:
    assert image_info_from_wix_image(DOC_WIX_IMAGE) == {
        "id": "68d3a9_1de7529c444b4c9eb38401f8efe0cad2.jpg",
        "url": "https://static.wixstatic.com/media/68d3a9_1de7529c444b4c9eb38401f8efe0cad2.jpg",
        "width": 1970,
        "height": 1120,
        "filename": "flowers.jpg",
    }
    sandbox = image_info_from_wix_image(
        "wix:image://v1/f1.png", static_base="http://127.0.0.1:9/media"
    )
    assert sandbox == {"id": "f1.png", "url": "http://127.0.0.1:9/media/f1.png"}


def test_wix_image_from_image_info() -> None:
    info = {
        "id": "11062b_12703ed9a6574547bcaed22b1ce44eef~mv2.jpeg",
        "url": "https://static.wixstatic.com/media/11062b_12703ed9a6574547bcaed22b1ce44eef~mv2.jpeg",
        "width": 3000,
        "height": 2000,
        "filename": "beach day.jpeg",
        "altText": None,
    }
    uri = wix_image_from_image_info(info)
    assert uri == (
        "wix:image://v1/11062b_12703ed9a6574547bcaed22b1ce44eef~mv2.jpeg/beach%20day.jpeg"
        "#originWidth=3000&originHeight=2000"
    )
    back = image_info_from_wix_image(uri)
    assert back == {k: v for k, v in info.items() if k != "altText"}
    # Without a filename the id stands in, as in Wix's Velo examples.
    assert wix_image_from_image_info({"id": "abc.jpg", "width": 200, "height": 199}) == (
        "wix:image://v1/abc.jpg/abc.jpg#originWidth=200&originHeight=199"
    )
    # JSON numbers may arrive as floats or strings.
    assert wix_image_from_image_info({"id": "a", "width": 2.0, "height": "3"}).endswith(
        "#originWidth=2&originHeight=3"
    )


@pytest.mark.parametrize(
    "info",
    [
        {},
        {"id": ""},
        {"id": 5},
        {"id": "a", "width": -1},
        {"id": "a", "width": True},
        {"id": "a", "height": 1.5},
        {"id": "a", "filename": 3},
    ],
)
def test_wix_image_from_image_info_rejects_bad_input(info: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        wix_image_from_image_info(info)


_hex = "0123456789abcdef"
media_ids = st.builds(
    "{}_{}{}.{}".format,
    st.text(_hex, min_size=6, max_size=6),
    st.text(_hex, min_size=32, max_size=32),
    st.sampled_from(["", "~mv2"]),
    st.sampled_from(["jpg", "jpeg", "png", "gif", "webp"]),
) | st.text(
    st.characters(exclude_categories=["Cs", "Cc", "Zs", "Zl", "Zp"], exclude_characters="/#?"),
    min_size=1,
    max_size=20,
)
filenames = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)
dimensions = st.none() | st.integers(0, 10**6)
watermarks = st.none() | st.text(st.characters(exclude_categories=["Cs"]), max_size=20)


@PROPERTY
@given(st.builds(WixImageUri, media_ids, filenames, dimensions, dimensions, watermarks))
def test_property_wix_image_round_trips(ref: WixImageUri) -> None:
    uri = format_wix_image(ref)
    assert uri.startswith("wix:image://v1/")
    assert parse_wix_image(uri) == ref
    assert format_wix_image(parse_wix_image(uri)) == uri


@PROPERTY
@given(media_ids, filenames.filter(bool), st.integers(1, 10**5), st.integers(1, 10**5))
def test_property_image_info_round_trips(
    media_id: str, filename: str, width: int, height: int
) -> None:
    uri = format_wix_image(WixImageUri(media_id, filename, width, height))
    info = image_info_from_wix_image(uri)
    assert info["id"] == media_id
    assert info["url"] == media_url_for(media_id)
    assert wix_image_from_image_info(info) == uri


@PROPERTY
@given(st.sampled_from(["", "wix:image://v1/", "wix:image://v1/abc.jpg/"]), st.text(max_size=60))
def test_property_parse_accepts_or_raises_value_error(prefix: str, tail: str) -> None:
    text = prefix + tail
    try:
        ref = parse_wix_image(text)
    except ValueError:
        return
    assert ref.media_id
    assert parse_wix_image(format_wix_image(ref)) == ref


# --------------------------------------------------------------------------- video links

YOUTUBE_URLS = [
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "http://youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=42",
    "https://m.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://youtu.be/dQw4w9WgXcQ",
    "https://youtu.be/dQw4w9WgXcQ?t=10",
    "https://www.youtube.com/shorts/dQw4w9WgXcQ",
    "https://www.youtube.com/embed/dQw4w9WgXcQ",
    "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    "youtube.com/watch?v=dQw4w9WgXcQ",
    "  https://WWW.YouTube.com/watch?v=dQw4w9WgXcQ  ",
]
VIMEO_URLS = [
    "https://vimeo.com/76979871",
    "http://www.vimeo.com/76979871/",
    "https://vimeo.com/76979871/abcdef1234",
    "https://player.vimeo.com/video/76979871",
    "https://player.vimeo.com/video/76979871?h=abc&autoplay=1",
    "https://vimeo.com/channels/staffpicks/76979871",
    "vimeo.com/76979871",
]
NEITHER = [
    "",
    "https://www.youtube.com/",
    "https://www.youtube.com/watch",
    "https://www.youtube.com/watch?v=",
    "https://www.youtube.com/channel/UC123",
    "https://youtu.be/",
    "https://notyoutube.com/watch?v=dQw4w9WgXcQ",
    "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
    "ftp://youtube.com/watch?v=dQw4w9WgXcQ",
    "https://vimeo.com/",
    "https://vimeo.com/about",
    "https://vimeo.com/user123",
    "https://player.vimeo.com/video/",
    "https://example.com/video.mp4",
    "https://video.wixstatic.com/video/11062b_abc/720p/mp4/file.mp4",
    "wix:video://v1/abc/a.mp4",
    "https://[::1",
]


@pytest.mark.parametrize("url", YOUTUBE_URLS)
def test_youtube_urls(url: str) -> None:
    assert is_youtube_url(url)
    assert not is_vimeo_url(url)
    assert video_type_for_url(url) == "YOUTUBE"
    assert youtube_video_id(url) == "dQw4w9WgXcQ"


@pytest.mark.parametrize("url", VIMEO_URLS)
def test_vimeo_urls(url: str) -> None:
    assert is_vimeo_url(url)
    assert not is_youtube_url(url)
    assert video_type_for_url(url) == "VIMEO"
    assert vimeo_video_id(url) == "76979871"


@pytest.mark.parametrize("url", NEITHER)
def test_other_urls_are_not_videos(url: str) -> None:
    assert not is_youtube_url(url)
    assert not is_vimeo_url(url)
    with pytest.raises(ValueError, match="YouTube or Vimeo"):
        video_type_for_url(url)


@PROPERTY
@given(st.text(max_size=80))
def test_property_video_detection_never_crashes(text: str) -> None:
    assert not (is_youtube_url(text) and is_vimeo_url(text))
    try:
        kind = video_type_for_url(text)
    except ValueError:
        assert not is_youtube_url(text) and not is_vimeo_url(text)
    else:
        assert kind in ("YOUTUBE", "VIMEO")
