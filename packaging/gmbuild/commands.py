"""Running the build's commands: a log line for each, a clear failure, step timings, and
apt-get that waits for another apt or dpkg instead of failing on its lock."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

# What apt-get and dpkg print when another process holds one of their locks.
APT_LOCK_MESSAGES = (
    "Could not get lock",
    "Unable to acquire the dpkg frontend lock",
    "Unable to lock directory",
    "is another process using it?",
)
STEP_TIMES: dict[str, float] = {}


def log(message: str) -> None:
    print(f"build: {message}", flush=True)


def run(
    command: Sequence[str | Path],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    capture: bool = False,
) -> str:
    printable = " ".join(str(part) for part in command)
    log(f"$ {printable if len(printable) < 400 else printable[:400] + ' ...'}")
    done = subprocess.run(
        [str(part) for part in command],
        env=None if env is None else dict(env),
        cwd=cwd,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    if done.returncode != 0:
        if done.stdout:
            print(done.stdout, end="", flush=True)
        raise SystemExit(f"build: failed ({done.returncode}): {printable}")
    return done.stdout or ""


@contextmanager
def step(name: str) -> Iterator[None]:
    """Times a step of the build; main() prints them all at the end."""
    started = time.monotonic()
    try:
        yield
    finally:
        STEP_TIMES[name] = STEP_TIMES.get(name, 0.0) + time.monotonic() - started


def apt_get(
    args: Sequence[str],
    *,
    prefix: Sequence[str] = (),
    program: str = "apt-get",
    wait_seconds: float = 1200.0,
    poll_seconds: float = 10.0,
) -> None:
    """apt-get ARGS, waiting up to wait_seconds while another apt or dpkg holds the lock.

    apt's own DPkg::Lock::Timeout covers the dpkg lock; `apt-get update`'s lists lock and
    older apt need the retry around it."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    command = [*prefix, program, "-o", f"DPkg::Lock::Timeout={int(wait_seconds)}", *args]
    deadline = time.monotonic() + wait_seconds
    while True:
        log(f"$ {' '.join(command)}")
        done = subprocess.run(command, env=env, text=True, capture_output=True)
        print(done.stdout, end="", flush=True)
        if done.returncode == 0:
            return
        output = done.stdout + done.stderr
        if any(message in output for message in APT_LOCK_MESSAGES):
            if time.monotonic() < deadline:
                log(f"another apt or dpkg holds the lock; trying again in {poll_seconds:.0f} s")
                time.sleep(poll_seconds)
                continue
            raise SystemExit(f"build: apt's lock was still held after {wait_seconds:.0f} s")
        print(done.stderr, end="", flush=True)
        raise SystemExit(f"build: failed ({done.returncode}): {' '.join(command)}")


def root_prefix(missing: Sequence[str]) -> list[str]:
    """[] as root, ["sudo", "-n"] where sudo works without a password, else a clear error."""
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"]).returncode == 0:
        return ["sudo", "-n"]
    raise SystemExit(f"build: run as root, or install: apt-get install {' '.join(missing)}")


def debian_package_installed(package: str) -> bool:
    done = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True
    )
    return done.returncode == 0 and "install ok installed" in done.stdout
