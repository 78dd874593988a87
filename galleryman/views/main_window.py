"""The main window: galleries sidebar | thumbnail grid | edit panels, with the site switcher,
menus, toolbar, notifications and status bar. It shows a `SiteSession` and turns user
gestures into session calls; it never talks HTTP itself.

At start-up (app.py) the window is built in two steps: its frame (menus, toolbar, site box,
status bar) is built and painted first; its panes, the sites and the session come after the
first frame, their modules imported on a thread meanwhile (`import_the_rest`). So only the
frame's modules are imported at the top of this one; the rest are imported where they are
used (bench/bench_startup.py measures the difference).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QEventLoop, QItemSelection, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QScrollArea,
    QSlider,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from galleryman import gc_tuning
from galleryman import settings as opts
from galleryman.core.i18n import number, tr
from galleryman.core.wording import about
from galleryman.views.actions import Actions, build_actions, build_menus, build_toolbar
from galleryman.views.plain_text import YES_NO, ask
from galleryman.views.theme import is_dark
from galleryman.workers.gui_thread import run_on_gui_thread

if TYPE_CHECKING:
    from galleryman.models.item_filter import ItemFilterModel
    from galleryman.session.problems import Problem
    from galleryman.session.site_session import SiteSession
    from galleryman.site_manager import SiteManager
    from galleryman.sites import SiteProfile
    from galleryman.views.bulk_panel import BulkEditPanel
    from galleryman.views.gallery_actions import GalleryActions
    from galleryman.views.gallery_panel import GalleryPanel
    from galleryman.views.help_actions import HelpActions
    from galleryman.views.item_actions import ItemActions
    from galleryman.views.item_grid_view import ItemGridView
    from galleryman.views.item_panel import ItemPanel
    from galleryman.views.notifications import NotificationArea
    from galleryman.views.pending_changes import PendingChanges
    from galleryman.views.sidebar import GallerySidebar
    from galleryman.wix.models import Item
    from galleryman.workers.thumbnails import ThumbnailLoader

log = logging.getLogger(__name__)

COUNTS_DELAY_MS = 50
ACTIVITY_MESSAGE_MS = 6000
MIN_GRID_COLUMNS = 2  # the side panes shrink before the grid drops below this
GRID_CHROME_PX = 24  # the grid's scroll bar and frame
FINISH_DIALOG_DELAY_MS = 400  # sending changes at close: how long before a dialog shows
FINISH_POLL_MS = 50
CLOSE_TIMEOUT_S = 15.0  # a write already on the wire when everything else is sent
# The waiting label's amber on a light and a dark window: 4.5:1 or more on either.
WAITING_ON_LIGHT, WAITING_ON_DARK = "#8a5200", "#ffb74d"


def import_the_rest() -> None:
    """Import what `build_the_rest` and opening a site need (app.py runs this on a thread
    while the frame is painted, so the GUI thread finds them loaded). Named one by one: the
    installer's analysis follows these imports."""
    import galleryman.models.item_filter
    import galleryman.session.problems
    import galleryman.session.site_session
    import galleryman.site_manager
    import galleryman.sites
    import galleryman.views.bulk_panel
    import galleryman.views.closing
    import galleryman.views.gallery_actions
    import galleryman.views.gallery_panel
    import galleryman.views.help_actions
    import galleryman.views.item_actions
    import galleryman.views.item_grid_view
    import galleryman.views.item_panel
    import galleryman.views.notifications
    import galleryman.views.pending_changes
    import galleryman.views.sidebar
    import galleryman.workers.api_worker
    import galleryman.workers.thumbnails  # noqa: F401


class MainWindow(QMainWindow):
    session_changed = Signal(object)  # SiteSession
    sites: SiteManager
    gallery_actions: GalleryActions
    item_actions: ItemActions
    sidebar: GallerySidebar
    grid: ItemGridView
    notifications: NotificationArea
    gallery_panel: GalleryPanel
    item_panel: ItemPanel
    bulk_panel: BulkEditPanel
    help_actions: HelpActions
    pending: PendingChanges

    def __init__(self, sites: SiteManager | None, settings: opts.Settings) -> None:
        """Given the sites, the whole window is built now. Given None, only its frame is
        (menus, toolbar, site box, status bar, the saved size): call `build_the_rest`, or run
        `steps_to_build_the_rest`, with the sites once it has been painted (app.py)."""
        super().__init__()
        self.settings = settings
        self.session: SiteSession | None = None
        self.built = False  # the panes, the sites and the actions' connections
        self._upload_total = 0
        self._reselect: list[str] = []  # item ids selected before a refresh
        self.loader: ThumbnailLoader | None = None
        self.proxy: ItemFilterModel | None = None  # the grid's filter over the open gallery
        self.setWindowTitle("galleryman")  # i18n: not translated
        self.setAccessibleName(tr("galleryman main window"))
        self.actions_ = build_actions(self)
        build_menus(self, self.actions_)
        self.toolbar = build_toolbar(self, self.actions_)
        self._build_site_switcher()
        self._build_status_bar()
        self._counts_timer = QTimer(self)
        self._counts_timer.setSingleShot(True)
        self._counts_timer.setInterval(COUNTS_DELAY_MS)
        self._counts_timer.timeout.connect(self._update_counts)
        self._activity_timer = QTimer(self)
        self._activity_timer.setSingleShot(True)
        self._activity_timer.setInterval(COUNTS_DELAY_MS)
        self._activity_timer.timeout.connect(self._update_activity)
        self._restore_geometry()
        if sites is not None:
            self.build_the_rest(sites)

    def build_the_rest(self, sites: SiteManager) -> None:
        """The panes, the sites and what connects them to the frame's actions, at once."""
        for step in self.steps_to_build_the_rest(sites):
            step()

    def steps_to_build_the_rest(self, sites: SiteManager) -> list[Callable[[], None]]:
        """`build_the_rest` in steps of a few ms each, for app.py to run one per turn of the
        event loop so the GUI thread answers in between: the sites, the galleries and the
        grid; the details pane; the connections to the frame's actions."""
        return [lambda: self._build_grid(sites), self._build_details, self._connect_the_rest]

    def _connect_the_rest(self) -> None:
        from galleryman.views.help_actions import HelpActions
        from galleryman.views.pending_changes import PendingChanges

        settings = self.settings
        # Preferences' "use the photo's own title and caption" reaches the open site at once.
        follow_photo_text = self._photo_text_changed
        settings.watch(opts.PHOTO_TEXT, follow_photo_text)
        self.destroyed.connect(lambda: settings.unwatch(opts.PHOTO_TEXT, follow_photo_text))
        self._connect_actions(self.actions_)
        self.help_actions = HelpActions(self)
        self.pending = PendingChanges(self)
        self._add_to_menu(tr("&View"), self.pending.menu_actions())
        self.sites.local.on_restart = lambda endpoint: run_on_gui_thread(
            lambda: self._sandbox_restarted(endpoint.base_url)
        )
        self.built = True
        if self.isVisible():  # built after show(): its resize has come and gone
            self._fit_panes()

    # ------------------------------------------------------------------ layout

    def _build_site_switcher(self) -> None:
        self.site_box = QComboBox(self)
        self.site_box.setAccessibleName(tr("Site"))
        self.site_box.setToolTip(tr("Switch site"))
        self.site_box.setMinimumContentsLength(16)
        self.toolbar.insertWidget(self.toolbar.actions()[0], self.site_box)
        self.toolbar.insertSeparator(self.toolbar.actions()[1])
        self.site_box.activated.connect(self._site_chosen)

    def _build_grid(self, sites: SiteManager) -> None:
        """The sites, the galleries sidebar, the grid with its bar, and the details pane
        still empty (so the panes have their sizes from the start)."""
        from galleryman.views.gallery_actions import GalleryActions
        from galleryman.views.item_actions import ItemActions
        from galleryman.views.item_grid_view import ItemGridView
        from galleryman.views.notifications import NotificationArea
        from galleryman.views.sidebar import GallerySidebar

        self.sites = sites
        self.gallery_actions = GalleryActions(self)
        self.item_actions = ItemActions(self)
        self._fill_site_box()
        self.sidebar = GallerySidebar(self)
        self.grid = ItemGridView(self)
        self.filter_box = QLineEdit(self)
        self.filter_box.setPlaceholderText(tr("Filter by title, description or tag"))
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.setAccessibleName(tr("Filter items"))
        self.size_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.size_slider.setRange(opts.THUMBNAIL_MIN, opts.THUMBNAIL_MAX)
        self.size_slider.setAccessibleName(tr("Thumbnail size"))
        self.size_slider.setToolTip(tr("Thumbnail size"))
        self.size_slider.setMaximumWidth(160)
        # The grid's own controls sit right above it, leaving the toolbar to the actions.
        grid_bar = QHBoxLayout()
        grid_bar.setContentsMargins(0, 0, 0, 6)
        grid_bar.addWidget(self.filter_box, 1)
        grid_bar.addSpacing(12)
        size_label = QLabel(tr("Size"), self)
        size_label.setBuddy(self.size_slider)
        grid_bar.addWidget(size_label)
        grid_bar.addWidget(self.size_slider)

        self.notifications = NotificationArea(self)
        center = QWidget(self)
        center_layout = QVBoxLayout(center)
        center_layout.setContentsMargins(0, 6, 0, 0)
        center_layout.setSpacing(0)
        center_layout.addLayout(grid_bar)
        center_layout.addWidget(self.notifications)
        center_layout.addWidget(self.grid, 1)

        details = QWidget(self)
        details.setAccessibleName(tr("Details"))
        self.details = details
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("main-splitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(center)
        self.splitter.addWidget(details)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([220, 760, 320])
        self.setCentralWidget(self.splitter)
        # Focus order follows the reading order: the toolbar's site box, filter and size
        # slider, then galleries, grid, details.
        QWidget.setTabOrder(self.site_box, self.filter_box)
        QWidget.setTabOrder(self.filter_box, self.size_slider)
        QWidget.setTabOrder(self.size_slider, self.sidebar.view)
        QWidget.setTabOrder(self.sidebar.view, self.sidebar.empty_button)
        QWidget.setTabOrder(self.sidebar.empty_button, self.grid)

        galleries, items = self.gallery_actions, self.item_actions
        self.sidebar.new_gallery_requested.connect(galleries.new_gallery)
        self.sidebar.view.context_menu_requested.connect(galleries.gallery_menu)
        self.grid.context_menu_requested.connect(items.item_menu)
        self.grid.delete_requested.connect(items.delete_selected_items)
        self.grid.upload_retry_requested.connect(items.retry_upload)
        self.filter_box.textChanged.connect(self._filter_changed)
        self.size_slider.valueChanged.connect(self._thumbnail_size_changed)
        self._restore_panes()

    def _build_details(self) -> None:
        """The details pane: the gallery's, the item's and the bulk edit panels."""
        from galleryman.views.bulk_panel import BulkEditPanel
        from galleryman.views.gallery_panel import GalleryPanel
        from galleryman.views.item_panel import ItemPanel

        self.gallery_panel = GalleryPanel(self)
        self.item_panel = ItemPanel(self)
        self.bulk_panel = BulkEditPanel(self)
        self.detail_stack = QStackedWidget(self)
        item_scroll = QScrollArea(self)
        item_scroll.setWidgetResizable(True)
        item_scroll.setFrameShape(QFrame.Shape.NoFrame)
        item_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        item_scroll.setWidget(self.item_panel)
        item_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the fields inside take focus
        item_scroll.setAccessibleName(tr("Item details"))
        self.detail_stack.addWidget(item_scroll)
        self.detail_stack.addWidget(self.bulk_panel)
        details_layout = QVBoxLayout(self.details)
        details_layout.setContentsMargins(6, 6, 6, 6)
        details_layout.addWidget(self.gallery_panel)
        details_layout.addWidget(self.detail_stack, 1)
        QWidget.setTabOrder(self.grid, self.gallery_panel)

        galleries, items = self.gallery_actions, self.item_actions
        self.gallery_panel.rename_requested.connect(galleries.rename_from_panel)
        self.item_panel.edit_committed.connect(items.item_edited)
        self.bulk_panel.bulk_edit_requested.connect(items.bulk_edit)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(tr("Item count"))
        self.selection_label = QLabel(self)
        self.selection_label.setAccessibleName(tr("Selection count"))
        self.activity_label = QLabel(self)
        self.activity_label.setAccessibleName(tr("Background activity"))
        self.activity_label.setTextFormat(Qt.TextFormat.PlainText)
        # What has been waiting for the site for more than a few seconds (session.watch).
        self.waiting_label = QLabel(self)
        self.waiting_label.setAccessibleName(tr("Waiting for the site"))
        self.waiting_label.setTextFormat(Qt.TextFormat.PlainText)
        self._colour_waiting_label()
        self.waiting_label.setVisible(False)
        self.activity_bar = QProgressBar(self)
        self.activity_bar.setRange(0, 0)
        self.activity_bar.setMaximumWidth(120)
        self.activity_bar.setVisible(False)
        # A passing sentence ("Deleted 2 items") in a label of its own, cleared by a timer:
        # QStatusBar's temporary message hides the counts, and they came back drawn over it
        # whenever a permanent widget appeared (the pending-changes button).
        self.message_label = QLabel(self)
        self.message_label.setAccessibleName(tr("What just happened"))
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.setInterval(ACTIVITY_MESSAGE_MS)
        self._message_timer.timeout.connect(self.message_label.clear)
        bar.addWidget(self.count_label)
        bar.addWidget(self.selection_label)
        bar.addWidget(self.message_label, 1)
        bar.addPermanentWidget(self.waiting_label)
        bar.addPermanentWidget(self.activity_label)
        bar.addPermanentWidget(self.activity_bar)

    def _connect_actions(self, a: Actions) -> None:
        galleries, items = self.gallery_actions, self.item_actions
        a.add_files.triggered.connect(items.add_files_dialog)
        a.add_video.triggered.connect(items.add_video_dialog)
        a.add_text.triggered.connect(items.add_text_dialog)
        a.quit.triggered.connect(self.close)
        a.undo.triggered.connect(self.undo)
        a.redo.triggered.connect(self.redo)
        a.select_all.triggered.connect(self.grid.selectAll)
        a.delete_items.triggered.connect(items.delete_selected_items)
        a.move_to_top.triggered.connect(lambda: items.move_selected(to_top=True))
        a.move_to_bottom.triggered.connect(lambda: items.move_selected(to_top=False))
        a.focus_filter.triggered.connect(self.filter_box.setFocus)
        a.new_gallery.triggered.connect(galleries.new_gallery)
        a.clone_gallery.triggered.connect(galleries.clone_gallery)
        a.rename_gallery.triggered.connect(galleries.rename_gallery)
        a.rename_item.triggered.connect(self.item_panel.edit_title)
        a.delete_gallery.triggered.connect(galleries.delete_gallery)
        a.refresh.triggered.connect(self.refresh)
        a.add_site.triggered.connect(self.add_site)
        a.edit_site.triggered.connect(self.edit_site)
        a.remove_site.triggered.connect(self.remove_site)
        a.bigger.triggered.connect(lambda: self.size_slider.setValue(self.size_slider.value() + 32))
        a.smaller.triggered.connect(
            lambda: self.size_slider.setValue(self.size_slider.value() - 32)
        )
        # Keys that act on what has focus: Delete, Select All and F2 in the grid act on its
        # items and must not reach it from the sidebar or a panel (Delete in the galleries
        # list deleted photos); F2 in the sidebar renames the gallery.
        grid_only = [a.select_all, a.delete_items, a.rename_item]
        sidebar_only = [a.rename_gallery]
        for action in grid_only + sidebar_only:
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.grid.addActions(grid_only)
        self.sidebar.view.addActions(sidebar_only)
        scoped = grid_only + sidebar_only
        self.addActions([action for action in a.all() if action not in scoped])

    # ------------------------------------------------------------------ sites

    def _fill_site_box(self) -> None:
        from galleryman.sites import shown_name

        self.site_box.blockSignals(True)
        self.site_box.clear()
        for profile in self.sites.registry.sites():
            self.site_box.addItem(shown_name(profile), profile.key)
        self.site_box.addItem(tr("Add Wix site…"), "")
        self.site_box.blockSignals(False)

    def _site_chosen(self, index: int) -> None:
        key = self.site_box.itemData(index)
        if not key:
            self.add_site()
            return
        self.open_site(key)

    def open_site(self, key: str) -> None:
        from galleryman.session.site_session import SiteSession
        from galleryman.sites import shown_name

        profile = self.sites.registry.get(key) or self.sites.registry.sites()[0]
        if self.session is not None and self.session.profile.key == profile.key:
            return
        self._close_session()
        self.site_box.setCurrentIndex(max(0, self.site_box.findData(profile.key)))
        try:
            # The local sandbox starts in the background: the site opens from its catalog now.
            factory = self.sites.client_factory(profile)
            data_path = self.sites.site_db(profile)
        except Exception as exc:  # a missing key, a sandbox folder that cannot be used
            log.exception("cannot open site %s", profile.key)
            self.notifications.show_error(
                tr("Couldn't open {site}: {reason}").format(site=shown_name(profile), reason=exc)
            )
            self._update_counts()
            self.update_details()  # nothing to act on until a site opens
            return
        session = SiteSession(profile, factory, self, data_path=data_path)
        self.loader = self.sites.thumbnail_loader(profile, self)
        self.session = session
        self.settings.set(opts.LAST_SITE, profile.key)
        self._attach_session(session)
        session.refresh()
        self.session_changed.emit(session)

    def _photo_text_changed(self, use: bool) -> None:
        if self.session is not None:
            self.session.use_photo_text = use

    def _attach_session(self, session: SiteSession) -> None:
        from galleryman.models.item_filter import ItemFilterModel
        from galleryman.views.sidebar import replace_model

        assert self.loader is not None
        session.use_photo_text = self.settings.get(opts.PHOTO_TEXT)
        self.sidebar.set_model(session.galleries)
        self.proxy = ItemFilterModel(self)
        self.proxy.setSourceModel(session.items)
        # A big gallery's search ends after the keystroke: the count follows its result.
        self.proxy.filter_applied.connect(self._update_counts)
        self.grid.set_loader(self.loader)
        session.screen_shown = self.grid.when_thumbnails_shown
        self.loader.ready.connect(self._thumbnail_ready)
        replace_model(self.grid, self.proxy)
        self.grid.set_thumbnail_size(self.size_slider.value())
        self.proxy.set_filter_text(self.filter_box.text())
        self.grid.selectionModel().selectionChanged.connect(self._selection_changed)
        self.sidebar.view.selectionModel().currentChanged.connect(
            self.gallery_actions.gallery_selected
        )
        session.galleries_loaded.connect(self.gallery_actions.galleries_loaded)
        session.galleries_failed.connect(
            lambda why: self.sidebar.set_failed(
                tr("Couldn't load the galleries: {reason}\nRefresh (F5) tries again.").format(
                    reason=why
                )
            )
        )
        session.galleries.dataChanged.connect(self.gallery_actions.gallery_data_changed)
        session.problem.connect(self._show_problem)
        session.activity.connect(self._say)
        session.waiting_changed.connect(self._waiting_changed)
        session.reveal_requested.connect(self._reveal)
        session.load_state_changed.connect(self._update_counts)
        session.busy_changed.connect(self._busy_changed)
        session.uploads_changed.connect(self._uploads_changed)
        session.item_saved.connect(self.item_actions.item_saved)
        session.items_loaded.connect(self._schedule_counts)
        session.items_loaded.connect(self._restore_selection)
        session.items.count_changed.connect(self._schedule_counts)
        session.items.files_dropped.connect(self.item_actions.files_dropped)
        session.items.dataChanged.connect(self._items_changed)
        undo = session.undo_stack
        undo.canUndoChanged.connect(self.actions_.undo.setEnabled)
        undo.canRedoChanged.connect(self.actions_.redo.setEnabled)
        undo.undoTextChanged.connect(self._undo_text_changed)
        undo.redoTextChanged.connect(self._redo_text_changed)
        self.actions_.undo.setEnabled(False)
        self.actions_.redo.setEnabled(False)
        self._update_counts()
        self.update_details()
        self.pending.attach()

    def _add_to_menu(self, title: str, actions: list[QAction]) -> None:
        for menu in self.menuBar().findChildren(QMenu):
            if menu.title() == title:
                menu.addSeparator()
                menu.addActions(actions)
                return

    def _undo_text_changed(self, text: str) -> None:
        said = tr("&Undo {step}").format(step=text) if text else tr("&Undo")
        self.actions_.undo.setText(said)

    def _redo_text_changed(self, text: str) -> None:
        said = tr("&Redo {step}").format(step=text) if text else tr("&Redo")
        self.actions_.redo.setText(said)

    def undo(self) -> None:
        if self.session is not None:
            # Undo from the menu leaves the focus in the field: typed text is a step of its
            # own, made first (so it is the one undone, and Redo brings it back), never
            # dropped when the step undone removes the item or switches gallery.
            self._commit_typing()
            self.session.undo_stack.undo()

    def redo(self) -> None:
        if self.session is not None:
            self._commit_typing()  # as for undo: the typing is made first
            self.session.undo_stack.redo()

    def _commit_typing(self) -> None:
        self.item_panel.commit_pending()
        self.gallery_panel.commit_pending()

    def refresh(self) -> None:
        """Reload from the server, keeping what the user was doing: text typed in the panel
        is saved first, and the selection comes back once the items are in again."""
        if self.session is None:
            return
        self._commit_typing()
        self._reselect = self.selected_ids()
        if self.loader is not None:
            self.loader.retry_failed()  # thumbnails that failed get another chance
        self.session.refresh()

    def _restore_selection(self, _gallery_id: str) -> None:
        ids, self._reselect = self._reselect, []
        session = self.session
        if ids and session is not None:
            self.grid.select_ids([session.current_id(i) for i in ids if session.item(i)])

    def _close_session(self) -> None:
        self._commit_typing()  # typed text is a change too: it is sent first
        sent_all = self._finish_pending_writes()
        self.notifications.clear()
        self._reselect = []
        self.actions_.undo.setEnabled(False)
        self.actions_.redo.setEnabled(False)
        self._detach_views()
        had_site = self.session is not None or self.loader is not None
        if self.session is not None:
            # What is not sent stays in the site's outbox: it goes out at the next start.
            left = self.session.counts().waiting
            self.session.close(timeout_s=CLOSE_TIMEOUT_S if sent_all else 0.5)
            if left:
                log.warning(
                    "closed %s with %d changes not yet sent (kept for the next start)",
                    self.session.profile.display_name,
                    left,
                )
            # Deleted now, not later: its workers have stopped and deliver nothing more, and
            # only once it is gone can the collector free what it held (gc_tuning.release).
            shiboken6.delete(self.session)
            self.session = None
        if self.loader is not None:
            self.loader.shutdown()
            self.loader.deleteLater()
            self.loader = None
        if had_site:  # a first open has nothing to free: no collection (~40 ms) before it
            gc_tuning.release()

    def _detach_views(self) -> None:
        """Point the views away from the closing session's models before they are deleted:
        a view whose model dies under it still has selection work queued for it."""
        from galleryman.views.sidebar import replace_model

        self.sidebar.set_model(self.sidebar.no_galleries)
        replace_model(self.grid, None)
        if self.proxy is not None:
            self.proxy.deleteLater()
            self.proxy = None

    def _finish_pending_writes(self) -> bool:
        """Before a site closes, let its queued changes (edits, uploads) reach the server
        while the window keeps painting. Past a moment a dialog counts them down and offers
        to stop waiting. True when nothing is left to send."""
        from galleryman.views.closing import SendingChangesDialog

        session = self.session
        if session is None or session.pending_writes() == 0:
            return True
        dialog = SendingChangesDialog(session.pending_writes(), self)
        loop = QEventLoop(self)
        poll = QTimer(self)
        poll.setInterval(FINISH_POLL_MS)
        opener = QTimer(self)  # a short wait shows no dialog
        opener.setSingleShot(True)
        opener.setInterval(FINISH_DIALOG_DELAY_MS)
        opener.timeout.connect(dialog.open)
        gave_up: list[bool] = []

        def check() -> None:
            left = session.pending_writes()
            if left == 0:  # closes now: the dialog never shows "0 left"
                loop.quit()
            else:
                dialog.set_left(left)

        def closed_without_waiting() -> None:
            gave_up.append(True)
            loop.quit()

        poll.timeout.connect(check)
        dialog.rejected.connect(closed_without_waiting)  # one click, or Esc
        poll.start()
        opener.start()
        loop.exec()
        for timer in (poll, opener):
            timer.stop()
            timer.deleteLater()
        dialog.hide()
        dialog.deleteLater()
        if gave_up:
            log.info("the user stopped waiting for %d changes", session.pending_writes())
        return session.pending_writes() == 0

    def _sandbox_restarted(self, base_url: str) -> None:
        """The local sandbox had died and was started again (local_site's watchdog)."""
        if not shiboken6.isValid(self):
            return
        session = self.session
        if session is None or session.profile.kind != "sandbox":
            return
        self.notifications.show_info(
            tr("The local sandbox had stopped; galleryman started it again.")
        )
        if base_url != self.sites.local.client_url:  # another port: the clients use the old one
            self._close_session()
            self.open_site(session.profile.key)

    def add_site(self) -> None:
        profile = self.sites.add_site_dialog(self)
        self._fill_site_box()
        if profile is not None:
            self.open_site(profile.key)
        elif self.session is not None:
            self.site_box.setCurrentIndex(self.site_box.findData(self.session.profile.key))

    def edit_site(self) -> None:
        profile = self._chosen_profile()
        if profile is None or profile.kind == "sandbox":
            self.notifications.show_info(tr("The local sandbox has no settings to edit."))
            return
        key = profile.key
        if self.sites.edit_site_dialog(self, key) is not None:
            self._fill_site_box()
            self._close_session()
            self.open_site(key)

    def remove_site(self) -> None:
        from galleryman.sites import shown_name

        profile = self._chosen_profile()
        if profile is None or profile.kind == "sandbox":
            self.notifications.show_info(tr("The local sandbox cannot be removed."))
            return
        answer = ask(
            self,
            tr("Remove site"),
            tr(
                "Remove “{name}” from galleryman? Its API key is deleted from the keyring. "
                "Nothing on the Wix site changes."
            ).format(name=shown_name(profile)),
            YES_NO,
            QMessageBox.StandardButton.Yes,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._close_session()
        self.sites.remove_site(profile.key)
        self._fill_site_box()
        self.open_site(self.sites.registry.sites()[0].key)

    # ------------------------------------------------------------------ view state

    def _filter_changed(self, text: str) -> None:
        if self.proxy is not None:
            self.proxy.set_filter_text(text)
            self._update_counts()
            self.update_details()

    def _thumbnail_size_changed(self, value: int) -> None:
        self.grid.set_thumbnail_size(value)
        self.settings.set(opts.THUMBNAIL_SIZE, value)

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_counts()
        self.update_details()

    def _items_changed(self, first: QModelIndex, last: QModelIndex, *_roles: object) -> None:
        """The shown item's server copy may have changed: only then is the panel refreshed
        (upload progress on other tiles changes the model many times a second)."""
        ids = self.selected_ids()
        if len(ids) != 1 or self.session is None:
            return
        row = self.session.items.row_of(ids[0])
        item = self.session.item(ids[0])
        if item is not None and first.row() <= row <= last.row():
            self.item_panel.refresh_item(item)

    def update_details(self) -> None:
        session = self.session
        gallery_id = self.current_gallery_id()
        gallery = session.galleries.get(gallery_id) if session and gallery_id else None
        self.gallery_panel.show_gallery(gallery)
        ids = self.selected_ids()
        items = [i for i in (session.item(x) for x in ids) if i] if session else []
        if len(items) > 1:
            self.bulk_panel.set_items(items)
            self.detail_stack.setCurrentWidget(self.bulk_panel)
        else:
            item = items[0] if items else None
            self.item_panel.show_item(item, self._preview(item) if item is not None else None)
            self.detail_stack.setCurrentIndex(0)
        has_gallery = gallery is not None
        self.actions_.rename_item.setEnabled(len(items) == 1)
        for action in (
            self.actions_.clone_gallery,
            self.actions_.rename_gallery,
            self.actions_.delete_gallery,
            self.actions_.add_files,
            self.actions_.add_video,
            self.actions_.add_text,
        ):
            action.setEnabled(has_gallery)
        failed_uploads = self.grid.selected_failed_uploads()
        self.actions_.delete_items.setEnabled(bool(items) or bool(failed_uploads))
        # Moves need the whole order in view: with a filter on, "top" is ambiguous.
        filtering = self.is_filtering()
        for action in (self.actions_.move_to_top, self.actions_.move_to_bottom):
            action.setEnabled(bool(items) and not filtering)
        for action in (self.actions_.new_gallery, self.actions_.refresh):
            action.setEnabled(session is not None)
        chosen = self._chosen_profile()
        for action in (self.actions_.edit_site, self.actions_.remove_site):
            action.setEnabled(chosen is not None and chosen.kind != "sandbox")

    def selected_ids(self) -> list[str]:
        return self.grid.selected_ids()

    def current_gallery_id(self) -> str | None:
        return self.session.gallery_id if self.session else None

    def is_filtering(self) -> bool:
        return self.proxy is not None and self.proxy.is_filtering

    def _chosen_profile(self) -> SiteProfile | None:
        """The site shown in the site box: the open one, or one that could not be opened."""
        return self.sites.registry.get(str(self.site_box.currentData() or ""))

    def _preview(self, item: Item) -> QPixmap | None:
        """The item panel's picture: a copy as sharp as the panel shows it (the tile's
        thumbnail until that has arrived; `_thumbnail_ready` swaps it in)."""
        return self.grid.preview_for(item, self.item_panel.preview_pixels())

    def _thumbnail_ready(self, key: str) -> None:
        from galleryman.models.roles import thumb_key

        ids = self.selected_ids()
        item = self.session.item(ids[0]) if self.session is not None and len(ids) == 1 else None
        if item is not None and thumb_key(item) == key:
            self.item_panel.set_preview(self._preview(item))

    def _schedule_counts(self, *_changed: object) -> None:
        """Pages can arrive many times a second: refresh the counts once per burst."""
        if not self._counts_timer.isActive():
            self._counts_timer.start()

    def _update_counts(self, *_changed: object) -> None:
        from galleryman.session.site_session import LoadState

        self.grid.set_empty_text(self._empty_grid_text())
        if self.session is None:
            self.count_label.setText("")
            self.selection_label.setText("")
            return
        total = self.session.items.item_count()
        coming = self.session.items.loading_rows()
        shown = self.proxy.rowCount() if self.proxy is not None else total
        if coming and self.session.load_state is LoadState.LOADING:
            text = tr("Loading… {loaded} of %Ln item(s)", "", total + coming)
            text = text.format(loaded=number(total))
        elif shown >= total:
            text = tr("%Ln item(s)", "", total)
        else:
            text = tr("{shown} of %Ln item(s)", "", total).format(shown=number(shown))
        self.count_label.setText(text if self.current_gallery_id() else "")
        selected = len(self.selected_ids())
        self.selection_label.setText(tr("%Ln selected", "", selected) if selected else "")
        gallery_id = self.current_gallery_id()
        if gallery_id is not None:
            gallery = self.session.galleries.get(gallery_id)
            if gallery is not None:
                self.gallery_panel.show_gallery(gallery)

    def _empty_grid_text(self) -> str:
        """What an empty grid says: "empty" only once the site has said so; loading looks
        like loading, and a failed load says how to try again."""
        from galleryman.session.site_session import LoadState

        session = self.session
        if session is None:
            return tr("No site is open")
        if self.is_filtering():
            return tr("No items match the filter")
        gallery_id = session.gallery_id
        if gallery_id is None:
            return tr("Select a gallery") if session.galleries.rowCount() else ""
        state = session.load_state
        if state is LoadState.LOADING:
            return tr("Loading items…")  # the count, when known, shows as places in the grid
        if state is LoadState.FAILED:
            return tr("Couldn't load this gallery's items. Refresh (F5) tries again.")
        return tr("No items yet — drop photos here or use Add Files…")

    def _uploads_changed(self, finished: int, total: int) -> None:
        """Overall upload progress: a determinate bar while a batch of files is going up."""
        self._upload_total = total
        if total:
            self.activity_bar.setRange(0, total)
            self.activity_bar.setValue(finished)
            self.activity_bar.setVisible(True)
            left = self.session.outcomes.seconds_left() if self.session else 0.0
            if left >= 2:
                text = tr("Uploading {current} of {total} – about {time} left")
            else:
                text = tr("Uploading {current} of {total}")
            current = finished + 1 if finished < total else total
            self.activity_label.setText(
                text.format(current=number(current), total=number(total), time=about(left))
            )
        else:
            self.activity_bar.setRange(0, 0)
            self._update_activity()

    def _say(self, text: str) -> None:
        """A passing sentence about what just happened; the next one replaces it, and it
        goes away by itself (a stale "Deleted 2 items" after they came back misleads)."""
        self.message_label.setText(text)
        self._message_timer.start()

    def _waiting_changed(self, text: str) -> None:
        self.waiting_label.setText(text)
        self.waiting_label.setVisible(bool(text))

    def _colour_waiting_label(self) -> None:
        """The waiting label's amber, readable on the window's palette (again whenever the
        system turns dark or light: `changeEvent`)."""
        colour = WAITING_ON_DARK if is_dark(self.palette()) else WAITING_ON_LIGHT
        self.waiting_label.setStyleSheet(f"color: {colour}; font-weight: 600;")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "waiting_label"):
            self._colour_waiting_label()

    def _reveal(self, gallery_id: str, item_ids: list[str]) -> None:
        """Undo or redo is about to change this gallery: show it, with what changes selected."""
        from galleryman.session.site_session import LoadState

        session = self.session
        if session is None:
            return
        if session.gallery_id != gallery_id:
            row = session.galleries.row_of(gallery_id)
            if row >= 0:
                self.sidebar.view.setCurrentIndex(session.galleries.index(row))
        self._reselect = list(item_ids)
        if session.load_state is LoadState.LOADED:
            self._restore_selection(gallery_id)

    def _busy_changed(self, _count: int) -> None:
        """Jobs were queued or ended: the activity line follows once the burst is over (a
        count taken while a job is being queued is one short)."""
        if not self._activity_timer.isActive():
            self._activity_timer.start()

    def _update_activity(self) -> None:
        if self._upload_total:
            return  # the upload progress says more
        session = self.session
        count = session.busy() if session is not None else 0
        self.activity_bar.setVisible(count > 0)
        changes = session.pending_writes() if session is not None else 0
        if changes > 1 and session is not None:
            left = session.eta_seconds(changes)
            if left >= 2:
                text = tr("Sending %Ln change(s) – about {time}", "", changes)
            else:
                text = tr("Sending %Ln change(s)", "", changes)
            self.activity_label.setText(text.format(time=about(left)))
        else:
            self.activity_label.setText(tr("Working…") if count else "")

    def _show_problem(self, problem: Problem) -> None:
        self.notifications.show_error(problem.message, problem.retry)

    # ------------------------------------------------------------------ persistence

    def _restore_geometry(self) -> None:
        geometry = self.settings.get(opts.WINDOW_GEOMETRY)
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            screen = QGuiApplication.primaryScreen()
            available = screen.availableGeometry() if screen else None
            if available is not None:
                self.resize(min(1360, available.width()), min(860, available.height()))

    def _restore_panes(self) -> None:
        splitter = self.settings.get(opts.SPLITTER_SIZES)
        if not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        self.size_slider.setValue(self.settings.get(opts.THUMBNAIL_SIZE))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_panes()

    def _fit_panes(self) -> None:
        """In a small window the side panes give up width (down to their minimum) before
        the grid drops to a single column: the grid is what the window is for."""
        if not self.built:
            return  # the frame alone: no panes yet
        sizes = self.splitter.sizes()
        if len(sizes) != 3 or sum(sizes) == 0:
            return
        wanted = MIN_GRID_COLUMNS * self.grid.gridSize().width() + GRID_CHROME_PX
        short = wanted - sizes[1]
        if short <= 0:
            return
        side = [self.sidebar, self.details]
        spare = {i: sizes[i] - side[n].minimumSizeHint().width() for n, i in enumerate((0, 2))}
        total_spare = sum(max(0, v) for v in spare.values())
        if total_spare <= 0:
            return
        take = min(short, total_spare)
        for i in spare:
            share = round(take * max(0, spare[i]) / total_spare)
            sizes[i] -= share
            sizes[1] += share
        self.splitter.setSizes(sizes)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.set(opts.WINDOW_GEOMETRY, self.saveGeometry())
        if self.built:  # else closed right after its first frame: no panes, no sites yet
            self.settings.set(opts.SPLITTER_SIZES, self.splitter.saveState())
        self.settings.sync()
        if self.built:
            self._close_session()
            self.sites.shutdown()
        super().closeEvent(event)
