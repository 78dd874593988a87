"""`make lock`: compile the lock files from their .in files (and pyproject.toml), with uv.

    packaging/requirements-build.txt  what the bundle is built from (build.py, CI)
    packaging/requirements-tools.txt  uv, zizmor, actionlint, shellcheck (build/tools)

Every package is pinned, with the sha256 of each of its files on PyPI, for Linux, Windows
and macOS at once (--universal), for the Python the bundle is built with. Run it after
changing a dependency in pyproject.toml or a .in file, and to take newer releases
(`make lock UPGRADE=1`); commit the result.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gmbuild.settings import PACKAGING, ROOT  # noqa: E402
from gmbuild.tools import ensure_tools  # noqa: E402

PYTHON_VERSION = "3.11"  # the release workflow's and the build machine's Python
LOCKS = {
    PACKAGING / "requirements-build.txt": [
        ROOT / "pyproject.toml",
        PACKAGING / "requirements-build.in",
    ],
    PACKAGING / "requirements-tools.txt": [PACKAGING / "requirements-tools.in"],
}


def main() -> int:
    uv = ensure_tools() / "uv"
    upgrade = ["--upgrade"] if os.environ.get("UPGRADE") else []
    for lock, sources in LOCKS.items():
        command = [
            str(uv), "pip", "compile", "--quiet", "--universal", "--generate-hashes",
            "--python-version", PYTHON_VERSION, "--custom-compile-command", "make lock",
            *upgrade, *(str(source.relative_to(ROOT)) for source in sources),
            "-o", str(lock.relative_to(ROOT)),
        ]  # fmt: skip
        subprocess.run(command, check=True, cwd=ROOT)
        print(f"lock: wrote {lock.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
