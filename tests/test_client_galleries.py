"""Gallery operations through the real client against the sandbox, checked on the server."""

from __future__ import annotations

from galleryman.sandbox.server import SandboxServer
from galleryman.wix.client import WixClient
from galleryman.wix.models import Item
from tests.support import make_client


def _text(title: str) -> Item:
    return Item.text_item(f"<p>{title}</p>", title=title)


def test_create_gallery_lands_last_and_is_on_the_server(
    client: WixClient, sandbox: SandboxServer
) -> None:
    first = client.create_gallery("First")
    second = client.create_gallery("Second")
    assert first.id and second.id and first.id != second.id
    assert second.sort_order is not None and first.sort_order is not None
    assert second.sort_order > first.sort_order
    held = sandbox.store.list_galleries()
    assert [g["name"] for g in held] == ["First", "Second"]
    assert [g["id"] for g in held] == [first.id, second.id]


def test_list_galleries_walks_every_page_in_sort_order(
    client: WixClient, sandbox: SandboxServer
) -> None:
    for n in range(23):
        # Created in reverse display order: the client must sort, not trust arrival order.
        client.create_gallery(f"G{n:02}", sort_order=1000.0 - n)
    before = client.requests_sent
    galleries = client.list_galleries()
    assert [g.name for g in galleries] == [f"G{n:02}" for n in reversed(range(23))]
    assert [g.total_items for g in galleries] == [0] * 23
    # 23 galleries at the maximum page size of 10: three pages, no more.
    assert client.requests_sent - before == 3
    assert len(sandbox.store.list_galleries()) == 23


def test_get_update_rename_delete_gallery(client: WixClient, sandbox: SandboxServer) -> None:
    gallery = client.create_gallery("Before")
    client.create_item(gallery.id, _text("one"))
    fetched = client.get_gallery(gallery.id)
    assert fetched.name == "Before" and fetched.total_items == 1
    assert [i.title for i in fetched.items] == ["one"]

    renamed = client.rename_gallery(gallery.id, "After")
    assert renamed.name == "After"
    assert sandbox.store.get_gallery(gallery.id)["name"] == "After"

    moved = client.update_gallery(gallery.id, {"sortOrder": 5.5})
    assert moved.sort_order == 5.5
    assert sandbox.store.get_gallery(gallery.id)["sortOrder"] == 5.5

    assert client.delete_gallery(gallery.id) == gallery.id
    assert sandbox.store.get_gallery(gallery.id) is None
    assert sandbox.store.list_galleries() == []


def test_clone_copies_items_in_order_with_new_ids(
    client: WixClient, sandbox: SandboxServer
) -> None:
    source = client.create_gallery("Source")
    originals = [client.create_item(source.id, _text(f"t{n}")) for n in range(5)]
    clone = client.clone_gallery(source.id, "Copy of Source")
    assert clone.id != source.id and clone.name == "Copy of Source"
    copied = sandbox.store.list_items(clone.id)
    assert [i["title"] for i in copied] == ["t0", "t1", "t2", "t3", "t4"]
    assert not {i["id"] for i in copied} & {i.id for i in originals}
    # The source is untouched, and the clone is listed last.
    assert len(sandbox.store.list_items(source.id)) == 5
    assert [g.name for g in client.list_galleries()] == ["Source", "Copy of Source"]


def test_clone_without_name_keeps_the_source_name(client: WixClient) -> None:
    source = client.create_gallery("Holiday")
    assert client.clone_gallery(source.id).name == "Holiday"


def test_default_prefix_is_the_one_wix_sdk_uses(client: WixClient, sandbox: SandboxServer) -> None:
    client.create_gallery("Prefixed")
    client.list_galleries()
    api_paths = [path for _, path, _ in sandbox.request_log if "/galleries" in path]
    assert api_paths and all(path.startswith("/progallery/v2/") for path in api_paths)


def test_current_docs_prefix_stays_configurable(sandbox: SandboxServer) -> None:
    with make_client(sandbox, gallery_prefix="/pro-gallery/v2") as hyphen:
        hyphen.create_gallery("Hyphen")
        assert [g.name for g in hyphen.list_galleries()] == ["Hyphen"]
    api_paths = [path for _, path, _ in sandbox.request_log if "/galleries" in path]
    assert api_paths and all(path.startswith("/pro-gallery/v2/") for path in api_paths)


def test_a_known_largest_order_means_a_create_is_one_request(
    client: WixClient, sandbox: SandboxServer
) -> None:
    client.list_galleries()  # a listing teaches the largest gallery sortOrder
    sent = client.requests_sent
    client.create_gallery("After listing")
    assert client.requests_sent - sent == 1
    with make_client(sandbox) as fresh:
        fresh.create_gallery("Placed", sort_order=5.0)
        fresh.remember_largest_sort_order(None, 1e12)
        created = fresh.create_gallery("Told")
        assert fresh.requests_sent == 2  # neither create listed anything
    assert created.sort_order is not None and created.sort_order > 1e12


def test_clearing_a_gallery_name_is_checked(client: WixClient, sandbox: SandboxServer) -> None:
    gallery = client.create_gallery("Named")
    sent = client.requests_sent
    cleared = client.update_gallery(gallery.id, {"name": None})
    assert cleared.name is None and "name" not in sandbox.store.get_gallery(gallery.id)
    assert client.requests_sent - sent == 1  # the sandbox's default profile: null clears
