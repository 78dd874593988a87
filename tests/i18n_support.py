"""Running pyside6-lupdate / pyside6-lrelease from tests and reading the .ts files they write."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path


def qt_tool(name: str) -> str:
    """pyside6-lupdate or pyside6-lrelease: next to this Python (the venv), else on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} is not installed (it comes with PySide6)")
    return found


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    numerus: bool
    unfinished: bool
    translations: tuple[str, ...]  # one, or one per numerus form
    comment: str


def read_ts(path: Path) -> list[Message]:
    messages = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            kind = translation.get("type") or ""
            if kind in ("vanished", "obsolete"):
                continue
            forms = translation.findall("numerusform")
            texts = [f.text or "" for f in forms] if forms else [translation.text or ""]
            messages.append(
                Message(
                    context=name,
                    source=message.findtext("source") or "",
                    numerus=message.get("numerus") == "yes",
                    unfinished=kind == "unfinished",
                    translations=tuple(texts),
                    comment=message.findtext("comment") or "",
                )
            )
    return messages


def lupdate(sources: list[Path], ts: Path, *extra: str) -> str:
    """Runs lupdate on `sources` into `ts` (created or merged); returns what it printed."""
    done = subprocess.run(
        [qt_tool("pyside6-lupdate"), *extra, *map(str, sources), "-ts", str(ts)],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout + done.stderr


def lupdate_messages(sources: list[Path], ts: Path) -> list[Message]:
    lupdate(sources, ts)
    return read_ts(ts)
