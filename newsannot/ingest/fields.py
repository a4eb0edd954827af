"""One validator per field an article or a span is written with, on every path.

Article create (API, workspace paste, file upload, demo), the JSON Lines import and span create
all take their values through these functions, and the API's serializers call them as their
fields' validation (newsannot/api/serializers.py): a value refused on one path is refused on
every path, with the same message. Offsets and quotes are checked by newsannot/lib/offsets.py.

Each function takes any value JSON (or a form) can carry and returns the value to store, or
raises Invalid naming the field. Pure: no database. Lengths are the model's columns.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Set

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Model

from newsannot.annotations.models import Status
from newsannot.corpus.models import OVERLAP_MAX, Article, AssignmentMode, Granularity, Label
from newsannot.lib.errors import Invalid, shown


def max_length(model: type[Model], name: str) -> int:
    return model._meta.get_field(name).max_length  # type: ignore[return-value]


TITLE_MAX = max_length(Article, "title")
URL_MAX = max_length(Article, "url")
OUTLET_MAX = max_length(Article, "outlet")
EXTERNAL_ID_MAX = max_length(Article, "external_id")
LANGUAGE_MAX = max_length(Article, "language")
LABEL_KEY_MAX = max_length(Label, "key")
VERSION_MAX = 2**31 - 1  # a PositiveIntegerField: PostgreSQL's integer
STATUSES = frozenset(Status.values)  # Status.values builds a new list on every call
_PENDING = Status.PENDING.value
_web_address = URLValidator(schemes=["http", "https"])
_WEB_PREFIXES = ("http://", "https://")
_UNSAFE = URLValidator.unsafe_chars
_URL_RE = re.compile(URLValidator.regex.pattern, re.IGNORECASE)  # the validator's own pattern


def is_web_address(value: str) -> bool:
    """What URLValidator(schemes=http, https) accepts, in a fifth of its time for the usual
    address. Past its pattern, the validator only looks again at non-ASCII or bracketed (IPv6)
    hosts, at hosts longer than 253 characters and at tabs and line breaks: an ASCII address
    with none of these is decided by the pattern alone. (The import checks one per article.)"""
    if (
        len(value) <= 253
        and value.isascii()
        and "[" not in value
        and "]" not in value
        and value[:8].lower().startswith(_WEB_PREFIXES)
        and not _UNSAFE.intersection(value)
    ):
        return _URL_RE.search(value) is not None
    try:
        _web_address(value)
    except ValidationError:
        return False
    return True


def storable(name: str, value: str, *, nul_allowed: bool = False) -> str:
    """A string JSON can carry but a database cannot store is refused: NUL (PostgreSQL refuses
    it in text) and unpaired UTF-16 surrogates (not characters at all), both only reachable
    through \\u escapes. An article's text may hold NULs: normalising removes them."""
    if not nul_allowed and "\x00" in value:
        raise Invalid(
            f"{name} contains a NUL character (\\u0000), which cannot be stored.", field=name
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise Invalid(
            f"{name} contains an unpaired surrogate ({value[exc.start]!r} at character "
            f"{exc.start}), which is not a character.",
            field=name,
        ) from None
    return value


def string(name: str, value: object) -> str:
    """A string (null reads as empty), storable as it is."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Invalid(f"{name} must be a string, not {shown(value)}.", field=name)
    return storable(name, value)


def _short(name: str, value: object, limit: int) -> str:
    """A string of at most `limit` characters as sent (what the API schema's maxLength says),
    stored without its surrounding whitespace."""
    value = string(name, value)
    if len(value) > limit:
        raise Invalid(f"{name} is longer than {limit} characters ({len(value):,}).", field=name)
    return value.strip()


# -- articles -----------------------------------------------------------------------------------


def title(value: object) -> str:
    value = _short("title", value, TITLE_MAX)
    if not value:
        raise Invalid("An article needs a title.", field="title")
    return value


def text(value: object) -> str:
    """The text as sent, before normalisation (parse.article normalises it)."""
    if not isinstance(value, str):
        raise Invalid(f"text must be a string, not {shown(value)}.", field="text")
    return storable("text", value, nul_allowed=True)


def url(value: object) -> str:
    """Empty, or a web address: pages link to it, so `javascript:` and the like never get in."""
    value = _short("url", value, URL_MAX)
    if value and not is_web_address(value):
        raise Invalid(
            f"url must be a web address starting with http:// or https://, not {shown(value)}.",
            field="url",
        )
    return value


def outlet(value: object) -> str:
    return _short("outlet", value, OUTLET_MAX)


def external_id(value: object) -> str:
    return _short("external_id", value, EXTERNAL_ID_MAX)


# A well-formed BCP 47 language tag (RFC 5646 2.1) with an ISO 639 language of two or three
# letters first (what browsers and screen readers know): extlangs, script, region, variants,
# extensions and private use may follow.
_LANGUAGE_TAG = re.compile(
    r"[a-z]{2,3}(?:-[a-z]{3}){0,3}"
    r"(?:-[a-z]{4})?"
    r"(?:-(?:[a-z]{2}|[0-9]{3}))?"
    r"(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"
    r"(?:-[0-9a-wyz](?:-[a-z0-9]{2,8})+)*"
    r"(?:-x(?:-[a-z0-9]{1,8})+)?",
    re.IGNORECASE,
)


def language(value: object) -> str:
    """Empty, or a BCP 47 tag ("en", "zh-Hant-TW") in its usual case: language lower, script
    title, region upper ("pt_BR" is taken as "pt-BR"). Checked for form, not against the
    registry: a browser given a tag it does not know reads the text as it did without."""
    value = _short("language", value, LANGUAGE_MAX).replace("_", "-")
    if not value:
        return ""
    if not _LANGUAGE_TAG.fullmatch(value):
        raise Invalid(
            f"language must be a BCP 47 language tag such as en, ru or pt-BR, not {shown(value)}.",
            field="language",
        )
    first, *rest = value.split("-")
    out, extension = [first.lower()], False
    for part in rest:
        extension = extension or len(part) == 1  # after a singleton: no case convention
        if not extension and len(part) == 4 and part.isalpha():
            part = part.title()
        elif not extension and len(part) == 2 and part.isalpha():
            part = part.upper()
        else:
            part = part.lower()
        out.append(part)
    return "-".join(out)


def published_at(value: object) -> dt.date | None:
    """A date written YYYY-MM-DD (an ISO 8601 date-time gives its date); empty or null: none."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
            try:
                day = parse(value.strip())
            except ValueError:
                continue
            return day.date() if isinstance(day, dt.datetime) else day
    raise Invalid(
        f"published_at must be a date written YYYY-MM-DD, not {shown(value)}.",
        field="published_at",
    )


# -- spans --------------------------------------------------------------------------------------


def known_fields(given: Iterable[str], known: Set[str]) -> None:
    """Refuse fields this path does not take. A misspelt one (`extrenal_id`, `nots`) would
    otherwise be dropped without a word and its value lost; the import and every API write
    refuse it with this one message."""
    unknown = sorted(set(given) - known)
    if unknown:
        listed = ", ".join(shown(name) for name in unknown[:5])
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        raise Invalid(f"Unknown field(s): {listed}{more}.")


def label_key(value: object) -> str:
    """A label's key as sent; whether the project has that label is the caller's lookup."""
    if not isinstance(value, str) or not value.strip():
        raise Invalid(f"label must be a label's key, not {shown(value)}.", field="label")
    return _short("label", value, LABEL_KEY_MAX)


def unknown_label(key: str, keys: list[str]) -> Invalid:
    """The error for a key the project has no label for (the lookup is the caller's)."""
    return Invalid(
        f"Unknown label {shown(key)}; this project's labels are: {', '.join(keys)}.", field="label"
    )


def status(value: object) -> str:
    """A span's review status; absent or empty: pending."""
    if value is None or value == "":
        return _PENDING
    if not isinstance(value, str) or value not in STATUSES:
        raise Invalid(
            f"Unknown status {shown(value)}; it is one of {', '.join(Status.values)}.",
            field="status",
        )
    return value


def note(value: object) -> str:
    """Free text, kept exactly as written (no trimming); null reads as empty."""
    return "" if value is None else string("note", value)


def quote(value: object) -> str:
    """The text a span covers, as sent; lib/offsets.check_quote holds it to the text."""
    if not isinstance(value, str):
        raise Invalid("quote must be the text the span covers.", field="quote")
    return storable("quote", value)


def version(value: object) -> int:
    """The version of a span a change was made on."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"version must be a whole number, not {shown(value)}.", field="version")
    if not 1 <= value <= VERSION_MAX:
        raise Invalid(
            f"version must be between 1 and {VERSION_MAX}, not {shown(value)}.", field="version"
        )
    return value


# -- relations and attributes -------------------------------------------------------------------

ID_MAX = 2**63 - 1  # a BigAutoField


def span_id(value: object, name: str) -> int:
    """A span's id naming a relation's end (`from` or `to`)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= ID_MAX:
        raise Invalid(f"{name} must be a span's id, not {shown(value)}.", field=name)
    return value


def relation_type_key(value: object) -> str:
    """A relation type's key as sent; whether the project has it is the caller's lookup."""
    if not isinstance(value, str) or not value.strip():
        raise Invalid(f"type must be a relation type's key, not {shown(value)}.", field="type")
    return _short("type", value, LABEL_KEY_MAX)


def attributes_shape(value: object) -> dict[str, str]:
    """A span's attributes as sent: an object of keys to values, both strings (null: none).
    Which keys and values are allowed depends on the label: see `attributes`."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise Invalid(
            f"attributes must be an object of keys to values, not {shown(value)}.",
            field="attributes",
        )
    for key, item in value.items():
        if not isinstance(item, str):
            raise Invalid(
                f"attributes.{shown(key)} must be one of its values (a string), not {shown(item)}.",
                field="attributes",
            )
    return dict(value)


def attributes(value: object, allowed: dict[str, list[str]], label: str) -> dict[str, str]:
    """A span's attributes, each key one its label `label` has, each value one of the key's
    (`allowed`: key → values, from the label's LabelAttribute rows). The one check on every
    path: API, annotate view and import."""
    value = attributes_shape(value)
    for key, item in value.items():
        if key not in allowed:
            keys = ", ".join(allowed) or "none"
            raise Invalid(
                f"A {label!r} span has no attribute {shown(key)}; its attributes are: {keys}.",
                field="attributes",
            )
        if item not in allowed[key]:
            raise Invalid(
                f"{label}.{key} is one of {', '.join(allowed[key])}, not {shown(item)}.",
                field="attributes",
            )
    # In the label's order, so that equal attributes export as equal text.
    return {key: value[key] for key in allowed if key in value}


def outlet_id(value: object) -> int | None:
    """The registry outlet a person picks for a span: an id, or null for none."""
    return None if value is None else span_id(value, "outlet")


# -- a project's workload settings (API PATCH and the browser's form) --------------------------


def _choice(name: str, value: object, choices: list[str]) -> str:
    """One of a setting's `choices` (a TextChoices' values), exactly as spelled there."""
    if not isinstance(value, str) or value not in choices:
        raise Invalid(
            f"{name} must be one of {', '.join(choices)}, not {shown(value)}.", field=name
        )
    return value


def assignment_mode(value: object) -> str:
    """open: analysts see every article; assigned: only theirs."""
    return _choice("assignment", value, AssignmentMode.values)


def granularity(value: object) -> str:
    """What a mouse selection in the annotate view snaps to: whole words or characters."""
    return _choice("granularity", value, Granularity.values)


def overlap(value: object) -> int:
    """How many analysts annotate each article. A form sends digits as text."""
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 4:
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= OVERLAP_MAX:
        raise Invalid(
            f"overlap must be a whole number from 1 to {OVERLAP_MAX}, not {shown(value)}.",
            field="overlap",
        )
    return value
