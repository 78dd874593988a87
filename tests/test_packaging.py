"""The Linux installer: `make package` builds dist/galleryman_<version>_amd64.deb and the
portable tarball; the .deb is unpacked into a scratch root and checked there: its layout, its
control fields (Depends against what the bundled binaries really link to), the desktop entry,
the AppStream metainfo, the icons, and the installed program itself (--version, and its
--smoke-test offscreen and on an X server).

The build runs once for the module (a few minutes from a clean build/ directory)."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
from PIL import Image

from galleryman import __version__

REPO = Path(__file__).resolve().parent.parent
# The first test builds the installers (minutes on two cores): the default per-test limit is
# for tests that run in seconds.
pytestmark = pytest.mark.timeout(1800)


def _load_build_script() -> ModuleType:
    """packaging/build.py, for its names and rules (the Debian version, the AppStream id)."""
    spec = importlib.util.spec_from_file_location("galleryman_build", REPO / "packaging/build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses and typing look modules up by name
    spec.loader.exec_module(module)
    return module


packaging_build = _load_build_script()

APP = "/opt/galleryman"
# What Qt's xcb platform plugin and its GL integrations link to outside the bundle.
XCB_PACKAGES = {
    "libxcb-cursor0",
    "libxkbcommon-x11-0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-shape0",
    "libxcb-render-util0",
    "libxcb-image0",
    "libxcb-randr0",
    "libxcb-xfixes0",
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libfreetype6",
    "libdbus-1-3",
    "libglib2.0-0",
    "libx11-xcb1",
}
SMOKE_LINES = (
    "ok: Pillow ",
    "ok: keyring ",
    "ok: certifi CA bundle",
    "ok: Qt platform plugins present: ",
    "ok: Qt reads jpeg, png, webp, gif, svg",
    "ok: local sandbox child process",
    "through the API worker thread: create gallery, upload JPEG, create item, list, update, "
    "scaled copy, delete",
    "ok: main window shown",
    "smoke test passed",
)


@dataclass(frozen=True)
class Built:
    deb: Path
    tarball: Path
    root: Path  # the .deb unpacked (dpkg-deb -x)
    control: dict[str, str]
    launcher: Path  # a symbolic link to root/opt/galleryman/galleryman, like /usr/bin's

    @property
    def app_dir(self) -> Path:
        return self.root / APP.lstrip("/")


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.pop("DISPLAY", None)
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    done = subprocess.run(
        ["make", "--no-print-directory", "-C", str(REPO), "package"],
        capture_output=True,
        text=True,
        timeout=1500,
    )
    assert done.returncode == 0, (
        f"make package failed:\n{done.stdout[-6000:]}\n{done.stderr[-6000:]}"
    )
    deb_version = packaging_build.debian_version(__version__)
    deb = REPO / "dist" / f"galleryman_{deb_version}_amd64.deb"
    tarball = REPO / "dist" / f"galleryman-{__version__}-linux-x86_64.tar.gz"
    scratch = tmp_path_factory.mktemp("deb")
    root = scratch / "root"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    fields = subprocess.run(
        ["dpkg-deb", "-f", str(deb)], check=True, capture_output=True, text=True
    ).stdout
    control: dict[str, str] = {}
    for line in fields.splitlines():
        if line and not line.startswith(" "):
            key, _, value = line.partition(":")
            control[key] = value.strip()
    launcher = scratch / "bin" / "galleryman"
    launcher.parent.mkdir()
    launcher.symlink_to(root / "opt" / "galleryman" / "galleryman")
    return Built(deb, tarball, root, control, launcher)


def package_names(field: str) -> set[str]:
    """Package names in a Depends-like field, alternatives included, versions dropped."""
    names = set()
    for clause in field.split(","):
        for alternative in clause.split("|"):
            name = alternative.strip().split(" ")[0].split(":")[0]
            if name:
                names.add(name)
    return names


# --------------------------------------------------------------------------- the files


def test_artifacts_are_named_by_version_and_lean(built: Built) -> None:
    assert built.deb.is_file() and built.tarball.is_file()
    assert built.deb.stat().st_size < 70_000_000, f"{built.deb.stat().st_size} bytes"
    assert built.tarball.stat().st_size < 90_000_000


def test_layout(built: Built) -> None:
    app = built.app_dir
    executable = app / "galleryman"
    assert executable.is_file() and os.access(executable, os.X_OK)
    link = built.root / "usr" / "bin" / "galleryman"
    assert link.is_symlink() and os.readlink(link) == f"{APP}/galleryman"
    # The icon asset is the real file, not the repository's symlink.
    asset = app / "_internal" / "galleryman" / "assets" / "galleryman.svg"
    assert asset.is_file() and not asset.is_symlink()
    assert asset.read_bytes() == (REPO / "resources" / "icons" / "galleryman.svg").read_bytes()
    # keyring finds its backends through its entry points: its metadata must be there.
    entry_points = list((app / "_internal").glob("keyring-*.dist-info/entry_points.txt"))
    assert entry_points and "keyring.backends" in entry_points[0].read_text()
    assert (built.root / "usr" / "share" / "doc" / "galleryman" / "copyright").is_file()
    # Nothing lives outside /opt/galleryman and /usr.
    assert sorted(p.name for p in built.root.iterdir()) == ["opt", "usr"]


def test_qt_plugins_wanted_are_in_and_unused_qt_is_out(built: Built) -> None:
    qt = built.app_dir / "_internal" / "PySide6" / "Qt"
    plugins = {p.relative_to(qt / "plugins").as_posix() for p in (qt / "plugins").rglob("*.so")}
    for wanted in (
        "platforms/libqxcb.so",
        "platforms/libqoffscreen.so",
        "platforms/libqwayland.so",
        "imageformats/libqjpeg.so",
        "imageformats/libqwebp.so",
        "imageformats/libqsvg.so",
        "imageformats/libqgif.so",
        "iconengines/libqsvgicon.so",
        "xcbglintegrations/libqxcb-glx-integration.so",
        "xcbglintegrations/libqxcb-egl-integration.so",
        "platformthemes/libqxdgdesktopportal.so",
        "platforminputcontexts/libcomposeplatforminputcontextplugin.so",
    ):
        assert wanted in plugins
    assert "platformthemes/libqgtk3.so" not in plugins  # it would make the .deb depend on GTK
    files = {p.name for p in built.app_dir.rglob("*")}
    for unwanted in ("libQt6Quick.so.6", "libQt6Qml.so.6", "libQt6Pdf.so.6", "libQt6Network.so.6"):
        assert unwanted not in files
    for unwanted_prefix in ("libX11.so", "libxcb-cursor", "libGL", "libstdc++", "libglib-2.0"):
        assert not [f for f in files if f.startswith(unwanted_prefix)], "system library bundled"
    assert not [p for p in built.app_dir.rglob("tkinter") if p.is_dir()]
    assert not list(built.app_dir.rglob("translations/*.qm"))


def test_control_fields(built: Built) -> None:
    control = built.control
    assert control["Package"] == "galleryman"
    assert control["Version"] == packaging_build.debian_version(__version__)
    assert control["Architecture"] == "amd64"
    assert re.fullmatch(r".+ <[^@\s]+@[^@\s]+>", control["Maintainer"])
    assert control["Description"].startswith("desktop app for managing Wix Pro Galleries")
    size_on_disk = sum(
        (p.stat().st_size + 1023) // 1024
        for p in built.root.rglob("*")
        if p.is_file() and not p.is_symlink()
    )
    assert size_on_disk <= int(control["Installed-Size"]) <= size_on_disk * 1.05
    depends = package_names(control["Depends"])
    assert not XCB_PACKAGES - depends, XCB_PACKAGES - depends
    assert re.search(r"(^|, )libc6 \(>= 2\.\d+\)", control["Depends"])


def _needed(binary: Path) -> list[str]:
    out = subprocess.run(
        ["readelf", "-d", str(binary)], check=True, capture_output=True, text=True
    ).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def _package_of(path: str) -> str:
    """The Debian package that installed a library (the /usr merge makes two names for it)."""
    real = os.path.realpath(path)
    candidates = {path, real}
    for name in list(candidates):
        if name.startswith("/usr/lib/"):
            candidates.add(name[len("/usr") :])
        elif name.startswith("/lib/"):
            candidates.add("/usr" + name)
    for candidate in sorted(candidates):
        done = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if done.returncode == 0:
            return done.stdout.split(":")[0].strip()
    raise AssertionError(f"no Debian package owns {path}")


def test_depends_cover_every_library_the_bundle_links_to(built: Built) -> None:
    """Every shared library a bundled binary needs is either in the bundle or comes from a
    package named in Depends (checked with readelf and ldd, independently of dpkg-shlibdeps)."""
    app = built.app_dir
    binaries = packaging_build.elf_files(app)
    bundled = {p.name for p in app.rglob("*")}
    env = clean_env(
        LD_LIBRARY_PATH=f"{app / '_internal'}:{app / '_internal' / 'PySide6' / 'Qt' / 'lib'}"
    )
    depends = package_names(built.control["Depends"])
    uncovered: dict[str, str] = {}
    for binary in binaries:
        needed = [name for name in _needed(binary) if name not in bundled]
        if not needed:
            continue
        ldd = subprocess.run(
            ["ldd", str(binary)], capture_output=True, text=True, env=env, check=True
        ).stdout
        resolved = dict(re.findall(r"^\s*(\S+) => (\S+)", ldd, re.MULTILINE))
        for path in re.findall(r"^\s*(/\S+) \(0x", ldd, re.MULTILINE):  # the dynamic loader
            resolved.setdefault(Path(path).name, path)
        for name in needed:
            path = resolved.get(name)
            if path is None or path == "not":
                uncovered[name] = f"not found (needed by {binary.name})"
                continue
            package = _package_of(path)
            if package not in depends:
                uncovered[name] = f"{package} (needed by {binary.name})"
    assert not uncovered, uncovered


def test_desktop_entry(built: Built) -> None:
    desktop = built.root / "usr" / "share" / "applications" / "galleryman.desktop"
    text = desktop.read_text()
    for line in ("Type=Application", "Exec=galleryman", "Icon=galleryman"):
        assert line in text.splitlines()
    assert "Categories=Graphics;Photography;" in text.splitlines()
    assert shutil.which("desktop-file-validate"), "the build installs desktop-file-utils"
    done = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True, text=True)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


def test_appstream_metainfo(built: Built) -> None:
    app_id = packaging_build.APP_ID
    metainfo = built.root / "usr" / "share" / "metainfo" / f"{app_id}.metainfo.xml"
    component = ET.parse(metainfo).getroot()
    assert component.tag == "component" and component.get("type") == "desktop-application"
    assert component.findtext("id") == app_id
    assert component.findtext("name") == "galleryman"
    assert component.findtext("summary")
    assert component.find("description/p") is not None
    launchable = component.find("launchable")
    assert launchable is not None and launchable.get("type") == "desktop-id"
    assert launchable.text == "galleryman.desktop"
    assert component.find("content_rating") is not None
    releases = component.findall("releases/release")
    assert [r.get("version") for r in releases] == [__version__]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", releases[0].get("date") or "")
    images = [i.text or "" for i in component.findall("screenshots/screenshot/image")]
    assert images and all(i.startswith("https://") for i in images)
    for image in images:
        assert (REPO / "docs" / "screenshots" / image.rsplit("/", 1)[1]).is_file()
    assert shutil.which("appstreamcli"), "the build installs appstream"
    done = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(metainfo)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_hicolor_icons(built: Built) -> None:
    hicolor = built.root / "usr" / "share" / "icons" / "hicolor"
    svg = hicolor / "scalable" / "apps" / "galleryman.svg"
    assert svg.read_bytes() == (REPO / "resources" / "icons" / "galleryman.svg").read_bytes()
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        with Image.open(hicolor / f"{size}x{size}" / "apps" / "galleryman.png") as icon:
            assert icon.format == "PNG" and icon.size == (size, size)
            assert icon.mode == "RGBA"
            alpha = icon.getchannel("A")
            assert alpha.getextrema() == (0, 255)  # transparent corners, an opaque picture


def test_tarball_holds_the_same_bundle(built: Built, tmp_path: Path) -> None:
    top = f"galleryman-{__version__}"
    with tarfile.open(built.tarball) as tar:
        members = tar.getmembers()
        assert all(m.name == top or m.name.startswith(top + "/") for m in members)
        assert all(m.uid == 0 and m.gid == 0 for m in members)
        tar.extractall(tmp_path, filter="tar")
    in_tar = {p.relative_to(tmp_path / top).as_posix() for p in (tmp_path / top).rglob("*")}
    in_deb = {p.relative_to(built.app_dir).as_posix() for p in built.app_dir.rglob("*")}
    assert in_tar == in_deb
    done = subprocess.run(
        [str(tmp_path / top / "galleryman"), "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        env=clean_env(QT_QPA_PLATFORM="offscreen"),
    )
    assert done.returncode == 0 and done.stdout.strip() == f"galleryman {__version__}"


# --------------------------------------------------------------------------- the program


def run_installed(
    built: Built, *args: str, env: dict[str, str], wrapper: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*wrapper, str(built.launcher), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=built.root,
    )


def test_installed_version(built: Built) -> None:
    done = run_installed(built, "--version", env=clean_env(QT_QPA_PLATFORM="offscreen"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"galleryman {__version__}"


def assert_smoke_passed(done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    assert "FAILED" not in done.stdout
    for line in SMOKE_LINES:
        assert line in done.stdout, f"{line!r} missing from:\n{done.stdout}"


def test_installed_smoke_test_offscreen(built: Built, tmp_path: Path) -> None:
    env = clean_env(QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path), TMPDIR=str(tmp_path))
    done = run_installed(built, "--smoke-test", env=env)
    assert_smoke_passed(done)
    assert f"bundle {built.app_dir}" in done.stdout  # the frozen program, not this venv
    assert "runs on the 'offscreen' platform plugin" in done.stdout


def test_installed_smoke_test_on_xvfb_with_xcb(built: Built, tmp_path: Path) -> None:
    xvfb_run = shutil.which("xvfb-run")
    assert xvfb_run, "scripts/install-system-deps.sh installs xvfb"
    env = clean_env(QT_QPA_PLATFORM="xcb", HOME=str(tmp_path), TMPDIR=str(tmp_path))
    done = run_installed(built, "--smoke-test", env=env, wrapper=(xvfb_run, "-a"))
    assert_smoke_passed(done)
    assert "runs on the 'xcb' platform plugin" in done.stdout
