"""The sandbox's data folder over time: bounded growth, private files, and kill -9.

A sandbox killed in the middle of writes (a real child process, SIGKILL while uploads, creates
and deletes are in flight) must come back with a consistent database and media folder.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest
from PIL import Image

from galleryman.sandbox.behaviour import Behaviour
from galleryman.sandbox.server import SandboxServer
from tests.sandbox_support import SSL, P, image, upload_photo

M = "/site-media/v1"
REPO = Path(__file__).resolve().parents[1]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- growth and housekeeping -----------------------------------------------------------------
def test_scaled_copies_cache_is_bounded_least_recently_used_first(tmp_path: Path) -> None:
    with SandboxServer(tmp_path) as server:
        photo = upload_photo(server, (300, 200))
        server.scaled_cache.max_files = 5
        with httpx.Client(base_url=f"{server.base_url}/media/{photo}/v1") as client:
            favourite = "/fit/w_10,h_10/x.jpg"
            assert client.get(favourite).status_code == 200
            for n in range(40):
                assert client.get(f"/fit/w_{20 + n},h_{20 + n}/x.jpg").status_code == 200
                assert client.get(favourite).status_code == 200  # used again: kept
        names = sorted(p.name for p in (tmp_path / "cache").iterdir())
        assert len(names) == 5 and len(server.scaled_cache) == 5
        assert any(".w10.h10." in n for n in names)
        server.scaled_cache.max_bytes = 1
        server.scaled_cache.put("x.jpg", b"too big for the cache")
        assert not (tmp_path / "cache" / "x.jpg").exists()


def test_cache_bound_applies_to_files_left_from_before(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir(parents=True)
    for n in range(2100):
        (cache / f"old{n}.jpg").write_bytes(b"x")
    with SandboxServer(tmp_path) as server:
        assert len(server.scaled_cache) == 2000 == len(list(cache.iterdir()))


def test_data_folder_is_private(tmp_path: Path) -> None:
    data = tmp_path / "sandbox"
    with SandboxServer(data) as server:
        upload_photo(server)
        server.local_call("POST", f"{P}/galleries", {"gallery": {"name": "g"}})
        files = [data / "sandbox.sqlite3", data / "sandbox.sqlite3-wal", data / "credentials.json"]
        files += list((data / "media").iterdir())
        for path in files:
            assert mode(path) == 0o600, path
        for folder in (data, data / "media", data / "cache"):
            assert mode(folder) == 0o700, folder


def test_existing_folder_and_database_are_tightened(tmp_path: Path) -> None:
    data = tmp_path / "old"
    with SandboxServer(data):
        pass
    os.chmod(data, 0o755)
    os.chmod(data / "sandbox.sqlite3", 0o644)
    with SandboxServer(data):
        assert mode(data) == 0o700 and mode(data / "sandbox.sqlite3") == 0o600


def test_a_shared_folder_given_as_data_dir_keeps_its_mode(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "someone-elses.txt").write_text("x")
    os.chmod(shared, 0o755)
    with SandboxServer(shared):
        assert mode(shared) == 0o755 and mode(shared / "sandbox.sqlite3") == 0o600


def test_leftovers_of_a_crash_are_cleaned_at_start(tmp_path: Path) -> None:
    with SandboxServer(tmp_path) as server:
        kept = upload_photo(server)
        lost = upload_photo(server)
        gid = server.local_call("POST", f"{P}/galleries", {"gallery": {}})[1]["gallery"]["id"]
        server.local_call("POST", f"{P}/galleries/{gid}/items", {"item": image(kept)})
    media = tmp_path / "media"
    (media / ".tmp-abc123.part").write_bytes(b"half a photo")
    (tmp_path / "cache" / ".tmp-def456.part").write_bytes(b"half a thumbnail")
    orphan = "abcdef_0123456789abcdef0123456789abcdef~mv2.jpg"
    (media / orphan).write_bytes(b"bytes whose row was never committed")
    (media / lost).unlink()  # as if the disk lost them (power cut)
    with SandboxServer(tmp_path) as server:
        assert not list(tmp_path.rglob(".tmp-*"))
        assert not (media / orphan).exists()
        assert (media / kept).exists()
        lost_doc = server.store.get_file(lost)
        assert lost_doc is not None and lost_doc["operationStatus"] == "FAILED"
        with httpx.Client(base_url=server.base_url) as client:
            assert client.get(f"/media/{lost}").status_code == 404
            assert client.get(f"/media/{kept}").status_code == 200


def test_files_still_processing_finish_after_a_restart(tmp_path: Path) -> None:
    behaviour = Behaviour(async_media=True)
    with SandboxServer(tmp_path, behaviour=behaviour) as server:
        assert server.processing is not None
        with server.processing.hold():
            token = server.local_call(
                "POST", f"{M}/files/generate-upload-url", {"mimeType": "image/png"}
            )[1]["uploadUrl"].rsplit("/", 1)[1]
            buf = io.BytesIO()
            Image.new("RGB", (30, 20)).save(buf, "PNG")
            file_id = server.local_call("PUT", f"/upload/{token}", data=buf.getvalue())[1]
            file_id = file_id["file"]["id"]
            server.stop()  # stopped (or killed) while the file was processing
    with SandboxServer(tmp_path, behaviour=behaviour) as server:
        assert server.processing is not None and server.processing.wait_idle(30)
        doc = server.store.get_file(file_id)
        assert doc is not None and doc["operationStatus"] == "READY"
        assert doc["media"]["image"]["image"]["width"] == 30
    with SandboxServer(tmp_path) as server:  # the default profile finishes them too
        assert (server.store.get_file(file_id) or {}).get("operationStatus") == "READY"


# -- kill -9 ---------------------------------------------------------------------------------
def start_child(data_dir: Path) -> tuple[subprocess.Popen[bytes], str, dict[str, str]]:
    args = [sys.executable, "-m", "galleryman", "sandbox", "--port", "0",
            "--data-dir", str(data_dir)]  # fmt: skip
    proc = subprocess.Popen(args, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    words = proc.stdout.readline().decode().split()
    fields = dict(w.split("=", 1) for w in words if "=" in w)
    headers = {"Authorization": fields["api-key"], "wix-site-id": fields["site-id"]}
    return proc, words[2], headers


def noise_jpeg(rng: random.Random) -> bytes:
    size = (rng.randrange(300, 900), rng.randrange(300, 900))
    buf = io.BytesIO()
    Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3)).save(buf, "JPEG")
    return buf.getvalue()


def writer(url: str, headers: dict[str, str], seed: int, done: list[int]) -> None:
    """Uploads, creates, edits and deletes until the server dies under it."""
    rng = random.Random(seed)
    try:
        with httpx.Client(base_url=url, headers=headers, verify=SSL, timeout=30) as client:
            gid = client.post(f"{P}/galleries", json={"gallery": {}}).json()["gallery"]["id"]
            while True:
                put = client.post(f"{M}/files/generate-upload-url", json={"mimeType": "image/jpeg"})
                file = httpx.put(put.json()["uploadUrl"], content=noise_jpeg(rng)).json()["file"]
                item = client.post(f"{P}/galleries/{gid}/items", json={"item": image(file["id"])})
                iid = item.json()["item"]["id"]
                client.patch(f"{P}/galleries/{gid}/items/{iid}", json={"item": {"title": "t"}})
                if rng.random() < 0.3:
                    client.delete(f"{P}/galleries/{gid}/items/{iid}")
                if rng.random() < 0.1:
                    client.delete(f"{P}/galleries/{gid}")
                    gid = client.post(f"{P}/galleries", json={"gallery": {}}).json()
                    gid = gid["gallery"]["id"]
                done.append(1)
    except (httpx.HTTPError, KeyError, ValueError):
        return  # the server was killed


def check_consistent(data_dir: Path) -> dict[str, int]:
    """Every invariant a restart must find; returns what it found, for the test to look at.

    First straight after the kill, in the database itself (no repair has run): nothing that
    a row points at may be missing or half-written. Then after a restart: leftovers are gone.
    """
    media = data_dir / "media"
    with sqlite3.connect(data_dir / "sandbox.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        files = {
            row[0]: json.loads(row[1]) for row in db.execute("SELECT id, doc FROM files").fetchall()
        }
        ready = {f for f, doc in files.items() if doc["operationStatus"] == "READY"}
        for file_id in ready:
            data = (media / file_id).read_bytes()  # present, and whole:
            assert hashlib.md5(data).hexdigest() == files[file_id]["hash"]
            assert str(len(data)) == files[file_id]["sizeInBytes"]
        images = db.execute(
            "SELECT json_extract(doc, '$.image.imageInfo.id') FROM items "
            "WHERE json_extract(doc, '$.image.imageInfo.id') IS NOT NULL"
        ).fetchall()
        assert all(row[0] in ready for row in images)
        tokens = db.execute("SELECT file_id FROM upload_tokens WHERE file_id IS NOT NULL")
        used = [row[0] for row in tokens.fetchall()]
        assert all(file_id in files for file_id in used)
    with SandboxServer(data_dir) as server:
        assert not list(data_dir.rglob(".tmp-*"))
        assert {p.name for p in media.iterdir()} == ready
        with httpx.Client(base_url=server.base_url) as client:
            for file_id in sorted(ready)[:20]:
                served = client.get(f"/media/{file_id}").content
                assert hashlib.md5(served).hexdigest() == files[file_id]["hash"]
    return {"files": len(ready), "items": len(images), "tokens": len(used)}


@pytest.mark.timeout(300)
def test_kill_9_during_writes_leaves_a_consistent_folder(tmp_path: Path) -> None:
    data_dir = tmp_path / "sandbox"
    found: dict[str, int] = {}
    for round_number in range(4):
        proc, url, headers = start_child(data_dir)
        try:
            done: list[int] = []
            threads = [
                threading.Thread(target=writer, args=(url, headers, round_number * 10 + n, done))
                for n in range(3)
            ]
            for t in threads:
                t.start()
            # Kill once some work is done: the writes in flight are cut at whatever point.
            while len(done) < 4 + round_number and all(t.is_alive() for t in threads):
                threads[0].join(0.01)
            os.kill(proc.pid, signal.SIGKILL)
            for t in threads:
                t.join(60)
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait(30)
            if proc.stdout is not None:
                proc.stdout.close()
        assert proc.returncode == -signal.SIGKILL
        found = check_consistent(data_dir)
    assert found["files"] >= 4 and found["items"] >= 1  # the check looked at real data
