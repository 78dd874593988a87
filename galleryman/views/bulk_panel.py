"""The panel shown when several items are selected: one change applied to all of them.

Nothing is sent until Apply; the panel only describes the change (`BulkEdit`), and says above
the Apply button what it will do ("Apply to 8 items: alt text, tags"). The main window turns
it into requests with `galleryman.core.bulk_edit.plan_bulk_edit`.

Every new selection starts from a clean panel: ticks and values left from another selection
(or another gallery) would otherwise be applied along with what the user meant to change.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from galleryman.core.bulk_edit import BulkEdit, link_url_error, parse_tags
from galleryman.core.i18n import tr
from galleryman.views.commit_fields import StatusLine, follow_error_colour
from galleryman.views.item_panel import TARGETS
from galleryman.views.plain_text import plain_label
from galleryman.wix.models import Item


class BulkEditPanel(QWidget):
    """A checkbox per field says whether it is part of the change."""

    bulk_edit_requested = Signal(object)  # BulkEdit

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(tr("Edit selected items"))
        self._items: list[Item] = []
        self._ids: list[str] = []  # the selection the form was filled for

        self.count_label = plain_label()
        self.count_label.setAccessibleName(tr("Selection"))
        self.status = StatusLine()

        self.title_check = self._check(tr("&Title"), tr("Change the title"))
        self.title_edit = self._line(tr("Title for every selected item"))
        self.description_check = self._check(tr("&Description"), tr("Change the description"))
        self.description_edit = QPlainTextEdit()
        self.description_edit.setAccessibleName(tr("Description for every selected item"))
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setMaximumHeight(90)
        self.alt_text_check = self._check(tr("&Alt text (images)"), tr("Change the alt text"))
        self.alt_text_edit = self._line(tr("Alt text for every selected image"))
        self.tags_check = self._check(tr("Ta&gs"), tr("Change the tags"))
        self.tags_edit = self._line(tr("Tags, comma-separated"))
        self.tags_replace = QRadioButton(tr("&Replace"))
        self.tags_replace.setAccessibleName(tr("Replace each item's tags"))
        self.tags_add = QRadioButton(tr("Add to &existing"))
        self.tags_add.setAccessibleName(tr("Add to each item's tags"))
        self.tags_replace.setChecked(True)
        self._tags_mode = QButtonGroup(self)
        self._tags_mode.addButton(self.tags_replace)
        self._tags_mode.addButton(self.tags_add)
        self.link_check = self._check(tr("&Link"), tr("Change the link"))
        self.link_url_edit = self._line(tr("Link URL (empty removes the links)"))
        # The same hint as the item panel's: a longer one did not fit beside the check box.
        self.link_url_edit.setPlaceholderText(tr("https://…, mailto:… or tel:…"))
        self.link_url_edit.setToolTip(tr("Leave it empty to remove the links"))
        self.link_text_edit = self._line(tr("Link text"))
        self.link_text_edit.setPlaceholderText(tr("Link text (optional)"))
        self.link_target_combo = QComboBox()
        self.link_target_combo.setAccessibleName(tr("Link opens in"))
        for label, target in TARGETS:
            self.link_target_combo.addItem(tr(label), target)
        self.link_error_label = plain_label()
        self.link_error_label.setAccessibleName(tr("Link URL error"))
        follow_error_colour(self.link_error_label)
        self.link_error_label.setWordWrap(True)
        self.link_error_label.hide()
        self.only_empty_check = QCheckBox(tr("Only where e&mpty"))
        self.only_empty_check.setAccessibleName(tr("Only fill fields that are empty"))
        self.only_empty_check.setToolTip(
            tr("Leave items that already have a value alone (adding tags always adds)")
        )
        self.summary_label = plain_label()
        self.summary_label.setAccessibleName(tr("What Apply will change"))
        self.summary_label.setWordWrap(True)
        self.apply_button = QPushButton(tr("A&pply"))
        self.apply_button.setAccessibleName(tr("Apply to selected items"))
        self.apply_button.setDefault(True)
        self._build_layout()

        for box in self._checks():
            box.toggled.connect(self._update_enabled)
        toggles: list[QAbstractButton] = [*self._checks(), self.tags_add, self.only_empty_check]
        for button in toggles:
            button.toggled.connect(self._update_summary)
        self.link_url_edit.textChanged.connect(lambda _text: self._show_link_error(""))
        self.link_url_edit.textChanged.connect(self._update_summary)
        self.apply_button.clicked.connect(self.apply)
        self._update_enabled()
        self.set_items([])

    def _check(self, text: str, accessible_name: str) -> QCheckBox:
        box = QCheckBox(text)
        box.setAccessibleName(accessible_name)
        return box

    def _line(self, accessible_name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(accessible_name)
        return edit

    def _checks(self) -> tuple[QCheckBox, ...]:
        return (
            self.title_check,
            self.description_check,
            self.alt_text_check,
            self.tags_check,
            self.link_check,
        )

    def _build_layout(self) -> None:
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.title_check, self.title_edit)
        form.addRow(self.description_check, self.description_edit)
        form.addRow(self.alt_text_check, self.alt_text_edit)
        tags_box = QWidget()
        tags_layout = QVBoxLayout(tags_box)
        tags_layout.setContentsMargins(0, 0, 0, 0)
        tags_layout.addWidget(self.tags_edit)
        modes = QHBoxLayout()
        modes.addWidget(self.tags_replace)
        modes.addWidget(self.tags_add)
        modes.addStretch(1)
        tags_layout.addLayout(modes)
        form.addRow(self.tags_check, tags_box)
        link_box = QWidget()
        link_layout = QVBoxLayout(link_box)
        link_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.link_url_edit,
            self.link_error_label,
            self.link_text_edit,
            self.link_target_combo,
        ):
            link_layout.addWidget(widget)
        form.addRow(self.link_check, link_box)
        self._editors = {
            self.title_check: (self.title_edit,),
            self.description_check: (self.description_edit,),
            self.alt_text_check: (self.alt_text_edit,),
            self.tags_check: (tags_box,),
            self.link_check: (link_box,),
        }
        buttons = QHBoxLayout()
        buttons.addWidget(self.only_empty_check)
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        heading = QHBoxLayout()
        heading.addWidget(self.count_label, 1)
        heading.addWidget(self.status)
        layout.addLayout(heading)
        layout.addLayout(form)
        layout.addWidget(self.summary_label)
        layout.addLayout(buttons)
        layout.addStretch(1)

    # ---------------------------------------------------------------------------- public

    def items(self) -> list[Item]:
        return list(self._items)

    def set_items(self, items: list[Item]) -> None:
        """The selected items (their count and how many are images are shown). A different
        selection clears the form; fresh copies of the same items keep what is typed."""
        ids = [str(item.id) for item in items]
        if ids != self._ids:
            self._ids = ids
            self.reset()
        self._items = list(items)
        images = sum(1 for item in self._items if item.media_type == "IMAGE")
        count = len(self._items)
        self.count_label.setText(tr("%Ln item(s) selected", "", count))
        self.alt_text_check.setToolTip(tr("Applies to the %Ln image(s) selected", "", images))
        self._update_summary()

    def reset(self) -> None:
        """Nothing ticked, nothing typed, the default modes: a clean start."""
        for box in (*self._checks(), self.only_empty_check):
            box.setChecked(False)
        for edit in (self.title_edit, self.alt_text_edit, self.tags_edit):
            edit.clear()
        for edit in (self.link_url_edit, self.link_text_edit):
            edit.clear()
        self.description_edit.clear()
        self.tags_replace.setChecked(True)
        self.link_target_combo.setCurrentIndex(0)
        self._show_link_error("")
        self.status.set_status("idle")
        self._update_summary()

    def summary(self) -> str:
        """What Apply will do, in words (shown above the button)."""
        link = self.link_url_edit.text().strip()
        names = [
            name
            for box, name in (
                (self.title_check, tr("title")),
                (self.description_check, tr("description")),
                (self.alt_text_check, tr("alt text")),
                (self.tags_check, tr("tags (added)") if self.tags_add.isChecked() else tr("tags")),
                (self.link_check, tr("link") if link else tr("remove link")),
            )
            if box.isChecked()
        ]
        if not names:
            return tr("Tick the fields to change in every selected item.")
        if self.only_empty_check.isChecked():
            names.append(tr("only where empty"))
        return tr("Apply to %Ln item(s): {changes}", "", len(self._items)).format(
            changes=", ".join(names)
        )

    def set_status(self, state: str, message: str = "") -> None:
        """ "idle", "saving", "saved" or "failed" (with the reason)."""
        self.status.set_status(state, message)

    def bulk_edit(self) -> BulkEdit:
        """The change the checked fields describe (ValueError for an invalid link URL)."""
        link = self.link_check.isChecked()
        return BulkEdit(
            title=self.title_edit.text() if self.title_check.isChecked() else None,
            description=(
                self.description_edit.toPlainText() if self.description_check.isChecked() else None
            ),
            alt_text=self.alt_text_edit.text() if self.alt_text_check.isChecked() else None,
            tags=parse_tags(self.tags_edit.text()) if self.tags_check.isChecked() else None,
            tags_mode="add" if self.tags_add.isChecked() else "replace",
            link_url=self.link_url_edit.text().strip() if link else None,
            link_text=(self.link_text_edit.text() or None) if link else None,
            link_target=str(self.link_target_combo.currentData()) if link else None,
            only_where_empty=self.only_empty_check.isChecked(),
        )

    def apply(self) -> None:
        """Emits `bulk_edit_requested`, unless the link URL is invalid (shown inline)."""
        if not self.apply_button.isEnabled():
            return
        url = self.link_url_edit.text().strip()
        error = link_url_error(url) if self.link_check.isChecked() and url else None
        if error:
            self._show_link_error(error)
            self.link_url_edit.setFocus()
            return
        self.bulk_edit_requested.emit(self.bulk_edit())

    # --------------------------------------------------------------------------- helpers

    def _update_summary(self, *_args: object) -> None:
        self.summary_label.setText(self.summary())

    def _update_enabled(self) -> None:
        for check, editors in self._editors.items():
            for editor in editors:
                editor.setEnabled(check.isChecked())
        self.apply_button.setEnabled(any(box.isChecked() for box in self._checks()))

    def _show_link_error(self, message: str) -> None:
        self.link_error_label.setText(message)
        self.link_error_label.setVisible(bool(message))
        self.link_url_edit.setAccessibleDescription(message)
