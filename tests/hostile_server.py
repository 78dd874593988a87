"""A small, deliberately misbehaving HTTP server for client tests (loopback, raw sockets).

It speaks just enough of the Wix API to be a real counterpart (`MiniWix`: galleries, items,
sortOrder uniqueness, PATCH with a chosen reading of null, deletes, uploads that start
PENDING), and answers any request the test scripts in whatever broken way the test asks:
redirects, empty or non-JSON 200s, gzip bombs, huge or endless bodies, a trickle of bytes,
silence, dropped connections, throttling. Replies are written byte by byte to the socket, so
nothing in between tidies them up.

    server = HostileServer()
    server.script("GET", r"/galleries$", redirect(302, "http://elsewhere/"))
    ...
    server.stop()
"""

from __future__ import annotations

import gzip
import itertools
import json
import re
import socket
import struct
import threading
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

JsonObject = dict[str, Any]


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # lower-case names
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


Reply = Callable[[socket.socket, "HostileServer"], None]


@dataclass
class _Script:
    method: str
    pattern: re.Pattern[str]
    replies: Iterator[Reply]
    apply: bool  # let MiniWix do the request first (the change happens), then misbehave


# ------------------------------------------------------------------------ replies


def _head(status: int, headers: dict[str, str], reason: str = "X") -> bytes:
    lines = [f"HTTP/1.1 {status} {reason}"] + [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def raw(status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> Reply:
    """Exactly this status, these headers and this body (Content-Length added)."""

    def reply(sock: socket.socket, _server: HostileServer) -> None:
        sent = {"Content-Length": str(len(body)), "Connection": "close", **(headers or {})}
        sock.sendall(_head(status, sent) + body)

    return reply


def json_reply(value: Any, status: int = 200, headers: dict[str, str] | None = None) -> Reply:
    return raw(
        status, json.dumps(value).encode(), {"Content-Type": "application/json", **(headers or {})}
    )


def redirect(status: int, location: str) -> Reply:
    return raw(status, b"", {"Location": location})


def html(status: int, title: str) -> Reply:
    page = f"<!DOCTYPE html><html><head><title>{title}</title></head><body>no</body></html>"
    return raw(status, page.encode(), {"Content-Type": "text/html"})


def drop() -> Reply:
    """Close the connection without a byte of answer (after the request was read)."""

    def reply(sock: socket.socket, _server: HostileServer) -> None:
        sock.close()

    return reply


def freeze() -> Reply:
    """Never answer (a frozen server): hold the connection until the server stops."""

    def reply(sock: socket.socket, server: HostileServer) -> None:
        server.stopping.wait()

    return reply


_BOMBS: dict[int, bytes] = {}


def gzip_bomb(size: int) -> Reply:
    """A 200 whose gzip body inflates to `size` zero bytes (1 GiB: about 1 MiB on the wire)."""
    body = gzip_bomb_body(size)
    return raw(200, body, {"Content-Type": "application/json", "Content-Encoding": "gzip"})


def gzip_bomb_body(size: int) -> bytes:
    """Gzip data of `size` zero bytes, built from one compressed MiB repeated (each piece ends
    with a full flush, so it stands alone) with the true CRC and length: a valid gzip stream,
    made in a second. Kept once made."""
    if size not in _BOMBS:
        block = bytes(1024 * 1024)
        packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
        piece = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
        crc = 0
        for _ in range(size // len(block)):
            crc = zlib.crc32(block, crc)
        header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
        trailer = b"\x03\x00" + struct.pack("<II", crc, size & 0xFFFFFFFF)
        _BOMBS[size] = header + piece * (size // len(block)) + trailer
    return _BOMBS[size]


def gzipped(value: Any, encoding: str = "gzip") -> Reply:
    body = gzip.compress(json.dumps(value).encode())
    return raw(200, body, {"Content-Type": "application/json", "Content-Encoding": encoding})


def huge(size: int, *, chunked: bool = False) -> Reply:
    """A 200 of `size` bytes of JSON-ish filler, generated as it goes (never held whole);
    with `chunked`, no Content-Length (the body only ends when the client stops reading)."""

    def reply(sock: socket.socket, server: HostileServer) -> None:
        headers = {"Content-Type": "application/json", "Connection": "close"}
        headers.update(
            {"Transfer-Encoding": "chunked"} if chunked else {"Content-Length": str(size)}
        )
        sock.sendall(_head(200, headers))
        piece = b" " * 65536
        sent = 0
        while sent < size and not server.stopping.is_set():
            data = piece[: size - sent]
            sock.sendall(b"%x\r\n%s\r\n" % (len(data), data) if chunked else data)
            sent += len(data)

    return reply


def trickle(body: bytes, interval: float, *, headers_too: bool = False) -> Reply:
    """Send the answer one byte at a time, `interval` seconds apart (the headers too, if
    asked), for as long as the client listens."""

    def reply(sock: socket.socket, server: HostileServer) -> None:
        headers = {"Content-Type": "application/json", "Content-Length": str(len(body))}
        if headers_too:
            headers["X-Padding"] = "." * 2000  # a long head: it alone outlasts any deadline
        head = _head(200, headers)
        slow = head + body if headers_too else body
        if not headers_too:
            sock.sendall(head)
        for byte in slow:
            if server.stopping.wait(interval):
                return
            sock.sendall(bytes([byte]))

    return reply


# ------------------------------------------------------------------------ the fake Wix


class MiniWix:
    """Galleries, items and Media Manager files in memory, answering like the Wix API.

    `clearing` is how a PATCH reads an empty value: "null" (null clears; the sandbox's
    default), "empty" (null leaves a field unchanged, "" / {} / [] clear it, nested objects
    merge key by key: Wix as the sandbox's `--profile wix` reads it) or "never".
    `pending_polls`: how many Get File calls answer PENDING before READY (`fail` -> FAILED).
    """

    def __init__(self, clearing: str = "null") -> None:
        self.clearing = clearing
        self.galleries: dict[str, JsonObject] = {}
        self.items: dict[str, list[JsonObject]] = {}
        self.files: dict[str, JsonObject] = {}
        self.tokens: dict[str, str | None] = {}
        self.pending_polls = 0
        self.fail = False
        self.total_lies: int | None = None  # a totalItems to claim instead of the truth
        self.ignore_offset = False  # every listing page is the first one
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def new_id(self, kind: str) -> str:
        return f"{kind}-{next(self._ids):04d}"

    def add_gallery(self, name: str, sort_order: float, items: int = 0) -> str:
        gid = self.new_id("gallery")
        self.galleries[gid] = {"id": gid, "name": name, "sortOrder": sort_order}
        self.items[gid] = [
            {"id": self.new_id("item"), "sortOrder": float(n + 1), "title": f"t{n}",
             "text": {"html": f"<p>{n}</p>"}}
            for n in range(items)
        ]  # fmt: skip
        return gid

    def handle(self, req: Request, base_url: str) -> tuple[int, Any]:
        path = re.sub(r"^/(pro-gallery|progallery)/v2", "", req.path)
        with self._lock:
            for method, pattern, handler in self._routes():
                match = re.fullmatch(pattern, path)
                if match and method == req.method:
                    return handler(req, base_url, *match.groups())
        return 404, _not_found("route")

    def _routes(self) -> list[tuple[str, str, Callable[..., tuple[int, Any]]]]:
        return [
            ("GET", r"/galleries", self._list_galleries),
            ("POST", r"/galleries", self._create_gallery),
            ("GET", r"/galleries/([^/]+)", self._get_gallery),
            ("PATCH", r"/galleries/([^/]+)", self._patch_gallery),
            ("DELETE", r"/galleries/([^/]+)", self._delete_gallery),
            ("GET", r"/galleries/([^/]+)/items", self._list_items),
            ("POST", r"/galleries/([^/]+)/items", self._create_item),
            ("POST", r"/galleries/([^/]+)/items/delete", self._bulk_delete),
            ("GET", r"/galleries/([^/]+)/items/([^/]+)", self._get_item),
            ("PATCH", r"/galleries/([^/]+)/items/([^/]+)", self._patch_item),
            ("DELETE", r"/galleries/([^/]+)/items/([^/]+)", self._delete_item),
            ("POST", r"/site-media/v1/files/generate-upload-url", self._upload_url),
            ("PUT", r"/upload/([^/]+)", self._upload),
            ("GET", r"/site-media/v1/files/get-file-by-id", self._get_file),
        ]

    def _list_galleries(self, req: Request, _base: str) -> tuple[int, Any]:
        offset, limit = int(req.query.get("offset", 0)), int(req.query.get("limit", 10))
        ordered = sorted(self.galleries.values(), key=lambda g: g["sortOrder"])
        page = ordered[offset : offset + limit]
        return 200, {"galleries": page, "totalGalleries": len(ordered)}

    def _create_gallery(self, req: Request, _base: str) -> tuple[int, Any]:
        gallery = dict(req.json()["gallery"])
        if any(g["sortOrder"] == gallery["sortOrder"] for g in self.galleries.values()):
            return 400, _duplicate("gallery", gallery["sortOrder"])
        gallery["id"] = self.new_id("gallery")
        self.galleries[gallery["id"]] = gallery
        self.items[gallery["id"]] = []
        return 200, {"gallery": gallery}

    def _gallery_json(self, gid: str, offset: int, limit: int) -> JsonObject:
        items = self.items[gid]
        total = self.total_lies if self.total_lies is not None else len(items)
        return {**self.galleries[gid], "totalItems": total, "items": items[offset : offset + limit]}

    def _get_gallery(self, req: Request, _base: str, gid: str) -> tuple[int, Any]:
        if gid not in self.galleries:
            return 404, _not_found(gid)
        offset = int(req.query.get("itemOffset", 0))
        limit = int(req.query.get("itemLimit", 50))
        return 200, {"gallery": self._gallery_json(gid, offset, limit)}

    def _patch_gallery(self, req: Request, _base: str, gid: str) -> tuple[int, Any]:
        if gid not in self.galleries:
            return 404, _not_found(gid)
        self._merge(self.galleries[gid], req.json()["gallery"])
        return 200, {"gallery": self._gallery_json(gid, 0, 0)}

    def _delete_gallery(self, _req: Request, _base: str, gid: str) -> tuple[int, Any]:
        if self.galleries.pop(gid, None) is None:
            return 404, _not_found(gid)
        return 200, {"galleryId": gid}

    def _list_items(self, req: Request, _base: str, gid: str) -> tuple[int, Any]:
        offset = 0 if self.ignore_offset else int(req.query.get("itemOffset", 0))
        limit = int(req.query.get("itemLimit", 50))
        return 200, {"items": self.items[gid][offset : offset + limit]}

    def _create_item(self, req: Request, _base: str, gid: str) -> tuple[int, Any]:
        item = dict(req.json()["item"])
        if any(i["sortOrder"] == item["sortOrder"] for i in self.items[gid]):
            return 400, _duplicate("item", item["sortOrder"])
        item["id"] = self.new_id("item")
        self.items[gid].append(item)
        return 200, {"item": item}

    def _find(self, gid: str, iid: str) -> JsonObject | None:
        return next((i for i in self.items.get(gid, []) if i["id"] == iid), None)

    def _get_item(self, _req: Request, _base: str, gid: str, iid: str) -> tuple[int, Any]:
        item = self._find(gid, iid)
        return (200, {"item": item}) if item else (404, _not_found(iid))

    def _patch_item(self, req: Request, _base: str, gid: str, iid: str) -> tuple[int, Any]:
        item = self._find(gid, iid)
        if item is None:
            return 404, _not_found(iid)
        self._merge(item, req.json()["item"])
        return 200, {"item": item}

    def _delete_item(self, _req: Request, _base: str, gid: str, iid: str) -> tuple[int, Any]:
        item = self._find(gid, iid)
        if item is None:
            return 404, _not_found(iid)
        self.items[gid].remove(item)
        return 200, {"itemId": iid}

    def _bulk_delete(self, req: Request, _base: str, gid: str) -> tuple[int, Any]:
        deleted = []
        for iid in req.json()["itemIds"]:
            item = self._find(gid, iid)
            if item is not None:
                self.items[gid].remove(item)
                deleted.append(iid)
        return 200, {"itemIds": deleted}

    def _upload_url(self, _req: Request, base: str) -> tuple[int, Any]:
        token = f"tok{next(self._ids):06d}secret"
        self.tokens[token] = None
        return 200, {"uploadUrl": f"{base}/upload/{token}"}

    def _upload(self, req: Request, _base: str, token: str) -> tuple[int, Any]:
        if token not in self.tokens:
            return 404, _not_found("upload url")
        if self.tokens[token] is None:
            fid = self.new_id("file") + "~mv2.jpg"
            self.tokens[token] = fid
            self.files[fid] = {"id": fid, "displayName": req.query.get("filename", ""),
                               "mediaType": "IMAGE", "operationStatus": "PENDING",
                               "polls": 0}  # fmt: skip
        return 200, {"file": self._file_json(self.files[str(self.tokens[token])])}

    def _get_file(self, req: Request, _base: str) -> tuple[int, Any]:
        file = self.files.get(req.query.get("fileId", ""))
        if file is None:
            return 404, _not_found("file")
        file["polls"] += 1
        if file["operationStatus"] == "PENDING" and file["polls"] > self.pending_polls:
            file["operationStatus"] = "FAILED" if self.fail else "READY"
        return 200, {"file": self._file_json(file)}

    @staticmethod
    def _file_json(file: JsonObject) -> JsonObject:
        out = {k: v for k, v in file.items() if k != "polls"}
        if file["operationStatus"] == "READY":
            out["media"] = {"image": {"image": {"id": file["id"], "width": 640, "height": 480}}}
        return out

    def _merge(self, target: JsonObject, patch: JsonObject) -> None:
        for key, value in patch.items():
            empty = value in ("", {}, []) and not isinstance(value, bool)
            if value is None or empty:
                if (value is None and self.clearing == "null") or (
                    empty and self.clearing == "empty"
                ):
                    target.pop(key, None)
                elif value is not None and self.clearing == "null":
                    target[key] = value
                continue
            if isinstance(value, dict) and isinstance(target.get(key), dict):
                if self.clearing == "null":
                    target[key] = value  # the default profile replaces objects whole
                else:
                    self._merge(target[key], value)
            else:
                target[key] = value


def _not_found(what: str) -> JsonObject:
    return {"message": f"{what} not found", "details": {"applicationError": {"code": "NOT_FOUND"}}}


def _duplicate(kind: str, order: float) -> JsonObject:
    violation = {
        "field": f"{kind}.sortOrder",
        "description": f"another {kind} already has sortOrder {order}",
        "violatedRule": "CUSTOM",
        "ruleName": "DUPLICATE",
    }
    return {"message": "invalid", "details": {"validationError": {"fieldViolations": [violation]}}}


# ------------------------------------------------------------------------ the server


class HostileServer:
    def __init__(self, wix: MiniWix | None = None) -> None:
        self.wix = wix or MiniWix()
        self.requests: list[Request] = []
        self.stopping = threading.Event()
        self._scripts: list[_Script] = []
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)  # the accept loop notices `stop` this often
        self.port = self._listener.getsockname()[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._threads: list[threading.Thread] = []
        self._accepting = threading.Thread(target=self._accept, daemon=True)
        self._accepting.start()

    def __enter__(self) -> HostileServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def script(
        self,
        method: str,
        pattern: str,
        *replies: Reply,
        forever: bool = False,
        apply: bool = False,
    ) -> None:
        """Answer the next matching requests with `replies` in turn (the last one for ever
        with `forever`); with `apply`, MiniWix handles each request first."""
        queue: Iterator[Reply] = (
            itertools.chain(replies[:-1], itertools.repeat(replies[-1]))
            if forever
            else iter(replies)
        )
        with self._lock:
            self._scripts.append(_Script(method, re.compile(pattern), queue, apply))

    def sent(self, method: str, pattern: str = "") -> list[Request]:
        return [r for r in self.requests if r.method == method and re.search(pattern, r.path)]

    def stop(self) -> None:
        self.stopping.set()
        self._accepting.join(5)
        self._listener.close()
        for thread in list(self._threads):
            thread.join(5)

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                sock, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            sock.settimeout(None)
            thread = threading.Thread(target=self._serve, args=(sock,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, sock: socket.socket) -> None:
        with sock:
            try:
                request = _read_request(sock)
                if request is None:
                    return
                with self._lock:
                    self.requests.append(request)
                    scripted = self._scripted(request)
                if scripted is not None:
                    reply, apply = scripted
                    if apply:
                        self.wix.handle(request, self.base_url)
                    reply(sock, self)
                    return
                status, body = self.wix.handle(request, self.base_url)
                json_reply(body, status)(sock, self)
            except OSError:
                pass  # the client went away: that is its right

    def _scripted(self, request: Request) -> tuple[Reply, bool] | None:
        for script in self._scripts:
            if script.method == request.method and script.pattern.search(request.path):
                reply = next(script.replies, None)
                if reply is not None:
                    return reply, script.apply
        return None


def _read_request(sock: socket.socket) -> Request | None:
    sock.settimeout(10)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, target, _version = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    body = rest
    if "content-length" in headers:
        size = int(headers["content-length"])
        while len(body) < size:
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        body = _read_chunked(sock, body)
    parts = urlsplit(target)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    return Request(method, parts.path, query, headers, body)


def _read_chunked(sock: socket.socket, data: bytes) -> bytes:
    body = b""
    while True:
        while b"\r\n" not in data:
            data += sock.recv(65536)
        size_line, _, data = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        while len(data) < size + 2:
            data += sock.recv(65536)
        if size == 0:
            return body
        body += data[:size]
        data = data[size + 2 :]
