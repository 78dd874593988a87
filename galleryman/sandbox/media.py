"""Media Manager subset (``/site-media/v1``) plus the upload endpoint (``PUT /upload/<token>``).

* ``POST files/generate-upload-url`` hands out a single-use upload URL (token kept in SQLite).
* ``PUT /upload/<token>?filename=`` stores the bytes and answers ``{file}``: READY, or with
  asynchronous media PENDING (see :mod:`.processing`). A second PUT to a used token returns
  the same file unchanged, so a lost answer can be retried.
* ``POST files/import`` answers ``{file}`` PENDING and fetches the URL on a background thread.
  Only http(s) URLs on loopback hosts (127.0.0.0/8, ``localhost``, ``::1``) are fetched -
  nothing here reaches the internet - so any other URL ends as ``operationStatus: FAILED``.
* ``GET files/{id}``, ``GET files/get-file-by-id?fileId=``, ``POST files/get-files``.
"""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import itertools
import mimetypes
import re
import threading
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from galleryman.sandbox.errors import (
    application_error,
    invalid_argument,
    not_found,
    raise_if,
    validation_error,
    violation,
)
from galleryman.sandbox.imaging import MIME_TYPES, probe_image
from galleryman.sandbox.processing import MediaProcessing
from galleryman.sandbox.routing import SITE_MEDIA, Request, Response, Router
from galleryman.sandbox.store import Store
from galleryman.sandbox.util import (
    FILE_ID_RE,
    MAX_UPLOAD_BYTES,
    UPLOAD_TOKEN_RE,
    JsonDict,
    atomic_write,
    new_file_id,
    new_token,
    now_rfc3339,
    omit_empty_lists,
)

IMPORT_TIMEOUT = 10.0
_EXT_RE = re.compile(r"\.([A-Za-z0-9]{1,8})$")
_EXT_BY_MIME = {v: k for k, v in MIME_TYPES.items()}
_WIX_URI = re.compile(r"^wix:(?:image|video|document)://v1/([^/#]+)")


def is_loopback_url(url: str) -> bool:
    """True for an http(s) URL whose host is a loopback name or address (no DNS lookups)."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not host:
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _LoopbackOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(
        self, req: Any, fp: Any, code: Any, msg: Any, headers: Any, newurl: str
    ) -> Any:
        if not is_loopback_url(newurl):
            raise urllib.error.URLError("redirect to a non-loopback address refused")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_loopback(url: str, limit: int = MAX_UPLOAD_BYTES) -> bytes:
    """The body at ``url`` (loopback only, no proxies); raises OSError/ValueError on failure."""
    if not is_loopback_url(url):
        raise ValueError("only http(s) URLs on loopback addresses can be imported")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _LoopbackOnlyRedirects())
    try:
        with opener.open(url, timeout=IMPORT_TIMEOUT) as response:
            data: bytes = response.read(limit + 1)
    except urllib.error.HTTPError as exc:
        exc.close()
        raise OSError(f"HTTP {exc.code}") from None
    if len(data) > limit:
        raise ValueError("file too large")
    return data


def _is_http_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _ext_from_name(name: str | None) -> str | None:
    found = _EXT_RE.search(name or "")
    return found.group(1).lower() if found else None


class MediaManager:
    def __init__(
        self,
        store: Store,
        media_dir: Path,
        id_prefix: str,
        processing: MediaProcessing | None = None,
        strict: bool = False,
    ) -> None:
        self.store = store
        self.media_dir = media_dir
        self.id_prefix = id_prefix
        self.processing = processing  # None: files are READY as soon as they are stored
        self.strict = strict
        self._uploads = itertools.count()
        self._threads: set[threading.Thread] = set()
        self._threads_lock = threading.Lock()

    def _json(self, obj: JsonDict) -> Response:
        return Response.json(omit_empty_lists(obj) if self.strict else obj)

    def _pending(self, ready: JsonDict) -> JsonDict:
        """What a file still processing looks like: PENDING, and usually without ``media``
        (every fourth upload shows its size early, as Wix's answers sometimes do)."""
        doc = dict(ready, operationStatus="PENDING")
        doc.pop("thumbnailUrl", None)
        if next(self._uploads) % 4 != 3:
            doc.pop("media", None)
        return doc

    def register(self, router: Router) -> None:
        files = f"{SITE_MEDIA}/files"
        router.add("POST", f"{files}/generate-upload-url", self.generate_upload_url)
        router.add("POST", f"{files}/import", self.import_file)
        router.add("POST", f"{files}/get-files", self.get_files)
        router.add("GET", f"{files}/get-file-by-id", self.get_file_by_id)
        router.add("GET", f"{files}/(?P<fid>[^/]+)", self.get_file)
        router.add("PUT", "/upload/(?P<token>[^/]+)", self.upload, auth=False)

    # -- descriptors -----------------------------------------------------------------------
    def _describe(
        self,
        data: bytes,
        declared: str,
        name: str | None,
        base: JsonDict,
        file_id: str | None = None,
    ) -> tuple[JsonDict, str]:
        """A READY descriptor for ``data`` (and its content type); 400 for a non-image image."""
        probe = probe_image(data)
        declared = declared.strip().lower()
        if probe is None and declared.startswith("image/") and declared != "image/svg+xml":
            raise invalid_argument(
                f"The file is declared as {declared} but is not a readable image"
            )
        if probe is not None:
            ext, content_type = probe.ext, probe.mime_type
        else:
            guessed = mimetypes.guess_extension(declared) if declared else None
            ext = _ext_from_name(name) or (guessed or ".bin").lstrip(".")
            content_type = declared or mimetypes.guess_type(f"f.{ext}")[0] or ""
        file_id = file_id or new_file_id(self.id_prefix, ext, image=probe is not None)
        now = now_rfc3339()
        doc: JsonDict = {"id": file_id, "displayName": name or file_id, "url": ""}
        doc["parentFolderId"] = base.get("parentFolderId") or "media-root"
        doc["hash"] = hashlib.md5(data).hexdigest()
        doc["sizeInBytes"] = str(len(data))
        doc["private"] = False
        doc["mediaType"] = "IMAGE" if probe else "DOCUMENT"
        if probe is not None:
            doc["media"] = {
                "image": {
                    "image": {
                        "id": file_id,
                        "url": "",
                        "width": probe.width,
                        "height": probe.height,
                        "filename": name or file_id,
                    }
                }
            }
        doc["operationStatus"] = "READY"
        if base.get("sourceUrl"):
            doc["sourceUrl"] = base["sourceUrl"]
        if probe is not None:
            doc["thumbnailUrl"] = ""
        doc["labels"] = list(base.get("labels") or [])
        doc["createdDate"] = base.get("createdDate") or now
        doc["updatedDate"] = now
        doc["state"] = "OK"
        return doc, content_type or "application/octet-stream"

    def _store_bytes(self, file_id: str, data: bytes) -> None:
        if not FILE_ID_RE.match(file_id):  # pragma: no cover - ids are generated here
            raise ValueError(f"refusing to store unexpected file id {file_id!r}")
        atomic_write(self.media_dir / file_id, data, durable=True)

    @staticmethod
    def _options(body: JsonDict, out: list[JsonDict]) -> JsonDict:
        """The optional descriptor fields shared by generate-upload-url and import."""
        options: JsonDict = {}
        for key in ("fileName", "displayName", "parentFolderId", "mimeType"):
            value = body.get(key)
            if value is not None and not isinstance(value, str):
                out.append(violation(key, "must be a string", "FORMAT"))
            elif value:
                options[key] = value
        labels = body.get("labels")
        if labels is not None:
            if isinstance(labels, list) and all(isinstance(v, str) for v in labels):
                options["labels"] = labels
            else:
                out.append(violation("labels", "must be a list of strings", "FORMAT"))
        return options

    # -- upload ----------------------------------------------------------------------------
    def generate_upload_url(self, req: Request, _: dict[str, str]) -> Response:
        body = req.json_object()
        out: list[JsonDict] = []
        options = self._options(body, out)
        if not options.get("mimeType") and not any(v["field"] == "mimeType" for v in out):
            out.append(violation("mimeType", "is required", "REQUIRED_FIELD"))
        size = body.get("sizeInBytes")
        if size is not None and not (
            (isinstance(size, str) and size.isdigit())
            or (isinstance(size, int) and not isinstance(size, bool) and size >= 0)
        ):
            out.append(violation("sizeInBytes", "must be a number of bytes (string)", "FORMAT"))
        raise_if(out)
        token = new_token()
        with self.store.write() as tx:
            tx.insert_token(token, options)
        return Response.json({"uploadUrl": f"{self.store.base_url}/upload/{token}"})

    def _existing(self, file_id: str) -> Response:
        with self.store.read() as tx:
            found = tx.file(file_id)
        if found is None:  # pragma: no cover - tokens only point at stored files
            raise not_found("File", file_id)
        return self._json({"file": self.store.render_file(found[0])})

    def upload(self, req: Request, p: dict[str, str]) -> Response:
        token = p["token"]
        if not UPLOAD_TOKEN_RE.match(token):
            raise not_found("Upload URL", token[:16] + "...")
        with self.store.read() as tx:
            found = tx.token(token)
        if found is None:
            raise not_found("Upload URL", token[:16] + "...")
        options, used_by = found
        if used_by is not None:
            return self._existing(used_by)
        if not req.body:
            raise invalid_argument("The upload body is empty")
        name = req.param("filename") or options.get("fileName")
        declared = options.get("mimeType") or req.header("Content-Type") or ""
        doc, content_type = self._describe(req.body, declared, name, options)
        # Bytes first (whole, on disk), then the rows that point at them, in one transaction:
        # a crash in between leaves an unreferenced file, removed at the next start.
        self._store_bytes(doc["id"], req.body)
        served = doc if self.processing is None else self._pending(doc)
        with self.store.write() as tx:
            _, used_by = tx.token(token) or (None, None)
            if used_by is None:
                if self.processing is None:
                    tx.put_file(doc, content_type)
                else:
                    tx.put_file(served, "application/octet-stream")
                    tx.put_processing(doc, content_type, len(req.body))
                tx.use_token(token, doc["id"])
        if used_by is not None:  # a concurrent PUT won the race: keep its file
            with contextlib.suppress(OSError):
                (self.media_dir / doc["id"]).unlink()
            return self._existing(used_by)
        if self.processing is not None:
            self.processing.submit(doc["id"], len(req.body))
        return self._json({"file": self.store.render_file(served)})

    # -- import ----------------------------------------------------------------------------
    def import_file(self, req: Request, _: dict[str, str]) -> Response:
        body = req.json_object()
        out: list[JsonDict] = []
        options = self._options(body, out)
        url = body.get("url")
        if url is None:
            out.append(violation("url", "is required", "REQUIRED_FIELD"))
        elif not isinstance(url, str) or not _is_http_url(url):
            out.append(violation("url", "must be an http(s) URL", "FORMAT"))
        raise_if(out)
        assert isinstance(url, str)
        declared = str(options.get("mimeType", "")).lower()
        url_name = unquote(urlsplit(url).path.rsplit("/", 1)[-1]) or None
        name = options.get("displayName") or url_name
        ext = _EXT_BY_MIME.get(declared) or _ext_from_name(url_name) or _ext_from_name(name)
        image = (
            declared.startswith("image/")
            or body.get("mediaType") == "IMAGE"
            or (ext in MIME_TYPES or ext == "jpeg")
        )
        file_id = new_file_id(self.id_prefix, ext or "bin", image=image)
        now = now_rfc3339()
        doc: JsonDict = {
            "id": file_id,
            "displayName": name or file_id,
            "url": "",
            "parentFolderId": options.get("parentFolderId") or "media-root",
            "hash": "",
            "sizeInBytes": "0",
            "private": False,
            "mediaType": "IMAGE" if image else "DOCUMENT",
            "operationStatus": "PENDING",
            "sourceUrl": url,
            "labels": list(options.get("labels") or []),
            "createdDate": now,
            "updatedDate": now,
            "state": "OK",
        }
        with self.store.write() as tx:
            tx.put_file(doc, "application/octet-stream")
        thread = threading.Thread(
            target=self._run_import, args=(dict(doc), declared), name="sandbox-import", daemon=True
        )
        with self._threads_lock:
            self._threads.add(thread)
        thread.start()
        return self._json({"file": self.store.render_file(doc)})

    def _run_import(self, pending: JsonDict, declared: str) -> None:
        try:
            try:
                data = fetch_loopback(pending["sourceUrl"])
                doc, content_type = self._describe(
                    data, declared, pending["displayName"], pending, pending["id"]
                )
                self._store_bytes(doc["id"], data)
            except Exception:  # every failure of the fetch ends as FAILED
                doc = dict(pending, operationStatus="FAILED", updatedDate=now_rfc3339())
                content_type = "application/octet-stream"
                data = b""
            if self.store.closed:
                return
            later = self.processing is not None and doc["operationStatus"] == "READY"
            with self.store.write() as tx:
                if later:
                    tx.put_processing(doc, content_type, len(data))
                else:
                    tx.put_file(doc, content_type)
            if later:
                assert self.processing is not None
                self.processing.submit(doc["id"], len(data))
        except Exception:  # the server stopped under us; nothing left to report to
            pass
        finally:
            with self._threads_lock:
                self._threads.discard(threading.current_thread())

    def join_imports(self, timeout: float) -> None:
        with self._threads_lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(timeout)

    # -- file descriptors ------------------------------------------------------------------
    @staticmethod
    def _file_id(raw: str) -> str:
        found = _WIX_URI.match(raw)
        return found.group(1) if found else raw

    def _lookup(self, ids: list[str]) -> list[JsonDict]:
        docs, missing = [], []
        with self.store.read() as tx:
            for raw in ids:
                fid = self._file_id(raw)
                found = tx.file(fid) if FILE_ID_RE.match(fid) else None
                if found is None:
                    missing.append(raw)
                else:
                    docs.append(self.store.render_file(found[0]))
        if len(missing) == 1 and len(ids) == 1:
            raise not_found("File", missing[0])
        if missing:
            raise application_error(
                404, "NOT_FOUND", f"{len(missing)} file(s) not found", data={"fileIds": missing}
            )
        return docs

    def get_file(self, _: Request, p: dict[str, str]) -> Response:
        return self._json({"file": self._lookup([p["fid"]])[0]})

    def get_file_by_id(self, req: Request, _: dict[str, str]) -> Response:
        fid = req.param("fileId")
        if not fid:
            raise validation_error([violation("fileId", "is required", "REQUIRED_FIELD")])
        return self._json({"file": self._lookup([fid])[0]})

    def get_files(self, req: Request, _: dict[str, str]) -> Response:
        ids = req.json_object().get("fileIds")
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            rule = "REQUIRED_FIELD" if ids is None else "FORMAT"
            raise validation_error([violation("fileIds", "must be a list of file ids", rule)])
        return self._json({"files": self._lookup(ids)})
