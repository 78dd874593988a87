"""The durable core of one site, without Qt: a catalog and an outbox in one SQLite file.

    db = SiteDb(user_data / "sites" / f"{site_key}.sqlite3")  # one per thread
    edits = Edits(db)                 # the user's gestures, committed before they show
    view = View(db)                   # what the window shows: catalog + changes on their way
    sender = Sender(worker_db)        # on the API worker thread, with its own SiteDb
    sender.send_next(Remote(client)) # one change at a time, strictly in order

Modules: `db` (the file, durability), `catalog` (the site as last seen), `changes` (one
outbox row), `outbox` (the queue and its states), `edits` (gestures -> rows), `view` (what
is shown), `remote` (every call to the Wix client), `sender` (the send rules), `creating`
(creates and uploads exactly once), `merge` (conflicts), `refresh` (listings), `inverse`
(undo), `placing` (new positions clear of uploads on their way), `describe` (the words).

The package's names are imported from their modules when first used, so importing one module
of the package does not import them all (the app's start-up: bench/bench_startup.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from galleryman.core.lazy_names import lazy_names

if TYPE_CHECKING:
    from galleryman.sync.catalog import Catalog, GalleryRow, ItemRow
    from galleryman.sync.changes import Change, Kind, NewChange, Problem, State
    from galleryman.sync.db import SiteDb, SyncDbError
    from galleryman.sync.describe import describe
    from galleryman.sync.edits import EditError, Edits
    from galleryman.sync.inverse import UndoError, Undone
    from galleryman.sync.merge import Keep
    from galleryman.sync.outbox import Counts, Outbox, OutboxError
    from galleryman.sync.refresh import Refreshed, refresh_galleries, refresh_items
    from galleryman.sync.remote import Failure, Remote, RemoteError
    from galleryman.sync.sender import Backoff, Outcome, Result, Sender, SenderBusyError
    from galleryman.sync.view import Mark, Shown, View

# Each exported name -> the module of this package that defines it.
_MODULE_OF = {
    "Backoff": "sender",
    "Catalog": "catalog",
    "Change": "changes",
    "Counts": "outbox",
    "EditError": "edits",
    "Edits": "edits",
    "Failure": "remote",
    "GalleryRow": "catalog",
    "ItemRow": "catalog",
    "Keep": "merge",
    "Kind": "changes",
    "Mark": "view",
    "NewChange": "changes",
    "Outbox": "outbox",
    "OutboxError": "outbox",
    "Outcome": "sender",
    "Problem": "changes",
    "Refreshed": "refresh",
    "Remote": "remote",
    "RemoteError": "remote",
    "Result": "sender",
    "Sender": "sender",
    "SenderBusyError": "sender",
    "Shown": "view",
    "SiteDb": "db",
    "State": "changes",
    "SyncDbError": "db",
    "UndoError": "inverse",
    "Undone": "inverse",
    "View": "view",
    "describe": "describe",
    "refresh_galleries": "refresh",
    "refresh_items": "refresh",
}

__all__ = [
    "Backoff",
    "Catalog",
    "Change",
    "Counts",
    "EditError",
    "Edits",
    "Failure",
    "GalleryRow",
    "ItemRow",
    "Keep",
    "Kind",
    "Mark",
    "NewChange",
    "Outbox",
    "OutboxError",
    "Outcome",
    "Problem",
    "Refreshed",
    "Remote",
    "RemoteError",
    "Result",
    "Sender",
    "SenderBusyError",
    "Shown",
    "SiteDb",
    "State",
    "SyncDbError",
    "UndoError",
    "Undone",
    "View",
    "describe",
    "refresh_galleries",
    "refresh_items",
]


__getattr__ = lazy_names(__name__, _MODULE_OF, globals())
