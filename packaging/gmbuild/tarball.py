"""The portable tarball: the bundle at the top (run ./galleryman in place), plus what
install.sh needs to put it into the user's own menu (a desktop entry, icons, metainfo)."""

from __future__ import annotations

import shutil
from pathlib import Path

from gmbuild import linux_tree
from gmbuild.reproducible import normalise_tree, write_tar_gz
from gmbuild.settings import BUILD, BUNDLE, NAME, PACKAGING, ROOT, Settings

# gzip -6 through Python: 6 s for 52.7 MB (bench/bench_package_compression.py); every tar
# reads it, and xz -6 (39 MB) took 43 s.
GZIP_LEVEL = 6
SCRIPTS = ("install.sh", "uninstall.sh")


def top_folder(settings: Settings) -> str:
    return f"{NAME}-{settings.version}"


def build(settings: Settings, dist: Path) -> Path:
    staging = BUILD / "tarball"
    if staging.exists():
        shutil.rmtree(staging)
    top = staging / top_folder(settings)
    shutil.copytree(BUNDLE, top, symlinks=True)
    linux_tree.stage_desktop_files(top / "share", settings)
    for script in SCRIPTS:
        shutil.copyfile(PACKAGING / "linux" / script, top / script)
        (top / script).chmod(0o755)
    for notice in ("LICENSE", "THIRD-PARTY.md"):
        shutil.copyfile(ROOT / notice, top / notice)
    normalise_tree(staging, settings.source_date_epoch)
    tarball = dist / f"{NAME}-{settings.version}-linux-x86_64.tar.gz"
    write_tar_gz(tarball, top, top.name, settings.source_date_epoch, GZIP_LEVEL)
    return tarball
