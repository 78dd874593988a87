"""The .rpm for Fedora, openSUSE and RHEL-likes: the same tree as the .deb, packed by
rpmbuild (Debian's `rpm` package) with its dependencies computed from the binaries."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

from gmbuild import linux_tree
from gmbuild.commands import run
from gmbuild.reproducible import elf_files, normalise_tree
from gmbuild.settings import APP_ID, BUILD, NAME, PACKAGING, ROOT, Settings

# zstd -9, as the .deb (rpm >= 4.14 reads it: Fedora >= 31, RHEL >= 8, openSUSE Leap 15
# and Tumbleweed); single-threaded, so that the output never depends on the core count.
PAYLOAD = "w9.zstdio"


def build(settings: Settings, dist: Path) -> Path:
    top = BUILD / "rpm"
    if top.exists():
        shutil.rmtree(top)
    staged = top / "staged"
    linux_tree.stage(staged, settings)
    doc = staged / "usr" / "share" / "doc" / NAME
    doc.mkdir(parents=True)
    shutil.copyfile(ROOT / "THIRD-PARTY.md", doc / "THIRD-PARTY.md")
    licenses = staged / "usr" / "share" / "licenses" / NAME
    licenses.mkdir(parents=True)
    shutil.copyfile(ROOT / "LICENSE", licenses / "LICENSE")
    normalise_tree(staged, settings.source_date_epoch)
    spec = top / f"{NAME}.spec"
    spec.write_text(render_spec(settings, staged), encoding="utf-8")
    epoch = str(settings.source_date_epoch)
    defines = {
        "_topdir": str(top),
        "_rpmdir": str(top / "out"),
        "_buildhost": "reproducible",  # not this machine's name
        "use_source_date_epoch_as_buildtime": "1",
        "clamp_mtime_to_source_date_epoch": "1",
        "_binary_payload": PAYLOAD,
        "_binary_filedigest_algorithm": "8",  # SHA-256
        "_build_name_fmt": "%%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm",
    }
    args: list[str | Path] = ["rpmbuild", "-bb", "--target", "x86_64", "--quiet"]
    for key, value in defines.items():
        args += ["--define", f"{key} {value}"]
    run([*args, spec], env={**os.environ, "SOURCE_DATE_EPOCH": epoch, "TZ": "UTC"})
    built = top / "out" / f"{NAME}-{settings.debian_version}-1.x86_64.rpm"
    if not built.is_file():
        raise SystemExit(f"build: rpmbuild made no {built}")
    rpm = dist / built.name
    shutil.copyfile(built, rpm)
    run(["rpm", "-qip", rpm])
    return rpm


def bundled_sonames(bundle: Path) -> list[str]:
    """The names the bundle's own libraries answer to (file names and DT_SONAMEs)."""
    names: set[str] = set()
    for binary in elf_files(bundle):
        names.add(binary.name)
        out = subprocess.run(
            ["readelf", "-d", str(binary)], capture_output=True, text=True, check=True
        ).stdout
        names.update(re.findall(r"\(SONAME\)\s+Library soname: \[([^\]]+)\]", out))
    return sorted(name for name in names if ".so" in name)


def rpm_regex_literal(text: str) -> str:
    """text as a POSIX regex literal without backslashes (rpm macros would eat them)."""
    return "".join(f"[{char}]" if char in ".+*?()[]{}|^$" else char for char in text)


def render_spec(settings: Settings, staged: Path) -> str:
    template = (PACKAGING / "linux" / f"{NAME}-rpm.spec.in").read_text(encoding="utf-8")
    sonames = bundled_sonames(staged / "opt" / NAME)
    changelog_date = time.strftime("%a %b %d %Y", time.gmtime(settings.source_date_epoch))
    values = {
        "@VERSION@": settings.debian_version,
        "@URL@": f"URL:            {settings.homepage}" if settings.homepage else "",
        "@MAINTAINER@": settings.maintainer,
        "@APP_ID@": APP_ID,
        "@STAGED@": str(staged),
        "@BUNDLED_SONAMES@": "|".join(rpm_regex_literal(name) for name in sonames),
        "@CHANGELOG_DATE@": changelog_date,
    }
    for key, value in values.items():
        template = template.replace(key, value)
    leftover = re.findall(r"@[A-Z_]+@", template)
    if leftover:
        raise SystemExit(f"build: spec placeholders left: {leftover}")
    return template
