"""Whole numbers that arrive as text (a path, a query string, a form, a cursor) and go into a query.

The database's integers are 64-bit (BigAutoField ids; SQLite's INTEGER). A larger number is no
id at all, yet handed to a query SQLite's driver raises OverflowError: a 500. `str.isdigit()` is
no guard either: it says yes to "²", which `int()` refuses. Every such value comes through here
and leaves as an int in range, or as Invalid (400) naming the field; a path segment out of range
simply matches no route (404).
"""

from __future__ import annotations

import re

from newsannot.lib.errors import Invalid

MAX_ID = 2**63 - 1
# ASCII digits only, at most as many as MAX_ID has: int() never sees a 5,000-digit string.
_DIGITS = re.compile(r"[0-9]{1,19}")


def whole_number(raw: object) -> int | None:
    """`raw` as an int from 0 to MAX_ID, or None when it is not one."""
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if not _DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if value <= MAX_ID else None


def parse_int(raw: str | None, *, field: str, name: str = "") -> int:
    """`raw` as an int in range, or Invalid saying what `name` (default: `field`) must be."""
    value = whole_number(raw)
    if value is None:
        shown = raw if raw is None or len(raw) <= 30 else raw[:30] + "…"
        raise Invalid(
            f"{name or field} must be a whole number from 0 to {MAX_ID}, not {shown!r}.",
            field=field,
        )
    return value


def optional_int(raw: str | None, *, field: str, name: str = "") -> int | None:
    """Like parse_int, but a missing or empty value is None."""
    if raw is None or not raw.strip():
        return None
    return parse_int(raw, field=field, name=name)


class PathId:
    """The `<id:name>` path converter: `<int:...>` held to the database's range."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError(f"{value} is beyond the largest id")  # Django: no match, 404
        return number

    def to_url(self, value: int | str) -> str:
        return str(value)
