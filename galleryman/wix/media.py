"""Media Manager calls: get a file onto the site so an image item can point at it.

Two ways in: upload the bytes (generate an upload URL, then PUT the bytes to it) or import
from a public URL. Either way the file may start PENDING, without width and height (Wix: a
successful PUT "does not indicate that the upload is complete"): `upload_file` / `upload_data`
wait until it is READY (polling with backoff, bounded by `Limits.ready_seconds`) and report
the phase, so an item is only ever built from a READY file's real dimensions. They resume
from an `UploadState` the caller keeps (see `uploads.py`). Mixed into `WixClient`.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from galleryman.core.i18n import tr
from galleryman.wix.answers import file_from, listed, wrapped
from galleryman.wix.errors import (
    MalformedResponseError,
    MediaProcessingError,
    NotFoundError,
    UploadLinkExpiredError,
    WixError,
)
from galleryman.wix.models import FileDescriptor
from galleryman.wix.transport import JsonObject, Safety, UncertainOutcome
from galleryman.wix.uploads import UploadPhase, UploadState, read_regular_file
from galleryman.wix.values import readable_name

if TYPE_CHECKING:
    from galleryman.wix.transport import Transport

MEDIA_PREFIX = "/site-media/v1"
# What the upload server answers for a spent, expired or unknown upload URL.
_LINK_REFUSED = frozenset({401, 403, 404, 410})

PhaseCallback = Callable[[UploadPhase], None]


class MediaMixin:
    _transport: Transport

    def generate_upload_url(
        self, mime_type: str, file_name: str | None = None, size_in_bytes: int | None = None
    ) -> str:
        body: JsonObject = {"mimeType": mime_type}
        if file_name:
            body["fileName"] = readable_name(file_name)
        if size_in_bytes is not None:
            body["sizeInBytes"] = str(size_in_bytes)
        # Only hands out a URL; nothing is created until bytes arrive, so retrying is safe.
        data = self._transport.call("POST", f"{MEDIA_PREFIX}/files/generate-upload-url", body=body)
        url = data.get("uploadUrl")
        parts = urlsplit(url) if isinstance(url, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
            raise MalformedResponseError(message="the answer has no usable uploadUrl")
        return str(url)

    def upload_bytes(
        self,
        upload_url: str,
        data: bytes,
        file_name: str,
        mime_type: str,
        progress: Callable[[float], None] | None = None,
    ) -> FileDescriptor:
        """PUT the bytes to an upload URL (its token is the authorisation); `progress` gets
        the fraction sent (0..1) as the bytes go out. Returns the file as the PUT answers it,
        possibly PENDING; `upload_data` also waits for READY."""
        on_sent = None if progress is None else (lambda sent, total: progress(sent / total))
        try:
            answer = self._transport.call(
                "PUT",
                upload_url,
                params={"filename": readable_name(file_name)},
                content=data,
                content_type=mime_type or "application/octet-stream",
                authenticated=False,
                rate_limited=False,
                display_path="<upload url>",  # the URL holds the upload token: keep it out
                on_sent=on_sent,
                attempt_seconds=self._transport.limits.upload_seconds(len(data)),
            )
        except WixError as error:
            if error.status in _LINK_REFUSED:
                raise UploadLinkExpiredError(
                    message=f"HTTP {error.status}", status=error.status, method="PUT",
                    path="<upload url>", attempts=error.attempts,
                ) from None  # fmt: skip
            raise
        return file_from(wrapped(answer, "file"))

    def upload_file(
        self,
        path: Path,
        *,
        mime_type: str | None = None,
        display_name: str | None = None,
        state: UploadState | None = None,
        progress: Callable[[float], None] | None = None,
        on_phase: PhaseCallback | None = None,
    ) -> FileDescriptor:
        """Upload a local regular file and return it READY (see `upload_data`). The file is
        read only when its bytes are needed (a resumed upload may need none)."""
        name = display_name or Path(path).name
        mime = mime_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
        limit = self._transport.limits.max_upload_bytes
        return self._upload(
            lambda: read_regular_file(Path(path), limit), name, mime, state, progress, on_phase
        )

    def upload_data(
        self,
        data: bytes,
        file_name: str,
        mime_type: str,
        *,
        state: UploadState | None = None,
        progress: Callable[[float], None] | None = None,
        on_phase: PhaseCallback | None = None,
    ) -> FileDescriptor:
        """Upload bytes and return the file once READY, with its real width and height.

        Keep one `UploadState` per upload and pass it to every attempt: a retry after any
        failure then reuses the file that reached the Media Manager (see `uploads.py`).
        `on_phase` hears UPLOADING, PROCESSING (waiting for Wix) and READY.
        """
        return self._upload(lambda: data, file_name, mime_type, state, progress, on_phase)

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
            ("displayName", readable_name(display_name) if display_name else None),
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
        return file_from(wrapped(answer, "file"))

    def get_file(self, file_id: str) -> FileDescriptor:
        answer = self._transport.call(
            "GET", f"{MEDIA_PREFIX}/files/get-file-by-id", params={"fileId": file_id}
        )
        return file_from(wrapped(answer, "file"))

    def get_files(self, file_ids: Iterable[str]) -> list[FileDescriptor]:
        ids = list(file_ids)
        if not ids:
            return []
        answer = self._transport.call(
            "POST", f"{MEDIA_PREFIX}/files/get-files", body={"fileIds": ids}
        )
        raws = listed(answer, "files", "files")  # absent: none found (Wix omits empty lists)
        return [file_from(raw, f"file {n + 1} of the answer") for n, raw in enumerate(raws)]

    def wait_until_ready(
        self,
        file_id: str,
        *,
        timeout: float | None = None,
        poll_interval: float = 0.5,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] | None = None,
    ) -> FileDescriptor:
        """Poll the file until READY (intervals growing to 5 s); MediaProcessingError on
        FAILED or when still PENDING after `timeout` (default `Limits.ready_seconds`)."""
        retry = self._transport.retry
        sleep = sleep or retry.sleep
        clock = clock or retry.clock
        limit = self._transport.limits.ready_seconds if timeout is None else timeout
        deadline = clock() + limit
        interval = poll_interval
        while True:
            descriptor = self.get_file(file_id)
            name = descriptor.display_name or tr("the file")
            if descriptor.is_ready:
                return descriptor
            if descriptor.is_failed:
                message = tr("{name} failed to process on Wix").format(name=name)
                raise MediaProcessingError(message=message)
            if clock() + interval > deadline:
                raise MediaProcessingError(
                    message=tr(
                        "{name} was still processing after {seconds} s; trying again "
                        "later picks it up without uploading it again"
                    ).format(name=name, seconds=f"{limit:.0f}")
                )
            sleep(interval)
            interval = min(interval * 1.5, 5.0)

    # ------------------------------------------------------------------ internals

    def _upload(
        self,
        read: Callable[[], bytes],
        file_name: str,
        mime_type: str,
        state: UploadState | None,
        progress: Callable[[float], None] | None,
        on_phase: PhaseCallback | None,
    ) -> FileDescriptor:
        state = state if state is not None else UploadState()

        def phase(now: UploadPhase) -> None:
            if state.phase is not now:
                state.phase = now
                if on_phase is not None:
                    on_phase(now)

        file = self._resume(state) if state.file_id else None
        if file is None:
            data = read()
            phase(UploadPhase.UPLOADING)
            file = self._put(state, data, file_name, mime_type, progress)
        if not file.is_ready:
            phase(UploadPhase.PROCESSING)
            try:
                file = self.wait_until_ready(str(file.id))
            except MediaProcessingError:
                if state.file_id and self._failed(state.file_id):
                    state.forget_file()
                raise
        _check_dimensions(file)
        state.file = file
        phase(UploadPhase.READY)
        return file

    def _resume(self, state: UploadState) -> FileDescriptor | None:
        """The file of an earlier attempt, if it can be used (READY or PENDING)."""
        try:
            file = self.get_file(str(state.file_id))
        except NotFoundError:
            state.forget_file()
            return None
        if file.is_failed:
            state.forget_file()
            return None
        return file

    def _failed(self, file_id: str) -> bool:
        try:
            return self.get_file(file_id).is_failed
        except WixError:
            return False

    def _put(
        self,
        state: UploadState,
        data: bytes,
        file_name: str,
        mime_type: str,
        progress: Callable[[float], None] | None,
    ) -> FileDescriptor:
        """PUT to the state's upload URL (a lost answer's URL is used again), or a new one."""
        fresh = state.upload_url is None
        if fresh:
            self._new_url(state, self.generate_upload_url(mime_type, file_name, len(data)))
        assert state.upload_url is not None
        try:
            file = self.upload_bytes(state.upload_url, data, file_name, mime_type, progress)
        except UploadLinkExpiredError:
            if fresh:
                state.upload_url = None
                raise
            # The URL of an earlier attempt is spent or expired: one new one.
            self._new_url(state, self.generate_upload_url(mime_type, file_name, len(data)))
            assert state.upload_url is not None
            file = self.upload_bytes(state.upload_url, data, file_name, mime_type, progress)
        state.file_id, state.upload_url = file.id, None
        return file

    @staticmethod
    def _new_url(state: UploadState, url: str) -> None:
        state.upload_url = url
        if state.on_new_url is not None:
            state.on_new_url(url)  # kept before the PUT, so a crash during it loses nothing


def _check_dimensions(file: FileDescriptor) -> None:
    if file.media_type in (None, "IMAGE") and (file.width is None or file.height is None):
        raise MalformedResponseError(
            message=f"{file.display_name or 'the file'} is READY but the Media Manager gives "
            "no width and height for it"
        )
