"""Every field of the jsonl export, defined once: its key, its SQL and its Python value.

Each list below is the ordered keys of one JSON object the export writes (an article line, a
span, an outlet). A Field holds the key, the SQL expression PostgreSQL writes the value's JSON
text with (pgjsonl.py), and how the portable path takes the value from a source row
(source.py's dicts; jsonl.py dumps it with orjson). Both writers build their objects from these
lists alone, so a field added, removed or moved here changes both, in the same place and order,
and the byte-identical test (tests/exporters/test_pgjsonl.py) holds the two renderings together.

The SQL names the tables by the aliases of pgjsonl's query: `s` a span, `a` an article, `o` its
detected outlet, `ao` the article-outlet link, `sp` the article's aggregated spans. Parameters
(`%(labels)s`, `%(users)s`, `%(outlets)s`, ...) are JSON maps of id to the JSON text json.dumps
writes for the name (pgjsonl._params), so a name is written by Python on both paths.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from newsannot.outlets.models import Typology

_KEY = re.compile(r"^[a-z_]+$")  # keys go into SQL literals and JSON unescaped: keep them plain


def iso(value: dt.date | dt.datetime | str | None) -> str | None:
    """ISO 8601; a string is one already (rows read back from a stored jsonl file)."""
    if value is None or isinstance(value, str):
        return value
    return value.isoformat()


def ts(column: str) -> str:
    """A UTC timestamp as `datetime.isoformat()` writes it (microseconds only when non-zero).

    The date and time hold no "." of their own, so the replace can only drop a zero fraction.
    """
    return (
        f"'\"' || replace(to_char({column} AT TIME ZONE 'UTC', "
        f"'YYYY-MM-DD\"T\"HH24:MI:SS.US'), '.000000', '') || '+00:00\"'"
    )


def text(expr: str) -> str:
    """A text column that is never null, as JSON: to_json escapes what json.dumps does."""
    return f"to_json({expr})::text"


def nullable(expr: str) -> str:
    return f"COALESCE(to_json({expr})::text, 'null')"


@dataclass(frozen=True)
class Field:
    key: str
    sql: str  # the value's JSON text, in SQL
    value: Callable[[Mapping[str, Any]], Any] | None = field(default=None)  # None: row[key]

    def __post_init__(self) -> None:
        assert _KEY.match(self.key), self.key
        if self.value is None:
            object.__setattr__(self, "value", itemgetter(self.key))


def python_object(fields: Iterable[Field], row: Mapping[str, Any]) -> dict[str, Any]:
    """The object as json.dumps will write it, keys in the list's order."""
    return {f.key: f.value(row) for f in fields}  # type: ignore[misc]


def sql_object(fields: Iterable[Field]) -> str:
    """The object's JSON text as one SQL expression: `'{"k":' || (v) || ',"k2":' || ... '}'`,
    compact, as orjson writes it (no spaces after separators)."""
    parts = []
    for i, f in enumerate(fields):
        separator = "{" if i == 0 else ","
        parts.append(f"'{separator}\"{f.key}\":' || ({f.sql})")
    return " || ".join(parts) + " || '}'"


# An outlet of the registry (a span's named outlet, and the article's detected one with `how`).
# The Python rows are the registry's own (name, country, typology); the SQL reads `o`.
OUTLET_FIELDS: tuple[Field, ...] = (
    Field("name", text("o.name")),
    Field("country", text("o.country")),
    Field("typology", text("o.typology")),
    Field(
        "typology_label",
        nullable("(%(typologies)s::jsonb) ->> o.typology"),
        lambda o: str(Typology(o["typology"]).label),
    ),
)
REGISTRY_FIELDS: tuple[Field, ...] = (*OUTLET_FIELDS, Field("how", text("ao.how")))


def typologies() -> dict[str, str]:
    """The `%(typologies)s` map: a typology's code to its label, as OUTLET_FIELDS writes it."""
    return {value: str(name) for value, name in Typology.choices}


# A span of the annotations layer: every analyst's own span, as stored.
SPAN_FIELDS: tuple[Field, ...] = (
    Field("id", "s.id"),
    Field("start", "s.start"),
    Field("end", 's."end"'),
    Field("label", "%(labels)s::jsonb ->> s.label_id::text"),
    Field("quote", text("s.quote")),
    # Status is one of Status.values (a check constraint): nothing in it to escape.
    Field("status", "'\"' || s.status || '\"'"),
    Field("annotator", "%(analysts)s::jsonb ->> s.annotator_id::text"),
    Field("reviewer", "COALESCE(%(reviewers)s::jsonb ->> s.reviewer_id::text, 'null')"),
    Field("note", "CASE s.note WHEN '' THEN '\"\"' ELSE to_json(s.note)::text END"),
    # Only a state-media-source span names an outlet (source.py keeps the same rule).
    Field(
        "outlet",
        "CASE WHEN s.outlet_id IS NOT NULL AND s.label_id = ANY(%(outlet_labels)s)"
        " THEN %(outlets)s::jsonb ->> s.outlet_id::text ELSE 'null' END",
    ),
    # {key: value} with the keys in code point order (jsonb keeps its own order; "C" collation
    # on UTF-8 is code point order), so that both writers agree whatever order was stored.
    Field(
        "attributes",
        "CASE WHEN s.attributes = '{}'::jsonb THEN '{}' ELSE '{' || (SELECT string_agg("
        "to_json(e.k)::text || ':' || e.v::text, ',' ORDER BY e.k COLLATE \"C\") "
        "FROM jsonb_each(s.attributes) AS e(k, v)) || '}' END",
        lambda s: dict(sorted(s["attributes"].items())),
    ),
    Field("created_at", ts("s.created_at"), lambda s: iso(s["created_at"])),
    Field("updated_at", ts("s.updated_at"), lambda s: iso(s["updated_at"])),
)


def _credit(copies: str) -> tuple[Field, Field]:
    """A gold span's or gold relation's `annotators` (every analyst who made a copy, in id
    order) and `approved_by` (everyone who approved a copy, by user id), aggregated over its
    copies, the rows aliased `copies` (source.gold_credit builds the same in Python)."""
    return (
        Field(
            "annotators",
            f"'[' || string_agg(%(analysts)s::jsonb ->> {copies}.annotator_id::text, ','"
            f" ORDER BY {copies}.id) || ']'",
        ),
        Field(
            "approved_by",
            "'[' || COALESCE((SELECT string_agg(%(reviewers)s::jsonb ->> who::text, ','"
            f" ORDER BY who) FROM unnest(array_agg(DISTINCT {copies}.reviewer_id)) who"
            " WHERE who IS NOT NULL), '') || ']'",
        ),
    )


# A span of the gold layer: one per (article, label, start, end) among the approved spans, with
# every analyst who marked it (in the order they did) and everyone who approved a copy (by user
# id). In SQL each value is an aggregate over the group's copies `s` (pgjsonl's gold query
# groups by article, label, start, end); the Python rows are source.py's gold dicts.
GOLD_SPAN_FIELDS: tuple[Field, ...] = (
    Field("start", "s.start"),
    Field("end", 's."end"'),
    Field("label", "%(labels)s::jsonb ->> s.label_id::text"),
    # Every copy's quote is text[start:end] of the same article: they are one string.
    Field("quote", 'to_json(min(s.quote COLLATE "C"))::text'),
    *_credit("s"),
    # The first copy's outlet (copies name the outlet their common quote names).
    Field(
        "outlet",
        "CASE WHEN s.label_id = ANY(%(outlet_labels)s) THEN COALESCE(%(outlets)s::jsonb ->> "
        "((array_agg(s.outlet_id ORDER BY s.id))[1])::text, 'null') ELSE 'null' END",
    ),
    # The attribute values every copy agrees on (a copy without the key disagrees), and for
    # each other key every copy's value in id order, null where a copy has none
    # (source.gold_attributes): a split between analysts is shown, never settled silently.
    Field(
        "attributes",
        "COALESCE((SELECT '{' || string_agg(to_json(x.k)::text || ':' || x.v, ','"
        " ORDER BY x.k COLLATE \"C\") || '}' FROM (SELECT e.k, min(e.v::text) AS v"
        " FROM unnest(array_agg(s.attributes)) AS j(a), jsonb_each(j.a) AS e(k, v)"
        " GROUP BY e.k HAVING count(DISTINCT e.v) = 1 AND count(*) = count(s.id)) x), '{}')",
    ),
    Field(
        "disagreement",
        "COALESCE((SELECT '{' || string_agg(to_json(x.k)::text || ':' || x.vs, ','"
        " ORDER BY x.k COLLATE \"C\") || '}' FROM (SELECT k.k, '[' || string_agg("
        "COALESCE((j.a -> k.k)::text, 'null'), ',' ORDER BY j.n) || ']' AS vs"
        " FROM unnest(array_agg(s.attributes ORDER BY s.id)) WITH ORDINALITY AS j(a, n),"
        " (SELECT DISTINCT jsonb_object_keys(u.b) AS k"
        " FROM unnest(array_agg(s.attributes)) AS u(b)) k GROUP BY k.k"
        " HAVING count(DISTINCT COALESCE(j.a -> k.k, 'null'::jsonb)) > 1) x), '{}')",
    ),
    Field("span_ids", "'[' || string_agg(s.id::text, ',' ORDER BY s.id) || ']'"),
)
GOLD_ORDER = ("s.start", 's."end"', "s.label_id")  # gold spans in an article: Python sorts alike


def span_dict(span: Mapping[str, Any]) -> dict[str, Any]:
    return python_object(SPAN_FIELDS, span)


# A relation between two spans of the line (`r`): `from` and `to` are the spans' ids. Only a
# relation that passes the status filter and whose two spans are both in the line is written
# (source.py and pgjsonl.py keep the same rule); the gold layer has GOLD_RELATION_FIELDS.
RELATION_FIELDS: tuple[Field, ...] = (
    Field("id", "r.id"),
    Field("type", "%(relation_types)s::jsonb ->> r.type_id::text"),
    Field("from", "r.from_span_id"),
    Field("to", "r.to_span_id"),
    Field("status", "'\"' || r.status || '\"'"),
    Field("annotator", "%(analysts)s::jsonb ->> r.annotator_id::text"),
    Field("reviewer", "COALESCE(%(reviewers)s::jsonb ->> r.reviewer_id::text, 'null')"),
    Field("note", "CASE r.note WHEN '' THEN '\"\"' ELSE to_json(r.note)::text END"),
    Field("created_at", ts("r.created_at"), lambda r: iso(r["created_at"])),
    Field("updated_at", ts("r.updated_at"), lambda r: iso(r["updated_at"])),
)


def relation_dict(relation: Mapping[str, Any]) -> dict[str, Any]:
    return python_object(RELATION_FIELDS, relation)


# A relation of the gold layer: one per (type, from, to) among the approved relations whose two
# spans are copies of gold spans, `from` and `to` naming the gold spans by their first span id
# (span_ids[0]). In SQL each value is an aggregate over the group's copies `r`, `f` and `t`
# mapping each end to its gold span (pgjsonl's gold relation query); the Python rows are
# source.gold_relations' dicts.
GOLD_RELATION_FIELDS: tuple[Field, ...] = (
    Field("type", "%(relation_types)s::jsonb ->> r.type_id::text"),
    Field("from", "f.gold_id"),
    Field("to", "t.gold_id"),
    *_credit("r"),
    Field("relation_ids", "'[' || string_agg(r.id::text, ',' ORDER BY r.id) || ']'"),
)
GOLD_RELATION_ORDER = ("f.gold_id", "t.gold_id", "r.type_id")  # Python sorts alike


def gold_relation_dict(relation: Mapping[str, Any]) -> dict[str, Any]:
    return python_object(GOLD_RELATION_FIELDS, relation)


def gold_dict(span: Mapping[str, Any]) -> dict[str, Any]:
    return python_object(GOLD_SPAN_FIELDS, span)


def article_fields(*, gold: bool = False, split: bool = False) -> tuple[Field, ...]:
    """An article line's fields. `spans` holds SPAN_FIELDS objects, or GOLD_SPAN_FIELDS ones
    (in SQL: aggregated in `sp`), `relations` RELATION_FIELDS or GOLD_RELATION_FIELDS ones.
    A release's lines carry the article's `split` (from the `%(splits)s` map of article id to
    split)."""
    to_dict = gold_dict if gold else span_dict
    link_dict = gold_relation_dict if gold else relation_dict
    fields = [
        Field("id", "a.id"),
        Field("title", text("a.title")),
        Field("url", text("a.url")),
        Field("outlet", text("a.outlet")),
        Field(
            "outlet_registry",
            f"CASE WHEN o.id IS NULL THEN 'null' ELSE {sql_object(REGISTRY_FIELDS)} END",
        ),
        Field(
            "published_at",
            nullable("to_char(a.published_at, 'YYYY-MM-DD')"),
            lambda a: iso(a["published_at"]),
        ),
        Field("external_id", text("a.external_id")),
        Field("language", text("a.language")),
        Field("created_at", ts("a.created_at"), lambda a: iso(a["created_at"])),
        Field("updated_at", ts("a.updated_at"), lambda a: iso(a["updated_at"])),
        Field("offsets", "'\"codepoints\"'", lambda a: "codepoints"),
        Field("text", text("a.text")),
        Field(
            "spans",
            "'[' || COALESCE(sp.body, '') || ']'",
            lambda a: [to_dict(s) for s in a["spans"]],
        ),
        Field(
            "relations",
            "'[' || COALESCE(rl.body, '') || ']'",
            lambda a: [link_dict(r) for r in a["relations"]],
        ),
    ]
    if split:
        # Split names are a release's own few words (train, dev, test): nothing to escape.
        fields.insert(1, Field("split", "'\"' || (%(splits)s::jsonb ->> a.id::text) || '\"'"))
    return tuple(fields)


ARTICLE_FIELDS = article_fields()


def article_dict(article: Mapping[str, Any], fields: tuple[Field, ...] = ARTICLE_FIELDS):
    return python_object(fields, article)


# The columns the portable path reads (source.py), from which the rows above are made.
ARTICLE_COLUMNS = (
    "id",
    "title",
    "url",
    "outlet",
    "published_at",
    "external_id",
    "language",
    "text",
    "created_at",
    "updated_at",
)
