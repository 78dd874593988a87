"""The Linux installers: `make package` builds the .deb, the .rpm, the portable tarball and
SHA256SUMS; the .deb is unpacked into a scratch root and checked there: its layout, its
control fields (Depends against what the bundled binaries really link to), the desktop entry,
the AppStream metainfo, the icons, and the installed program itself (--version, and its
--smoke-test offscreen and on an X server). The .rpm's metadata, requirements and file list
are read with rpm -qp; the tarball's install.sh and uninstall.sh run against a fake HOME; the
installer stage is run a second time and must give byte-identical files.

The build runs once for the module (about a minute with a warm build venv, a few minutes
from a clean build/ directory). Two complete builds compared byte for byte take twice that:
bench/bench_reproducible_build.py does it by hand."""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
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
# build.py put packaging/ on sys.path: its parts are importable now.
from gmbuild import linux_tree, reproducible, settings  # noqa: E402
from gmbuild.commands import apt_get  # noqa: E402

# The build's settings, passed explicitly: the test checks they land in every package (and
# SOURCE_DATE_EPOCH is fixed before the build, so a commit made meanwhile changes nothing).
MAINTAINER = "Release Tester <release-tester@example.org>"
HOMEPAGE = "https://example.org/galleryman"
EPOCH = settings.resolve_source_date_epoch(os.environ)
BUILD_ENV = {
    **os.environ,
    "GALLERYMAN_MAINTAINER": MAINTAINER,
    "GALLERYMAN_HOMEPAGE": HOMEPAGE,
    "SOURCE_DATE_EPOCH": str(EPOCH),
}

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
    "ok: languages: en, de (with Qt's dialog buttons)",  # the bundle found Qt's qtbase_de.qm
    "ok: thumbnail process made a 128x96 thumbnail",  # `galleryman thumbnails` in the bundle
    "ok: listing process parsed a page of 100 items",  # `galleryman listing-pages` in it
    "ok: local sandbox child process",
    "through the API worker thread: create gallery, upload JPEG, create item, list, update, "
    "scaled copy, delete",
    "ok: main window shown",
    "smoke test passed",
)


@dataclass(frozen=True)
class Built:
    deb: Path
    rpm: Path
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
        env=BUILD_ENV,
    )
    assert done.returncode == 0, (
        f"make package failed:\n{done.stdout[-6000:]}\n{done.stderr[-6000:]}"
    )
    deb_version = packaging_build.debian_version(__version__)
    deb = REPO / "dist" / f"galleryman_{deb_version}_amd64.deb"
    rpm = REPO / "dist" / f"galleryman-{deb_version}-1.x86_64.rpm"
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
    return Built(deb, rpm, tarball, root, control, launcher)


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
    assert built.deb.is_file() and built.rpm.is_file() and built.tarball.is_file()
    assert built.deb.stat().st_size < 70_000_000, f"{built.deb.stat().st_size} bytes"
    assert built.rpm.stat().st_size < 70_000_000, f"{built.rpm.stat().st_size} bytes"
    assert built.tarball.stat().st_size < 90_000_000


def test_sha256sums_cover_the_artifacts(built: Built) -> None:
    sums = built.deb.parent / "SHA256SUMS"
    names = [line.split("  ")[1] for line in sums.read_text().splitlines()]
    assert names == sorted(p.name for p in (built.deb, built.rpm, built.tarball))
    done = subprocess.run(
        ["sha256sum", "--check", "--strict", sums.name],
        cwd=sums.parent,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_installer_stage_again_gives_byte_identical_files(built: Built, tmp_path: Path) -> None:
    """The normalisation (dates, owners, order, compression headers) at work: the stage
    copies the bundle afresh, so every file has a new date before it is normalised."""
    done = subprocess.run(
        [sys.executable, str(REPO / "packaging/build.py"), "--stage", "installer"]
        + ["--dist", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=900,
        env=BUILD_ENV,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    first = (built.deb.parent / "SHA256SUMS").read_text()
    assert (tmp_path / "SHA256SUMS").read_text() == first


def test_every_date_is_source_date_epoch_and_every_owner_root(built: Built) -> None:
    data = subprocess.run(
        ["dpkg-deb", "--fsys-tarfile", str(built.deb)], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        members = tar.getmembers()
    assert members and {m.mtime for m in members} == {EPOCH}
    assert {(m.uid, m.gid) for m in members} == {(0, 0)}
    writable = [m.name for m in members if m.mode & 0o022 and not m.issym()]
    assert not writable, f"group/other-writable: {writable[:5]}"
    libraries = [m for m in members if reproducible.SHARED_LIBRARY_RE.search(m.name)]
    assert libraries and not [m.name for m in libraries if m.isfile() and m.mode & 0o111]
    with tarfile.open(built.tarball) as tar:
        assert {m.mtime for m in tar.getmembers()} == {EPOCH}
    with gzip.open(built.tarball) as handle:
        handle.read(1)
    assert int.from_bytes(built.tarball.read_bytes()[4:8], "little") == EPOCH  # gzip header


def test_no_runpath_leads_out_of_the_bundle(built: Built) -> None:
    assert reproducible.foreign_runpaths(built.app_dir) == {}
    libpython = built.app_dir / "_internal" / "libpython3.11.so.1.0"
    assert reproducible.runpath(libpython) == ["$ORIGIN"]


def test_glibc_floor(built: Built) -> None:
    """The oldest glibc the bundle runs on (the README's distribution list depends on it)."""
    floor = linux_tree.glibc_floor(packaging_build.elf_files(built.app_dir))
    assert tuple(int(part) for part in floor.split(".")) <= (2, 35), floor


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
    doc = built.root / "usr" / "share" / "doc" / "galleryman"
    assert "Copyright: 2026 " in (doc / "copyright").read_text()
    assert (doc / "THIRD-PARTY.md").read_text() == (REPO / "THIRD-PARTY.md").read_text()
    changelog = gzip.decompress((doc / "changelog.gz").read_bytes()).decode()
    version = packaging_build.debian_version(__version__)
    assert changelog.startswith(f"galleryman ({version}) unstable; urgency=medium\n")
    date = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(EPOCH))
    assert changelog.rstrip("\n").endswith(f" -- {MAINTAINER}  {date}")
    man = built.root / "usr" / "share" / "man" / "man1" / "galleryman.1.gz"
    assert gzip.decompress(man.read_bytes()).startswith(b'.\\" Manual page for galleryman')
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
    # Our German and Qt's own for the standard dialogs; none of Qt's other translations.
    shipped = sorted(p.relative_to(built.app_dir).as_posix() for p in built.app_dir.rglob("*.qm"))
    assert [path.removeprefix("_internal/") for path in shipped] == [
        "PySide6/Qt/translations/qtbase_de.qm",
        "galleryman/assets/translations/galleryman_de.qm",
    ]


def test_control_fields(built: Built) -> None:
    control = built.control
    assert control["Package"] == "galleryman"
    assert control["Version"] == packaging_build.debian_version(__version__)
    assert control["Architecture"] == "amd64"
    assert control["Maintainer"] == MAINTAINER
    assert control["Homepage"] == HOMEPAGE
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
    assert releases[0].get("date") == time.strftime("%Y-%m-%d", time.gmtime(EPOCH))
    assert component.findtext("url[@type='homepage']") == HOMEPAGE
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


TARBALL_EXTRAS = {"install.sh", "uninstall.sh", "LICENSE", "THIRD-PARTY.md", "share"}


def test_tarball_holds_the_same_bundle(built: Built, tmp_path: Path) -> None:
    top = f"galleryman-{__version__}"
    with tarfile.open(built.tarball) as tar:
        members = tar.getmembers()
        assert all(m.name == top or m.name.startswith(top + "/") for m in members)
        assert all(m.uid == 0 and m.gid == 0 for m in members)
        tar.extractall(tmp_path, filter="tar")
    unpacked = tmp_path / top
    extras = {p.name for p in unpacked.iterdir()} - {p.name for p in built.app_dir.iterdir()}
    assert extras == TARBALL_EXTRAS
    in_tar = {
        p.relative_to(unpacked).as_posix()
        for p in unpacked.rglob("*")
        if p.relative_to(unpacked).parts[0] not in TARBALL_EXTRAS
    }
    in_deb = {p.relative_to(built.app_dir).as_posix() for p in built.app_dir.rglob("*")}
    assert in_tar == in_deb
    share = {p.relative_to(unpacked / "share").as_posix() for p in (unpacked / "share").rglob("*")}
    assert "applications/galleryman.desktop" in share
    assert f"metainfo/{packaging_build.APP_ID}.metainfo.xml" in share
    assert "icons/hicolor/48x48/apps/galleryman.png" in share
    done = subprocess.run(
        [str(unpacked / "galleryman"), "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        env=clean_env(QT_QPA_PLATFORM="offscreen"),
    )
    assert done.returncode == 0 and done.stdout.strip() == f"galleryman {__version__}"


def _run_script(script: Path, home: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", **extra}
    return subprocess.run(
        ["/bin/sh", str(script)], capture_output=True, text=True, timeout=300, env=env
    )


def test_install_and_uninstall_scripts_use_the_users_own_menu(built: Built, tmp_path: Path) -> None:
    with tarfile.open(built.tarball) as tar:
        tar.extractall(tmp_path / "unpacked", filter="tar")
    unpacked = tmp_path / "unpacked" / f"galleryman-{__version__}"
    home = tmp_path / "home"
    # The user's own things, which neither script may touch.
    data = home / ".local" / "share" / "galleryman"
    data.mkdir(parents=True)
    (data / "site.sqlite3").write_bytes(b"the user's catalog")
    (home / ".local" / "bin").mkdir(parents=True)
    (home / ".local" / "bin" / "other-tool").write_text("#!/bin/sh\n")

    done = _run_script(unpacked / "install.sh", home)
    assert done.returncode == 0, done.stdout + done.stderr
    lib = home / ".local" / "lib" / "galleryman"
    link = home / ".local" / "bin" / "galleryman"
    assert link.is_symlink() and os.readlink(link) == str(lib / "galleryman")
    version = subprocess.run(
        [str(link), "--version"], capture_output=True, text=True, timeout=60, env=clean_env()
    )
    assert version.stdout.strip() == f"galleryman {__version__}"
    desktop = home / ".local" / "share" / "applications" / "galleryman.desktop"
    assert f'Exec="{lib}/galleryman"' in desktop.read_text().splitlines()
    checked = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True)
    assert checked.returncode == 0, checked.stdout
    icons = home / ".local" / "share" / "icons" / "hicolor"
    installed_icons = {p.relative_to(icons).as_posix() for p in icons.rglob("galleryman.*")}
    assert "scalable/apps/galleryman.svg" in installed_icons
    assert {f"{n}x{n}/apps/galleryman.png" for n in linux_tree.HICOLOR_SIZES} <= installed_icons
    metainfo = home / ".local" / "share" / "metainfo" / f"{packaging_build.APP_ID}.metainfo.xml"
    assert metainfo.is_file()
    assert (lib / "uninstall.sh").is_file()

    # Again, as an update: the same result, no leftovers of the swap.
    again = _run_script(unpacked / "install.sh", home)
    assert again.returncode == 0, again.stdout + again.stderr
    assert not (home / ".local" / "lib" / "galleryman.new").exists()

    removed = _run_script(lib / "uninstall.sh", home)
    assert removed.returncode == 0, removed.stdout + removed.stderr
    assert not lib.exists() and not link.is_symlink() and not desktop.exists()
    assert not list(icons.rglob("galleryman.*")) and not metainfo.exists()
    assert (data / "site.sqlite3").read_bytes() == b"the user's catalog"
    assert (home / ".local" / "bin" / "other-tool").is_file()


def test_install_script_leaves_a_foreign_galleryman_command_alone(
    built: Built, tmp_path: Path
) -> None:
    with tarfile.open(built.tarball) as tar:
        tar.extractall(tmp_path / "unpacked", filter="tar")
    unpacked = tmp_path / "unpacked" / f"galleryman-{__version__}"
    home = tmp_path / "home"
    (home / ".local" / "bin").mkdir(parents=True)
    foreign = home / ".local" / "bin" / "galleryman"
    foreign.write_text("#!/bin/sh\necho pip-installed galleryman\n")
    done = _run_script(unpacked / "install.sh", home, XDG_DATA_HOME=str(tmp_path / "xdg"))
    assert done.returncode == 1
    assert "is not our link" in done.stderr
    assert foreign.read_text().endswith("pip-installed galleryman\n")
    assert not (home / ".local" / "lib" / "galleryman").exists()
    assert not (tmp_path / "xdg").exists()


# --------------------------------------------------------------------------- the .rpm


def rpm_query(built: Built, *args: str) -> str:
    return subprocess.run(
        ["rpm", "-qp", *args, str(built.rpm)], check=True, capture_output=True, text=True
    ).stdout


def test_rpm_metadata(built: Built) -> None:
    fields = dict(re.findall(r"^(\w[\w ]*?)\s*: (.*)$", rpm_query(built, "-i"), flags=re.MULTILINE))
    assert fields["Name"] == "galleryman"
    assert fields["Version"] == packaging_build.debian_version(__version__)
    assert fields["Release"] == "1"
    assert fields["Architecture"] == "x86_64"
    assert fields["License"].startswith("MIT AND ")
    assert fields["URL"] == HOMEPAGE
    assert fields["Packager"] == MAINTAINER
    assert fields["Build Host"] == "reproducible"  # not this machine's name
    assert rpm_query(built, "--qf", "%{BUILDTIME}") == str(EPOCH)
    changelog = rpm_query(built, "--changelog")
    assert changelog.startswith(f"* {time.strftime('%a %b %d %Y', time.gmtime(EPOCH))} ")
    checked = subprocess.run(["rpm", "-K", "--nosignature", str(built.rpm)], capture_output=True)
    assert checked.returncode == 0, checked.stdout


def test_rpm_installs_the_same_files_as_the_deb(built: Built) -> None:
    listed = rpm_query(
        built, "--qf", "[%{FILEMODES:perms} %{FILEUSERNAME} %{FILEGROUPNAME} %{FILENAMES}\n]"
    ).splitlines()
    paths = {line.split(" ", 3)[3] for line in listed}
    assert {line.split(" ")[1:3] == ["root", "root"] for line in listed} == {True}
    in_deb = {
        "/" + p.relative_to(built.root).as_posix()
        for p in built.root.rglob("*")
        if not p.is_dir() or p == built.app_dir or p.is_relative_to(built.app_dir)
    }
    deb_only = {"/usr/share/doc/galleryman/copyright", "/usr/share/doc/galleryman/changelog.gz"}
    assert paths - in_deb == {"/usr/share/licenses/galleryman/LICENSE"}
    assert in_deb - paths == deb_only
    for wanted in (
        "/opt/galleryman/galleryman",
        "/usr/bin/galleryman",
        "/usr/share/applications/galleryman.desktop",
        f"/usr/share/metainfo/{packaging_build.APP_ID}.metainfo.xml",
        "/usr/share/icons/hicolor/scalable/apps/galleryman.svg",
        "/usr/share/icons/hicolor/256x256/apps/galleryman.png",
        "/usr/share/man/man1/galleryman.1.gz",
    ):
        assert wanted in paths
    link = [line for line in listed if line.endswith(" /usr/bin/galleryman")]
    assert link[0].startswith("l")
    assert rpm_query(built, "--qf", "[%{FILELINKTOS}\n]").count("/opt/galleryman/galleryman") == 1


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): (
            f"-> {os.readlink(p)}"
            if p.is_symlink()
            else hashlib.sha256(p.read_bytes()).hexdigest()
            if p.is_file()
            else "dir"
        )
        for p in folder.rglob("*")
    }


def test_rpm_payload_is_the_debs_bundle(built: Built, tmp_path: Path) -> None:
    """rpm2archive unpacks the payload (zstd) as rpm itself would install it."""
    with built.rpm.open("rb") as rpm_file:
        payload = subprocess.run(
            ["rpm2archive", "-"], stdin=rpm_file, check=True, capture_output=True
        ).stdout
    with tarfile.open(fileobj=io.BytesIO(payload)) as tar:
        tar.extractall(tmp_path, filter="tar")
    assert _digests(tmp_path / "opt" / "galleryman") == _digests(built.app_dir)


def test_rpm_requires_system_libraries_by_soname_and_provides_no_bundled_one(
    built: Built,
) -> None:
    requires = set(rpm_query(built, "--requires").splitlines())
    for soname in (
        "libxcb-cursor.so.0",
        "libxkbcommon-x11.so.0",
        "libxcb-icccm.so.4",
        "libEGL.so.1",
        "libGL.so.1",
        "libfontconfig.so.1",
        "libdbus-1.so.3",
        "libglib-2.0.so.0",
        "libwayland-client.so.0",
    ):
        assert f"{soname}()(64bit)" in requires
    assert "rpmlib(PayloadIsZstd) <= 5.4.18-1" in requires
    bundled = {p.name for p in built.app_dir.rglob("*.so*")}
    named = {r.split("(")[0] for r in requires}
    assert not named & bundled, named & bundled
    floor = max(
        tuple(int(x) for x in v.split("."))
        for v in re.findall(r"GLIBC_(\d+(?:\.\d+)+)", " ".join(requires))
    )
    assert floor <= (2, 35)
    provides = rpm_query(built, "--provides").splitlines()
    assert not [p for p in provides if ".so" in p], provides
    assert "application(galleryman.desktop)" in provides


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


# --------------------------------------------------------------------------- build settings


def test_settings_come_from_the_environment_first(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\nmaintainers = [{name = "Py Project", email = "p@example.org"}]\n'
        '[project.urls]\nHomepage = "https://pyproject.example.org/x"\n'
    )
    env = {"GALLERYMAN_MAINTAINER": "Env Person <e@example.org>"}
    assert settings.resolve_maintainer(env, tmp_path) == "Env Person <e@example.org>"
    assert settings.resolve_maintainer({}, tmp_path) == "Py Project <p@example.org>"
    assert settings.resolve_homepage({}, tmp_path) == "https://pyproject.example.org/x"
    env = {"GALLERYMAN_HOMEPAGE": "https://env.example.org/"}
    assert settings.resolve_homepage(env, tmp_path) == "https://env.example.org"


def test_settings_fall_back_to_debemail_git_and_commit_time(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    env = {"DEBFULLNAME": "Deb Person", "DEBEMAIL": "d@example.org"}
    assert settings.resolve_maintainer(env, tmp_path) == "Deb Person <d@example.org>"
    assert settings.resolve_homepage({}, tmp_path) is None  # no Homepage rather than a guess
    git = ["git", "-C", str(tmp_path), "-c", "user.name=Git Person", "-c", "user.email=g@ex.org"]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run([*git[:3], "config", "user.name", "Git Person"], check=True)
    subprocess.run([*git[:3], "config", "user.email", "g@example.org"], check=True)
    subprocess.run([*git, "add", "pyproject.toml"], check=True)
    dated = {**os.environ, "GIT_COMMITTER_DATE": "@1700000000 +0000"}
    subprocess.run([*git, "commit", "-q", "-m", "x"], check=True, env=dated)
    assert settings.resolve_maintainer({}, tmp_path) == "Git Person <g@example.org>"
    assert settings.resolve_source_date_epoch({}, tmp_path) == 1700000000
    assert settings.resolve_source_date_epoch({"SOURCE_DATE_EPOCH": "42"}, tmp_path) == 42


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"GALLERYMAN_MAINTAINER": "nobody"}, "is not 'Name <email>'"),
        ({"GALLERYMAN_HOMEPAGE": "http://plain.example.org"}, "is not an https URL"),
        ({"SOURCE_DATE_EPOCH": "yesterday"}, "is not a number of seconds"),
    ],
)
def test_bad_settings_are_refused_with_a_reason(
    tmp_path: Path, env: dict[str, str], message: str
) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (tmp_path / "galleryman").mkdir()
    (tmp_path / "galleryman" / "__init__.py").write_text('__version__ = "1.0"\n')
    with pytest.raises(settings.SettingError, match=re.escape(message)):
        settings.load({"GALLERYMAN_MAINTAINER": "A B <a@example.org>", **env}, tmp_path)


def _fake_apt(tmp_path: Path, busy_times: int, final_status: int = 0) -> Path:
    """An apt-get that says another process holds the lock `busy_times` times, then exits
    with final_status; it counts its calls in calls.txt."""
    script = tmp_path / "apt-get"
    script.write_text(
        "#!/bin/sh\n"
        f'echo x >> "{tmp_path}/calls.txt"\n'
        f'if [ "$(wc -l < "{tmp_path}/calls.txt")" -le {busy_times} ]; then\n'
        "  echo 'E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 7'"
        " >&2\n  exit 100\nfi\n"
        f'echo "apt-get $*"\nexit {final_status}\n'
    )
    script.chmod(0o755)
    return script


def test_apt_waits_while_another_apt_holds_the_lock(tmp_path: Path) -> None:
    fake = _fake_apt(tmp_path, busy_times=2)
    apt_get(["install", "-y", "rpm"], program=str(fake), wait_seconds=30, poll_seconds=0.01)
    assert (tmp_path / "calls.txt").read_text().count("x") == 3


def test_apt_gives_up_on_the_lock_after_its_limit(tmp_path: Path) -> None:
    fake = _fake_apt(tmp_path, busy_times=10_000)
    with pytest.raises(SystemExit, match="lock was still held"):
        apt_get(["install", "rpm"], program=str(fake), wait_seconds=0.05, poll_seconds=0.01)


def test_apt_fails_at_once_on_any_other_error(tmp_path: Path) -> None:
    fake = _fake_apt(tmp_path, busy_times=0, final_status=100)
    with pytest.raises(SystemExit, match="failed \\(100\\)"):
        apt_get(["install", "no-such-package"], program=str(fake), wait_seconds=30)
    assert (tmp_path / "calls.txt").read_text().count("x") == 1


def test_only_the_linux_packages_need_a_maintainer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (tmp_path / "galleryman").mkdir()
    (tmp_path / "galleryman" / "__init__.py").write_text('__version__ = "1.0"\n')
    # No git repository and no git identity: nothing names a maintainer.
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    env = {"SOURCE_DATE_EPOCH": "1"}
    assert settings.load(env, tmp_path, need_maintainer=False).maintainer == ""
    with pytest.raises(settings.SettingError, match="who maintains the package"):
        settings.load(env, tmp_path)
