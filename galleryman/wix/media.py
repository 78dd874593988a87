"""Media Manager calls: get a file onto the site so an image item can point at it.

Two ways in: upload the bytes (generate an upload URL, then PUT the bytes to it) or import
from a public URL (the file starts PENDING; `wait_until_ready` polls until READY or FAILED).
Mixed into `WixClient`; it uses the client's transport.
"""

from __future__ import annotations

import mimetypes
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from galleryman.wix.errors import MalformedResponseError, MediaProcessingError
from galleryman.wix.models import FileDescriptor
from galleryman.wix.transport import JsonObject, Safety, UncertainOutcome

if TYPE_CHECKING:
    from galleryman.wix.transport import Transport

MEDIA_PREFIX = "/site-media/v1"


class MediaMixin:
    _transport: Transport

    def generate_upload_url(
        self, mime_type: str, file_name: str | None = None, size_in_bytes: int | None = None
    ) -> str:
        body: JsonObject = {"mimeType": mime_type}
        if file_name:
            body["fileName"] = file_name
        if size_in_bytes is not None:
            body["sizeInBytes"] = str(size_in_bytes)
        # Only hands out a URL; nothing is created until bytes arrive, so retrying is safe.
        data = self._transport.call("POST", f"{MEDIA_PREFIX}/files/generate-upload-url", body=body)
        url = data.get("uploadUrl")
        if not isinstance(url, str) or not url:
            raise MalformedResponseError(message="the answer has no uploadUrl")
        return url

    def upload_bytes(
        self,
        upload_url: str,
        data: bytes,
        file_name: str,
        mime_type: str,
        progress: Callable[[float], None] | None = None,
    ) -> FileDescriptor:
        """PUT the bytes to an upload URL (its token is the authorisation); `progress` gets
        the fraction sent (0..1) as the bytes go out."""
        on_sent = None if progress is None else (lambda sent, total: progress(sent / total))
        answer = self._transport.call(
            "PUT",
            upload_url,
            params={"filename": file_name},
            content=data,
            content_type=mime_type or "application/octet-stream",
            authenticated=False,
            rate_limited=False,
            display_path="<upload url>",  # the URL holds the upload token: keep it out of logs
            on_sent=on_sent,
        )
        return _file(answer)

    def upload_file(
        self, path: Path, *, mime_type: str | None = None, display_name: str | None = None
    ) -> FileDescriptor:
        """Upload a local file: upload URL, then the bytes."""
        data = Path(path).read_bytes()
        name = display_name or Path(path).name
        mime = mime_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
        url = self.generate_upload_url(mime, name, len(data))
        return self.upload_bytes(url, data, name, mime)

    def import_file(
        self,
        url: str,
        *,
        mime_type: str | None = None,
        display_name: str | None = None,
        media_type: str | None = None,
    ) -> FileDescriptor:
        """Ask the Media Manager to fetch a public URL; the file starts PENDING."""
        body: JsonObject = {"url": url}
        for key, value in (
            ("mimeType", mime_type),
            ("displayName", display_name),
            ("mediaType", media_type),
        ):
            if value:
                body[key] = value
        # A create with no way to look it up afterwards: never repeated after an ambiguous
        # failure (the transport raises it), only after a certain refusal.
        try:
            answer = self._transport.call(
                "POST", f"{MEDIA_PREFIX}/files/import", body=body, safety=Safety.CREATE
            )
        except UncertainOutcome as uncertain:
            raise uncertain.error from None
        return _file(answer)

    def get_file(self, file_id: str) -> FileDescriptor:
        answer = self._transport.call(
            "GET", f"{MEDIA_PREFIX}/files/get-file-by-id", params={"fileId": file_id}
        )
        return _file(answer)

    def get_files(self, file_ids: Iterable[str]) -> list[FileDescriptor]:
        ids = list(file_ids)
        if not ids:
            return []
        answer = self._transport.call(
            "POST", f"{MEDIA_PREFIX}/files/get-files", body={"fileIds": ids}
        )
        files = answer.get("files")
        if not isinstance(files, list):
            raise MalformedResponseError(message="the answer has no files list")
        return [FileDescriptor.from_json(f) for f in files if isinstance(f, dict)]

    def wait_until_ready(
        self,
        file_id: str,
        *,
        timeout: float = 120.0,
        poll_interval: float = 0.25,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> FileDescriptor:
        """Poll the file until READY; raise MediaProcessingError on FAILED or timeout."""
        deadline = clock() + timeout
        interval = poll_interval
        while True:
            descriptor = self.get_file(file_id)
            if descriptor.operation_status == "READY":
                return descriptor
            if descriptor.operation_status == "FAILED":
                raise MediaProcessingError(
                    message=f"{descriptor.display_name or file_id} failed to import"
                )
            if clock() >= deadline:
                raise MediaProcessingError(
                    message=f"{descriptor.display_name or file_id} was not ready after "
                    f"{timeout:.0f} s"
                )
            sleep(interval)
            interval = min(interval * 1.5, 2.0)


def _file(answer: dict[str, Any]) -> FileDescriptor:
    file = answer.get("file")
    if not isinstance(file, dict):
        raise MalformedResponseError(message="the answer has no file object")
    return FileDescriptor.from_json(file)
