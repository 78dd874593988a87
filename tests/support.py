"""Helpers shared by tests: clients for a sandbox, recorded sleeps, real images."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image, ImageDraw

from galleryman.sandbox.server import SandboxServer
from galleryman.wix.auth import ApiKeyAuth
from galleryman.wix.client import WixClient
from galleryman.wix.transport import RetryPolicy


class RecordingSleep:
    """Stands in for time.sleep: records the pauses asked for without pausing, so backoff
    and Retry-After are observable without slow tests."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


class SteppingClock:
    """A clock for the client that moves only when read (`tick` seconds per reading) or
    slept on (recorded in `sleeps`): deadlines pass without anyone waiting for real."""

    def __init__(self, tick: float = 0.0) -> None:
        self.now = 1000.0
        self.tick = tick
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        self.now += self.tick
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def make_client(
    server: SandboxServer, sleep: RecordingSleep | None = None, **options: Any
) -> WixClient:
    settings: dict[str, Any] = {
        "rate_limit_per_minute": None,
        "retry": RetryPolicy(max_attempts=6, sleep=sleep or RecordingSleep()),
        "timeout": 5.0,
    }
    settings.update(options)
    return WixClient(ApiKeyAuth(server.api_key, server.site_id), server.base_url, **settings)


def image_bytes(width: int = 64, height: int = 48, fmt: str = "JPEG", seed: int = 0) -> bytes:
    img = Image.new("RGB", (width, height), ((seed * 53) % 256, (seed * 97) % 256, 180))
    draw = ImageDraw.Draw(img)
    draw.ellipse((width // 4, height // 4, width * 3 // 4, height * 3 // 4), fill=(250, 220, 40))
    out = io.BytesIO()
    img.save(out, fmt)
    return out.getvalue()
