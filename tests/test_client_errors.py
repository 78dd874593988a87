"""Error paths: what the client raises, and how many requests it made getting there."""

from __future__ import annotations

import logging

import pytest

from galleryman.sandbox.faults import FaultSpec
from galleryman.sandbox.server import SandboxServer
from galleryman.wix.auth import ApiKeyAuth
from galleryman.wix.client import WixClient
from galleryman.wix.errors import (
    AuthenticationError,
    MalformedResponseError,
    NetworkError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    ValidationError,
)
from galleryman.wix.models import Item
from tests.support import RecordingSleep, make_client


def test_wrong_key_is_401_without_retry(sandbox: SandboxServer) -> None:
    with WixClient(
        ApiKeyAuth("wrong-key", sandbox.site_id), sandbox.base_url, rate_limit_per_minute=None
    ) as bad:
        with pytest.raises(AuthenticationError) as raised:
            bad.list_galleries()
        assert bad.requests_sent == 1
    assert raised.value.status == 401
    assert "API key" in raised.value.user_message
    assert "wrong-key" not in str(raised.value)


def test_unknown_gallery_is_404_not_found(client: WixClient) -> None:
    with pytest.raises(NotFoundError) as raised:
        client.get_gallery("no-such-gallery")
    assert raised.value.status == 404 and raised.value.code == "NOT_FOUND"
    assert client.requests_sent == 1


def test_validation_error_carries_field_violations(
    client: WixClient, sandbox: SandboxServer
) -> None:
    gallery = client.create_gallery("V")
    bad = Item.from_json({"title": "no media", "image": {"imageInfo": {"width": 10}}})
    with pytest.raises(ValidationError) as raised:
        client.create_item(gallery.id, bad)
    fields = {v.field for v in raised.value.field_violations}
    assert "item.image.imageInfo.id" in fields
    assert "item.image.imageInfo.id" in raised.value.user_message
    posts = [r for r in sandbox.request_log if r[0] == "POST" and r[1].endswith("/items")]
    assert [status for _, _, status in posts] == [400]  # a 400 is final: no retry


def test_duplicate_sort_order_is_rejected(client: WixClient) -> None:
    gallery = client.create_gallery("D")
    client.create_item(gallery.id, Item.text_item("<p/>", title="a", sort_order=10.0))
    with pytest.raises(ValidationError) as raised:
        client.create_item(gallery.id, Item.text_item("<p/>", title="b", sort_order=10.0))
    assert any(v.field.endswith("sortOrder") for v in raised.value.field_violations)


def test_429_honours_retry_after(client: WixClient, sandbox: SandboxServer, sleeps) -> None:
    sandbox.faults = FaultSpec.parse("retry-after=7")
    sandbox.faults.inject_next("429", count=2, method="GET")
    assert client.list_galleries() == []
    assert client.requests_sent == 3
    assert sleeps.calls == [7.0, 7.0]


def test_429_without_retry_after_backs_off_exponentially(
    client: WixClient, sandbox: SandboxServer, sleeps
) -> None:
    sandbox.faults.inject_next("429-no-retry-after", count=3, method="GET")
    client.list_galleries()
    assert client.requests_sent == 4
    assert len(sleeps.calls) == 3
    # Full jitter in [ceiling/2, ceiling], the ceiling doubling each time.
    for n, pause in enumerate(sleeps.calls):
        ceiling = 0.25 * 2**n
        assert ceiling / 2 <= pause <= ceiling


def test_429_that_never_ends_raises_after_max_attempts(client: WixClient, sandbox) -> None:
    sandbox.faults.inject_next("429-no-retry-after", count=50, method="GET")
    with pytest.raises(RateLimitedError) as raised:
        client.list_galleries()
    assert client.requests_sent == 6 and raised.value.attempts == 6


def test_5xx_is_retried_then_succeeds(client: WixClient, sandbox: SandboxServer) -> None:
    gallery = client.create_gallery("R")
    sent = client.requests_sent
    sandbox.faults.inject_next("500", count=2, method="PATCH")
    assert client.rename_gallery(gallery.id, "Renamed").name == "Renamed"
    assert client.requests_sent - sent == 3
    assert sandbox.store.get_gallery(gallery.id)["name"] == "Renamed"


def test_persistent_5xx_raises_server_error(client: WixClient, sandbox: SandboxServer) -> None:
    sandbox.faults.inject_next("503", count=50, method="GET")
    with pytest.raises(ServerError) as raised:
        client.get_gallery("anything")
    assert raised.value.status == 503 and client.requests_sent == 6
    assert "try again" in raised.value.user_message


def test_timeout_is_retried_and_reported(sandbox: SandboxServer) -> None:
    sleeps = RecordingSleep()
    sandbox.faults = FaultSpec.parse("latency-ms=400")
    with make_client(sandbox, sleeps, timeout=0.1) as slow:
        with pytest.raises(NetworkError) as raised:
            slow.list_galleries()
        assert slow.requests_sent == 6
    assert "too long" in raised.value.user_message


def test_dropped_connection_on_get_is_retried(client: WixClient, sandbox: SandboxServer) -> None:
    client.create_gallery("Here")
    sent = client.requests_sent
    sandbox.faults.inject_next("drop-before", count=2, method="GET")
    assert [g.name for g in client.list_galleries()] == ["Here"]
    assert client.requests_sent - sent == 3


def test_html_error_page_from_a_proxy_is_a_clear_error(client: WixClient, sandbox) -> None:
    sandbox.faults.inject_next("html-502", count=50, method="GET")
    with pytest.raises(MalformedResponseError) as raised:
        client.list_galleries()
    assert "HTML page" in raised.value.user_message
    assert raised.value.status == 502
    assert client.requests_sent == 6  # a 502 is worth retrying, whatever its body


def test_malformed_json_success_body_is_a_clear_error(client: WixClient, sandbox) -> None:
    sandbox.faults.inject_next("malformed-json", count=1, method="GET")
    with pytest.raises(MalformedResponseError) as raised:
        client.list_galleries()
    assert "not a JSON object" in raised.value.user_message
    assert client.requests_sent == 1


@pytest.mark.parametrize("kind", ["drop-after", "500-after", "drop-before", "500"])
def test_ambiguous_create_is_checked_not_duplicated(
    client: WixClient, sandbox: SandboxServer, kind: str
) -> None:
    gallery = client.create_gallery("Once")
    sandbox.faults.inject_next(kind, count=1, method="POST", path_contains="/items")
    created = client.create_item(gallery.id, Item.text_item("<p/>", title="only one"))
    held = sandbox.store.list_items(gallery.id)
    assert [i["title"] for i in held] == ["only one"]
    assert created.id == held[0]["id"]
    posts = [r for r in sandbox.request_log if r[0] == "POST" and r[1].endswith("/items")]
    applied_first_time = kind.endswith("-after")
    # Applied: the check finds it and nothing is sent again. Not applied: sent once more.
    assert len(posts) == (1 if applied_first_time else 2)


def test_ambiguous_gallery_create_is_not_duplicated(client: WixClient, sandbox) -> None:
    sandbox.faults.inject_next("drop-after", count=1, method="POST", path_contains="/galleries")
    client.create_gallery("Solo")
    assert [g["name"] for g in sandbox.store.list_galleries()] == ["Solo"]


def test_secrets_stay_out_of_repr_errors_and_logs(
    sandbox: SandboxServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secret = sandbox.api_key
    auth = ApiKeyAuth(secret, sandbox.site_id)
    sandbox.faults.inject_next("500", count=1)
    with WixClient(auth, sandbox.base_url, rate_limit_per_minute=None) as c:
        c.list_galleries()
        with pytest.raises(NotFoundError) as raised:
            c.get_gallery("missing")
        texts = [repr(auth), repr(c), str(raised.value), repr(raised.value)]
    texts += [r.getMessage() for r in caplog.records]
    assert any("GET" in t for t in texts)  # the logs did record the traffic
    assert all(secret not in t for t in texts)
