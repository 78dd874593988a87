"""Where a new position goes among the uploads still on their way.

The window plans sortOrders over the items it shows (`core.ordering`); an upload still on its
way is a tile, not an item, so a plan made beside one knows nothing of its sortOrder. Found by
the soak (tests/soak_runner.py): a second batch of photos dropped at the end while the first
was going up took the same sortOrders (the site refused the creates and they landed between
the first ones), a move to just before an item took the sortOrder of the upload waiting in
front of that item (the site refused it: the move was lost), and photos dropped into a gallery
still being cloned went before the photos it copies.

So the outbox keeps new positions clear of them. A block planned into the gap between two
items the window shows goes after the uploads waiting in that gap, which is where the window
shows it (the drop was before the next item, or at the end); a gallery still being cloned
counts the items it will copy as waiting in it, and an item that is where the window planned
the block is one the window has not seen yet (an upload that finished a moment before the
window heard). The window plans over its upload tiles too where it can (`planned_around`):
an upload whose tile it counted on the upload's own sortOrder is one it planned around, so a
Move to Top before a tile at the top stays before it (found by the soak, seed 7: it went
after). The window shows a block where it is placed (an upload's tile is keyed by the
sortOrder chosen for it, so a move placed after it shows after it). A block that cannot fit
without renumbering items is left as planned (the sender then finds another sortOrder for a
create the site refuses).

A place the window shows free may not be free: a delete or a move still on its way leaves the
item there on the site until it is sent, and undone before that, the item is back on it. Such
places count as taken too, for items and for galleries (`gallery_place`).
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Mapping, Sequence, Set

from galleryman.core.ordering import plan_insert, sort_order_between
from galleryman.sync.changes import WAITING, Change, Kind
from galleryman.sync.outbox import Outbox
from galleryman.sync.view import Shown, View


def clear_of_uploads(
    view: View,
    outbox: Outbox,
    gallery_id: str,
    orders: Sequence[float],
    moving: Set[str] = frozenset(),
    planned_around: Mapping[str, float] | None = None,
) -> list[float]:
    """The sortOrders to use for a block the window planned as `orders` in the gallery (each
    keeps its rank in the block); `moving`: the items the block is made of, when it moves
    items already there; `planned_around`: the upload tiles the window counted in its plan
    (upload id -> the sortOrder it counted the tile at)."""
    if not orders:
        return []
    around = planned_around or {}
    first, last = min(orders), max(orders)
    near = view.items_near(gallery_id, first, last, moving)
    seen, unseen = _rows(near, view, gallery_id, moving, around)
    # The window planned the block where it saw nothing: an item there now is one it did not
    # see yet (an upload that finished a moment ago still shows as its tile).
    unseen += [order for order in seen if first <= order <= last]
    below = [order for order in seen if order < first]
    above = [order for order in seen if order > last]
    lo = max(below) if below else None
    hi = min(above) if above else None
    waiting = [o for o in unseen if (lo is None or o > lo) and (hi is None or o < hi)]
    floor = max([*waiting, *([lo] if lo is not None else [])], default=None)
    if all((floor is None or o > floor) and (hi is None or o < hi) for o in orders):
        return list(orders)
    # It does not fit in the gap: plan over every item (rare; reads the whole gallery).
    seen, unseen = _rows(view.items(gallery_id), view, gallery_id, moving, around)
    everything = sorted([*seen, *unseen])
    at = len([o for o in everything if hi is None or o < hi])
    keyed = [(str(n), o) for n, o in enumerate(everything)]
    placed, renumbered = plan_insert(keyed, len(orders), at)
    if renumbered:
        return list(orders)
    ranks = sorted(range(len(orders)), key=lambda i: orders[i])
    result = [0.0] * len(orders)
    for rank, i in enumerate(ranks):
        result[i] = placed[rank]
    return result


def _rows(
    shown: Shown,
    view: View,
    gallery_id: str,
    moving: Set[str],
    planned_around: Mapping[str, float],
) -> tuple[list[float], list[float]]:
    """Where the items the window plans around are (but those moving), with the upload
    tiles it counted where their uploads still are; and where the things it does not plan
    around are: other uploads on their way, and the items a clone in the making will copy."""
    outbox = view.outbox
    seen: list[float] = []
    unseen: list[float] = []
    for row in shown.rows:
        if row.sort_order is None or row.id in moving:
            continue
        order = float(row.sort_order)
        mark = shown.marks.get(row.id)
        if mark is not None and mark.kind is Kind.UPLOAD and planned_around.get(row.id) != order:
            unseen.append(order)
        else:
            seen.append(order)
    if outbox.is_unresolved(gallery_id):
        for change in outbox.touching(gallery_id, WAITING):
            if change.kind is Kind.CLONE_GALLERY and change.target == gallery_id:
                copied = view.items(change.gallery_id).rows
                unseen += [float(r.sort_order) for r in copied if r.sort_order is not None]
    for change in outbox.changes(WAITING, gallery_id):
        unseen += _given_up(change, moving)
    return seen, unseen


def _given_up(change: Change, moving: Set[str]) -> list[float]:
    """The sortOrders a delete or move still on its way leaves: the window shows them free,
    but the item is there on the site until it is sent, and is back there if it is undone
    before (the row is dropped, nothing is sent) or fails. Found by the soak (seed 6): a
    photo dropped at the end took the sortOrder of a photo whose delete was then undone
    before it went out, and the site refused the create. An item moving now may take its
    own place back."""
    if change.kind is Kind.DELETE_ITEMS:
        gone = [change.replaces.get(t) for t in change.target_ids if t not in moving]
        orders = [item.get("sortOrder") for item in gone if isinstance(item, dict)]
    elif change.kind is Kind.UPDATE_ITEM and "sortOrder" in change.fields:
        orders = [] if change.target in moving else [change.replaces.get("sortOrder")]
    else:
        return []
    return [float(o) for o in orders if isinstance(o, int | float)]


def put_back(view: View, gallery_id: str, wanted: Mapping[str, float]) -> dict[str, float]:
    """Where undoing a move puts items back: the sortOrder each had, or, when another item
    has taken it since (a photo dropped where it was), the nearest free one just before that
    item, so it is back after the item it followed. Found by the soak (seed 1): the site
    refused the taken sortOrder, and the undo was lost."""
    if not wanted:
        return {}
    orders = wanted.values()
    rows = view.items_near(gallery_id, min(orders), max(orders), set(wanted)).rows
    taken = sorted(
        float(r.sort_order) for r in rows if r.sort_order is not None and r.id not in wanted
    )
    placed: dict[str, float] = {}
    for item_id, order in sorted(wanted.items(), key=lambda pair: pair[1]):
        if order in taken:
            below = max((o for o in taken if o < order), default=None)
            order = sort_order_between(below, order) or order
        placed[item_id] = order
        insort(taken, order)
    return placed


def gallery_place(view: View, gallery_id: str, order: float, *, back: bool) -> float:
    """The sortOrder to move a gallery to instead of `order` when another gallery has it, or
    may get it back: one whose delete or move waits unsent (undone before it goes out, or
    failed, it is there again; the site refuses two galleries on one sortOrder, and the move
    would fail). Then the nearest free one just after it (a move planned into the place a
    gallery left goes after that gallery if it comes back, as items do), or with `back` (an
    undone move put back) just before the gallery that took the place since."""
    taken = {
        float(row.sort_order)
        for row in view.galleries().rows
        if row.id != gallery_id and row.sort_order is not None
    }
    for change in view.outbox.changes(WAITING):
        if change.target != gallery_id:
            taken.update(_gallery_given_up(change))
    if order not in taken:
        return order
    if back:
        below = max((o for o in taken if o < order), default=None)
        return sort_order_between(below, order) or order
    above = min((o for o in taken if o > order), default=None)
    return sort_order_between(order, above) or order


def _gallery_given_up(change: Change) -> list[float]:
    if change.kind is Kind.DELETE_GALLERY or (
        change.kind is Kind.UPDATE_GALLERY and "sortOrder" in change.fields
    ):
        order = change.replaces.get("sortOrder")
        return [float(order)] if isinstance(order, int | float) else []
    return []
