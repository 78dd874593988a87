"""Build galleryman's installers: `make package` (or `python3 packaging/build.py`).

On Linux x86-64 (Debian/Ubuntu) it produces, from the repository alone plus PyPI and Debian
packages, in dist/ (or --dist DIR):

    galleryman_<version>_amd64.deb             Debian 12+, Ubuntu 22.04+: /opt/galleryman,
                                               /usr/bin/galleryman, desktop entry,
                                               AppStream metainfo, icons, man page
    galleryman-<version>-1.x86_64.rpm          Fedora, openSUSE, RHEL-likes: the same tree
    galleryman-<version>-linux-x86_64.tar.gz   the same bundle, portable, with install.sh
                                               and uninstall.sh for the user's own menu
    SHA256SUMS                                 `sha256sum -c SHA256SUMS` checks them

On Windows it compiles packaging/windows/galleryman.iss with Inno Setup (iscc) into
galleryman-<version>-windows-x64-setup.exe; on macOS it puts galleryman.app into
galleryman-<version>-macos-<arch>.dmg.

Steps (`--stage bundle` stops after 4 and `--stage installer` starts at 5, so that CI can
sign the executables in between):
 1. the system tools the build needs (Linux: dpkg-dev, rpm, patchelf, desktop-file-utils,
    appstream, binutils) and the libraries the bundle links to, with apt-get when missing
    (root or sudo; it waits while another apt or dpkg holds the lock);
 2. its own virtual environment, build/venv, from packaging/requirements-build.txt (every
    package pinned, installed with --require-hashes), then the project without its
    dependencies; the venv is reused while the lock file and the Python are unchanged;
 3. the icons rendered from resources/icons/galleryman.svg into build/icons/;
 4. PyInstaller (packaging/galleryman.spec) into build/pyinstaller/dist/galleryman/, the
    RUNPATHs that point at the build machine made $ORIGIN-relative, then the bundle's own
    `--version` and `--smoke-test` (offscreen) must pass;
 5. the installers and SHA256SUMS.

Two builds of the same commit give byte-identical packages: every date is
SOURCE_DATE_EPOCH (the last commit's time unless set), archives are sorted and owned by
root, and nothing of the build machine (host name, paths) is recorded.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import shutil
import sys
import time
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gmbuild import deb, linux_tree, rpm, tarball  # noqa: E402
from gmbuild.commands import (  # noqa: E402
    STEP_TIMES,
    apt_get,
    debian_package_installed,
    log,
    root_prefix,
    run,
    step,
)
from gmbuild.reproducible import elf_files, fix_runpaths, write_sha256sums  # noqa: E402
from gmbuild.settings import (  # noqa: E402
    APP_ID,
    BUILD,
    BUILD_LOCK,
    BUNDLE,
    ICONS,
    NAME,
    PACKAGING,
    PYI_DIST,
    PYI_WORK,
    ROOT,
    VENV,
    Settings,
    debian_version,
)
from gmbuild.settings import load as load_settings  # noqa: E402

__all__ = ["APP_ID", "debian_version", "elf_files", "main"]

# Commands the Linux build runs, and the Debian package of each.
LINUX_TOOLS = {
    "dpkg-deb": "dpkg",
    "dpkg-shlibdeps": "dpkg-dev",
    "objdump": "binutils",  # PyInstaller reads binaries with it
    "patchelf": "patchelf",
    "rpmbuild": "rpm",
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


def venv_python() -> Path:
    if sys.platform == "win32":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def bundle_executable() -> Path:
    return BUNDLE / (f"{NAME}.exe" if sys.platform == "win32" else NAME)


def bundle_env(settings: Settings | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    for variable in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"):
        env.pop(variable, None)
    if settings is not None:
        # PyInstaller's archives: the same bytes for the same inputs.
        env["SOURCE_DATE_EPOCH"] = str(settings.source_date_epoch)
        env["PYTHONHASHSEED"] = "0"
    return env


# --------------------------------------------------------------------------- 1. system tools


def ensure_linux_packages() -> None:
    if not shutil.which("dpkg-query"):
        raise SystemExit("build: the Linux installers are built on Debian or Ubuntu (dpkg)")
    wanted = sorted({*LINUX_TOOLS.values(), *LINUX_RUNTIME_PACKAGES})
    missing = [pkg for pkg in wanted if not debian_package_installed(pkg)]
    missing += [
        pkg for tool, pkg in LINUX_TOOLS.items() if not shutil.which(tool) and pkg not in missing
    ]
    if not missing:
        return
    log(f"installing Debian packages the build needs: {' '.join(missing)}")
    prefix = root_prefix(missing)
    apt_get(["update", "-qq"], prefix=prefix)
    apt_get(["install", "-y", "-qq", "--no-install-recommends", *missing], prefix=prefix)


# --------------------------------------------------------------------------- 2. build venv


def ensure_build_venv() -> None:
    digest = hashlib.sha256(BUILD_LOCK.read_bytes())
    digest.update(sys.version.encode())
    stamp = VENV / ".galleryman-build-stamp"
    pip: list[str | Path] = [venv_python(), "-m", "pip", "--disable-pip-version-check"]
    if not (venv_python().exists() and stamp.exists() and stamp.read_text() == digest.hexdigest()):
        if VENV.exists():
            shutil.rmtree(VENV)
        log(f"creating the build venv {VENV.relative_to(ROOT)} with {sys.executable}")
        run([sys.executable, "-m", "venv", VENV])
        # Every file checked against the lock's hashes; nothing unpinned comes in.
        run([*pip, "install", "--quiet", "--require-hashes", "--no-deps", "-r", BUILD_LOCK])
        run([*pip, "check"])
        stamp.write_text(digest.hexdigest())
    # The project itself is reinstalled every time (it is what changes between builds), from
    # a clean setuptools build folder (a module deleted from galleryman/ must not linger).
    for stale in [BUILD / "lib", *BUILD.glob("bdist.*")]:
        shutil.rmtree(stale, ignore_errors=True)
    run(
        [
            *pip,
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
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


def build_bundle(settings: Settings) -> None:
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
        env=bundle_env(settings),
    )
    if not bundle_executable().exists():
        raise SystemExit(f"build: PyInstaller made no {bundle_executable()}")
    if sys.platform.startswith("linux"):
        fix_runpaths(BUNDLE, BUNDLE / "_internal")
        log(f"the bundle needs glibc >= {linux_tree.glibc_floor(elf_files(BUNDLE))}")


def verify_bundle(version: str) -> None:
    """The bundle must start, know its version, and pass its own smoke test."""
    out = run([bundle_executable(), "--version"], env=bundle_env(), capture=True).strip()
    if out != f"{NAME} {version}":
        raise SystemExit(f"build: the bundle says {out!r}, not '{NAME} {version}'")
    # Captured and echoed: a Windows GUI program writes only to handles it is given.
    print(run([bundle_executable(), "--smoke-test"], env=bundle_env(), capture=True), end="")


# --------------------------------------------------------------------------- 5. installers


def build_linux(settings: Settings, dist: Path) -> list[Path]:
    artifacts = []
    with step("deb"):
        artifacts.append(deb.build(settings, dist))
    with step("rpm"):
        artifacts.append(rpm.build(settings, dist))
    with step("tarball"):
        artifacts.append(tarball.build(settings, dist))
    return artifacts


def build_windows(settings: Settings, dist: Path) -> list[Path]:
    iscc = shutil.which("iscc") or shutil.which("ISCC")
    default = Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)"))
    if iscc is None and (default / "Inno Setup 6" / "ISCC.exe").exists():
        iscc = str(default / "Inno Setup 6" / "ISCC.exe")
    if iscc is None:
        raise SystemExit("build: Inno Setup's ISCC.exe was not found (choco install innosetup)")
    version = settings.version
    run(
        [
            iscc,
            f"/DAppVersion={version}",
            f"/DSourceDir={BUNDLE}",
            f"/DIconFile={ICONS / f'{NAME}.ico'}",
            f"/DOutputDir={dist}",
            PACKAGING / "windows" / f"{NAME}.iss",
        ]
    )
    return [dist / f"{NAME}-{version}-windows-x64-setup.exe"]


def build_macos(settings: Settings, dist: Path) -> list[Path]:
    app = PYI_DIST / f"{NAME}.app"
    if not app.is_dir():
        raise SystemExit(f"build: PyInstaller made no {app}")
    staging = BUILD / "dmg"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    # ditto keeps the bundle's symlinks, extended attributes and signatures intact.
    run(["ditto", app, staging / app.name])
    (staging / "Applications").symlink_to("/Applications")
    dmg = dist / f"{NAME}-{settings.version}-macos-{platform.machine()}.dmg"
    if dmg.exists():
        dmg.unlink()
    volume = f"{NAME} {settings.version}"
    run(
        [
            "hdiutil",
            "create",
            "-volname",
            volume,
            "-srcfolder",
            staging,
            "-fs",
            "HFS+",
            "-format",
            "UDZO",
            "-ov",
            dmg,
        ]  # fmt: skip
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
    parser.add_argument(
        "--dist", type=Path, default=ROOT / "dist", help="where the installers go (dist/)"
    )
    args = parser.parse_args(list(argv) if argv is not None else None)
    is_linux = sys.platform.startswith("linux")
    if is_linux and platform.machine() not in ("x86_64", "AMD64"):
        raise SystemExit(f"build: the Linux packages are built on x86-64, not {platform.machine()}")
    started = time.monotonic()
    settings = load_settings(need_maintainer=is_linux)
    log(
        f"{NAME} {settings.version}, maintainer {settings.maintainer or '(none)'}, homepage "
        f"{settings.homepage or '(none set)'}, SOURCE_DATE_EPOCH {settings.source_date_epoch}"
    )
    if args.stage in ("all", "bundle"):
        if is_linux:
            with step("system packages"):
                ensure_linux_packages()
        with step("build venv"):
            ensure_build_venv()
        with step("icons"):
            render_icons()
        with step("PyInstaller"):
            build_bundle(settings)
        with step("smoke test"):
            verify_bundle(settings.version)
    artifacts: list[Path] = []
    if args.stage in ("all", "installer"):
        if not bundle_executable().exists():
            raise SystemExit("build: no bundle yet; run the bundle stage first")
        dist: Path = args.dist.resolve()
        dist.mkdir(parents=True, exist_ok=True)
        if is_linux:
            artifacts = build_linux(settings, dist)
        elif sys.platform == "win32":
            artifacts = build_windows(settings, dist)
        elif sys.platform == "darwin":
            artifacts = build_macos(settings, dist)
        else:
            raise SystemExit(f"build: no installer for {sys.platform}")
        write_sha256sums(artifacts, dist / "SHA256SUMS")
    for artifact in artifacts:
        log(f"{artifact.name}: {human_size(artifact)}")
    for name, seconds in STEP_TIMES.items():
        log(f"  {name:<16}{seconds:6.1f} s")
    log(f"done in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
