"""`make lint-workflows`: actionlint (with shellcheck on every `run:` script) and zizmor
(offline, every audit that needs no GitHub API) on .github/workflows; exits non-zero on any
finding. The tools come from packaging/requirements-tools.txt (build/tools)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gmbuild.settings import ROOT  # noqa: E402
from gmbuild.tools import ensure_tools  # noqa: E402

WORKFLOWS = ROOT / ".github" / "workflows"


def commands(tools: Path) -> dict[str, list[str]]:
    workflows = sorted(str(path) for path in WORKFLOWS.glob("*.y*ml"))
    return {
        "actionlint": [str(tools / "actionlint"), "-shellcheck", str(tools / "shellcheck")],
        "zizmor": [str(tools / "zizmor"), "--offline", "--no-progress", *workflows],
    }


def run_linter(name: str, command: list[str], tools: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{tools}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)


def main() -> int:
    tools = ensure_tools()
    failed = False
    for name, command in commands(tools).items():
        done = run_linter(name, command, tools)
        print(f"== {name}: exit {done.returncode}")
        print(done.stdout + done.stderr, end="")
        failed |= done.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
