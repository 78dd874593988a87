"""How to compress the Linux installers: time and size of each choice, on the real bundle.

Builds the same staged .deb tree with `dpkg-deb` at each compressor and level (xz -6, the old
default, first: the baseline), then compresses the same bundle as a tar stream the ways a
tarball can be written (Python's gzip, as packaging/build.py did; gzip, zstd and xz
programs). Prints wall time, CPU time and size; asserts nothing.

Needs a staged tree, e.g. after `make package`: build/deb/debian/galleryman (the default).

Run: python3 bench/bench_package_compression.py [STAGED_DEB_ROOT]
"""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEB_CHOICES = [
    ("xz", 6),  # dpkg-deb's default, the baseline
    ("xz", 9),
    ("zstd", 3),
    ("zstd", 9),
    ("zstd", 12),
    ("zstd", 15),
    ("zstd", 17),
    ("zstd", 19),
    ("gzip", 6),
    ("gzip", 9),
]
TAR_CHOICES = [
    ("gzip -6", ["gzip", "-6", "-n"]),
    ("gzip -9", ["gzip", "-9", "-n"]),
    ("zstd -3", ["zstd", "-3", "-q", "-T0"]),
    ("zstd -19", ["zstd", "-19", "-q", "-T0"]),
    ("xz -6", ["xz", "-6", "-T0"]),
]


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], **kwargs: object) -> tuple[float, float]:
    cpu, wall = children_cpu(), time.perf_counter()
    subprocess.run(command, check=True, **kwargs)  # type: ignore[call-overload]
    return time.perf_counter() - wall, children_cpu() - cpu


def bench_deb(tree: Path, out: Path) -> None:
    print(f"dpkg-deb --build of {tree} ({du_mb(tree):.0f} MB on disk)")
    print(f"{'compression':<12}{'wall s':>9}{'cpu s':>9}{'size MB':>10}{'vs xz -6':>10}")
    baseline = 0.0
    for kind, level in DEB_CHOICES:
        deb = out / f"{kind}{level}.deb"
        wall, cpu = timed(
            ["dpkg-deb", "--root-owner-group", f"-Z{kind}", f"-z{level}", "--build", tree, deb],
            stdout=subprocess.DEVNULL,
        )
        size = deb.stat().st_size / 1e6
        baseline = baseline or wall
        label = f"{kind} -{level}"
        print(f"{label:<12}{wall:>9.1f}{cpu:>9.1f}{size:>10.1f}{wall / baseline:>9.2f}x")
        deb.unlink()


def bench_tar(bundle: Path) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        tar.add(bundle, arcname="galleryman")
    data = buffer.getvalue()
    print(f"\ntarball of {bundle} ({len(data) / 1e6:.0f} MB tar stream)")
    print(f"{'compression':<18}{'wall s':>9}{'cpu s':>9}{'size MB':>10}")
    wall = time.perf_counter()
    cpu = time.process_time()
    packed = io.BytesIO()
    with tarfile.open(fileobj=packed, mode="w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname="galleryman")
    print(
        f"{'python gzip -6':<18}{time.perf_counter() - wall:>9.1f}"
        f"{time.process_time() - cpu:>9.1f}{len(packed.getvalue()) / 1e6:>10.1f}"
    )
    for label, command in TAR_CHOICES:
        with tempfile.TemporaryFile() as sink:
            wall_s, cpu_s = timed(command, input=data, stdout=sink)
            sink.seek(0, os.SEEK_END)
            size = sink.tell() / 1e6
        print(f"{label:<18}{wall_s:>9.1f}{cpu_s:>9.1f}{size:>10.1f}")


def du_mb(folder: Path) -> float:
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files) / 1e6


def main() -> int:
    default = ROOT / "build" / "deb" / "debian" / "galleryman"
    tree = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    if not (tree / "DEBIAN" / "control").is_file():
        raise SystemExit(f"no staged .deb tree at {tree}: run `make package` first")
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as scratch:
        bench_deb(tree, Path(scratch))
    bench_tar(tree / "opt" / "galleryman")
    return 0


if __name__ == "__main__":
    sys.exit(main())
