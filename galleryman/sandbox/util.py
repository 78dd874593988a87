"""Small helpers shared by the sandbox modules: ids, timestamps, JSON."""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import secrets
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

JsonDict = dict[str, Any]

MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # largest request body (and upload) the sandbox accepts

# Wix-like Media Manager file id: "<6 hex>_<32 hex>~mv2.<ext>" (images) or
# "<6 hex>_<32 hex>.<ext>" (other files). Checked before any id is used in a file name.
FILE_ID_RE = re.compile(r"^[0-9a-f]{6}_[0-9a-f]{32}(?:~mv2)?\.[a-z0-9]{1,8}$")
# Upload tokens handed out by generate-upload-url (secrets.token_urlsafe(32) -> 43 chars).
UPLOAD_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32,128}$")


def now_rfc3339() -> str:
    """The current UTC time as RFC 3339 with milliseconds, e.g. ``2022-02-08T10:59:29.123Z``."""
    now = datetime.now(UTC)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


def new_uuid() -> str:
    return str(uuid.uuid4())


def new_token() -> str:
    return secrets.token_urlsafe(32)


def new_file_id(prefix: str, ext: str, image: bool) -> str:
    """A fresh file id shaped like Wix's; ``prefix`` is 6 hex digits, ``ext`` a short suffix."""
    ext = ext.lower() if re.fullmatch(r"[A-Za-z0-9]{1,8}", ext) else "bin"
    marker = "~mv2" if image else ""
    file_id = f"{prefix}_{uuid.uuid4().hex}{marker}.{ext}"
    if not FILE_ID_RE.match(file_id):  # pragma: no cover - prefix is validated by the caller
        raise ValueError(f"bad file id prefix {prefix!r}")
    return file_id


def next_sort_order(current_max: float | None) -> float:
    """Epoch seconds (a float), raised if needed to be strictly greater than ``current_max``."""
    value = time.time()
    if current_max is not None and value <= current_max:
        value = float(current_max) + 1.0
        if value <= current_max:  # huge magnitudes: +1 is lost to rounding
            value = math.nextafter(float(current_max), math.inf)
    return value


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def parse_json(data: bytes) -> Any:
    """Strict JSON (UTF-8, no NaN/Infinity); raises ValueError on anything malformed."""
    return json.loads(data.decode("utf-8"), parse_constant=_reject_constant)


def dump_json(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def strip_nulls(value: Any) -> Any:
    """Remove ``None`` values from dicts (recursively, also inside lists): unset means absent."""
    if isinstance(value, dict):
        return {k: strip_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [strip_nulls(v) for v in value]
    return value


def omit_empty_lists(value: Any) -> Any:
    """Drop keys whose value is ``[]`` (recursively), as protobuf JSON leaves them out."""
    if isinstance(value, dict):
        return {k: omit_empty_lists(v) for k, v in value.items() if v != []}
    if isinstance(value, list):
        return [omit_empty_lists(v) for v in value]
    return value


def deep_merge(base: JsonDict, patch: JsonDict) -> JsonDict:
    """Merge ``patch`` into a copy of ``base``: dicts recursively, lists replaced, None removes."""
    out = dict(base)
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = strip_nulls(value)
    return out


TEMP_PREFIX, TEMP_SUFFIX = ".tmp-", ".part"


def atomic_write(path: Path, data: bytes, durable: bool = False) -> None:
    """Write ``data`` to ``path`` via a private temporary file in the same folder and
    os.replace, so a reader (or a restart after a crash) sees the old file or the whole new
    one. ``durable`` also flushes it to disk first (for files a database row will point at)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
