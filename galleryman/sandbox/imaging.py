"""Pillow work: recognising uploaded images and serving originals and scaled copies.

``GET /media/<id>`` returns the original bytes (like static.wixstatic.com/media/<id>);
``GET /media/<id>/v1/fit/w_<W>,h_<H>/<name>`` a JPEG that fits within W x H (never upscaled);
``GET /media/<id>/v1/fill/w_<W>,h_<H>[,al_c][,q_<Q>]/<name>`` a JPEG cropped to exactly W x H.
Scaled copies are cached under ``cache/`` (bounded, see :mod:`.scaled_cache`). File ids are
checked against a strict pattern before they are used in any file name; request text never
becomes a path.

EXIF orientation: a phone photo is often stored sideways with an Orientation tag saying how to
turn it. Scaled copies come out upright (as Wix's image service and every browser show the
photo), and the descriptor's width and height are the upright ones, so a client that sizes a
tile from ``imageInfo`` gets the shape of the thumbnail it will be served. The original
(``/media/<id>``) is served byte for byte, tag included.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from galleryman.sandbox.errors import ApiError, invalid_argument, not_found
from galleryman.sandbox.routing import Request, Response, Router
from galleryman.sandbox.scaled_cache import ScaledCache
from galleryman.sandbox.store import Store
from galleryman.sandbox.util import FILE_ID_RE, JsonDict

FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF")  # JPEG also yields MPO files
EXTENSIONS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif",
              "BMP": "bmp", "TIFF": "tif"}  # fmt: skip
MIME_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp", "gif": "image/gif",
              "bmp": "image/bmp", "tif": "image/tiff"}  # fmt: skip
MAX_SIDE = 5000
DEFAULT_QUALITY = 85
CACHE_CONTROL = "public, max-age=31536000, immutable"
_ALIGN = {"c": (0.5, 0.5), "t": (0.5, 0.0), "b": (0.5, 1.0), "l": (0.0, 0.5), "r": (1.0, 0.5),
          "tl": (0.0, 0.0), "tr": (1.0, 0.0), "bl": (0.0, 1.0), "br": (1.0, 1.0)}  # fmt: skip
_NUMBER = re.compile(r"^\d{1,6}$")
_ORIENTATION_TAG = 0x0112
_TURNED = frozenset({5, 6, 7, 8})  # orientations that swap width and height
_OTHER_PARAM = re.compile(r"^[a-z]{1,10}(?:_[A-Za-z0-9.]{1,20}){0,4}$")


@dataclass(frozen=True)
class ImageProbe:
    format: str
    ext: str
    mime_type: str
    width: int
    height: int


def orientation(im: Image.Image) -> int:
    """The EXIF Orientation (1..8; 1 = as stored) of an opened image."""
    try:
        value = im.getexif().get(_ORIENTATION_TAG, 1)
    except Exception:  # a damaged EXIF block: show the pixels as stored
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def probe_image(data: bytes) -> ImageProbe | None:
    """What Pillow makes of ``data`` (decoding it to catch truncation), or None. The size is
    the upright one (EXIF orientation applied)."""
    try:
        with Image.open(io.BytesIO(data), formats=FORMATS) as im:
            fmt = im.format or ""
            width, height = im.size
            im.draft("RGB", (max(1, width // 8), max(1, height // 8)))
            im.load()
            if orientation(im) in _TURNED:
                width, height = height, width
    except Exception:  # anything Pillow cannot read is "not an image"
        return None
    ext = EXTENSIONS.get(fmt)
    if ext is None or width < 1 or height < 1:
        return None
    return ImageProbe(fmt, ext, MIME_TYPES[ext], width, height)


def _to_rgb(im: Image.Image) -> Image.Image:
    if im.mode in ("RGBA", "LA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return im if im.mode == "RGB" else im.convert("RGB")


@dataclass(frozen=True)
class Transform:
    mode: str  # "fit" or "fill"
    width: int
    height: int
    align: str = "c"
    quality: int = DEFAULT_QUALITY

    @classmethod
    def parse(cls, mode: str, params: str) -> Transform:
        if mode not in ("fit", "fill"):
            raise invalid_argument(f"Unknown image transformation {mode!r} (use fit or fill)")
        values: dict[str, str] = {}
        for token in params.split(","):
            key, _, value = token.partition("_")
            if key in ("w", "h", "q", "al"):
                values[key] = value
            elif not _OTHER_PARAM.match(token):  # other Wix parameters are accepted and ignored
                raise invalid_argument(f"Bad image transformation parameter {token[:40]!r}")
        size = []
        for key in ("w", "h"):
            raw = values.get(key)
            if raw is None or not _NUMBER.match(raw) or not 1 <= int(raw) <= MAX_SIDE:
                raise invalid_argument(f"{key}_ must be an integer between 1 and {MAX_SIDE}")
            size.append(int(raw))
        quality = values.get("q", str(DEFAULT_QUALITY))
        if not _NUMBER.match(quality) or not 1 <= int(quality) <= 100:
            raise invalid_argument("q_ must be an integer between 1 and 100")
        align = values.get("al", "c")
        if align not in _ALIGN:
            raise invalid_argument(f"al_ must be one of {', '.join(_ALIGN)}")
        if mode == "fit":
            align = "c"
        return cls(mode, size[0], size[1], align, int(quality))

    @property
    def key(self) -> str:
        return f"{self.mode}.w{self.width}.h{self.height}.al{self.align}.q{self.quality}"

    def apply(self, source: Path) -> bytes:
        with Image.open(source, formats=FORMATS) as im:
            turn = orientation(im)
            ow, oh = im.size[::-1] if turn in _TURNED else im.size

            def upright(size: tuple[int, int]) -> Image.Image:
                """Decode at (at least) ``size`` (upright), turned as EXIF says, in RGB."""
                im.draft("RGB", size[::-1] if turn in _TURNED else size)
                return _to_rgb(ImageOps.exif_transpose(im) if turn != 1 else im)

            if self.mode == "fit":
                scale = min(self.width / ow, self.height / oh, 1.0)
                target = (max(1, round(ow * scale)), max(1, round(oh * scale)))
                rgb = upright(target)
                out = rgb if rgb.size == target else rgb.resize(target, Image.Resampling.LANCZOS)
            else:
                scale = max(self.width / ow, self.height / oh)
                rgb = upright((max(1, math.ceil(ow * scale)), max(1, math.ceil(oh * scale))))
                dw, dh = rgb.size
                aspect = self.width / self.height
                cw, ch = min(dw, dh * aspect), min(dh, dw / aspect)
                fx, fy = _ALIGN[self.align]
                x0, y0 = (dw - cw) * fx, (dh - ch) * fy
                box = (x0, y0, x0 + cw, y0 + ch)
                size = (self.width, self.height)
                out = rgb.resize(size, Image.Resampling.LANCZOS, box=box)
            buffer = io.BytesIO()  # encode before the source closes: ``out`` may be ``im``
            out.save(buffer, "JPEG", quality=self.quality)
        return buffer.getvalue()


class MediaFiles:
    """Public, unauthenticated ``/media/...`` routes (originals and scaled copies)."""

    def __init__(self, store: Store, media_dir: Path, cache: ScaledCache) -> None:
        self.store = store
        self.media_dir = media_dir
        self.cache = cache

    def register(self, router: Router) -> None:
        seg = "[^/]+"
        router.add("GET", f"/media/(?P<fid>{seg})", self.original, auth=False)
        scaled = f"/media/(?P<fid>{seg})/v1/(?P<mode>{seg})/(?P<params>{seg})/(?P<name>{seg})"
        router.add("GET", scaled, self.scaled, auth=False)

    def _ready_file(self, file_id: str) -> tuple[JsonDict, str, Path]:
        if not FILE_ID_RE.match(file_id):
            raise not_found("File", file_id[:80])
        with self.store.read() as tx:
            found = tx.file(file_id)
        if found is None or found[0].get("operationStatus") != "READY":
            raise not_found("File", file_id)
        path = self.media_dir / file_id
        if not path.is_file():
            raise not_found("File", file_id)
        return found[0], found[1], path

    @staticmethod
    def _cached(req: Request, etag: str, data: bytes | None, content_type: str) -> Response:
        headers = [("ETag", etag), ("Cache-Control", CACHE_CONTROL)]
        match = req.header("If-None-Match")
        if match is not None and etag in [m.strip() for m in match.split(",")]:
            return Response(304, b"", content_type, headers)
        return Response(200, data or b"", content_type, headers)

    def original(self, req: Request, p: dict[str, str]) -> Response:
        doc, content_type, path = self._ready_file(p["fid"])
        etag = f'"{doc.get("hash") or hashlib.md5(p["fid"].encode()).hexdigest()}"'
        if req.header("If-None-Match"):
            response = self._cached(req, etag, None, content_type)
            if response.status == 304:
                return response
        return self._cached(req, etag, path.read_bytes(), content_type)

    def scaled(self, req: Request, p: dict[str, str]) -> Response:
        transform = Transform.parse(p["mode"], p["params"])
        doc, _, path = self._ready_file(p["fid"])
        if doc.get("mediaType") != "IMAGE":
            raise invalid_argument("Only image files can be transformed")
        key = f"{p['fid']}.{transform.key}.jpg"
        etag = '"' + hashlib.md5(f"{doc.get('hash', '')}/{key}".encode()).hexdigest() + '"'
        data = self.cache.get(key)
        if data is None:
            try:
                data = transform.apply(path)
            except ApiError:
                raise
            except Exception as exc:  # a damaged file is the client's 400
                raise invalid_argument(f"The image cannot be transformed: {exc}") from None
            self.cache.put(key, data)
        return self._cached(req, etag, data, "image/jpeg")
