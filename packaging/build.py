"""Build galleryman's installers: `make package` (or `python3 packaging/build.py`).

On Linux x86-64 (Debian/Ubuntu) it produces, from the repository alone plus PyPI and Debian
packages:

    dist/galleryman_<version>_amd64.deb            /opt/galleryman, /usr/bin/galleryman, the
                                                   desktop entry, AppStream metainfo, icons
    dist/galleryman-<version>-linux-x86_64.tar.gz  the same one-folder bundle, portable

On Windows it compiles packaging/windows/galleryman.iss with Inno Setup (iscc) into
dist/galleryman-<version>-windows-x64-setup.exe; on macOS it puts galleryman.app into
dist/galleryman-<version>-macos-<arch>.dmg.

Steps (`--stage bundle` stops after 4 and `--stage installer` starts at 5, so that CI can
sign the executables in between):
 1. the system tools the build needs (Linux: dpkg-dev, desktop-file-utils, appstream,
    binutils) and the libraries the bundle links to, with apt-get when missing (root or sudo);
 2. its own virtual environment, build/venv: the project and packaging/requirements-build.txt
    (PyInstaller) from PyPI; reused while those files and the Python version are unchanged;
 3. the icons rendered from resources/icons/galleryman.svg into build/icons/;
 4. PyInstaller (packaging/galleryman.spec) into build/pyinstaller/dist/galleryman/, then the
    bundle's own `--version` and `--smoke-test` (offscreen) must pass;
 5. the installers into dist/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
BUILD = ROOT / "build"
DIST = ROOT / "dist"
VENV = BUILD / "venv"
ICONS = BUILD / "icons"
PYI_DIST = BUILD / "pyinstaller" / "dist"
PYI_WORK = BUILD / "pyinstaller" / "work"
BUNDLE = PYI_DIST / "galleryman"

NAME = "galleryman"
APP_ID = "io.github.galleryman.galleryman"  # AppStream id (never change it once released)
# Where the project lives; CI passes its repository URL. Screenshots in the AppStream data are
# served from its docs/screenshots.
HOMEPAGE = os.environ.get("GALLERYMAN_HOMEPAGE", "https://github.com/galleryman/galleryman")
MAINTAINER = os.environ.get(
    "GALLERYMAN_MAINTAINER", "galleryman maintainers <maintainers@galleryman.invalid>"
)

# Commands the Linux build runs, and the Debian package of each.
LINUX_TOOLS = {
    "dpkg-deb": "dpkg",
    "dpkg-shlibdeps": "dpkg-dev",
    "objdump": "binutils",  # PyInstaller reads binaries with it
    "desktop-file-validate": "desktop-file-utils",
    "appstreamcli": "appstream",
}
# The system libraries the bundle links to (the Qt xcb/wayland platforms, GL, fonts, glib,
# D-Bus): dpkg-shlibdeps computes Depends from the libraries themselves, so they must be on
# the build machine. A library missing here makes dpkg-shlibdeps fail and name it.
LINUX_RUNTIME_PACKAGES = [
    "libc6",
    "libgcc-s1",
    "libstdc++6",
    "zlib1g",
    "libbz2-1.0",
    "liblzma5",
    "libzstd1",
    "libffi8",
    "libuuid1",
    "libssl3",
    "libsqlite3-0",
    "libglib2.0-0",
    "libdbus-1-3",
    "libfontconfig1",
    "libfreetype6",
    "libegl1",
    "libgl1",
    "libx11-6",
    "libx11-xcb1",
    "libxcb1",
    "libxcb-cursor0",
    "libxcb-glx0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-shm0",
    "libxcb-sync1",
    "libxcb-util1",
    "libxcb-xfixes0",
    "libxcb-xkb1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libwayland-client0",
    "libwayland-cursor0",
    "libwayland-egl1",
]
LINUX_RECOMMENDS = "fonts-dejavu-core | fonts-liberation2"
LINUX_SUGGESTS = "gnome-keyring | kwalletmanager | keepassxc"
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def log(message: str) -> None:
    print(f"build: {message}", flush=True)


def run(
    command: Sequence[str | Path],
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    capture: bool = False,
) -> str:
    printable = " ".join(str(part) for part in command)
    log(f"$ {printable if len(printable) < 400 else printable[:400] + ' ...'}")
    done = subprocess.run(
        [str(part) for part in command],
        env=env,
        cwd=cwd,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    if done.returncode != 0:
        if done.stdout:
            print(done.stdout, end="", flush=True)
        raise SystemExit(f"build: failed ({done.returncode}): {printable}")
    return done.stdout or ""


# --------------------------------------------------------------------------- facts


def app_version() -> str:
    text = (ROOT / "galleryman" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if match is None:
        raise SystemExit("build: no __version__ in galleryman/__init__.py")
    return match.group(1)


def debian_version(version: str) -> str:
    """PEP 440 to Debian: pre-releases sort before the release (1.0rc1 -> 1.0~rc1)."""
    return re.sub(r"[.-]?(a|b|rc|alpha|beta|dev)\.?(\d*)", r"~\1\2", version)


def release_date() -> str:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else the last commit's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()
    try:
        done = subprocess.run(
            ["git", "-C", str(ROOT), "log", "-1", "--format=%cs"],
            capture_output=True,
            text=True,
            check=True,
        )
        if done.stdout.strip():
            return done.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    return dt.date.today().isoformat()


def venv_python() -> Path:
    if sys.platform == "win32":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def bundle_executable() -> Path:
    return BUNDLE / (f"{NAME}.exe" if sys.platform == "win32" else NAME)


def bundle_env() -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    for variable in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"):
        env.pop(variable, None)
    return env


# --------------------------------------------------------------------------- 1. system tools


def ensure_linux_packages() -> None:
    if not shutil.which("dpkg-query"):
        raise SystemExit("build: the Linux installers are built on Debian or Ubuntu (dpkg)")
    wanted = sorted({*LINUX_TOOLS.values(), *LINUX_RUNTIME_PACKAGES})
    missing = [pkg for pkg in wanted if not _installed(pkg)]
    missing += [
        pkg for tool, pkg in LINUX_TOOLS.items() if not shutil.which(tool) and pkg not in missing
    ]
    if not missing:
        return
    log(f"installing Debian packages the build needs: {' '.join(missing)}")
    if os.geteuid() == 0:
        prefix: list[str] = []
    elif shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"]).returncode == 0:
        prefix = ["sudo", "-n"]
    else:
        raise SystemExit(f"build: run as root, or install: apt-get install {' '.join(missing)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run([*prefix, "apt-get", "update", "-qq"], env=env)
    run([*prefix, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], env=env)


def _installed(package: str) -> bool:
    done = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True
    )
    return done.returncode == 0 and "install ok installed" in done.stdout


# --------------------------------------------------------------------------- 2. build venv


def ensure_build_venv() -> None:
    requirements = PACKAGING / "requirements-build.txt"
    digest = hashlib.sha256()
    for source in (ROOT / "pyproject.toml", requirements):
        digest.update(source.read_bytes())
    digest.update(sys.version.encode())
    stamp = VENV / ".galleryman-build-stamp"
    if not (venv_python().exists() and stamp.exists() and stamp.read_text() == digest.hexdigest()):
        if VENV.exists():
            shutil.rmtree(VENV)
        log(f"creating the build venv {VENV.relative_to(ROOT)} with {sys.executable}")
        run([sys.executable, "-m", "venv", VENV])
        pip: list[str | Path] = [venv_python(), "-m", "pip", "--disable-pip-version-check"]
        run([*pip, "install", "--quiet", "--upgrade", "pip"])
        run([*pip, "install", "--quiet", "-r", requirements, ROOT])
        stamp.write_text(digest.hexdigest())
    # The project itself is reinstalled every time (it is what changes between builds); no
    # network is needed for that.
    run(
        [
            venv_python(),
            "-m",
            "pip",
            "--disable-pip-version-check",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--force-reinstall",
            ROOT,
        ]
    )


# --------------------------------------------------------------------------- 3-4. bundle


def render_icons() -> None:
    if ICONS.exists():
        shutil.rmtree(ICONS)
    svg = ROOT / "resources" / "icons" / "galleryman.svg"
    run([venv_python(), PACKAGING / "render_icons.py", svg, ICONS], env=bundle_env())


def build_bundle() -> None:
    for folder in (PYI_DIST, PYI_WORK):
        if folder.exists():
            shutil.rmtree(folder)
    run(
        [
            venv_python(),
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level=WARN",
            "--distpath",
            PYI_DIST,
            "--workpath",
            PYI_WORK,
            PACKAGING / "galleryman.spec",
        ],
        cwd=BUILD,
    )
    if not bundle_executable().exists():
        raise SystemExit(f"build: PyInstaller made no {bundle_executable()}")


def verify_bundle(version: str) -> None:
    """The bundle must start, know its version, and pass its own smoke test."""
    out = run([bundle_executable(), "--version"], env=bundle_env(), capture=True).strip()
    if out != f"{NAME} {version}":
        raise SystemExit(f"build: the bundle says {out!r}, not '{NAME} {version}'")
    # Captured and echoed: a Windows GUI program writes only to handles it is given.
    print(run([bundle_executable(), "--smoke-test"], env=bundle_env(), capture=True), end="")


# --------------------------------------------------------------------------- 5. Linux


def build_linux(version: str) -> list[Path]:
    deb_version = debian_version(version)
    DIST.mkdir(exist_ok=True)
    tree = BUILD / "deb"
    if tree.exists():
        shutil.rmtree(tree)
    # dpkg-shlibdeps wants debian/control and the package tree in debian/<package>/.
    (tree / "debian").mkdir(parents=True)
    (tree / "debian" / "control").write_text(
        f"Source: {NAME}\n\nPackage: {NAME}\nArchitecture: amd64\n", encoding="utf-8"
    )
    root = tree / "debian" / NAME
    (root / "DEBIAN").mkdir(parents=True)  # how dpkg-shlibdeps finds the package's root
    stage_linux_tree(root, version)
    normalise_permissions(root)
    depends = shlib_depends(tree, root)
    write_control(root, deb_version, depends)
    deb = DIST / f"{NAME}_{deb_version}_amd64.deb"
    run(["dpkg-deb", "--root-owner-group", "-Zxz", "--build", root, deb])
    run(["dpkg-deb", "--info", deb])
    tarball = DIST / f"{NAME}-{version}-linux-x86_64.tar.gz"
    write_tarball(tarball, version)
    return [deb, tarball]


def stage_linux_tree(root: Path, version: str) -> None:
    opt = root / "opt" / NAME
    shutil.copytree(BUNDLE, opt, symlinks=True)
    bin_dir = root / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    # Absolute, as Debian policy wants for a link into another top-level directory.
    (bin_dir / NAME).symlink_to(f"/opt/{NAME}/{NAME}")
    share = root / "usr" / "share"
    applications = share / "applications"
    applications.mkdir(parents=True)
    desktop = applications / f"{NAME}.desktop"
    shutil.copyfile(PACKAGING / "linux" / f"{NAME}.desktop", desktop)
    run(["desktop-file-validate", desktop])
    metainfo_dir = share / "metainfo"
    metainfo_dir.mkdir(parents=True)
    metainfo = metainfo_dir / f"{APP_ID}.metainfo.xml"
    metainfo.write_text(render_metainfo(version), encoding="utf-8")
    run(["appstreamcli", "validate", "--no-net", "--explain", metainfo])
    icons = share / "icons" / "hicolor"
    shutil.copytree(ICONS / "hicolor", icons)
    for size in HICOLOR_SIZES:
        if not (icons / f"{size}x{size}" / "apps" / f"{NAME}.png").is_file():
            raise SystemExit(f"build: no {size}x{size} icon was rendered")
    doc = share / "doc" / NAME
    doc.mkdir(parents=True)
    shutil.copyfile(PACKAGING / "linux" / "copyright", doc / "copyright")


def render_metainfo(version: str) -> str:
    template = (PACKAGING / "linux" / f"{NAME}.metainfo.xml.in").read_text(encoding="utf-8")
    values = {
        "@APP_ID@": APP_ID,
        "@VERSION@": version,
        "@DATE@": release_date(),
        "@HOMEPAGE@": HOMEPAGE,
        "@SCREENSHOTS@": f"{HOMEPAGE}/raw/HEAD/docs/screenshots",
    }
    for key, value in values.items():
        template = template.replace(key, value)
    leftover = re.findall(r"@[A-Z_]+@", template)
    if leftover:
        raise SystemExit(f"build: metainfo placeholders left: {leftover}")
    return template


def normalise_permissions(root: Path) -> None:
    """Directories 0755; files 0755 when executable, else 0644 (no group/other write)."""
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
        else:
            path.chmod(0o755 if path.stat().st_mode & 0o100 else 0o644)


def elf_files(folder: Path) -> list[Path]:
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as handle:
            if handle.read(4) == b"\x7fELF":
                found.append(path)
    return found


def shlib_depends(tree: Path, root: Path) -> str:
    """Depends for every system library the bundle links to, with dpkg-shlibdeps' versions."""
    binaries = elf_files(root / "opt" / NAME)
    args = ["dpkg-shlibdeps", "-O", "--warnings=0", *(f"-e{path}" for path in binaries)]
    out = run(args, cwd=tree, capture=True)
    match = re.search(r"^shlibs:Depends=(.*)$", out, re.MULTILINE)
    if match is None or not match.group(1).strip():
        raise SystemExit(f"build: dpkg-shlibdeps gave no Depends: {out!r}")
    return match.group(1).strip()


def installed_size_kib(root: Path) -> int:
    """Like dpkg-gencontrol: each file rounded up to KiB, one KiB per link and directory."""
    total = 0
    for path in root.rglob("*"):
        if path.relative_to(root).parts[0] == "DEBIAN":
            continue
        if path.is_symlink() or path.is_dir():
            total += 1
        else:
            total += (path.stat().st_size + 1023) // 1024
    return total


def write_control(root: Path, deb_version: str, depends: str) -> None:
    debian = root / "DEBIAN"
    debian.mkdir(exist_ok=True)
    sums = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if relative.parts[0] == "DEBIAN" or path.is_symlink() or not path.is_file():
            continue
        sums.append(f"{hashlib.md5(path.read_bytes()).hexdigest()}  {relative.as_posix()}\n")
    (debian / "md5sums").write_text("".join(sums), encoding="utf-8")
    control = f"""\
Package: {NAME}
Version: {deb_version}
Architecture: amd64
Maintainer: {MAINTAINER}
Installed-Size: {installed_size_kib(root)}
Depends: {depends}
Recommends: {LINUX_RECOMMENDS}
Suggests: {LINUX_SUGGESTS}
Section: graphics
Priority: optional
Homepage: {HOMEPAGE}
Description: desktop app for managing Wix Pro Galleries
 galleryman creates, clones, renames and deletes the Pro Galleries of a Wix
 site, adds photos, videos and text to them, reorders them by dragging, and
 edits their titles, descriptions, links and tags, with undo and redo.
 .
 It works against a real Wix site (the API key is kept in the system keyring)
 or against its bundled local sandbox, a server that speaks the same API, so
 it can be tried without a Wix account and without the internet.
 .
 This package ships a self-contained build (Python, Qt) under /opt/galleryman.
"""
    (debian / "control").write_text(control, encoding="utf-8")
    for path in debian.iterdir():
        path.chmod(0o644)


def write_tarball(target: Path, version: str) -> None:
    top = f"{NAME}-{version}"

    def owned_by_root(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        info.mode &= ~0o022
        return info

    log(f"writing {target.relative_to(ROOT)}")
    with tarfile.open(target, "w:gz", compresslevel=6) as tar:
        tar.add(BUNDLE, arcname=top, filter=owned_by_root)


# --------------------------------------------------------------------------- 5. Windows, macOS


def build_windows(version: str) -> list[Path]:
    iscc = shutil.which("iscc") or shutil.which("ISCC")
    default = Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)"))
    if iscc is None and (default / "Inno Setup 6" / "ISCC.exe").exists():
        iscc = str(default / "Inno Setup 6" / "ISCC.exe")
    if iscc is None:
        raise SystemExit("build: Inno Setup's ISCC.exe was not found (choco install innosetup)")
    DIST.mkdir(exist_ok=True)
    run(
        [
            iscc,
            f"/DAppVersion={version}",
            f"/DSourceDir={BUNDLE}",
            f"/DIconFile={ICONS / f'{NAME}.ico'}",
            f"/DOutputDir={DIST}",
            PACKAGING / "windows" / f"{NAME}.iss",
        ]
    )
    return [DIST / f"{NAME}-{version}-windows-x64-setup.exe"]


def build_macos(version: str) -> list[Path]:
    app = PYI_DIST / f"{NAME}.app"
    if not app.is_dir():
        raise SystemExit(f"build: PyInstaller made no {app}")
    DIST.mkdir(exist_ok=True)
    staging = BUILD / "dmg"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    # ditto keeps the bundle's symlinks, extended attributes and signatures intact.
    run(["ditto", app, staging / app.name])
    (staging / "Applications").symlink_to("/Applications")
    dmg = DIST / f"{NAME}-{version}-macos-{platform.machine()}.dmg"
    if dmg.exists():
        dmg.unlink()
    run(
        [
            "hdiutil",
            "create",
            "-volname",
            f"{NAME} {version}",
            "-srcfolder",
            staging,
            "-fs",
            "HFS+",
            "-format",
            "UDZO",
            "-ov",
            dmg,
        ]
    )
    return [dmg]


# --------------------------------------------------------------------------- main


def human_size(path: Path) -> str:
    return f"{path.stat().st_size / 1_000_000:.1f} MB"


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--stage",
        choices=("all", "bundle", "installer"),
        default="all",
        help="bundle: steps 1-4 only; installer: step 5 only, from an existing bundle",
    )
    args = parser.parse_args(list(argv) if argv is not None else None)
    is_linux = sys.platform.startswith("linux")
    if is_linux and platform.machine() not in ("x86_64", "AMD64"):
        raise SystemExit(f"build: the .deb is built on x86-64, not {platform.machine()}")
    started = time.monotonic()
    version = app_version()
    if args.stage in ("all", "bundle"):
        if is_linux:
            ensure_linux_packages()
        ensure_build_venv()
        render_icons()
        build_bundle()
        verify_bundle(version)
    artifacts: list[Path] = []
    if args.stage in ("all", "installer"):
        if not bundle_executable().exists():
            raise SystemExit("build: no bundle yet; run the bundle stage first")
        if is_linux:
            artifacts = build_linux(version)
        elif sys.platform == "win32":
            artifacts = build_windows(version)
        elif sys.platform == "darwin":
            artifacts = build_macos(version)
        else:
            raise SystemExit(f"build: no installer for {sys.platform}")
    for artifact in artifacts:
        log(f"{artifact.relative_to(ROOT)}: {human_size(artifact)}")
    log(f"done in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
