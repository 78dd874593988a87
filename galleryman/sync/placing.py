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
counts the items it will copy as waiting in it. A plan that renumbers items around the gap,
or that cannot fit without renumbering, is left as made (the sender then finds another
sortOrder for a create the site refuses).
"""

from __future__ import annotations

from collections.abc import Sequence, Set

from galleryman.core.ordering import plan_insert
from galleryman.sync.changes import WAITING, Kind
from galleryman.sync.outbox import Outbox
from galleryman.sync.view import View


def clear_of_uploads(
    view: View,
    outbox: Outbox,
    gallery_id: str,
    orders: Sequence[float],
    moving: Set[str] = frozenset(),
) -> list[float]:
    """The sortOrders to use for a block planned as `orders` in the gallery (each keeps its
    rank in the block); `moving`: the items the block is made of, when it moves items
    already there."""
    seen, unseen = _rows(view, outbox, gallery_id, moving)
    if not orders:
        return []
    first, last = min(orders), max(orders)
    below = [o for o in seen if o < first]
    above = [o for o in seen if o > last]
    if len(below) + len(above) != len(seen):
        return list(orders)  # items between them: a renumbering plan
    lo = max(below) if below else None
    hi = min(above) if above else None
    waiting = [o for o in unseen if (lo is None or o > lo) and (hi is None or o < hi)]
    if not waiting or first > max(waiting):
        return list(orders)
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
    view: View, outbox: Outbox, gallery_id: str, moving: Set[str]
) -> tuple[list[float], list[float]]:
    """The sortOrders of the items the window shows (but those moving), and of what it does
    not plan around: uploads on their way, and the items a clone in the making will copy."""
    shown = view.items(gallery_id)
    seen: list[float] = []
    unseen: list[float] = []
    for row in shown.rows:
        if row.sort_order is None or row.id in moving:
            continue
        mark = shown.marks.get(row.id)
        uploading = mark is not None and mark.kind is Kind.UPLOAD
        (unseen if uploading else seen).append(float(row.sort_order))
    if outbox.is_unresolved(gallery_id):
        for change in outbox.touching(gallery_id, WAITING):
            if change.kind is Kind.CLONE_GALLERY and change.target == gallery_id:
                copied = view.items(change.gallery_id).rows
                unseen += [float(r.sort_order) for r in copied if r.sort_order is not None]
    return seen, unseen
