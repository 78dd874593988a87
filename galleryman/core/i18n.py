"""Translation for every module, Qt-free ones included (core, wix, sync never import Qt).

    from galleryman.core.i18n import tr

    tr("Saved")                                        # a plain string
    tr("Delete “{name}”?").format(name=name)           # translate the template, then fill it
    tr("%Ln item(s) selected", "", count)              # a count: numerus forms per language
    tr("Open", "verb")                                 # the same English, another meaning

Every string is in one translation context, "" (pyside6-lupdate files a bare `tr(...)` call
there wherever it is written), so `make translations` extracts each call and the same English
gets the same German everywhere. lupdate reads the count of a `tr` call whatever expression
it is; it does not for `QCoreApplication.translate(..., n)` with a variable, and PySide6's
`self.tr` loses a count's translation in a subclass: counts always go through this `tr`.

The app installs Qt's translator at start (galleryman/translations.py). Until then, and in
scripts and tests, the English source text is the translation: "%n"/"%Ln" become the count
and "(s)" the English plural ending ("1 item", "2 items"): the one rule for English numerus
forms, which every source text follows.

Strings defined before any translator exists (module constants) are marked with
`QT_TR_NOOP("text")` and translated where they are shown, with `tr(CONSTANT)`.
"""

from __future__ import annotations

from collections.abc import Callable

CONTEXT = ""  # the one translation context: where lupdate files every bare `tr` call
ENGLISH_PLURAL = "(s)"  # "%Ln item(s)": "item" for exactly one, else "items"

Translate = Callable[[str, str, str | None, int], str]  # (context, text, disambiguation, n)
FormatNumber = Callable[[int], str]


def _format_number(value: int) -> str:
    return f"{value:,}"


def _source_text(context: str, text: str, disambiguation: str | None, n: int) -> str:
    """No translator: the source text, with the count put in the way Qt does it."""
    if n >= 0:
        text = text.replace("%Ln", _installed.number(n)).replace("%n", str(n))
    return text


class _Installed:
    """What the app installed (nothing: the English source text)."""

    def __init__(self) -> None:
        self.translate: Translate = _source_text
        self.number: FormatNumber = _format_number


_installed = _Installed()


def install(translate: Translate, number: FormatNumber) -> None:
    """Route every translation through `translate(context, text, disambiguation, n)`
    (QCoreApplication.translate: it puts the count in for "%n" and "%Ln") and format numbers
    with `number`."""
    _installed.translate = translate
    _installed.number = number


def uninstall() -> None:
    """Back to the English source text and Python's number format ("10,000")."""
    _installed.translate = _source_text
    _installed.number = _format_number


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """`text` in the user's language; with `n` >= 0, the numerus form for that count."""
    result = _installed.translate(CONTEXT, text, disambiguation, n)
    if n >= 0 and ENGLISH_PLURAL in result:  # not translated: English numerus forms
        result = result.replace(ENGLISH_PLURAL, "" if n == 1 else "s")
    return result


def number(value: int) -> str:
    """An integer with the locale's digit grouping: "10,000" in English, "10.000" in German."""
    return _installed.number(value)


def QT_TR_NOOP(text: str) -> str:  # noqa: N802 (the name lupdate reads)
    """Marks `text` for extraction; translate it with `tr` where it is shown."""
    return text
