"""The steps that make two builds of the same commit byte-identical and free of the build
machine: file dates, permissions, RUNPATHs, archive order and headers, checksums."""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import subprocess
import tarfile
from collections.abc import Iterable
from pathlib import Path

from gmbuild.commands import log

SHARED_LIBRARY_RE = re.compile(r"\.so(\.\d+)*$")


def elf_files(folder: Path) -> list[Path]:
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as handle:
            if handle.read(4) == b"\x7fELF":
                found.append(path)
    return found


def normalise_tree(root: Path, epoch: int) -> None:
    """Every entry dated `epoch`; directories 0755; programs 0755; shared libraries and
    data 0644 (Debian policy: a library is not a program, and nothing is group-writable)."""
    for path in sorted([root, *root.rglob("*")], reverse=True):  # children before parents
        if not path.is_symlink():
            if path.is_dir():
                path.chmod(0o755)
            elif SHARED_LIBRARY_RE.search(path.name):
                path.chmod(0o644)
            else:
                path.chmod(0o755 if path.stat().st_mode & 0o100 else 0o644)
        os.utime(path, (epoch, epoch), follow_symlinks=False)


def runpath(binary: Path) -> list[str]:
    out = subprocess.run(
        ["patchelf", "--print-rpath", str(binary)], capture_output=True, text=True, check=True
    ).stdout.strip()
    return [entry for entry in out.split(":") if entry]


def fix_runpaths(bundle: Path, library_dir: Path) -> int:
    """Replace RUNPATH entries outside the bundle (PyInstaller copies libpython and the
    stdlib's extensions as the build machine's Python linked them, e.g. /root/.pyenv/...)
    with $ORIGIN-relative paths to the bundle's own library folder. Returns how many
    binaries changed."""
    changed = 0
    for binary in elf_files(bundle):
        entries = runpath(binary)
        kept = [entry for entry in entries if entry.startswith("$ORIGIN")]
        if kept == entries:
            continue
        to_libraries = os.path.relpath(library_dir, binary.parent)
        own = "$ORIGIN" if to_libraries == "." else f"$ORIGIN/{to_libraries}"
        if own not in kept:
            kept.append(own)
        subprocess.run(["patchelf", "--set-rpath", ":".join(kept), str(binary)], check=True)
        changed += 1
    log(f"RUNPATHs outside the bundle replaced in {changed} binaries")
    return changed


def foreign_runpaths(bundle: Path) -> dict[str, list[str]]:
    """Binaries whose RUNPATH leaves the bundle (none after fix_runpaths)."""
    found = {}
    for binary in elf_files(bundle):
        entries = runpath(binary)
        if any(not entry.startswith("$ORIGIN") for entry in entries):
            found[binary.relative_to(bundle).as_posix()] = entries
    return found


def write_gzip(source: bytes, target: Path) -> None:
    """gzip -9n: no name and no date in the header, as Debian wants for docs and man pages."""
    with (
        target.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=raw, mtime=0) as packed,
    ):
        packed.write(source)


def write_tar_gz(target: Path, folder: Path, arcname: str, epoch: int, level: int) -> None:
    """folder as arcname/ in a .tar.gz that depends only on the files: sorted names, root
    owner, every date `epoch`, no date in the gzip header."""

    def normalised(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        info.mtime = epoch
        info.mode &= ~0o022
        return info

    with (
        target.open("wb") as raw,
        gzip.GzipFile(
            filename="", mode="wb", compresslevel=level, fileobj=raw, mtime=epoch
        ) as packed,
        tarfile.open(fileobj=packed, mode="w", format=tarfile.PAX_FORMAT) as tar,
    ):
        tar.add(folder, arcname=arcname, filter=normalised)  # tarfile sorts each directory


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_sha256sums(artifacts: Iterable[Path], target: Path) -> Path:
    """SHA256SUMS in `sha256sum -c` format, one line per artifact, sorted by name."""
    lines = [f"{sha256(path)}  {path.name}\n" for path in sorted(artifacts, key=lambda p: p.name)]
    target.write_text("".join(lines), encoding="utf-8")
    return target
