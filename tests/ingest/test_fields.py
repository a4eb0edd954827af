"""Each field's one validator, as every path uses it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from hypothesis import given, settings
from hypothesis import strategies as st

from newsannot.corpus.models import Article
from newsannot.ingest import fields
from newsannot.lib.errors import Invalid


def test_lengths_are_the_models_columns():
    for name in ("title", "url", "outlet", "external_id"):
        limit = Article._meta.get_field(name).max_length
        check = getattr(fields, name)
        value = "https://example.org/" + "a" * (limit - 20) if name == "url" else "a" * limit
        assert check(value) == value
        with pytest.raises(Invalid, match=f"{name} is longer than {limit} characters"):
            check(value + "a")


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,x",
        "ftp://example.org/a",
        "example.org",
        "http://",
        "https://exa mple.org",
    ],
)
def test_an_address_is_a_web_address(value):
    with pytest.raises(Invalid, match="url must be a web address"):
        fields.url(value)


def test_an_address_may_be_empty_and_is_trimmed():
    assert fields.url(None) == fields.url("") == ""
    assert fields.url("  https://example.org/a?b=1  ") == "https://example.org/a?b=1"


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2024-03-01", dt.date(2024, 3, 1)),
        ("2024-03-01T10:20:00+02:00", dt.date(2024, 3, 1)),
        (dt.date(2024, 3, 1), dt.date(2024, 3, 1)),
        ("", None),
        (None, None),
    ],
)
def test_a_date_is_an_iso_date_or_the_date_of_a_date_time(value, day):
    assert fields.published_at(value) == day


@pytest.mark.parametrize(
    "value", ["yesterday", "2024-13-01", "2024-03-01garbage", 20240301, [], {}]
)
def test_anything_else_is_not_a_date(value):
    with pytest.raises(Invalid, match="published_at must be a date written YYYY-MM-DD"):
        fields.published_at(value)


@pytest.mark.parametrize("value", [["a"], {"a": 1}, 1, None, True, "", "  "])
def test_a_label_is_a_key(value):
    with pytest.raises(Invalid, match="label must be a label's key"):
        fields.label_key(value)


@pytest.mark.parametrize("value", [["pending"], {"a": 1}, 0, False, "done"])
def test_a_status_is_one_of_three(value):
    with pytest.raises(
        Invalid, match=r"Unknown status .*; it is one of pending, approved, rejected"
    ):
        fields.status(value)


def test_no_status_is_pending():
    assert fields.status(None) == fields.status("") == "pending"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0, "version must be between 1 and 2147483647, not 0."),
        (2**31, "version must be between 1 and 2147483647, not 2147483648."),
        (10**4000, "version must be between 1 and 2147483647, not 1000000000000"),
        (True, "version must be a whole number, not True."),
        ("1", "version must be a whole number, not '1'."),
    ],
)
def test_a_version_fits_the_column(value, message):
    with pytest.raises(Invalid) as refused:
        fields.version(value)
    assert refused.value.message.startswith(message)


@pytest.mark.parametrize(
    ("check", "value", "message"),
    [
        (fields.title, "a\x00b", "title contains a NUL character"),
        (fields.note, "\udc00", "note contains an unpaired surrogate ('\\udc00' at character 0)"),
        (fields.outlet, "RT\ud800", "outlet contains an unpaired surrogate"),
        (fields.text, "half \ud83d emoji", "text contains an unpaired surrogate"),
    ],
)
def test_strings_no_database_can_store_are_refused(check, value, message):
    with pytest.raises(Invalid, match="^" + re.escape(message)):
        check(value)
    assert fields.text("NUL\x00 in a text is removed by normalising") is not None


def test_messages_quote_what_was_sent_shortly():
    with pytest.raises(Invalid) as refused:
        fields.title(["x" * 100_000] * 1000)
    assert len(refused.value.message) < 150


def _django_says(value: str) -> bool:
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return False
    return True


TRICKY = [
    "https://example.org/a?b=1#c",
    "HTTP://EXAMPLE.ORG",
    "http://localhost:8000/x",
    "http://127.0.0.1/",
    "http://256.1.1.1/",
    "http://[::1]/",
    "http://[::1/",
    "http://[1:2:3]/",
    "https://exa\uff03mple.org/",
    "http://example.org]/",
    "https://пример.рф/",
    "https://xn--e1afmkfd.xn--p1ai/",
    "https://exa mple.org/",
    "https://example.org/\tx",
    "https://example.org/\n",
    "https://" + "a" * 250 + ".org/",
    "https://" + "a." * 130 + "org/",
    "https://-bad-.org/",
    "https://user:pw@example.org/",
    "https:/example.org",
    "https://",
    "https://.org",
    "ftp://example.org/",
    "javascript://example.org/%0Aalert(1)",
]


@pytest.mark.parametrize("value", TRICKY)
def test_the_quick_address_check_agrees_with_djangos_validator(value):
    assert fields.is_web_address(value) is _django_says(value)


@settings(max_examples=300, derandomize=True)
@given(
    value=st.builds(
        lambda scheme, rest: scheme + rest,
        st.sampled_from(["http://", "https://", "HTTPS://", "http:/", ""]),
        st.text(st.sampled_from("aZ09.-_:/?#@[]%~ \t\u00e9"), max_size=30),
    )
)
def test_the_quick_address_check_agrees_with_djangos_validator_on_any_string(value):
    assert fields.is_web_address(value) is _django_says(value)
