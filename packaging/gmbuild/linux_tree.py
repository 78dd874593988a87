"""The installed tree that the .deb and the .rpm share: /opt/galleryman (the bundle),
/usr/bin/galleryman, the desktop entry, AppStream metainfo, hicolor icons, the man page."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

from gmbuild.commands import run
from gmbuild.reproducible import write_gzip
from gmbuild.settings import APP_ID, BUNDLE, ICONS, NAME, PACKAGING, Settings

HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
LINUX = PACKAGING / "linux"


def stage(root: Path, settings: Settings) -> None:
    """The files every Linux system package installs, under root (the future /)."""
    opt = root / "opt" / NAME
    shutil.copytree(BUNDLE, opt, symlinks=True)
    bin_dir = root / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    # Absolute, as Debian policy wants for a link into another top-level directory.
    (bin_dir / NAME).symlink_to(f"/opt/{NAME}/{NAME}")
    stage_desktop_files(root / "usr" / "share", settings)
    man = root / "usr" / "share" / "man" / "man1"
    man.mkdir(parents=True)
    write_gzip((LINUX / f"{NAME}.1").read_bytes(), man / f"{NAME}.1.gz")


def stage_desktop_files(share: Path, settings: Settings) -> None:
    """share/applications, share/metainfo and share/icons/hicolor, validated."""
    applications = share / "applications"
    applications.mkdir(parents=True)
    desktop = applications / f"{NAME}.desktop"
    shutil.copyfile(LINUX / f"{NAME}.desktop", desktop)
    run(["desktop-file-validate", desktop])
    metainfo_dir = share / "metainfo"
    metainfo_dir.mkdir(parents=True)
    metainfo = metainfo_dir / f"{APP_ID}.metainfo.xml"
    metainfo.write_text(render_metainfo(settings), encoding="utf-8")
    run(["appstreamcli", "validate", "--no-net", "--explain", metainfo])
    icons = share / "icons" / "hicolor"
    shutil.copytree(ICONS / "hicolor", icons)
    for size in HICOLOR_SIZES:
        if not (icons / f"{size}x{size}" / "apps" / f"{NAME}.png").is_file():
            raise SystemExit(f"build: no {size}x{size} icon was rendered")


def release_date(settings: Settings) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(settings.source_date_epoch))


def render_metainfo(settings: Settings) -> str:
    template = (LINUX / f"{NAME}.metainfo.xml.in").read_text(encoding="utf-8")
    if settings.homepage is None:
        # No homepage set: no links, and no screenshots (they are served from it).
        template = re.sub(r"\n *<url [^\n]*@HOMEPAGE@[^\n]*", "", template)
        template = re.sub(r"\n *<screenshots>.*?</screenshots>", "", template, flags=re.S)
    homepage = settings.homepage or ""
    values = {
        "@APP_ID@": APP_ID,
        "@VERSION@": settings.version,
        "@DATE@": release_date(settings),
        "@HOMEPAGE@": homepage,
        "@SCREENSHOTS@": f"{homepage}/raw/HEAD/docs/screenshots",
    }
    for key, value in values.items():
        template = template.replace(key, value)
    leftover = re.findall(r"@[A-Z_]+@", template)
    if leftover:
        raise SystemExit(f"build: metainfo placeholders left: {leftover}")
    return template


def glibc_floor(binaries: list[Path]) -> str:
    """The newest GLIBC_x.y symbol version any binary needs: the oldest glibc it runs on."""
    versions: set[tuple[int, ...]] = set()
    for binary in binaries:
        out = subprocess.run(
            ["objdump", "-T", str(binary)], capture_output=True, text=True, check=True
        ).stdout
        for line in out.splitlines():
            if "*UND*" in line:
                versions.update(
                    tuple(int(part) for part in found.split("."))
                    for found in re.findall(r"GLIBC_(\d+(?:\.\d+)+)", line)
                )
    if not versions:
        raise SystemExit("build: no GLIBC_ symbol version found in the bundle")
    return ".".join(str(part) for part in max(versions))
