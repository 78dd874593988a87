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
from galleryman.wix.limits import Limits
from galleryman.wix.models import Item
from galleryman.wix.observer import BackoffWait, RetryAfterWait, WaitEvent
from galleryman.wix.transport import RetryPolicy
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


@pytest.mark.parametrize(
    "kind", ["drop-after", "500-after", "malformed-json", "drop-before", "500"]
)
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
    applied_first_time = kind.endswith("-after") or kind == "malformed-json"
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


def test_a_retried_delete_that_finds_nothing_is_done(client: WixClient, sandbox) -> None:
    """The deliberate rule: the first attempt deleted it (and failed to say so), so the 404
    of the retry means done."""
    gallery = client.create_gallery("Gone")
    item = client.create_item(gallery.id, Item.text_item("<p/>", title="x"))
    sandbox.faults.inject_next("500-after", count=1, method="DELETE")
    assert client.delete_item(gallery.id, item.id) == item.id
    assert sandbox.store.list_items(gallery.id) == []


def test_a_first_404_on_delete_is_not_success(client: WixClient) -> None:
    gallery = client.create_gallery("Never there")
    with pytest.raises(NotFoundError):
        client.delete_item(gallery.id, "no-such-item")
    with pytest.raises(NotFoundError):
        client.delete_gallery("no-such-gallery")


def test_waits_are_reported_to_the_observer_without_secrets(
    client: WixClient, sandbox: SandboxServer
) -> None:
    events: list[WaitEvent] = []
    client.set_observer(events.append)
    sandbox.faults = FaultSpec.parse("retry-after=9")
    sandbox.faults.inject_next("429", count=1, method="GET")
    sandbox.faults.inject_next("503", count=1, method="GET")
    client.list_galleries()
    assert events[0] == RetryAfterWait(9.0)
    assert isinstance(events[1], BackoffWait) and events[1].attempt == 3
    assert events[1].reason == "HTTP 503"
    assert all(sandbox.api_key not in repr(e) for e in events)
    client.set_observer(None)
    sandbox.faults.inject_next("503", count=1, method="GET")
    client.list_galleries()
    assert len(events) == 2


def test_default_limits_fail_a_dead_or_frozen_server_within_45_seconds() -> None:
    """The arithmetic behind the defaults (a frozen server is exercised in
    tests/bad_inputs with short timeouts): every attempt waits at most the read timeout of
    silence, the pauses between them are short, and the call's deadline caps the sum."""
    limits, retry = Limits(), RetryPolicy()
    pauses = sum(min(retry.max_delay, retry.base_delay * 2**n) for n in range(retry.max_attempts))
    worst_frozen = retry.max_attempts * limits.read_timeout + pauses
    worst_unreachable = retry.max_attempts * limits.connect_timeout + pauses
    assert 30 <= min(worst_frozen, limits.call_seconds) <= 45
    assert worst_unreachable <= 45
    assert limits.attempt_seconds <= limits.call_seconds <= 45
