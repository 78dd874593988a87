"""The app's language, chosen once at start before any window is built: galleryman's own
translation (galleryman/assets/translations/galleryman_<lang>.qm, made by `make translations`)
and Qt's (qtbase_<lang>.qm from Qt's translations folder: the standard dialogs' buttons and
the file dialog), and the locale numbers and dates are written in.

The language is Preferences' choice (settings LANGUAGE), or the system's first preferred
language galleryman has a translation for, else English (the source language). Numbers and
dates follow the language with the system's region: English on a German system writes
"1.234" like the rest of that system; German on an American one writes "1.234" too.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from galleryman.core import i18n
from galleryman.settings import LANGUAGE, Settings

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = "en"
TRANSLATOR_NAME = "galleryman-translator"


def translations_dir() -> Path:
    return Path(str(resources.files("galleryman") / "assets" / "translations"))


def shipped_languages() -> list[str]:
    """The languages galleryman is translated into, besides English: ["de"]."""
    found = translations_dir().glob("galleryman_*.qm")
    return sorted(path.stem.removeprefix("galleryman_") for path in found)


def chosen_language(setting: str, system: QLocale) -> str:
    """The language code to use: the setting's, else the system's first preferred language
    that galleryman has, else English."""
    available = [SOURCE_LANGUAGE, *shipped_languages()]
    if setting:
        return setting if setting in available else SOURCE_LANGUAGE
    for name in system.uiLanguages():  # "de-DE", "de", "en-US"..., most preferred first
        code = name.replace("_", "-").split("-")[0].lower()
        if code in available:
            return code
    return SOURCE_LANGUAGE


def locale_for(language: str, system: QLocale) -> QLocale:
    """How numbers and dates are written: in `language`, with the system's region."""
    return QLocale(QLocale(language).language(), system.territory())


@dataclass
class Translations:
    """What `install_language` put in place, and how to take it out again (tests). The
    translators belong to the application (its children), so they stay installed however
    long this object lives."""

    app: QCoreApplication
    language: str
    locale: QLocale
    previous_locale: QLocale

    def translators(self) -> list[QTranslator]:
        return self.app.findChildren(QTranslator, TRANSLATOR_NAME)

    def remove(self) -> None:
        for translator in self.translators():
            self.app.removeTranslator(translator)
            translator.setParent(None)  # gone with its Python wrapper
        i18n.uninstall()
        QLocale.setDefault(self.previous_locale)


def install_translations(app: QCoreApplication, settings_file: Path) -> Translations:
    """The language Preferences chose (or the system's), installed on `app`. Call right after
    the QApplication is made, before any widget: text is translated when a widget is built."""
    return install_language(app, Settings(settings_file).get(LANGUAGE))


def install_language(
    app: QCoreApplication, setting: str, system: QLocale | None = None
) -> Translations:
    system = system or QLocale.system()
    language = chosen_language(setting, system)
    installed = Translations(app, language, locale_for(language, system), QLocale())
    QLocale.setDefault(installed.locale)
    if language != SOURCE_LANGUAGE:
        qt = _load(app, qt_translation(f"qtbase_{language}.qm"))
        own = _load(app, translations_dir() / f"galleryman_{language}.qm")
        for translator in (qt, own):  # the last installed is asked first: galleryman's own
            if translator is not None:
                app.installTranslator(translator)
    i18n.install(QCoreApplication.translate, _number)
    log.info(
        "language %s (setting %r, system %s), formats %s",
        language,
        setting,
        system.name(),
        installed.locale.name(),
    )
    return installed


def qt_translation(name: str) -> Path:
    """Qt's own translation file `name`: in Qt's translations folder (QLibraryInfo), or where
    a PySide6 wheel keeps them if that folder has none (a bundle whose qt.conf points
    elsewhere)."""
    qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    wheel_dir = Path(PySide6.__file__).resolve().parent / "Qt" / "translations"
    return next((d / name for d in (qt_dir, wheel_dir) if (d / name).is_file()), qt_dir / name)


def _load(app: QCoreApplication, path: Path) -> QTranslator | None:
    # A child of the app: a translator whose Python object is collected is uninstalled.
    translator = QTranslator(app)
    translator.setObjectName(TRANSLATOR_NAME)
    if translator.load(str(path)):
        return translator
    translator.setParent(None)
    log.warning("translation %s could not be loaded: those texts stay in English", path)
    return None


def _number(value: int) -> str:
    return QLocale().toString(value)
