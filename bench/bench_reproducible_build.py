"""Two full builds of the installers, from scratch, compared byte for byte.

Each run deletes the PyInstaller output, the icons and the staged trees (the locked build
venv is kept: it is an input, pinned by hashes), runs packaging/build.py into its own
folder, and times it. Then it compares the two SHA256SUMS; where they differ it unpacks both
.debs and names the files that differ. Takes two full builds (about 3 minutes on 2 cores),
so it is a bench script run by hand, not a test: tests/test_packaging.py checks the
installer stage's normalisation on every `make test`.

Run: python3 bench/bench_reproducible_build.py       (exit 1 when the builds differ)
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
FRESH = ["pyinstaller", "icons", "deb", "rpm", "tarball"]


def build(out: Path) -> float:
    for name in FRESH:
        shutil.rmtree(BUILD / name, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "build.py"), "--dist", str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def tree_digests(deb: Path, into: Path) -> dict[str, str]:
    subprocess.run(["dpkg-deb", "-x", str(deb), str(into)], check=True)
    return {
        path.relative_to(into).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(into.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def main() -> int:
    runs = [BUILD / "repro" / "first", BUILD / "repro" / "second"]
    shutil.rmtree(BUILD / "repro", ignore_errors=True)
    for number, out in enumerate(runs, 1):
        print(f"build {number}: {build(out):.0f} s")
    sums = [(out / "SHA256SUMS").read_text() for out in runs]
    for line in sums[0].splitlines():
        digest, name = line.split("  ")
        print(f"{name:<44}{digest[:16]}  {'same' if line in sums[1] else 'DIFFERS'}")
    if sums[0] == sums[1]:
        print("byte-identical: yes")
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        debs = [next(out.glob("*.deb")) for out in runs]
        first, second = (tree_digests(deb, Path(scratch) / str(i)) for i, deb in enumerate(debs))
        differing = sorted(k for k in first.keys() | second.keys() if first.get(k) != second.get(k))
        print(f"byte-identical: no; {len(differing)} files differ in the .deb, e.g.:")
        for name in differing[:20]:
            print(f"  {name}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
