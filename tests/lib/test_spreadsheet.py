"""CSV cells that a spreadsheet would run as a formula get a leading apostrophe, reversibly."""

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsannot.lib.spreadsheet import escape_cell, unescape_cell


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        # Already starting with apostrophes before a trigger: one more, so undoing is exact.
        ("'=1", "''=1"),
        ("''-1", "'''-1"),
        # Left alone: nothing a spreadsheet runs.
        ("'quoted'", "'quoted'"),
        ("'", "'"),
        ("", ""),
        ("a=b", "a=b"),
        (" =1", " =1"),
        ("Source: RT", "Source: RT"),
    ],
)
def test_it_escapes_exactly_the_cells_a_spreadsheet_would_run(value, written):
    assert escape_cell(value) == written
    assert unescape_cell(written) == value


@given(st.text(alphabet="'=+-@\t\r\nab ", max_size=12) | st.text())
def test_undoing_restores_every_value(value):
    written = escape_cell(value)
    assert unescape_cell(written) == value
    # What a spreadsheet sees never starts a formula.
    assert not re.match(r"[=+\-@\t\r]", written)


RECIPE = r"""re.sub(r"^'(?='*[=+\-@\t\r])", "", cell)"""


def test_the_readme_recipe_undoes_it():
    # The one line README gives for scripts, taken from README itself.
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert RECIPE in readme
    for value in ["=1", "'=1", "''@x", "'plain", "plain", "-", "\t", "'"]:
        assert re.sub(r"^'(?='*[=+\-@\t\r])", "", escape_cell(value)) == value
