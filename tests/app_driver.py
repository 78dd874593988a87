"""The real app in a child process, driven one operation at a time (the soak, the kill tests):
`python -m tests.app_driver --basedir DIR --site-key KEY [--no-rate-limit]`.

The child builds the real MainWindow (offscreen) with every folder under DIR, on a Wix site
configured there (sites.json holds the sandbox's address; the API key comes in the
environment, `GALLERYMAN_DRIVER_API_KEY`, and goes into an in-memory keyring, never a file;
upload addresses go to a file under DIR, as the system keyring keeps them across a kill),
opens the site and says `{"ready": ...}`. Each JSON line on stdin is then one operation,
made the way a click makes it: through the window's controllers (GalleryActions,
ItemActions), the item panel's fields, the grid's selection, a drop's move request and the
Undo action, with the dialogs they open answered as a user would. Once the gesture has
returned, so its changes are committed to the site's outbox, the child answers one JSON line:
whether the gesture was made (an item still uploading is a tile that cannot be selected),
the outbox rows it wrote, and what the grid shows. Just before the gesture it says
`{"started": ...}`, so a test can kill it in the middle.

Protocol lines go to the real stdout only; anything else printed goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from keyring import set_keyring
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from galleryman.core.bulk_edit import BulkEdit
from galleryman.credentials import SERVICE, UPLOAD_SERVICE
from galleryman.logging_setup import describe_exception, install_excepthook, setup_logging
from galleryman.paths import AppPaths
from galleryman.session import LoadState, SiteSession
from galleryman.settings import Settings
from galleryman.site_manager import SiteManager
from galleryman.sync import SiteDb
from galleryman.views.main_window import MainWindow
from galleryman.wix.auth import ApiKeyAuth
from galleryman.wix.client import WixClient
from galleryman.wix.models import Item
from tests.app_process import API_KEY_ENV
from tests.keyring_backend import OutlivingKeyring
from tests.soak_outbox import CreatePlaces, file_name, max_seq, rows_since

WAIT_S = 120.0  # the longest a gesture waits for the window (a gallery to open, the pace)
Command = dict[str, Any]


def wait_until(done: Callable[[], bool], timeout: float) -> bool:
    """Run the event loop until `done()` (checked every 10 ms) or the timeout."""
    deadline = time.monotonic() + timeout
    loop = QEventLoop()
    while not done():
        if time.monotonic() > deadline:
            return False
        QTimer.singleShot(10, loop.quit)
        loop.exec()
    return True


class Driver:
    def __init__(self, window: MainWindow, out: IO[str]) -> None:
        self.window = window
        self._out = out
        self.errors: list[str] = []  # unexpected exceptions (the crash dialog's reports)
        self.problems: list[str] = []  # what the window said went wrong
        self._told = (0, 0)
        self._answer = ""  # what the next text dialog is answered with
        self._db: SiteDb | None = None
        self._creates = CreatePlaces()
        self._unmade = ""
        QInputDialog.getText = staticmethod(lambda *_a, **_k: (self._answer, True))  # type: ignore[method-assign]
        QMessageBox.exec = lambda _box: int(QMessageBox.StandardButton.Yes.value)  # type: ignore[method-assign,assignment]

    @property
    def session(self) -> SiteSession:
        session = self.window.session
        assert session is not None, "the site is not open"
        return session

    def open(self, site_key: str) -> Command:
        window = self.window
        window.open_site(site_key)
        session = self.session
        session.problem.connect(lambda problem: self.problems.append(problem.message))
        listed: list[bool] = []
        session.galleries_loaded.connect(lambda: listed.append(True))
        session.galleries_failed.connect(lambda _why: listed.append(False))
        wait_until(lambda: bool(listed), WAIT_S)
        self._db = SiteDb(window.sites.paths.site_db(site_key))
        return {"ready": True, "pid": os.getpid(), "max_seq": max_seq(self._db),
                "waiting": session.counts().waiting}  # fmt: skip

    def say(self, message: Command) -> None:
        self._out.write(json.dumps(message) + "\n")
        self._out.flush()

    # ------------------------------------------------------------------ one operation

    def perform(self, command: Command) -> Command:
        assert self._db is not None
        session = self.session
        if command["op"] == "drain":
            return self._drain(command)
        pace = command.get("max_waiting")
        if pace is not None:
            wait_until(lambda: session.counts().waiting <= pace, WAIT_S)
        before, depth = max_seq(self._db), session.undo_stack.index()
        self._unmade = ""  # the gesture's own account of why it might make nothing
        placed = self._creates.news(self._db)  # as the window saw them when it planned
        self.say({"id": command["id"], "started": True})
        try:
            why = getattr(self, f"_{command['op']}")(command)
        except Exception as error:  # the app's excepthook would show it; the user goes on
            self.errors.append(describe_exception(error).summary)
            why = f"the gesture raised {type(error).__name__}: {error}"
        rows = rows_since(self._db, before)
        made = bool(rows) or session.undo_stack.index() != depth  # even if it raised after
        if not made:
            why = why or self._unmade or "the window made no change"
        return {
            "id": command["id"],
            "made": made,
            "why": why,
            "rows": [r.to_json() for r in rows],
            "placed": [[seq, order] for seq, order in placed.items()],
            "max_seq": max_seq(self._db),
            "undo": session.undo_stack.index(),
            "waiting": session.counts().waiting,
            "shown": self._shown(),
            **self.news(),
        }

    def news(self) -> Command:
        errors, problems = self._told
        self._told = (len(self.errors), len(self.problems))
        return {"errors": self.errors[errors:], "problems": self.problems[problems:]}

    def _drain(self, command: Command) -> Command:
        """Send everything now and wait until nothing is left that could go."""
        session = self.session
        session.send_now(wake=True)

        def settled() -> bool:
            counts = session.counts()
            return counts.waiting - counts.held - counts.conflicts == 0 and session.busy() == 0

        drained = wait_until(settled, float(command.get("timeout", 1800)))
        counts = session.counts()
        return {"id": command["id"], "made": drained, "waiting": counts.waiting,
                "failed": counts.failed, "conflicts": counts.conflicts, **self.news()}  # fmt: skip

    # ------------------------------------------------------------------ gestures

    def _create_gallery(self, command: Command) -> str | None:
        self._answer = command["name"]
        self.window.gallery_actions.new_gallery()
        return None

    def _clone_gallery(self, command: Command) -> str | None:
        if self._open(command["gallery"]) is None:
            return "the gallery is not shown"
        self._answer = command["name"]
        self.window.gallery_actions.clone_gallery()
        return None

    def _rename_gallery(self, command: Command) -> str | None:
        gallery_id = self._gallery_id(command["gallery"])
        if gallery_id is None:
            return "the gallery is not shown"
        self.window.gallery_actions.rename_from_panel(gallery_id, command["name"])
        return None

    def _delete_gallery(self, command: Command) -> str | None:
        if self._open(command["gallery"]) is None:
            return "the gallery is not shown"
        self.window.gallery_actions.delete_gallery()
        return None

    def _upload(self, command: Command) -> str | None:
        before = [command["before"]] if command.get("before") else []
        if not self._await(command["gallery"], before):
            return "the gallery, or the item to drop before, is not shown"
        row = -1
        if before:
            item = self._item(before[0])
            assert item is not None
            row = self.session.items.row_of(str(item.id))
        self.window.item_actions.files_dropped([Path(f) for f in command["files"]], row)
        return None

    def _edit(self, command: Command) -> str | None:
        why = self._select(command["gallery"], [command["item"]])
        if why is not None:
            return why
        panel = self.window.item_panel
        field = {"title": panel.title_edit, "alt": panel.alt_text_edit, "tags": panel.tags_edit}
        value = command["value"]
        edit = field[command["field"]]
        edit.setText(", ".join(value) if isinstance(value, list) else value)
        shown = panel.item()
        edit.commit()  # what Enter does
        self._unmade = _why_no_edit(self.session, shown, edit.error())
        return None

    def _bulk(self, command: Command) -> str | None:
        why = self._select(command["gallery"], command["items"])
        if why is not None:
            return why
        if command["field"] == "alt":
            edit = BulkEdit(alt_text=command["value"])
        else:
            edit = BulkEdit(tags=command["value"], tags_mode=command["mode"])
        self.window.bulk_panel.bulk_edit_requested.emit(edit)  # what Apply sends
        return None

    def _move(self, command: Command) -> str | None:
        before = [command["before"]] if command.get("before") else []
        why = self._select(command["gallery"], command["items"], before)
        if why is not None:
            return why
        actions = self.window.actions_
        if command["to"] == "top":
            actions.move_to_top.trigger()
        elif command["to"] == "bottom":
            actions.move_to_bottom.trigger()
        else:
            dest = self._item(command["before"])
            if dest is None:
                return "the item to move before is not shown"
            items = self.session.items
            ids = self.window.selected_ids()
            items.move_requested.emit(ids, items.row_of(str(dest.id)))  # what a drop sends
        return None

    def _delete_items(self, command: Command) -> str | None:
        why = self._select(command["gallery"], command["items"])
        if why is not None:
            return why
        self.window.item_actions.delete_selected_items()
        return None

    def _undo(self, _command: Command) -> str | None:
        if not self.window.actions_.undo.isEnabled():
            return "Undo is not enabled"
        self.window.actions_.undo.trigger()
        return None

    # ------------------------------------------------------------------ finding things

    def _gallery_id(self, name: str) -> str | None:
        galleries = self.session.galleries.galleries()
        return next((str(g.id) for g in galleries if g.name == name), None)

    def _open(self, name: str) -> str | None:
        """Show the gallery (a click in the sidebar) and wait until its items are in. A
        gallery's id changes when its create reaches the site: it is found by name again."""
        finished = (LoadState.LOADED, LoadState.FAILED)

        def shown() -> bool:
            gallery_id = self._gallery_id(name)
            if gallery_id is None:
                return True  # gone: nothing to wait for
            session = self.session
            if session.gallery_id != gallery_id:
                row = session.galleries.row_of(gallery_id)
                self.window.sidebar.view.setCurrentIndex(session.galleries.index(row))
                return False
            if session.load_state is LoadState.FAILED:
                # The listing failed (the site's faults): the user clicks the notification's
                # Retry, which loads the gallery again (LOADING at once: one retry a failure).
                session.open_gallery(gallery_id, force=True)
                return False
            return session.load_state in finished

        wait_until(shown, WAIT_S)
        gallery_id = self._gallery_id(name)
        session = self.session
        if gallery_id is None or session.gallery_id != gallery_id:
            return None
        return gallery_id if session.load_state in finished else None

    def _item(self, name: str) -> Item | None:
        return next((i for i in self.session.items.items() if _file_of(i) == name), None)

    def _select(self, gallery: str, names: list[str], also: list[str] | None = None) -> str | None:
        """Select these items once they are items (and `also` are): a user waits for a photo
        to finish uploading before editing it, or dropping something before it."""
        if not self._await(gallery, [*names, *(also or [])]):
            return "an item is not shown (it never finished uploading)"
        items = [self._item(name) for name in names]
        self.window.grid.select_ids([str(i.id) for i in items if i is not None])
        return None

    def _await(self, gallery: str, names: list[str]) -> bool:
        """Open the gallery and wait until these are items in it."""
        wait_until(
            lambda: (
                self._open(gallery) is not None
                and all(self._item(name) is not None for name in names)
            ),
            WAIT_S,
        )
        return self._open(gallery) is not None and all(self._item(n) for n in names)

    def _shown(self) -> list[str]:
        """The grid's tiles in display order, by file name (uploads by their local file)."""
        items = self.session.items
        uploads = {items.upload_row_of(u.token): u.path.name for u in items.upload_rows()}
        shown = []
        for row in range(items.rowCount()):
            item = items.item_at(row)
            name = _file_of(item) if item is not None else uploads.get(row)
            shown.append(name or "?")
        return shown


def _why_no_edit(session: SiteSession, shown: Item | None, error: str) -> str:
    """What the panel and the session knew of an edit, for a soak's "not made" line: the
    item the panel showed, whether the session still had it, and the field's error."""
    if shown is None:
        return "the panel showed no item"
    found = session.item(str(shown.id)) is not None
    return (
        f"the panel showed {shown.id} ({'in' if found else 'not in'} the grid), "
        f"image info {'present' if shown.image and shown.image.image_info else 'absent'}, "
        f"field error {error!r}"
    )


def _file_of(item: Item) -> str | None:
    return file_name(item.to_json())


def _read_commands(lines: queue.Queue[str | None]) -> None:
    for line in sys.stdin:
        if line.strip():
            lines.put(line)
    lines.put(None)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.app_driver")
    parser.add_argument("--basedir", type=Path, required=True)
    parser.add_argument("--site-key", required=True)
    parser.add_argument("--no-rate-limit", action="store_true")
    args = parser.parse_args(argv)
    out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # whatever else prints goes to stderr, never into the protocol
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    paths = AppPaths.under(args.basedir).ensure()
    setup_logging(paths.log_file)
    keyring = OutlivingKeyring(args.basedir / "keyring.json", frozenset({UPLOAD_SERVICE}))
    set_keyring(keyring)
    keyring.set_password(SERVICE, args.site_key, os.environ.pop(API_KEY_ENV))
    app = QApplication([sys.argv[0]])
    sites = SiteManager(paths, seed_demo=False)
    if args.no_rate_limit:
        sites.client_factory = _unlimited(sites)  # type: ignore[method-assign]
    window = MainWindow(sites, Settings(paths.settings_file))
    driver = Driver(window, out)
    install_excepthook(lambda report: driver.errors.append(report.summary))
    window.resize(1200, 800)
    window.show()
    driver.say(driver.open(args.site_key))
    lines: queue.Queue[str | None] = queue.Queue()
    threading.Thread(target=_read_commands, args=(lines,), daemon=True).start()
    while True:
        wait_until(lambda: not lines.empty(), float("inf"))
        line = lines.get()
        if line is None:
            break
        command = json.loads(line)
        if command["op"] == "quit":
            window.close()
            driver.say({"id": command["id"], "made": True, **driver.news()})
            break
        driver.say(driver.perform(command))
    app.processEvents()
    return 0


def _unlimited(sites: SiteManager) -> Callable[..., Callable[[], WixClient]]:
    """The site's clients without the 200-a-minute budget (the kill tests' speed)."""
    original = sites.client_factory

    def factory(profile: Any) -> Callable[[], WixClient]:
        original(profile)  # the same checks (a stored key)
        key = sites.credentials.get(profile.key)
        assert key is not None
        auth = ApiKeyAuth(key, profile.site_id)
        return lambda: WixClient(auth, profile.base_url, rate_limit_per_minute=None)

    return factory


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
