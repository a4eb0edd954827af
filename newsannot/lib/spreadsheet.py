"""CSV cells that a spreadsheet would run as a formula ("CSV injection").

Excel, LibreOffice and Google Sheets treat a cell that starts with = + - @ (or a tab or a
carriage return before one) as a formula: an article's quote `=HYPERLINK("http://…")` becomes a
link, `=cmd|…` once launched programs. OWASP's advice: prefix such a cell with an apostrophe,
which spreadsheets show as text.

The rule is reversible, so a script can get the exact value back: a cell that starts with any
number of apostrophes followed by one of those characters gets one more apostrophe. Undoing it
removes one leading apostrophe from exactly those cells:

    re.sub(r"^'(?='*[=+\\-@\\t\\r])", "", cell)

A value that merely starts with an apostrophe ("'quoted'") runs nothing and is written as is.
"""

from __future__ import annotations

import re

FORMULA_START = "=+-@\t\r"
_FIRST = frozenset(FORMULA_START + "'")
_ESCAPED = re.compile(r"'*[=+\-@\t\r]")


def escape_cell(value: str) -> str:
    # The first character rules out nearly every cell before any regex runs.
    if value and value[0] in _FIRST and _ESCAPED.match(value):
        return "'" + value
    return value


def unescape_cell(value: str) -> str:
    if value.startswith("'") and _ESCAPED.match(value, 1):
        return value[1:]
    return value
