"""Under random injected faults, creating 200 items leaves exactly 200 items."""

from __future__ import annotations

from collections import Counter

from galleryman.sandbox.faults import FaultSpec
from galleryman.sandbox.server import SandboxServer
from galleryman.wix.models import Item
from tests.support import RecordingSleep, make_client

FAULTS = "500=0.04,500-after=0.04,503=0.03,429=0.04,drop-before=0.04,drop-after=0.04,seed=7"


def test_200_creates_under_faults_leave_exactly_200_items(sandbox: SandboxServer) -> None:
    with make_client(sandbox) as setup:
        gallery = setup.create_gallery("Faulty")
    sandbox.faults = FaultSpec.parse(FAULTS + ",retry-after=0")
    sleeps = RecordingSleep()
    with make_client(sandbox, sleeps) as client:
        for n in range(200):
            client.create_item(gallery.id, Item.text_item(f"<p>{n}</p>", title=f"item {n:03}"))
        statuses = Counter(status for _, _, status in sandbox.request_log)
    sandbox.faults = FaultSpec.parse("")
    titles = [i["title"] for i in sandbox.store.list_items(gallery.id)]
    assert sorted(titles) == [f"item {n:03}" for n in range(200)]  # no duplicate, none missing
    assert titles == sorted(titles)  # and in the order they were made
    # The faults really happened, several of each kind that reaches the log.
    assert statuses[500] >= 5 and statuses[503] >= 2 and statuses[429] >= 2
    assert statuses[0] >= 5  # dropped connections
    assert sleeps.calls  # and the client backed off between attempts
