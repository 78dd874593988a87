"""The release tooling's own venv, build/tools: uv (the lock files), zizmor and actionlint
(the release workflow) and shellcheck (for actionlint), from packaging/requirements-tools.txt,
every file checked against its hash. Made once, then reused while that file is unchanged."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import venv
from pathlib import Path

from gmbuild.settings import BUILD, PACKAGING

TOOLS_LOCK = PACKAGING / "requirements-tools.txt"
TOOLS_VENV = BUILD / "tools"


def tools_bin() -> Path:
    return TOOLS_VENV / ("Scripts" if sys.platform == "win32" else "bin")


def ensure_tools() -> Path:
    """build/tools/bin, with every tool of the lock installed in it."""
    digest = hashlib.sha256(TOOLS_LOCK.read_bytes())
    digest.update(sys.version.encode())
    stamp = TOOLS_VENV / ".galleryman-tools-stamp"
    if stamp.exists() and stamp.read_text() == digest.hexdigest():
        return tools_bin()
    print(f"tools: installing {TOOLS_LOCK.name} into {TOOLS_VENV}", flush=True)
    venv.EnvBuilder(clear=True, with_pip=True).create(TOOLS_VENV)
    python = tools_bin() / ("python.exe" if sys.platform == "win32" else "python")
    subprocess.run(
        [
            python,
            "-m",
            "pip",
            "--disable-pip-version-check",
            "install",
            "--quiet",
            "--require-hashes",
            "--no-deps",
            "-r",
            TOOLS_LOCK,
        ],  # fmt: skip
        check=True,
    )
    stamp.write_text(digest.hexdigest())
    return tools_bin()
