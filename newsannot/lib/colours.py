"""A label's colour: `#rrggbb`, checked by one validator (the model field's, which the services
call too) and by the database itself, so no other string can reach a `style` attribute."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.functions import Length, Substr
from django.db.models.lookups import Exact, In

COLOUR_RE = re.compile(r"#[0-9a-fA-F]{6}")
HEX_DIGITS = "0123456789abcdefABCDEF"
FALLBACK = "#888888"


def is_colour(value: object) -> bool:
    return isinstance(value, str) and COLOUR_RE.fullmatch(value) is not None


def validate_colour(value: object) -> None:
    """The model field's validator (forms, the admin, full_clean) and the services' check."""
    if not is_colour(value):
        shown = repr(value)[:40]
        raise ValidationError(
            f"Colour {shown} must be written #rrggbb, e.g. #2f6db5.", code="colour"
        )


def colour_condition(field: str) -> Q:
    """The database's check: seven characters, '#' then six hex digits. Written with lookups
    both SQLite and PostgreSQL run natively (SQLite has no built-in regular expressions: Django
    adds REGEXP per connection, which the sqlite3 shell or a backup tool would not have)."""
    digits = [In(Substr(field, i, 1), list(HEX_DIGITS)) for i in range(2, 8)]
    return Q(Exact(Length(field), 7), Exact(Substr(field, 1, 1), "#"), *digits)


def normalised(value: object, fallback: str = FALLBACK) -> str:
    """A stored colour made valid, for the data migration: `abc123` and `#abc` and ` #ABC123 `
    are read as the colours they mean; anything else becomes `fallback`."""
    text = value.strip() if isinstance(value, str) else ""
    if text and not text.startswith("#"):
        text = "#" + text
    if re.fullmatch(r"#[0-9a-fA-F]{3}", text):
        text = "#" + "".join(c * 2 for c in text[1:])
    return text.lower() if is_colour(text) else fallback
