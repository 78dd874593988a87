"""The sandbox CLI (as a real subprocess) and the demo content."""

from __future__ import annotations

import io
import re
import selectors
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from PIL import Image

from galleryman.sandbox.cli import main
from galleryman.sandbox.demo import seed_demo
from galleryman.sandbox.server import SandboxServer
from tests.sandbox_support import SSL, P

REPO = Path(__file__).resolve().parents[1]
LINE = re.compile(
    r"^galleryman sandbox: (?P<url>http://127\.0\.0\.1:\d+) site-id=(?P<site>\S+) "
    r"api-key=(?P<key>\S+) access-token=(?P<token>\S+)\n$"
)


def read_line(proc: subprocess.Popen[bytes], timeout: float = 30.0) -> str:
    assert proc.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            raise AssertionError("the sandbox CLI printed nothing in time")
    return proc.stdout.readline().decode()


@contextmanager
def cli_process(args: list[str]) -> Iterator[tuple[subprocess.Popen[bytes], re.Match[str]]]:
    """The sandbox CLI run with ``args`` in a child process, and its first line parsed; the
    process is killed on the way out if the caller has not stopped it."""
    code = f"import sys; from galleryman.sandbox.cli import main; sys.exit(main({args!r}))"
    with subprocess.Popen(
        [sys.executable, "-c", code], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as proc:
        try:
            found = LINE.match(read_line(proc))
            assert found, "unexpected first line"
            yield proc, found
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()


def run_cli(args: list[str], stop: signal.Signals, check: str) -> None:
    with cli_process(args) as (proc, found):
        assert found["site"] == "site-1" and found["key"] == "key-1"
        headers = {"Authorization": found["key"], "wix-site-id": found["site"]}
        with httpx.Client(base_url=found["url"], headers=headers, verify=SSL) as client:
            r = client.get(f"{P}/galleries")
            assert r.status_code == 200
            if check == "demo":
                assert r.json()["totalGalleries"] == 3
            else:
                assert r.json() == {"galleries": [], "totalGalleries": 0}
        proc.send_signal(stop)
        out, err = proc.communicate(timeout=15)
    assert proc.returncode == 0, err.decode()
    assert out == b"" and b"Traceback" not in err


def test_cli_serves_until_sigterm(tmp_path: Path) -> None:
    args = ["--port", "0", "--data-dir", str(tmp_path), "--api-key", "key-1",
            "--site-id", "site-1", "--faults", "500=0.0"]  # fmt: skip
    run_cli(args, signal.SIGTERM, "plain")


def test_cli_demo_and_sigint(tmp_path: Path) -> None:
    args = ["--data-dir", str(tmp_path), "--api-key", "key-1", "--site-id", "site-1", "--demo"]
    run_cli(args, signal.SIGINT, "demo")


def test_cli_plain_mode_checks_faults(tmp_path: Path) -> None:
    args = ["--port", "0", "--data-dir", str(tmp_path), "--api-key", "key-1",
            "--site-id", "site-1", "--faults", "500=1"]  # fmt: skip
    with cli_process(args) as (proc, found):
        headers = {"Authorization": "key-1", "wix-site-id": "site-1"}
        with httpx.Client(base_url=found["url"], headers=headers, verify=SSL) as client:
            assert client.get(f"{P}/galleries").status_code == 500
        proc.terminate()
        _, err = proc.communicate(timeout=15)
    assert proc.returncode == 0 and b"Traceback" not in err


def test_cli_rejects_a_bad_fault_spec(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["--data-dir", str(tmp_path), "--faults", "500=2"]) == 2
    err = capsys.readouterr().err
    assert "500=2" in err and "probability" in err


def test_demo_seeds_three_galleries(tmp_path: Path) -> None:
    with SandboxServer(tmp_path) as srv:
        seed_demo(srv)  # how long it takes: bench/bench_sandbox.py
        galleries = srv.store.list_galleries()
        assert [g["name"] for g in galleries] == ["Coastline", "City at Night", "Portraits"]
        kinds: list[str] = []
        shapes: set[str] = set()
        formats: set[str] = set()
        sizes: list[int] = []
        with httpx.Client(verify=SSL) as client:
            for g in galleries:
                images = [i for i in g["items"] if i["type"] == "IMAGE"]
                assert 8 <= len(images) <= 14
                kinds += [i["type"] for i in g["items"]]
                for item in images:
                    assert item["title"] and item["description"]
                    info = item["image"]["imageInfo"]
                    w, h = info["width"], info["height"]
                    sizes.append(max(w, h))
                    ratio = w / h
                    shapes.add("panorama" if ratio >= 2 else "landscape" if ratio > 1.05
                               else "portrait" if ratio < 0.95 else "square")  # fmt: skip
                    formats.add(info["id"].rsplit(".", 1)[1])
                    file = srv.store.get_file(info["id"])
                    assert file is not None and file["operationStatus"] == "READY"
                first = images[0]["image"]["imageInfo"]
                body = client.get(first["url"]).content
                with Image.open(io.BytesIO(body)) as im:
                    assert im.size == (first["width"], first["height"])
        assert kinds.count("VIDEO") == 1 and kinds.count("TEXT") == 1
        video = next(i for g in galleries for i in g["items"] if i["type"] == "VIDEO")
        assert video["video"]["type"] == "YOUTUBE"
        assert video["video"]["videoInfo"]["url"].startswith("https://www.youtube.com/watch?v=")
        text = next(i for g in galleries for i in g["items"] if i["type"] == "TEXT")
        assert text["text"]["html"].startswith("<p>")
        assert shapes == {"panorama", "landscape", "portrait", "square"}
        assert formats == {"jpg", "png"} and min(sizes) >= 640 and max(sizes) == 2400
        seed_demo(srv)  # only seeds an empty sandbox
        assert len(srv.store.list_galleries()) == 3
