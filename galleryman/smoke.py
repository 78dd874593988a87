"""`galleryman --smoke-test`: check that this installation works, and exit 0, or non-zero
with the reason.

Meant for a freshly installed bundle (PyInstaller leaves out whatever it did not see imported,
and nothing says so until a user hits it) as much as for a virtual environment. Each check
prints one line, `ok: ...` or `FAILED: ...`:

- Pillow encodes and decodes JPEG, PNG and WebP;
- keyring's backends load through their entry points (the one in use is reported; a headless
  machine may only have the fail backend, which is fine: the app keeps keys in memory then);
- the CA bundle httpx verifies TLS with is there;
- the Qt platform plugin asked for exists (checked before Qt would abort without a word from
  us), and the one in use is reported;
- Qt's image plugins read JPEG, PNG, WebP, GIF and SVG, and the SVG icon engine is there;
- the thumbnail process starts as the window starts it and turns a photo from a server on
  loopback into a pixmap;
- the listing process starts as the window's API worker starts it and parses a page of
  items as the worker would;
- the local sandbox starts as a child process, exactly as the app starts it, and a create,
  upload, list, update, thumbnail and delete round trip goes through the API worker thread;
- the main window opens on the local sandbox site and lists what the round trip left there.

Everything happens in a temporary folder; nothing of the user's is read or written.
"""

from __future__ import annotations

import io
import os
import ssl
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from galleryman import __version__

TIMEOUT_S = 60.0
REQUIRED_QT_FORMATS = ("jpeg", "png", "webp", "gif", "svg")
SMOKE_GALLERY = "galleryman smoke test"
# Modules without which a keyring backend is always unavailable on this platform.
KEYRING_NEEDS = {
    "linux": ("secretstorage", "jeepney"),
    "win32": ("win32ctypes.pywin32.win32cred",),
    "darwin": (),
}


class SmokeFailure(Exception):
    """A check found a problem; the message says what."""


class Report:
    def __init__(self) -> None:
        self.failures: list[str] = []

    def ok(self, message: str) -> None:
        print(f"ok: {message}", flush=True)

    def failed(self, message: str) -> None:
        print(f"FAILED: {message}", flush=True)
        self.failures.append(message)

    def run(self, name: str, check: Callable[[], str]) -> bool:
        try:
            message = check()
        except SmokeFailure as exc:
            self.failed(f"{name}: {exc}")
            return False
        except Exception as exc:
            self.failed(f"{name}: {type(exc).__name__}: {exc}")
            return False
        self.ok(message)
        return True


def run_smoke_test() -> int:
    report = Report()
    frozen = bool(getattr(sys, "frozen", False))
    where = f"bundle {Path(sys.executable).parent}" if frozen else f"Python {sys.executable}"
    report.ok(f"galleryman {__version__}, Python {sys.version.split()[0]}, {where}")
    with tempfile.TemporaryDirectory(prefix="galleryman-smoke-") as tmp:
        _run_checks(Path(tmp), report)
    if report.failures:
        count = len(report.failures)
        print(f"smoke test FAILED ({count} check{'s' if count > 1 else ''} failed)", flush=True)
        return 1
    print("smoke test passed", flush=True)
    return 0


def _run_checks(tmp: Path, report: Report) -> None:
    report.run("Pillow", check_pillow)
    report.run("keyring", check_keyring)
    report.run("TLS", check_ca_bundle)
    if not report.run("Qt platform", check_platform_available):
        return  # Qt would abort the process while creating the application
    from PySide6.QtWidgets import QApplication

    from galleryman.app import app_icon

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "galleryman"])
    assert isinstance(app, QApplication)
    app.setApplicationName("galleryman")
    app.setDesktopFileName("galleryman")
    app.setWindowIcon(app_icon())
    report.run("Qt platform", lambda: check_platform_in_use(app))
    report.run("Qt image plugins", check_qt_images)
    report.run("translations", check_translations)
    report.run("thumbnail process", lambda: check_thumbnail_process(tmp))
    report.run("listing process", check_listing_process)
    if report.run("API round trip", lambda: check_round_trip(tmp)):
        report.run("main window", lambda: check_main_window(tmp))


# --------------------------------------------------------------------------- without Qt


def check_pillow() -> str:
    import PIL
    from PIL import Image

    source = Image.new("RGB", (48, 32))
    for x in range(48):
        for y in range(32):
            source.putpixel((x, y), (x * 5, y * 7, 128))
    for fmt in ("JPEG", "PNG", "WEBP"):
        encoded = io.BytesIO()
        source.save(encoded, fmt)
        with Image.open(io.BytesIO(encoded.getvalue())) as decoded:
            decoded.load()
            if decoded.format != fmt or decoded.size != source.size:
                raise SmokeFailure(f"{fmt} came back as {decoded.format} {decoded.size}")
            red, green, blue = decoded.convert("RGB").getpixel((24, 16))  # type: ignore[misc]
            if abs(red - 120) > 24 or abs(green - 112) > 24 or abs(blue - 128) > 24:
                raise SmokeFailure(f"{fmt} decoded to the wrong colours")
    return f"Pillow {PIL.__version__} encodes and decodes JPEG, PNG and WebP"


def check_keyring() -> str:
    import keyring

    from galleryman.credentials import usable_backend

    for module in KEYRING_NEEDS.get(sys.platform, ()):
        __import__(module)
    entry_points = sorted(metadata.entry_points(group="keyring.backends"), key=lambda e: e.name)
    if not entry_points:
        raise SmokeFailure(
            "no 'keyring.backends' entry points: keyring's metadata is missing, so it can "
            "never find a backend"
        )
    loaded = []
    for entry_point in entry_points:
        try:
            entry_point.load()
        except ImportError as exc:
            # keyring's own backend modules import cleanly everywhere; one that does not is
            # missing from this installation.
            raise SmokeFailure(f"backend module {entry_point.value} does not load: {exc}") from exc
        loaded.append(entry_point.name)
    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__qualname__}"
    if usable_backend(backend):
        return f"keyring uses {name} (backends that load: {', '.join(loaded)})"
    return (
        f"keyring backends load ({', '.join(loaded)}), but none is usable here, so keyring "
        f"uses {name}: the app keeps API keys in memory (normal on a headless machine)"
    )


def check_ca_bundle() -> str:
    import certifi

    path = Path(certifi.where())
    if not path.is_file():
        raise SmokeFailure(f"the CA bundle {path} is missing: HTTPS to Wix would fail")
    context = ssl.create_default_context(cafile=str(path))
    count = context.cert_store_stats()["x509_ca"]
    if count < 10:
        raise SmokeFailure(f"the CA bundle {path} holds only {count} certificates")
    return f"certifi CA bundle with {count} certificates"


# --------------------------------------------------------------------------- Qt


def qt_plugin_keys(plugin_type: str) -> dict[str, str]:
    """Key -> file of the Qt plugins of one type, read from their metadata (none is loaded)."""
    from PySide6.QtCore import QCoreApplication, QLibraryInfo, QPluginLoader

    folders = [QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)]
    folders += QCoreApplication.libraryPaths()
    folders += [p for p in os.environ.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    keys: dict[str, str] = {}
    for folder in folders:
        plugin_dir = Path(folder) / plugin_type
        if not plugin_dir.is_dir():
            continue
        for file in sorted(plugin_dir.iterdir()):
            data: dict[str, Any] = dict(QPluginLoader(str(file)).metaData())
            meta = data.get("MetaData")
            for key in meta.get("Keys", []) if isinstance(meta, dict) else []:
                keys.setdefault(str(key).lower(), file.name)
    return keys


def requested_platforms() -> list[str]:
    """The platform names QT_QPA_PLATFORM asks for, in order ("xcb;offscreen", "xcb:arg")."""
    value = os.environ.get("QT_QPA_PLATFORM", "")
    return [part.split(":", 1)[0].strip().lower() for part in value.split(";") if part.strip()]


def check_platform_available() -> str:
    available = qt_plugin_keys("platforms")
    if not available:
        raise SmokeFailure("no Qt platform plugins were found")
    names = ", ".join(sorted(available))
    wanted = requested_platforms()
    if wanted:
        usable = [name for name in wanted if name in available]
        if not usable:
            value = os.environ["QT_QPA_PLATFORM"]
            raise SmokeFailure(
                f"QT_QPA_PLATFORM={value} names no Qt platform plugin of this installation "
                f"(it has: {names})"
            )
        chosen = usable[0]
    elif sys.platform.startswith("linux"):
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            raise SmokeFailure(
                "no display: neither DISPLAY nor WAYLAND_DISPLAY is set (run with "
                "QT_QPA_PLATFORM=offscreen to check this installation without one)"
            )
        chosen = "the default"
    else:
        chosen = "the default"
    if chosen == "xcb" and not os.environ.get("DISPLAY"):
        raise SmokeFailure("QT_QPA_PLATFORM=xcb needs an X display, and DISPLAY is not set")
    return f"Qt platform plugins present: {names}; using {chosen}"


def check_platform_in_use(app: Any) -> str:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    platform = str(app.platformName())
    wanted = requested_platforms()
    if wanted and platform.lower() not in wanted:
        raise SmokeFailure(f"Qt started the {platform!r} platform, not one of {wanted}")
    return f"Qt {qVersion()} (PySide6 {pyside_version}) runs on the {platform!r} platform plugin"


def check_qt_images() -> str:
    from PIL import Image
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
    from PySide6.QtGui import QIcon, QImageReader

    supported = {bytes(f.data()).decode().lower() for f in QImageReader.supportedImageFormats()}
    missing = [fmt for fmt in REQUIRED_QT_FORMATS if fmt not in supported]
    if missing:
        raise SmokeFailure(
            f"Qt cannot read {', '.join(missing)} (it reads: {', '.join(sorted(supported))})"
        )
    source = Image.new("RGB", (40, 30), (200, 60, 30))
    for pil_format in ("JPEG", "PNG", "WEBP", "GIF"):
        encoded = io.BytesIO()
        source.save(encoded, pil_format)
        buffer = QBuffer()
        buffer.setData(QByteArray(encoded.getvalue()))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        data_reader = QImageReader(buffer)
        detected = bytes(data_reader.format().data()).decode().lower()  # before read()
        image = data_reader.read()
        if image.isNull() or image.size() != QSize(40, 30) or detected != pil_format.lower():
            raise SmokeFailure(
                f"Qt could not decode a {pil_format} image made by Pillow "
                f"({data_reader.errorString()})"
            )
    icon_path = _app_icon_path()
    reader = QImageReader(str(icon_path))
    svg = reader.read()
    if svg.isNull():
        raise SmokeFailure(f"Qt could not read the app icon {icon_path}: {reader.errorString()}")
    if "svg" not in qt_plugin_keys("iconengines"):
        raise SmokeFailure("the SVG icon engine plugin is missing (icons would not scale)")
    if QIcon(str(icon_path)).pixmap(64, 64).isNull():
        raise SmokeFailure("the app icon does not render")
    return (
        f"Qt reads {', '.join(REQUIRED_QT_FORMATS)} ({len(supported)} formats in all); "
        f"the SVG icon engine renders the app icon"
    )


def check_translations() -> str:
    """Every shipped language loads: galleryman's own .qm and Qt's for the standard dialogs
    (a bundle that lost either shows English, or half-English dialogs)."""
    from PySide6.QtCore import QTranslator

    from galleryman.translations import qt_translation, shipped_languages, translations_dir

    languages = shipped_languages()
    if not languages:
        raise SmokeFailure(f"no translations in {translations_dir()}")
    for language in languages:
        own, qt = QTranslator(), QTranslator()
        if not own.load(str(translations_dir() / f"galleryman_{language}.qm")):
            raise SmokeFailure(f"galleryman_{language}.qm does not load")
        if not qt.load(str(qt_translation(f"qtbase_{language}.qm"))):
            raise SmokeFailure(f"Qt's qtbase_{language}.qm is missing")
        if not qt.translate("QPlatformTheme", "Cancel"):
            raise SmokeFailure(f"qtbase_{language}.qm does not translate the dialog buttons")
    return "languages: " + ", ".join(["en", *languages]) + " (with Qt's dialog buttons)"


def _app_icon_path() -> Path:
    from importlib import resources

    path = Path(str(resources.files("galleryman") / "assets" / "galleryman.svg"))
    if not path.is_file():
        raise SmokeFailure(f"the app icon {path} is missing")
    return path


def wait_until(condition: Callable[[], bool], timeout_s: float = TIMEOUT_S) -> bool:
    """Run the Qt event loop until `condition()` holds or the time is up; returns it."""
    from PySide6.QtCore import QEventLoop, QTimer

    if condition():
        return True
    deadline = time.monotonic() + timeout_s
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(20)

    def poll() -> None:
        if condition() or time.monotonic() > deadline:
            loop.quit()

    timer.timeout.connect(poll)
    timer.start()
    loop.exec()
    timer.stop()
    return condition()


def check_thumbnail_process(tmp: Path) -> str:
    """The window's thumbnail process starts as the app starts it (`galleryman thumbnails`),
    downloads a photo from a server on loopback, and its pixels become a pixmap."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from PIL import Image

    from galleryman.core.thumbcache import ThumbnailDiskCache
    from galleryman.workers.thumbnails import ThumbnailLoader

    photo = io.BytesIO()
    Image.new("RGB", (400, 300), (200, 60, 30)).save(photo, "JPEG")
    body = photo.getvalue()

    class Media(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Media)
    serving = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    serving.start()
    loader = ThumbnailLoader(ThumbnailDiskCache(tmp / "thumbnails"))
    url = f"http://127.0.0.1:{server.server_address[1]}/media/smoke.jpg"
    started = time.monotonic()
    try:
        loader.pixmap("smoke", url, 128)
        wait_until(lambda: loader.state("smoke", 128) != "loading")
        pixmap = loader.pixmap("smoke", url, 128)
        if pixmap is None:
            reason = loader.failure_reason("smoke", 128) or f"nothing within {TIMEOUT_S:.0f} s"
            raise SmokeFailure(f"no thumbnail: {reason}")
        colour = pixmap.toImage().pixelColor(64, 48)
        if (pixmap.width(), pixmap.height()) != (128, 96) or colour.red() < 150:
            raise SmokeFailure(
                f"a wrong thumbnail: {pixmap.width()}x{pixmap.height()}, {colour.name()}"
            )
        elapsed = time.monotonic() - started
    finally:
        loader.shutdown()
        loader.deleteLater()
        server.shutdown()
        server.server_close()
    return f"thumbnail process made a 128x96 thumbnail from loopback in {elapsed:.2f} s"


def check_listing_process() -> str:
    """The listing process starts as the API worker starts it (`galleryman listing-pages`)
    and parses a page of items exactly as the worker's own parse does."""
    import json

    from galleryman.sync.listed import parse_page
    from galleryman.sync.listing_process import ListingProcess

    items = [{"id": f"i{n}", "sortOrder": n, "title": f"Photo {n}"} for n in range(100)]
    body = json.dumps({"items": items}).encode()
    listing = ListingProcess()
    started = time.monotonic()
    try:
        if not listing.wait_ready(TIMEOUT_S):
            raise SmokeFailure(f"it did not start within {TIMEOUT_S:.0f} s")
        page, expected = listing.parse(body), parse_page(body)
        if listing.pages_answered() != 1:
            raise SmokeFailure("it did not answer the page")
    finally:
        listing.close()
    fields = None if page is None else [i.fields() for i in page[0]]
    if expected is None or fields != [i.fields() for i in expected[0]]:
        raise SmokeFailure("its parse of a page differs from the worker's")
    return f"listing process parsed a page of 100 items in {time.monotonic() - started:.2f} s"


def check_round_trip(tmp: Path) -> str:
    from galleryman.local_site import LocalSandbox
    from galleryman.paths import AppPaths
    from galleryman.workers.api_worker import ApiWorker

    paths = AppPaths.under(tmp).ensure()
    sandbox = LocalSandbox(paths.sandbox_dir, seed_demo=False)  # a child process, like the app
    try:
        started = time.monotonic()
        endpoint = sandbox.start()
        start_s = time.monotonic() - started
        worker = ApiWorker(sandbox.client)
        worker.start()
        try:
            steps = _run_steps(worker, _round_trip_steps())
        finally:
            worker.shutdown()
    finally:
        sandbox.stop()
    return (
        f"local sandbox child process ({endpoint.base_url}, up in {start_s:.2f} s); through "
        f"the API worker thread: {', '.join(steps)}"
    )


Step = tuple[str, Callable[[Any, dict[str, Any]], None]]


def _round_trip_steps() -> list[Step]:
    import httpx
    from PIL import Image

    from galleryman.wix.models import Item
    from galleryman.wix.urls import thumbnail_url

    def create_gallery(client: Any, state: dict[str, Any]) -> None:
        state["gallery"] = client.create_gallery(SMOKE_GALLERY).id

    def upload(client: Any, state: dict[str, Any]) -> None:
        out = io.BytesIO()
        Image.new("RGB", (320, 200), (40, 120, 200)).save(out, "JPEG")
        data = out.getvalue()
        url = client.generate_upload_url("image/jpeg", "smoke.jpg", len(data))
        state["file"] = client.upload_bytes(url, data, "smoke.jpg", "image/jpeg")

    def create_item(client: Any, state: dict[str, Any]) -> None:
        item = client.create_item(state["gallery"], Item.image_item(state["file"], title="smoke"))
        state["item"] = item.id

    def list_items(client: Any, state: dict[str, Any]) -> None:
        items = client.list_items(state["gallery"])
        if [(i.id, i.title) for i in items] != [(state["item"], "smoke")]:
            raise SmokeFailure(f"listing the gallery gave {items!r}")
        state["media_url"] = items[0].image.image_info.url

    def update_item(client: Any, state: dict[str, Any]) -> None:
        updated = client.update_item(state["gallery"], state["item"], {"title": "smoke 2"})
        if updated.title != "smoke 2":
            raise SmokeFailure(f"the update came back with title {updated.title!r}")

    def thumbnail(client: Any, state: dict[str, Any]) -> None:
        response = httpx.get(thumbnail_url(state["media_url"], 160, 160), timeout=30)
        response.raise_for_status()
        with Image.open(io.BytesIO(response.content)) as image:
            if image.size != (160, 100):
                raise SmokeFailure(f"the server's scaled copy is {image.size}, not (160, 100)")

    def delete_item(client: Any, state: dict[str, Any]) -> None:
        client.delete_item(state["gallery"], state["item"])
        if client.list_items(state["gallery"]):
            raise SmokeFailure("the item is still listed after its delete")

    return [
        ("create gallery", create_gallery),
        ("upload JPEG", upload),
        ("create item", create_item),
        ("list", list_items),
        ("update", update_item),
        ("scaled copy", thumbnail),
        ("delete", delete_item),
    ]


def _run_steps(worker: Any, steps: list[Step]) -> list[str]:
    """Submit the steps one after the other, each from the previous one's answer (delivered
    on this thread by the worker), and run the event loop until the last answer or an error."""
    from galleryman.workers.api_worker import JobKind

    state: dict[str, Any] = {}
    done: list[str] = []
    errors: list[str] = []

    def submit(index: int) -> None:
        if index == len(steps):
            return
        label, step = steps[index]

        def job(client: Any, _progress: Callable[[object], None]) -> None:
            step(client, state)

        def on_done(_result: object) -> None:
            done.append(label)
            submit(index + 1)

        def on_error(exc: BaseException) -> None:
            errors.append(f"{label}: {exc if isinstance(exc, SmokeFailure) else repr(exc)}")

        worker.submit(job, on_done=on_done, on_error=on_error, kind=JobKind.WRITE, label=label)

    submit(0)
    finished = wait_until(lambda: bool(errors) or len(done) == len(steps))
    if errors:
        raise SmokeFailure(errors[0])
    if not finished:
        raise SmokeFailure(f"no answer within {TIMEOUT_S:.0f} s after: {', '.join(done) or '-'}")
    return done


def check_main_window(tmp: Path) -> str:
    from galleryman.paths import AppPaths
    from galleryman.settings import Settings
    from galleryman.site_manager import SiteManager
    from galleryman.sites import LOCAL_SITE_KEY
    from galleryman.views.main_window import MainWindow

    paths = AppPaths.under(tmp).ensure()
    started = time.monotonic()
    window = MainWindow(SiteManager(paths, seed_demo=False), Settings(paths.settings_file))
    try:
        window.resize(1000, 700)
        window.show()
        window.open_site(LOCAL_SITE_KEY)
        session = window.session
        if session is None:
            raise SmokeFailure("the local sandbox site did not open")
        loaded: list[bool] = []
        problems: list[str] = []
        session.galleries_loaded.connect(lambda: loaded.append(True))
        session.problem.connect(lambda problem: problems.append(str(problem.message)))

        def shown() -> bool:
            handle = window.windowHandle()
            return window.isVisible() and handle is not None and handle.isExposed()

        wait_until(lambda: bool(problems) or (bool(loaded) and shown()))
        if problems:
            raise SmokeFailure(problems[0])
        if not shown():
            raise SmokeFailure(f"the window was not shown within {TIMEOUT_S:.0f} s")
        if not loaded:
            raise SmokeFailure(f"the galleries did not load within {TIMEOUT_S:.0f} s")
        names = [g.name for g in session.galleries.galleries()]
        if names != [SMOKE_GALLERY]:
            raise SmokeFailure(f"the sidebar lists {names}, not the round trip's gallery")
        elapsed = time.monotonic() - started
    finally:
        window.close()
    return f"main window shown with the local sandbox site's galleries in {elapsed:.2f} s"
