"""The .deb: the shared Linux tree plus Debian's docs (copyright, changelog), control fields
with Depends computed by dpkg-shlibdeps from the bundle's binaries, built by dpkg-deb."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import time
from pathlib import Path

from gmbuild import linux_tree
from gmbuild.commands import run
from gmbuild.reproducible import elf_files, normalise_tree, write_gzip
from gmbuild.settings import BUILD, NAME, PACKAGING, ROOT, SUMMARY, Settings

# zstd -9, measured with bench/bench_package_compression.py on the 133 MB tree (2 cores):
# 3 s and 47.7 MB, where xz -6 took 36 s for 38.8 MB and zstd -19 45 s for 42.1 MB. dpkg
# reads zstd from Debian 12 and Ubuntu 21.10 on; the bundle's glibc floor (2.35) rules out
# every older release anyway.
COMPRESSION = ("zstd", 9)
RECOMMENDS = "fonts-dejavu-core | fonts-liberation2"
SUGGESTS = "gnome-keyring | kwalletmanager | keepassxc"
DESCRIPTION = f"""\
Description: {SUMMARY}
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


def build(settings: Settings, dist: Path) -> Path:
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
    linux_tree.stage(root, settings)
    stage_docs(root / "usr" / "share" / "doc" / NAME, settings)
    depends = shlib_depends(tree, root)
    write_control(root, settings, depends)
    normalise_tree(root, settings.source_date_epoch)
    deb = dist / f"{NAME}_{settings.debian_version}_amd64.deb"
    kind, level = COMPRESSION
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(settings.source_date_epoch)}
    run(
        ["dpkg-deb", "--root-owner-group", f"-Z{kind}", f"-z{level}", "--build", root, deb],
        env=env,
    )
    run(["dpkg-deb", "--info", deb])
    return deb


def stage_docs(doc: Path, settings: Settings) -> None:
    doc.mkdir(parents=True)
    shutil.copyfile(PACKAGING / "linux" / "copyright", doc / "copyright")
    shutil.copyfile(ROOT / "THIRD-PARTY.md", doc / "THIRD-PARTY.md")
    # A version without a Debian revision is a native package: changelog.gz, not
    # changelog.Debian.gz.
    write_gzip(changelog(settings).encode("utf-8"), doc / "changelog.gz")


def changelog(settings: Settings) -> str:
    """debian/changelog's one entry for this version, dated by SOURCE_DATE_EPOCH."""
    date = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(settings.source_date_epoch))
    return (
        f"{NAME} ({settings.debian_version}) unstable; urgency=medium\n\n"
        f"  * galleryman {settings.version}, a self-contained build (Python, Qt) made\n"
        "    with PyInstaller from the galleryman repository.\n\n"
        f" -- {settings.maintainer}  {date}\n"
    )


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


def write_control(root: Path, settings: Settings, depends: str) -> None:
    debian = root / "DEBIAN"
    sums = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if relative.parts[0] == "DEBIAN" or path.is_symlink() or not path.is_file():
            continue
        sums.append(f"{hashlib.md5(path.read_bytes()).hexdigest()}  {relative.as_posix()}\n")
    (debian / "md5sums").write_text("".join(sums), encoding="utf-8")
    homepage = f"Homepage: {settings.homepage}\n" if settings.homepage else ""
    control = (
        f"Package: {NAME}\n"
        f"Version: {settings.debian_version}\n"
        "Architecture: amd64\n"
        f"Maintainer: {settings.maintainer}\n"
        f"Installed-Size: {installed_size_kib(root)}\n"
        f"Depends: {depends}\n"
        f"Recommends: {RECOMMENDS}\n"
        f"Suggests: {SUGGESTS}\n"
        "Section: graphics\n"
        "Priority: optional\n"
        f"{homepage}"
        f"{DESCRIPTION}"
    )
    (debian / "control").write_text(control, encoding="utf-8")
