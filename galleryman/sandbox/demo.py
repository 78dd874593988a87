"""Demo content for the sandbox: three galleries of generated pictures, a video and a text item.

Images are drawn with Pillow (gradients and shapes; deterministic), in sizes from 640 to
2400 px and in landscape, portrait, square and panorama shapes, as JPEG and PNG. Everything
goes through the server's own upload and Pro Gallery code paths (in-process, no HTTP).
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw

from galleryman.sandbox.util import JsonDict

if TYPE_CHECKING:
    from galleryman.sandbox.server import SandboxServer

RGB = tuple[int, int, int]
Painter = Callable[[ImageDraw.ImageDraw, int, int, random.Random], None]

YOUTUBE_URL = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _gradient(width: int, height: int, top: RGB, bottom: RGB) -> Image.Image:
    mask = Image.linear_gradient("L").resize((width, height))
    return Image.composite(
        Image.new("RGB", (width, height), bottom), Image.new("RGB", (width, height), top), mask
    )


def _coast(draw: ImageDraw.ImageDraw, w: int, h: int, rng: random.Random) -> None:
    horizon = int(h * rng.uniform(0.5, 0.65))
    sun_r = int(min(w, h) * rng.uniform(0.06, 0.11))
    sx, sy = int(w * rng.uniform(0.2, 0.8)), int(horizon - sun_r * rng.uniform(0.3, 2.5))
    draw.ellipse((sx - sun_r, sy - sun_r, sx + sun_r, sy + sun_r), fill=(255, 214, 140))
    sea = (20 + rng.randrange(30), 70 + rng.randrange(50), 120 + rng.randrange(60))
    draw.rectangle((0, horizon, w, h), fill=sea)
    for i in range(14):
        y = horizon + int((h - horizon) * (i + 1) / 15)
        light = _mix(sea, (230, 240, 255), 0.15 + 0.02 * i)
        draw.line((0, y, w, y + rng.randrange(-8, 8)), fill=light, width=max(2, h // 300))
    cliff = [
        (0, horizon - int(h * 0.2)),
        (int(w * 0.25), horizon - int(h * 0.05)),
        (int(w * 0.3), horizon),
        (0, horizon),
    ]
    draw.polygon(cliff, fill=(60, 52, 48))


def _city(draw: ImageDraw.ImageDraw, w: int, h: int, rng: random.Random) -> None:
    mr = int(min(w, h) * 0.06)
    mx, my = int(w * rng.uniform(0.6, 0.9)), int(h * 0.15)
    draw.ellipse((mx - mr, my - mr, mx + mr, my + mr), fill=(235, 235, 210))
    x = 0
    while x < w:
        bw = rng.randint(w // 20, w // 8)
        top = int(h * rng.uniform(0.25, 0.7))
        shade = rng.randrange(15, 45)
        draw.rectangle((x, top, x + bw, h), fill=(shade, shade, shade + 15))
        step = max(8, bw // 6)
        for wx in range(x + step // 2, x + bw - step // 2, step):
            for wy in range(top + step // 2, h - step, step):
                if rng.random() < 0.45:
                    glow = _mix((255, 200, 90), (255, 245, 200), rng.random())
                    draw.rectangle((wx, wy, wx + step // 3, wy + step // 2), fill=glow)
        x += bw + rng.randrange(0, 6)


def _portrait(draw: ImageDraw.ImageDraw, w: int, h: int, rng: random.Random) -> None:
    cx = int(w * rng.uniform(0.4, 0.6))
    head = int(min(w, h) * rng.uniform(0.14, 0.2))
    cy = int(h * 0.42)
    skin = _mix((250, 215, 185), (120, 80, 55), rng.random())
    cloth = (rng.randrange(40, 200), rng.randrange(40, 200), rng.randrange(40, 200))
    draw.ellipse((cx - head * 2.2, cy + head * 1.1, cx + head * 2.2, h + head * 2), fill=cloth)
    draw.rectangle(
        (cx - head * 0.35, cy + head * 0.6, cx + head * 0.35, cy + head * 1.4), fill=skin
    )
    draw.ellipse((cx - head, cy - head * 1.25, cx + head, cy + head * 1.05), fill=skin)
    hair = _mix((30, 20, 10), (200, 160, 90), rng.random())
    draw.chord(
        (cx - head * 1.05, cy - head * 1.35, cx + head * 1.05, cy + head * 0.6), 180, 360, fill=hair
    )


# (title, description, width, height, format)
Shot = tuple[str, str, int, int, str]
GALLERIES: list[tuple[str, RGB, RGB, Painter, list[Shot]]] = [
    ("Coastline", (110, 160, 215), (250, 190, 150), _coast, [
        ("Morning tide", "Low sun over a calm bay.", 1600, 1067, "JPEG"),
        ("Headland", "The cliffs at the end of the beach.", 2400, 800, "JPEG"),
        ("Lighthouse path", "A tall view down to the water.", 1000, 1500, "JPEG"),
        ("Still water", "Square crop of the harbour.", 1200, 1200, "PNG"),
        ("Evening swell", "Long waves after the storm.", 1920, 1080, "JPEG"),
        ("Sandbar", "Ebb tide, small frame.", 640, 480, "PNG"),
        ("Cove", "A hidden cove in portrait.", 900, 1350, "JPEG"),
        ("Panorama west", "The whole coast from the hill.", 2400, 900, "JPEG"),
        ("Rock pools", "Close to the rocks.", 1024, 768, "JPEG"),
        ("Last light", "The sun touching the sea.", 1400, 1400, "JPEG"),
    ]),
    ("City at Night", (8, 10, 35), (60, 40, 90), _city, [
        ("Skyline", "Towers and a full moon.", 2400, 1000, "JPEG"),
        ("Side street", "Narrow and tall.", 800, 1200, "JPEG"),
        ("Rooftops", "Seen from the twelfth floor.", 1600, 1067, "JPEG"),
        ("Night shift", "Offices still lit.", 1200, 1200, "JPEG"),
        ("Harbour lights", "Reflections on the water.", 1920, 1080, "JPEG"),
        ("Blue hour", "Just after sunset.", 1280, 853, "PNG"),
        ("Tower", "One building, one frame.", 700, 1400, "JPEG"),
        ("Avenue", "Wide view of the main avenue.", 2400, 1200, "JPEG"),
        ("Corner shop", "Small and bright.", 640, 640, "PNG"),
    ]),
    ("Portraits", (225, 215, 200), (170, 185, 200), _portrait, [
        ("Anna", "Studio portrait, soft light.", 1000, 1500, "JPEG"),
        ("Ben", "Window light.", 1200, 1200, "JPEG"),
        ("Chloé", "Outdoor, overcast.", 900, 1350, "JPEG"),
        ("David", "Environmental portrait.", 1600, 1067, "JPEG"),
        ("Eva", "Square headshot.", 800, 800, "PNG"),
        ("Farid", "Low key.", 1067, 1600, "JPEG"),
        ("Grace", "High key.", 1200, 1800, "JPEG"),
        ("Hugo", "Small print.", 640, 960, "PNG"),
    ]),
]  # fmt: skip


def _picture(w: int, h: int, top: RGB, bottom: RGB, painter: Painter, seed: int) -> Image.Image:
    rng = random.Random(seed)
    image = _gradient(w, h, top, bottom)
    painter(ImageDraw.Draw(image), w, h, rng)
    return image


def _encode(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "PNG":
        image.save(buffer, "PNG", compress_level=1)
    else:
        image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _upload(server: SandboxServer, data: bytes, filename: str, mime: str) -> JsonDict:
    status, body = server.local_call(
        "POST",
        "/site-media/v1/files/generate-upload-url",
        {"mimeType": mime, "fileName": filename, "sizeInBytes": str(len(data))},
    )
    assert status == 200, body
    token = body["uploadUrl"].rsplit("/", 1)[1]
    status, body = server.local_call(
        "PUT", f"/upload/{token}", data=data, query=f"filename={filename}"
    )
    assert status == 200, body
    file: JsonDict = body["file"]
    if server.processing is not None:  # asynchronous media: finish at once, then re-read
        server.processing.finish_now(file["id"])
        found = server.store.get_file(file["id"])
        assert found is not None
        file = found
    return file


def _call(server: SandboxServer, method: str, path: str, body: JsonDict) -> JsonDict:
    status, result = server.local_call(method, path, body)
    if status != 200:
        raise RuntimeError(f"demo seeding failed: {method} {path}: {result}")
    return result


def seed_demo(server: SandboxServer) -> None:
    """Create the demo galleries, unless the sandbox already has at least one gallery."""
    with server.store.read() as tx:
        if tx.count_galleries():
            return
    for g_index, (name, top, bottom, painter, shots) in enumerate(GALLERIES):
        gallery = _call(server, "POST", "/pro-gallery/v2/galleries", {"gallery": {"name": name}})
        items_path = f"/pro-gallery/v2/galleries/{gallery['gallery']['id']}/items"
        for s_index, (title, description, w, h, fmt) in enumerate(shots):
            image = _picture(w, h, top, bottom, painter, seed=g_index * 100 + s_index)
            ext, mime = ("png", "image/png") if fmt == "PNG" else ("jpg", "image/jpeg")
            slug = name.lower().replace(" ", "-")
            filename = f"{slug}-{s_index + 1:02d}.{ext}"
            file = _upload(server, _encode(image, fmt), filename, mime)
            info = file["media"]["image"]["image"]
            item: JsonDict = {
                "title": title,
                "description": description,
                "image": {
                    "type": "WIX_MEDIA",
                    "imageInfo": {
                        "id": file["id"],
                        "width": info["width"],
                        "height": info["height"],
                        "filename": filename,
                        "altText": title,
                    },
                    "focalPoint": {"x": 0.5, "y": 0.5},
                },
                "tags": {"values": [slug, fmt.lower()]},
            }
            _call(server, "POST", items_path, {"item": item})
        if g_index == 0:
            video = {
                "type": "YOUTUBE",
                "videoInfo": {"url": YOUTUBE_URL},
                "durationInMillis": 596000,
            }
            item = {
                "title": "Waves in motion",
                "description": "A YouTube video item.",
                "video": video,
            }
            _call(server, "POST", items_path, {"item": item})
        if g_index == 2:
            html = "<p><strong>Portraits</strong> - eight people, eight kinds of light.</p>"
            item = {"title": "About this series", "text": {"html": html}}
            _call(server, "POST", items_path, {"item": item})
