"""The release workflow (.github/workflows/release.yml) and the build's lock file, checked
without GitHub: actionlint (with shellcheck) and zizmor report nothing, every action is
pinned by commit, secrets reach only the signing steps, and the lock pins every dependency
of pyproject.toml with hashes.

The linters come from packaging/requirements-tools.txt, installed once into build/tools
(hash-checked, from PyPI), exactly as `make lint-workflows` runs them."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "packaging"))

from gmbuild.tools import ensure_tools  # noqa: E402
from lint_workflows import commands, run_linter  # noqa: E402

WORKFLOW = REPO / ".github" / "workflows" / "release.yml"
LOCK = REPO / "packaging" / "requirements-build.txt"


def workflow_jobs() -> dict[str, str]:
    """Each job's text, by job id (the two-space-indented keys under `jobs:`)."""
    text = WORKFLOW.read_text(encoding="utf-8").split("\njobs:\n", 1)[1]
    parts = re.split(r"^  ([A-Za-z0-9_-]+):\n", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


@pytest.mark.timeout(600)  # the first run installs the tools (tens of MB from PyPI)
@pytest.mark.parametrize("linter", ["actionlint", "zizmor"])
def test_linters_report_nothing(linter: str) -> None:
    tools = ensure_tools()
    done = run_linter(linter, commands(tools)[linter], tools)
    assert done.returncode == 0, done.stdout + done.stderr
    if linter == "zizmor":
        assert "No findings to report" in done.stdout + done.stderr


def test_every_action_is_pinned_to_a_commit_with_its_tag_in_a_comment() -> None:
    uses = re.findall(r"uses:\s*(\S+)(.*)", WORKFLOW.read_text(encoding="utf-8"))
    assert uses
    for reference, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", reference), reference
        assert re.fullmatch(r"\s*# v\d+(\.\d+)*", comment), f"{reference}: no '# vX.Y' tag"


def test_secrets_only_in_signing_steps_of_the_protected_environment() -> None:
    jobs = workflow_jobs()
    signing = {name for name, text in jobs.items() if "secrets." in text}
    assert signing == {"sign-windows", "sign-macos"}
    for name in signing:
        text = jobs[name]
        assert "environment: release-signing" in text
        # No pip, no bundle build: nothing from PyPI runs where the secrets are.
        for forbidden in ("--stage bundle", "make package", "pip install", "--smoke-test"):
            assert forbidden not in text, f"{name} runs {forbidden!r}"
        for line in text.splitlines():
            if "secrets." in line:
                # A step's env (10 spaces in), never the job's env or a `run:` script.
                assert re.fullmatch(r" {10}[A-Z0-9_]+: \$\{\{ secrets\.[A-Z0-9_]+ \}\}", line), line
    for name, text in jobs.items():
        assert "permissions:" in text, f"{name} declares no permissions"
        writes = re.findall(r"^\s+([a-z-]+): write", text, flags=re.MULTILINE)
        assert writes == (["contents"] if name == "release" else []), (name, writes)


def test_workflow_limits_itself() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    assert re.search(r"^permissions: \{\}$", text, flags=re.MULTILINE)
    assert re.search(r"^concurrency:\n  group: .+\n  cancel-in-progress: false$", text, re.M)
    for name, job in workflow_jobs().items():
        assert "timeout-minutes:" in job, name
        if "actions/checkout@" in job:
            assert "persist-credentials: false" in job, name
    runners = re.findall(r"runner: (\S+)\n\s+arch: (\S+)", workflow_jobs()["bundle-macos"])
    assert sorted(arch for _runner, arch in runners) == ["arm64", "x86_64"]


def _pins() -> dict[str, tuple[str, str, int]]:
    """name -> (version, marker, number of hashes) from the lock file."""
    pins: dict[str, tuple[str, str, int]] = {}
    blocks = re.split(r"\n(?=[a-z0-9])", LOCK.read_text(encoding="utf-8"))
    for block in blocks:
        match = re.match(r"([a-z0-9._-]+)==(\S+)(?: ; (.+?))? \\", block)
        if match:
            name = re.sub(r"[-_.]+", "-", match.group(1))
            pins[name] = (match.group(2), match.group(3) or "", block.count("--hash=sha256:"))
    return pins


def test_lock_pins_every_dependency_of_the_project_with_hashes() -> None:
    pins = _pins()
    assert pins and all(hashes >= 1 for _v, _m, hashes in pins.values())
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    linux = {**default_environment(), "sys_platform": "linux", "python_full_version": "3.11.7"}
    for dependency in project["dependencies"]:
        requirement = Requirement(dependency)
        name = re.sub(r"[-_.]+", "-", requirement.name.lower())
        assert name in pins, f"{name} from pyproject.toml is not in {LOCK.name}: make lock"
        version = pins[name][0]
        assert requirement.specifier.contains(version, prereleases=True), (name, version)
    for name in ("pyinstaller", "pyinstaller-hooks-contrib", "setuptools", "secretstorage"):
        assert name in pins
    for marker in {m for _v, m, _h in pins.values() if m}:
        from packaging.markers import Marker

        Marker(marker).evaluate(linux)  # every marker is well-formed
