"""Finds user-visible text that does not go through `tr` (tests/test_translations.py).

Two rules, on the syntax tree of each module:

1. Text given to something that shows it: Qt's text setters and constructors (setText,
   setToolTip, QLabel(...), QAction(...), addMenu, QMessageBox, QFileDialog captions...) and
   galleryman's own helpers that show text (plain_label, ask, show_info, Problem...). Any
   literal with a letter in it counts: "&File" and "Copy" need translating as much as a
   sentence does.
2. A sentence anywhere else ("Deleted 3 items", "Wix did not accept the API key..."): a
   literal that starts with a capital letter and has two or more words. Log messages,
   docstrings and exceptions for programmers (ValueError, RuntimeError... with text a
   person never sees) are not sentences for users.

A literal inside `tr(...)` or `QT_TR_NOOP(...)` is translated; an f-string inside `tr(...)` is
itself an error (lupdate would extract its braces, and the translation could never match), and
so is `tr("...")` inside an f-string's braces (lupdate never looks there).
A literal with `# i18n: not translated` on one of its lines is left alone (a product name,
text for bug reports...).
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

# The text is their first argument, or second for translate(context, text, ...).
TRANSLATING = {"tr": 0, "QT_TR_NOOP": 0, "translate": 1}
COUNT_ARGUMENT = {"tr": 2, "translate": 3}  # where a count goes: tr(text, "", n)
SHOWS_TEXT = {
    # Qt's setters and adders
    "setText",
    "setWindowTitle",
    "setToolTip",
    "setStatusTip",
    "setWhatsThis",
    "setPlaceholderText",
    "setAccessibleName",
    "setAccessibleDescription",
    "setTitle",
    "setIconText",
    "setSuffix",
    "setPrefix",
    "setSpecialValueText",
    "setLabelText",
    "setItemText",
    "setTabText",
    "setTabToolTip",
    "setHeaderLabel",
    "setHeaderLabels",
    "setFormat",
    "setInformativeText",
    "setDetailedText",
    "showMessage",
    "addMenu",
    "addAction",
    "addButton",
    "addItem",
    "addItems",
    "addRow",
    "insertRow",
    "addTab",
    "insertItem",
    "drawText",
    # Qt's constructors and static dialogs
    "QLabel",
    "QPushButton",
    "QToolButton",
    "QCheckBox",
    "QRadioButton",
    "QAction",
    "QGroupBox",
    "QMenu",
    "QMessageBox",
    "QTreeWidgetItem",
    "QListWidgetItem",
    "QStandardItem",
    "information",
    "warning",
    "critical",
    "question",
    "getOpenFileName",
    "getOpenFileNames",
    "getSaveFileName",
    "getExistingDirectory",
    "getText",
    "getItem",
    # galleryman's helpers that show their text
    "plain_label",
    "ask",
    "show_info",
    "show_error",
    "Problem",
    "ValueLabel",
    "_note",
    "_plain_label",
    "_buddy_label",
    "_action",
    "_check",
    "_line",
}
TEXT_KEYWORDS = {"accessible_name", "text", "title", "tip", "message", "label", "placeholder"}
# Exceptions a programmer reads (a bug, a wrong argument), never shown to a user as they are.
PROGRAMMER_ERRORS = {
    "AssertionError",
    "AttributeError",
    "IndexError",
    "KeyError",
    "NotImplementedError",
    "RuntimeError",
    "SystemExit",
    "TypeError",
}
NOT_TRANSLATED = "# i18n: not translated"
_SENTENCE = re.compile(r"^[\W\d_]*[A-Z][a-z']*\s+.*[A-Za-z]")
_LETTER = re.compile(r"[A-Za-z]")
_TAG = re.compile(r"<[^<>]*>")
_CODE = re.compile(r"^[a-z_][a-z0-9_\-]*$")
_URL = re.compile(r"^\w+://\S*$")  # an example address is the same in every language
_KEYS = re.compile(r"^(?:(?:Ctrl|Shift|Alt|Meta)\+)+\S+$|^F\d{1,2}$")  # QKeySequence("Ctrl+O")
_LOGGERS = {"log", "logger", "logging", "warnings"}


@dataclass(frozen=True)
class Finding:
    path: Path
    line: int
    text: str
    why: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.why}: {self.text!r}"


def literal_text(node: ast.AST) -> str | None:
    """The text a str literal or f-string holds (an f-string's fields as {…})."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(str(v.value) if isinstance(v, ast.Constant) else "{…}" for v in node.values)
    return None


def _name(func: ast.AST) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _owner(func: ast.AST) -> str:
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.value.id
    return ""


class _Scanner(ast.NodeVisitor):
    def __init__(self, path: Path, skip_lines: set[int]) -> None:
        self.path = path
        self.skip_lines = skip_lines
        self.findings: list[Finding] = []
        self._shown: set[int] = set()  # ids of literals given to something that shows text
        self._exempt: set[int] = set()  # ids of literals that are not for users

    def add(self, node: ast.AST, text: str, why: str) -> None:
        first = getattr(node, "lineno", 0)
        last = getattr(node, "end_lineno", None) or first
        if self.skip_lines.isdisjoint(range(first, last + 1)):
            self.findings.append(Finding(self.path, first, text, why))

    def _mark(self, node: ast.AST, into: set[int]) -> None:
        for child in ast.walk(node):
            into.add(id(child))

    def _check_count(self, node: ast.Call, name: str) -> None:
        """A count only in galleryman.core.i18n's bare `tr(text, "", n)`: lupdate reads no
        count of `translate(..., n)` with a variable, and PySide6's `self.tr` loses a count's
        translation in a subclass and has no English plural without a translator."""
        position = COUNT_ARGUMENT.get(name)
        counted = position is not None and (
            len(node.args) > position or any(k.arg == "n" for k in node.keywords)
        )
        if counted and (name == "translate" or isinstance(node.func, ast.Attribute)):
            self.add(node, name, 'a count: use tr(text, "", n) from galleryman.core.i18n')

    def _mark_shown(self, node: ast.AST) -> None:
        """The literals that end up in the text shown: the expression itself, the template
        and the fields of a `.format(...)`, a `.join`'s separator; not the arguments of
        other calls (`locale.toString(x, "f", 2)`)."""
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute):
                self._mark_shown(node.func.value)
                if node.func.attr == "format":
                    for arg in [*node.args, *(k.value for k in node.keywords)]:
                        self._mark_shown(arg)
            return
        self._shown.add(id(node))
        for child in ast.iter_child_nodes(node):
            self._mark_shown(child)

    def visit_Expr(self, node: ast.Expr) -> None:  # docstrings
        if literal_text(node.value) is not None:
            self._mark(node.value, self._exempt)
        self.generic_visit(node)

    def visit_Raise(self, node: ast.Raise) -> None:
        exc = node.exc
        if isinstance(exc, ast.Call) and _name(exc.func) in PROGRAMMER_ERRORS:
            self._mark(exc, self._exempt)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        name = _name(node.func)
        if name in TRANSLATING:
            self._check_count(node, name)
            position = TRANSLATING[name]
            text = node.args[position] if len(node.args) > position else None
            if isinstance(text, ast.JoinedStr):
                self.add(node, literal_text(text) or "", "f-string inside tr(): use .format()")
            elif text is not None and literal_text(text) is None:
                inner = [literal_text(n) for n in ast.walk(text) if literal_text(n) is not None]
                if inner:  # tr("a" if x else "b"): lupdate extracts neither
                    self.add(node, str(inner), "tr() of an expression: one tr() per text")
            self._mark(node, self._exempt)
        elif _owner(node.func) in _LOGGERS:
            self._mark(node, self._exempt)
        elif name in SHOWS_TEXT:
            for position, arg in enumerate(node.args):
                if position and _is_code(arg):  # addItem("English", "en"): the data
                    continue
                self._mark_shown(arg)
            for keyword in node.keywords:
                if keyword.arg in TEXT_KEYWORDS:
                    self._mark_shown(keyword.value)
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        self._check(node)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        self._check(node)
        # an f-string's fields hold code, not text: visit them for nested calls only
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                for call in ast.walk(value.value):
                    if _is_tr_of_literal(call):  # lupdate does not look inside f-strings
                        assert isinstance(call, ast.Call)
                        text = literal_text(call.args[TRANSLATING[_name(call.func)]]) or ""
                        self.add(call, text, "tr() inside an f-string")
                self.visit(value.value)

    def _check(self, node: ast.AST) -> None:
        text = literal_text(node)
        if text is None or id(node) in self._exempt:
            return
        words = _TAG.sub("", text)  # markup around the words is not text
        if (
            id(node) in self._shown
            and _LETTER.search(words)
            and not _KEYS.match(words)
            and not _URL.match(words)
        ):
            self.add(node, text, "text shown without tr()")
        elif id(node) not in self._shown and (_SENTENCE.match(words) or _is_ui_word(words)):
            self.add(node, text, "a sentence without tr()")


def _is_tr_of_literal(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call) or _name(node.func) not in TRANSLATING:
        return False
    position = TRANSLATING[_name(node.func)]
    return len(node.args) > position and literal_text(node.args[position]) is not None


def _is_code(node: ast.AST) -> bool:
    """ "en", "_blank", "saving": a value handed along with the text, not text."""
    text = literal_text(node)
    return isinstance(node, ast.Constant) and text is not None and bool(_CODE.match(text))


def _is_ui_word(text: str) -> bool:
    """ "Saving…", "Loading…": the ellipsis only ever ends text for people."""
    return text.endswith("…") and bool(_LETTER.search(text))


def _skip_lines(source: str) -> set[int]:
    return {
        token.start[0]
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT and token.string.startswith(NOT_TRANSLATED)
    }


def scan_source(source: str, path: Path) -> list[Finding]:
    tree = ast.parse(source, str(path))
    scanner = _Scanner(path, _skip_lines(source))
    # Visit calls before the literals inside them, so a literal knows what it is given to.
    scanner.visit(tree)
    return scanner.findings


def scan(path: Path) -> list[Finding]:
    return scan_source(path.read_text("utf-8"), path)
