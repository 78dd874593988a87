"""The filter's index at work: searches in slices that typing on drops, results applied in one
batch, and the rows shown kept right (without searching again) while the gallery changes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt

from galleryman.models.item_filter import ItemFilterModel
from galleryman.models.item_grid import ItemGridModel
from galleryman.models.roles import Role
from galleryman.views.item_grid_view import ItemGridView
from galleryman.wix.models import Item


def item(n: int, order: float | None = None, title: str | None = None, **extra: Any) -> Item:
    return Item.from_json(
        {
            "id": f"id{n:05d}",
            "sortOrder": float(n * 10) if order is None else order,
            "title": title if title is not None else f"Photo {n}",
            "image": {"imageInfo": {"id": f"m{n}", "url": f"http://h/media/m{n}"}},
            **extra,
        }
    )


def gallery(count: int, expected: int = 0) -> ItemGridModel:
    model = ItemGridModel()
    model.load("g", expected)
    model.add_page([item(n) for n in range(count)])
    return model


def filtering(model: ItemGridModel, rows_per_slice: int = 10) -> ItemFilterModel:
    proxy = ItemFilterModel()
    proxy.rows_per_slice = rows_per_slice
    proxy.setSourceModel(model)
    return proxy


def shown(proxy: ItemFilterModel) -> list[Any]:
    return [proxy.index(r, 0).data(Role.ID) for r in range(proxy.rowCount())]


def titled(model: ItemGridModel, *words: str) -> list[str]:
    """The ids of the items whose title holds every word, in display order."""
    matching = []
    for item_id in model.ids():
        found = model.item(item_id)
        title = (found.title or "").lower() if found is not None else ""
        if all(w in title for w in words):
            matching.append(item_id)
    return matching


def test_typing_on_drops_the_search_under_way(qtbot) -> None:
    model = gallery(100)
    proxy = filtering(model)
    applied: list[list[Any]] = []
    proxy.filter_applied.connect(lambda: applied.append(shown(proxy)))

    proxy.set_filter_text("photo 1")  # 100 rows, 10 a slice: not done at once
    assert proxy.is_filtering and proxy.is_searching
    assert proxy.rowCount() == 100  # what was shown stays until the result is in
    proxy.set_filter_text("photo 2")  # typed on before the first search finished
    with qtbot.waitSignal(proxy.filter_applied, timeout=5000):
        pass
    assert applied == [titled(model, "photo", "2")]  # "photo 1" was never shown
    assert not proxy.is_searching and proxy.filter_text == "photo 2"
    qtbot.wait(50)
    assert len(applied) == 1

    proxy.set_filter_text("photo 23")
    assert proxy.is_searching
    proxy.set_filter_text("photo 2")  # erased back to what is shown: nothing to search
    assert not proxy.is_searching and applied[-1] == shown(proxy) == titled(model, "photo", "2")

    proxy.set_filter_text("")  # clearing needs no search
    assert not proxy.is_filtering and applied[-1] == model.ids()


def test_a_small_gallery_is_searched_at_once(qtmodeltester) -> None:
    model = gallery(30)
    proxy = filtering(model, rows_per_slice=1000)
    qtmodeltester.check(proxy)
    proxy.set_filter_text("PHOTO   2 ")
    assert not proxy.is_searching and shown(proxy) == titled(model, "photo", "2")


def test_pages_arriving_during_a_search_are_searched(qtbot, qtmodeltester) -> None:
    model = gallery(60, expected=100)  # 40 places kept for items on their way
    proxy = filtering(model, rows_per_slice=30)
    qtmodeltester.check(proxy)
    proxy.set_filter_text("photo")  # rows 0-29 searched now, the rest in the next slice
    assert proxy.is_searching
    # Rows before the slices searched, after them, and a removal among them.
    model.add_page([item(100 + n, order=n * 10 + 5.0) for n in (0, 1, 40, 55)])
    model.remove_ids(["id00002", "id00050"])
    model.add_uploads([("up", Path("/x/new.jpg"))], 3)
    with qtbot.waitSignal(proxy.filter_applied, timeout=5000):
        pass
    expected = model.ids()
    expected.insert(3, None)  # the upload, shown whatever is typed
    assert shown(proxy) == expected
    assert proxy.rowCount() == model.rowCount() - model.loading_rows()  # places never match


def test_an_edit_brings_an_item_into_the_filter_or_out(qtmodeltester) -> None:
    model = gallery(20)
    proxy = filtering(model, rows_per_slice=1000)
    qtmodeltester.check(proxy)
    proxy.set_filter_text("sunset")
    assert shown(proxy) == []
    model.upsert(item(7, title="Sunset at the pier"))
    model.upsert(item(3, title="Before the sunset"))
    assert shown(proxy) == ["id00003", "id00007"]
    model.upsert(item(7, title="Dawn", description="a sunset-coloured sky"))  # description
    model.upsert(item(3, title="Noon"))
    assert shown(proxy) == ["id00007"]
    model.upsert(item(99, order=1.0, title="SUNSET first"))  # new, at the top
    assert shown(proxy) == ["id00099", "id00007"]


def test_a_move_under_a_filter_is_one_move_and_searches_nothing(qtmodeltester) -> None:
    model = gallery(50)
    proxy = filtering(model, rows_per_slice=1000)
    qtmodeltester.check(proxy)
    proxy.set_filter_text("photo 1")  # 1, 10-19
    searched: list[tuple[int, int]] = []
    search_texts = model.search_texts

    def spy(first: int, stop: int) -> list[str | None]:
        searched.append((first, stop))
        return search_texts(first, stop)

    model.search_texts = spy  # type: ignore[method-assign]
    events: list[str] = []
    proxy.rowsMoved.connect(lambda *_: events.append("move"))
    proxy.layoutChanged.connect(lambda *_: events.append("layout"))
    proxy.modelReset.connect(lambda: events.append("reset"))

    model.upsert(item(15, order=1.0))  # Photo 15 to the top
    assert shown(proxy)[:2] == ["id00015", "id00001"]
    model.upsert(item(30, order=2.0))  # a row not shown moves: nothing shown moves
    assert events == ["move"]
    assert sum(stop - first for first, stop in searched) <= 2  # the two rows changed


def test_the_selection_follows_the_filter(qtbot) -> None:
    model = gallery(40)
    proxy = filtering(model, rows_per_slice=1000)
    view = ItemGridView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    view.select_ids(["id00012", "id00030"])
    proxy.set_filter_text("photo 1")  # 1, 10-19: Photo 12 stays, at another row
    assert view.selected_ids() == ["id00012"]
    assert view.selectionModel().isSelected(proxy.index(3, 0))
    proxy.set_filter_text("")
    assert view.selected_ids() == ["id00012"]
    assert view.currentIndex().data(Role.ID) == "id00012"


def test_a_new_gallery_under_a_filter_is_searched_and_its_pages_too(qtbot) -> None:
    model = gallery(10)
    proxy = filtering(model, rows_per_slice=5)
    proxy.set_filter_text("harbour")
    qtbot.waitUntil(lambda: not proxy.is_searching)
    model.load("other", 30)
    assert proxy.rowCount() == 0  # the places kept match nothing
    model.add_page([item(n, title="Harbour" if n % 2 else "Hill") for n in range(30)])
    assert shown(proxy) == [f"id{n:05d}" for n in range(1, 30, 2)]
    model.finish_loading()
    assert proxy.rowCount() == 15


def test_drops_through_the_filter_land_before_the_source_row(qtbot) -> None:
    model = gallery(10)
    proxy = filtering(model, rows_per_slice=1000)
    proxy.set_filter_text("photo 5")
    mime = model.mimeData([model.index(2), model.index(3)])
    with qtbot.waitSignal(model.move_requested) as moved:
        proxy.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert moved.args == [["id00002", "id00003"], 5]
    assert proxy.flags(proxy.index(0, 0)) & Qt.ItemFlag.ItemIsDragEnabled
    assert proxy.flags(QModelIndex()) & Qt.ItemFlag.ItemIsDropEnabled
    assert proxy.mimeTypes() == model.mimeTypes()
    selection = QItemSelectionModel(proxy)
    selection.select(proxy.index(0, 0), QItemSelectionModel.SelectionFlag.Select)
    assert proxy.mapToSource(selection.selectedIndexes()[0]).row() == 5


def test_pages_filling_the_places_kept_are_filtered_as_they_arrive(qtbot, qtmodeltester) -> None:
    # A listing's pages take the places kept for them (rows change, none is inserted):
    # those that match show, under a filter typed before they came.
    model = gallery(10, expected=40)
    proxy = filtering(model, rows_per_slice=1000)
    qtmodeltester.check(proxy)
    proxy.set_filter_text("photo 2")
    assert shown(proxy) == ["id00002"]
    model.add_page([item(n) for n in range(10, 30)])
    assert model.rowCount() == 40 and model.loading_rows() == 10
    assert shown(proxy) == titled(model, "photo", "2")
    assert len(shown(proxy)) == 12  # Photo 2, 12, 20-29
    proxy.set_filter_text("")
    qtbot.waitUntil(lambda: shown(proxy)[:30] == model.ids(), timeout=5000)
