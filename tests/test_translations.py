"""Translations: every user-visible string goes through tr() (a scan of the source that fails
on text shown untranslated), the German translation covers every string (lupdate leaves
nothing unfinished) and the committed .qm is what lrelease makes of it, and the app speaks
German when German is chosen, or when the system speaks it."""

from __future__ import annotations

import ast
import gc
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QDialogButtonBox, QMainWindow, QMenu
from pytestqt.qtbot import QtBot

from galleryman import settings as opts
from galleryman import translations
from galleryman.core import i18n
from galleryman.translations import Translations, chosen_language, install_language
from tests.i18n_scan import scan, scan_source
from tests.i18n_support import lupdate, qt_tool, read_ts

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "galleryman"
TS = PACKAGE / "assets" / "translations" / "galleryman_de.ts"
QM = TS.with_suffix(".qm")

# Text for other readers than the app's users, in English on purpose.
NOT_USER_TEXT = {
    "galleryman/smoke.py": "the installation check's report, read by whoever packages galleryman",
    "galleryman/app.py": "command-line --help, printed before Qt (and a translator) exists",
    "galleryman/core/i18n.py": "tr() itself, which hands a count on to Qt",
}
# Not converted yet: other engineers were editing these files while the rest of galleryman
# was. Converted by the coordinator, who removes each file from this list as it is done.
WAITING_FOR_CONVERSION: set[str] = set()


def translated_sources() -> list[Path]:
    """What `make translations` gives lupdate: galleryman without the sandbox (a server), in
    the byte order of `LC_ALL=C sort`, so the .ts comes out the same."""
    paths = [p for p in PACKAGE.rglob("*.py") if "sandbox" not in p.relative_to(PACKAGE).parts]
    return sorted(paths, key=lambda p: p.relative_to(ROOT).as_posix().encode())


def name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


# ------------------------------------------------------------------------- every string


def test_no_user_visible_text_goes_untranslated() -> None:
    findings = [
        str(finding)
        for path in translated_sources()
        if name(path) not in NOT_USER_TEXT and name(path) not in WAITING_FOR_CONVERSION
        for finding in scan(path)
    ]
    assert findings == [], "wrap these in tr() (galleryman/core/i18n.py):\n" + "\n".join(findings)


def test_the_waiting_list_names_only_files_still_to_convert() -> None:
    done = [f for f in sorted(WAITING_FOR_CONVERSION) if not scan(ROOT / f)]
    assert done == [], f"converted: remove them from WAITING_FOR_CONVERSION: {done}"


SAMPLE_UNTRANSLATED = """
from galleryman.core.i18n import tr

STATUS = "Saving changes…"


class Panel(QWidget):
    def build(self, count):
        self.setWindowTitle("Preferences")
        button = QPushButton("&Apply", self)
        self.label.setText(f"{count} items selected")
        self.box.addItem("English", "en")
        menu.addMenu("&File")
        self.note = QLabel(tr("Fine") + " and more", self)
        self.activity.emit(f"Deleted {count} items")
        ask(self, "Delete items", tr("Delete them?"), YES, NO)
        return tr(f"Deleted {count}")

    def nested(self, count):
        return f"{count}: {tr('items')}"

    def plural(self, count):
        return tr("One item" if count == 1 else "%Ln items", "", count)

    def counts_lupdate_cannot_read(self, count):
        first = self.tr("%n file(s)", "", count)
        return first + QCoreApplication.translate("Panel", "%n change(s)", None, count)


def message():
    return "The file is damaged."
"""

SAMPLE_FINE = '''
from galleryman.core.i18n import QT_TR_NOOP, tr

log = logging.getLogger(__name__)
NOTE = QT_TR_NOOP("Takes effect at the next start.")


class Panel(QWidget):
    """A docstring. It Is Not Shown."""

    def build(self, count, name):
        self.setWindowTitle(tr("Preferences"))
        self.label.setText(tr("%Ln item(s) selected", "", count))
        self.name.setText(tr("Delete “{name}”?").format(name=name))
        self.size.setText(f"{count} × {count}")
        self.note.setText(tr(NOTE))
        self.menu.setTitle(QCoreApplication.translate("Panel", "Loading…"))
        self.setObjectName("notification")
        self.setStyleSheet("QLabel { color: red; }")
        action.setShortcut(QKeySequence("Ctrl+Shift+V"))
        _action(window, tr("&Undo"), "Ctrl+Z")
        self.url.setPlaceholderText("https://www.youtube.com/watch?v=…")
        self.value.setText(locale.toString(count, "f", 2))
        log.warning("The folder %s cannot be used", name)
        title = "<b>galleryman</b>"  # i18n: not translated
        raise RuntimeError("A bug: the panel has no item")
'''


def test_the_scan_finds_text_shown_without_tr() -> None:
    found = scan_source(SAMPLE_UNTRANSLATED, Path("sample.py"))
    texts = [(f.text, f.why) for f in found]
    assert texts == [
        ("Saving changes…", "a sentence without tr()"),
        ("Preferences", "text shown without tr()"),
        ("&Apply", "text shown without tr()"),
        ("{…} items selected", "text shown without tr()"),
        ("English", "text shown without tr()"),
        ("&File", "text shown without tr()"),
        (" and more", "text shown without tr()"),
        ("Deleted {…} items", "a sentence without tr()"),
        ("Delete items", "text shown without tr()"),
        ("Deleted {…}", "f-string inside tr(): use .format()"),
        ("items", "tr() inside an f-string"),
        ("['One item', '%Ln items']", "tr() of an expression: one tr() per text"),
        ("tr", 'a count: use tr(text, "", n) from galleryman.core.i18n'),
        ("translate", 'a count: use tr(text, "", n) from galleryman.core.i18n'),
        ("The file is damaged.", "a sentence without tr()"),
    ]


def test_the_scan_leaves_translated_and_technical_text_alone() -> None:
    assert scan_source(SAMPLE_FINE, Path("sample.py")) == []


# ------------------------------------------------------------------------- the German .ts


@pytest.fixture(scope="module")
def current_ts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed German .ts merged with the source as it is now (what `make
    translations` would write)."""
    ts = tmp_path_factory.mktemp("ts") / TS.name
    shutil.copy(TS, ts)
    lupdate(translated_sources(), ts, "-no-obsolete", "-locations", "none")
    return ts


def test_the_german_translation_is_current_and_complete(current_ts: Path) -> None:
    # Nothing new or changed in the source that `make translations` has not brought in...
    assert current_ts.read_text("utf-8") == TS.read_text("utf-8"), "run `make translations`"
    # ...and nothing lupdate leaves unfinished: 100% translated.
    messages = read_ts(current_ts)
    assert len(messages) > 400
    unfinished = [m.source for m in messages if m.unfinished or not all(m.translations)]
    assert unfinished == []
    # German has two numerus forms (one, other), both written.
    assert all(len(m.translations) == 2 for m in messages if m.numerus)


def test_every_tr_text_is_in_the_translation() -> None:
    """Each literal given to tr() or QT_TR_NOOP is a message of the .ts (lupdate's Python
    parser skips some call shapes silently: this catches them)."""
    sources = {m.source for m in read_ts(TS)}
    called = set()
    for path in translated_sources():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            is_call = isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute)
            if not is_call or not node.args:
                continue
            func = node.func
            func_name = func.id if isinstance(func, ast.Name) else func.attr
            text = node.args[0]
            if func_name == "translate" and len(node.args) > 1:
                text = node.args[1]  # translate(context, text)
            elif func_name not in ("tr", "QT_TR_NOOP"):
                continue
            if isinstance(text, ast.Constant) and isinstance(text.value, str):
                called.add(text.value)
    assert called - sources == set()
    assert len(called) == len(sources)  # and no message without its call


_FIELD = re.compile(r"\{\w*\}|%L?n|%\d")
_ACCELERATOR = re.compile(r"&(?!&)")


def _fields(text: str) -> list[str]:
    return sorted(_FIELD.findall(text))


def test_translations_keep_fields_and_accelerators() -> None:
    wrong = []
    for message in read_ts(TS):
        for translation in message.translations:
            # {name} and %n fields are filled by the code: a translation must keep each one;
            # a menu or button text keeps exactly one &-key.
            keys = len(_ACCELERATOR.findall(translation)), len(_ACCELERATOR.findall(message.source))
            if _fields(translation) != _fields(message.source) or keys[0] != keys[1]:
                wrong.append(f"{message.source!r} -> {translation!r}")
    assert wrong == []


def test_the_committed_qm_is_what_lrelease_makes(tmp_path: Path) -> None:
    """The app loads the .qm: it must be the compiled .ts as committed, not an older one."""
    ts = tmp_path / TS.name
    shutil.copy(TS, ts)
    subprocess.run([qt_tool("pyside6-lrelease"), str(ts)], check=True, capture_output=True)
    assert ts.with_suffix(".qm").read_bytes() == QM.read_bytes(), "run `make translations`"


# ------------------------------------------------------------------------- the app in German


@pytest.fixture
def german(qapp: QCoreApplication) -> Iterator[Translations]:
    installed = install_language(qapp, "de", QLocale("en_US"))
    try:
        yield installed
    finally:
        installed.remove()


def test_the_language_follows_the_system_unless_chosen() -> None:
    assert chosen_language("", QLocale("de_AT")) == "de"
    assert chosen_language("", QLocale("fr_FR")) == "en"  # no French: the source language
    assert chosen_language("en", QLocale("de_DE")) == "en"
    assert chosen_language("de", QLocale("en_US")) == "de"
    assert chosen_language("xx", QLocale("de_DE")) == "en"  # a setting from a newer version
    assert translations.shipped_languages() == ["de"]
    assert translations.qt_translation("qtbase_de.qm").is_file()  # Qt's, for its dialogs
    # Numbers and dates: in the language, with the system's region.
    assert translations.locale_for("en", QLocale("de_DE")).name() == "en_DE"
    assert translations.locale_for("de", QLocale("de_CH")).name() == "de_CH"
    assert translations.locale_for("en", QLocale.c()).name() == "en_US"


def test_preferences_language_is_used_at_start(qapp: QCoreApplication, tmp_path: Path) -> None:
    settings = opts.Settings(tmp_path / "settings.ini")
    settings.set(opts.LANGUAGE, "de")
    settings.sync()
    # As galleryman/app.py calls it: what it returns is not kept.
    language = translations.install_translations(qapp, tmp_path / "settings.ini").language
    gc.collect()
    installed = translations.Translations(qapp, language, QLocale(), QLocale.c())
    try:
        assert language == "de" and len(installed.translators()) == 2
        assert i18n.tr("&Quit") == "&Beenden"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Abbrechen"
    finally:
        installed.remove()
    assert i18n.tr("&Quit") == "&Quit"  # removed again
    assert installed.translators() == []


def test_german_text_counts_numbers_and_dates(qtbot: QtBot, german: Translations) -> None:
    from galleryman.views.bulk_panel import BulkEditPanel
    from galleryman.views.commit_fields import human_date
    from tests.item_samples import documented_items

    panel = BulkEditPanel()
    qtbot.addWidget(panel)
    items = documented_items()
    panel.set_items(items[:1])
    assert panel.count_label.text() == "1 Element ausgewählt"
    panel.set_items(items)
    assert panel.count_label.text() == "3 Elemente ausgewählt"
    panel.title_check.setChecked(True)
    panel.only_empty_check.setChecked(True)
    assert panel.summary() == "Auf 3 Elemente anwenden: Titel, nur wo leer"
    assert i18n.tr("%Ln item(s)", "", 12_345) == "12.345 Elemente"
    assert i18n.number(1_234_567) == "1.234.567"
    date = human_date("2022-03-02T09:13:33Z")
    assert re.fullmatch(r"2\. März 2022, \d\d:\d\d", date), date


def test_german_standard_dialog_buttons_come_from_qt(qtbot: QtBot, german: Translations) -> None:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Save
    )
    qtbot.addWidget(buttons)
    cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    save = buttons.button(QDialogButtonBox.StandardButton.Save)
    assert cancel is not None and save is not None
    assert cancel.text().replace("&", "") == "Abbrechen"
    assert save.text().replace("&", "") == "Speichern"


def test_german_menus_keep_one_key_per_entry(qtbot: QtBot, german: Translations) -> None:
    """Alt+letter must reach one entry: no two entries of a menu (or of the menu bar) share
    their &-key in German."""
    from galleryman.views.actions import build_actions, build_menus

    window = QMainWindow()
    qtbot.addWidget(window)
    build_menus(window, build_actions(window))
    bar = window.menuBar()
    menus = [bar.actions()] + [
        m.actions() for a in bar.actions() if isinstance(m := a.menu(), QMenu)
    ]
    assert [a.text() for a in bar.actions()][:2] == ["&Datei", "&Bearbeiten"]
    for actions in menus:
        keys = [
            text[text.index("&") + 1].lower()
            for text in (a.text() for a in actions if not a.isSeparator())
        ]
        assert len(keys) == len(set(keys)), keys


def test_the_main_window_and_its_sentences_in_german(
    qtbot: QtBot, german: Translations, tmp_path: Path, memory_keyring: object
) -> None:
    from galleryman.core.images import _over_limits
    from galleryman.paths import AppPaths
    from galleryman.session.waiting import _inside_sentence
    from galleryman.site_manager import SiteManager
    from galleryman.views.main_window import MainWindow

    paths = AppPaths.under(tmp_path / "app").ensure()
    sites = SiteManager(paths, seed_demo=False, sandbox_in_process=True)
    try:
        window = MainWindow(sites, opts.Settings(paths.settings_file))
        qtbot.addWidget(window)
        # The pending changes' actions reach the View menu, found by its German title.
        view = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Ansicht")
        assert "&Ausstehende Änderungen…" in [a.text() for a in view.actions()]
        assert window.filter_box.placeholderText() == "Nach Titel, Beschreibung oder Tag filtern"
        sites_listed = [window.site_box.itemText(i) for i in range(window.site_box.count())]
        assert sites_listed == ["Lokale Sandbox", "Wix-Website hinzufügen…"]
        window._update_counts()
        assert window.grid.current_empty_text() == "Keine Website geöffnet"
    finally:
        sites.shutdown()
    # Counts with their German plural, numbers with German digit grouping.
    assert i18n.tr("%Ln change(s) waiting", "", 1) == "1 Änderung wartet"
    assert i18n.tr("%Ln change(s) waiting", "", 1200) == "1.200 Änderungen warten"
    assert _over_limits(30_000, 1_000, 1, 0) == (
        "Dieses Bild hat 30.000 × 1.000 Pixel; Bilder dürfen höchstens 25.000 Pixel breit oder "
        "hoch sein. Verkleinere oder beschneide es und füge es erneut hinzu."
    )
    # A German noun keeps its capital inside a sentence; English lowers it.
    assert _inside_sentence("Titel von „p0“") == "Titel von „p0“"


def test_english_lowers_a_phrase_inside_a_sentence() -> None:
    from galleryman.session.waiting import _inside_sentence

    assert _inside_sentence("Title of “p0”") == "title of “p0”"


def test_a_short_listing_says_why_in_german_too(german: Translations) -> None:
    # The reason was English inside the German sentence ("...aufgelistet werden: the listing
    # changed while it was read."); the log keeps it in English.
    from dataclasses import dataclass

    from galleryman.wix.errors import IncompleteListingError
    from galleryman.wix.paging import walk_pages

    @dataclass
    class Thing:
        id: str

    pages = {2: ([Thing("c")], 2)}  # one was deleted meanwhile: the total went from 3 to 2
    with pytest.raises(IncompleteListingError) as shifted:
        list(
            walk_pages(([Thing("a"), Thing("b")], 3), pages.__getitem__, what="items", max_count=10)
        )
    assert shifted.value.user_message == (
        "Nur 2 der 3 Elemente konnten aufgelistet werden: die Auflistung hat sich geändert, "
        "während sie gelesen wurde. Es wurde nichts geändert; aktualisiere, um es noch einmal "
        "zu versuchen."
    )
    assert shifted.value.message == "the listing changed while it was read"
    with pytest.raises(IncompleteListingError) as too_many:
        list(walk_pages(([Thing("a")], 12), pages.__getitem__, what="galleries", max_count=10))
    assert "es sind mehr, als der Client auflistet (10)" in too_many.value.user_message
    assert too_many.value.message == "there are more than the client lists (10)"


def test_a_network_failure_says_why_in_german_too(qtbot: QtBot, german: Translations) -> None:
    # The reasons the transport gives were English inside the German sentences: in a
    # failure's message, and in the status bar while a request is tried again.
    import httpx

    from galleryman.session.waiting import SlowWorkWatch
    from galleryman.wix.errors import DeadlineExceededError
    from galleryman.wix.observer import BackoffWait
    from galleryman.wix.transport import _network_error, retry_reason

    refused = _network_error(httpx.ConnectError("refused"), "GET", "/items")
    assert refused.message == "the connection was refused or could not be made"  # the log's
    assert refused.user_message == (
        "Der Server ist nicht erreichbar: die Verbindung wurde abgelehnt oder kam nicht zustande"
    )
    slow = DeadlineExceededError(message="no complete answer within 30 s", seconds=30.0)
    assert slow.user_message == (
        "Der Server hat nicht rechtzeitig geantwortet: keine vollständige Antwort innerhalb "
        "von 30 s"
    )
    watch = SlowWorkWatch([])
    dropped = _network_error(httpx.RemoteProtocolError("gone"), "GET", "/items")
    watch.note_wait(BackoffWait(2, 4.0, retry_reason(dropped)))
    assert re.fullmatch(
        r"Die Verbindung brach ab, bevor eine Antwort kam; neuer Versuch in \d s", watch.text
    ), watch.text
    watch.stop()
