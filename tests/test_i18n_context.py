"""galleryman.core.i18n: `tr` looks a string up in the context pyside6-lupdate files it under
(checked against a real lupdate run: "" wherever the call is written), a count's `tr` is a
numerus message whatever expression the count is, and without a translator the English
source text reads right ("1 item", "2 items", "10,000 items")."""

from __future__ import annotations

import importlib.util
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from galleryman.core import i18n
from tests.i18n_support import lupdate_messages

SAMPLE = """
from galleryman.core.i18n import QT_TR_NOOP, tr

CONSTANT = QT_TR_NOOP("marked constant")


def module_function():
    return tr("module function")


def module_nested():
    def inner():
        return tr("nested in a module function")

    return inner()


def module_lambda():
    return (lambda: tr("lambda in a module function"))()


class Panel:

    def method(self):
        return tr("method")

    def plural(self, items):
        return tr("%Ln item(s) in a method", "", len(items)) + tr("%n file(s)", None, self.n)

    def nested(self):
        def inner():
            return tr("nested in a method")

        return inner()

    def lambda_and_comprehension(self):
        first = (lambda: tr("lambda in a method"))()
        second = [tr("comprehension in a method") for _ in range(1)][0]
        return first, second

    @staticmethod
    def static():
        return tr(
            "static method, "
            "over two lines"
        )

    @classmethod
    def klass(cls):
        return tr("class method")

    @property
    def prop(self):
        return tr("property")

    class Inner:
        def method(self):
            return tr("method of a nested class")


def class_in_function():
    class Local:
        def method(self):
            return tr("method of a class in a function")

    return Local().method()


class Sub(Panel):
    pass


def run():
    panel = Sub()
    panel.n = 3
    return [
        tr(CONSTANT),
        module_function(),
        module_nested(),
        module_lambda(),
        panel.method(),
        panel.plural([1, 2]),
        panel.nested(),
        *panel.lambda_and_comprehension(),
        Panel.static(),
        Panel.klass(),
        panel.prop,
        Panel.Inner().method(),
        class_in_function(),
    ]
"""


@pytest.fixture
def recording() -> Iterator[list[tuple[str, str, int]]]:
    calls: list[tuple[str, str, int]] = []

    def record(context: str, text: str, disambiguation: str | None, n: int) -> str:
        calls.append((context, text, n))
        return text.replace("%n", str(n))

    i18n.install(record, lambda value: f"<{value}>")
    try:
        yield calls
    finally:
        i18n.uninstall()


def test_tr_uses_the_context_lupdate_records(
    tmp_path: Path, recording: list[tuple[str, str, int]]
) -> None:
    source = tmp_path / "i18n_sample.py"
    source.write_text(textwrap.dedent(SAMPLE))
    extracted = lupdate_messages([source], tmp_path / "sample.ts")
    spec = importlib.util.spec_from_file_location("i18n_sample", source)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["i18n_sample"] = module
    try:
        spec.loader.exec_module(module)
        module.run()
    finally:
        del sys.modules["i18n_sample"]
    looked_up = {text: context for context, text, _n in recording}
    assert len(looked_up) == 15
    assert looked_up == {m.source: m.context for m in extracted}
    assert set(looked_up.values()) == {""}
    numerus = {m.source for m in extracted if m.numerus}
    assert numerus == {"%Ln item(s) in a method", "%n file(s)"}
    assert ("", "%Ln item(s) in a method", 2) in recording
    assert ("", "%n file(s)", 3) in recording


@pytest.mark.parametrize(
    ("n", "expected"),
    [(0, "0 items selected"), (1, "1 item selected"), (2, "2 items selected")],
)
def test_english_numerus_without_a_translator(n: int, expected: str) -> None:
    assert i18n.tr("%n item(s) selected", "", n) == expected


def test_localized_count_without_a_translator() -> None:
    assert i18n.tr("%Ln item(s)", "", 10_000) == "10,000 items"
    assert i18n.number(1234567) == "1,234,567"


def test_a_translation_is_used_and_keeps_its_own_plural(
    recording: list[tuple[str, str, int]],
) -> None:
    german = {"%Ln file(s)": "%Ln Dateien"}

    def translate(context: str, text: str, disambiguation: str | None, n: int) -> str:
        return german.get(text, text).replace("%Ln", i18n.number(n))

    i18n.install(translate, lambda value: f"{value:,}".replace(",", "."))
    assert i18n.tr("%Ln file(s)", "", 2500) == "2.500 Dateien"
    # An untranslated count still reads as English, with the installed number format.
    assert i18n.tr("%Ln change(s)", "", 1) == "1 change"
    assert i18n.tr("%Ln change(s)", "", 1000) == "1.000 changes"


def test_plain_text_is_left_alone() -> None:
    # "(s)" only means a plural in a count's text.
    assert i18n.tr("Delete the selected item(s)") == "Delete the selected item(s)"
    assert i18n.QT_TR_NOOP("Marked") == "Marked"
