"""An article's values, and a JSON Lines line, validated into what will be stored. No database.

    {"title", "text", "url"?, "outlet"?, "published_at"?, "external_id"?, "language"?,
     "spans"?: [{"id"?, "start", "end", "label", "quote"?, "status"?, "note"?, "attributes"?}],
     "relations"?: [{"type", "from", "to", "note"?, "status"?}]}

`language` is a BCP 47 tag; `lang` is taken for it too (other corpora's name).

A relation's `from` and `to` name spans of the same line by their `id` (our export writes the
stored ids; any number or string unique in the line will do).

Every field goes through its validator in newsannot/ingest/fields.py and offsets through
newsannot/lib/offsets.py, as on every other path. Span offsets are code points over the text
*as given*; they are remapped through the same normalisation the stored text goes through, so
a `\\r\\n` article keeps its spans on the same words.

The importer runs `LineParser` in its prefetch thread: it must not touch the database (the
project's labels are read once, before, and handed in).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from newsannot.annotations.models import RelationType, Status
from newsannot.corpus.models import Label
from newsannot.ingest import fields
from newsannot.lib.errors import Invalid, shown
from newsannot.lib.offsets import check_offsets, check_quote
from newsannot.lib.text import Normalised, content_hash, normalise

ARTICLE_FIELDS = frozenset(
    {"title", "text", "url", "outlet", "published_at", "external_id", "language", "lang"}
)
SPAN_FIELDS = frozenset({"start", "end", "label", "quote", "status", "note", "attributes"})
RELATION_FIELDS = frozenset({"type", "from", "to", "note", "status"})
# Fields our own export writes that an import accepts and ignores (outlets are re-detected).
# A release's lines carry `split`; gold spans `annotators`, `approved_by` and `span_ids`.
EXPORTED_ONLY = frozenset({"id", "offsets", "created_at", "updated_at", "outlet_registry", "split"})
SPAN_EXPORTED_ONLY = frozenset(
    {
        "id",
        "annotator",
        "reviewer",
        "created_at",
        "updated_at",
        "outlet",
        "annotators",
        "approved_by",
        "span_ids",
    }
)
RELATION_EXPORTED_ONLY = frozenset({"id", "annotator", "reviewer", "created_at", "updated_at"})
LINE_KEYS = ARTICLE_FIELDS | EXPORTED_ONLY | {"spans", "relations"}
SPAN_KEYS = SPAN_FIELDS | SPAN_EXPORTED_ONLY
RELATION_KEYS = RELATION_FIELDS | RELATION_EXPORTED_ONLY


@dataclass(slots=True)
class ArticleValues:
    title: str
    text: str  # normalised
    content_hash: str
    url: str
    outlet: str
    published_at: dt.date | None
    external_id: str
    language: str
    normalised: Normalised  # the raw text's offset map, for spans given over the raw text


def article(
    *,
    title: object,
    text: object,
    url: object = "",
    outlet: object = "",
    published_at: object = None,
    external_id: object = "",
    language: object = "",
) -> ArticleValues:
    """An article's fields, validated; its text normalised once."""
    title = fields.title(title)
    normalised = article_text(text)
    return ArticleValues(
        title=title,
        text=normalised.text,
        content_hash=content_hash(normalised.text),
        url=fields.url(url),
        outlet=fields.outlet(outlet),
        published_at=fields.published_at(published_at),
        external_id=fields.external_id(external_id),
        language=fields.language(language),
        normalised=normalised,
    )


def article_text(value: object) -> Normalised:
    """An article's text as sent, normalised: something must be left of it."""
    normalised = normalise(fields.text(value))
    if not normalised.text.strip():
        raise Invalid("The article has no text.", field="text")
    return normalised


def _language(data: dict) -> object:
    """A line's `language`, or its `lang`: one of them, or both the same."""
    if "language" in data and "lang" in data and data["language"] != data["lang"]:
        raise Invalid("language and lang differ: give one of them.", field="language")
    return data.get("language", data.get("lang"))


# -- JSON Lines ---------------------------------------------------------------------------------


class LineError(Exception):
    """What is wrong with one line; the importer adds the line number."""


@dataclass(slots=True)
class SpanValues:
    label: Label
    start: int
    end: int
    quote: str
    status: str
    note: str
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class RelationValues:
    type: RelationType
    source: int  # index into the line's spans
    target: int
    status: str
    note: str


@dataclass(slots=True)
class Line:
    article: ArticleValues
    spans: list[SpanValues]
    merged: list[dict[str, Any]] = field(default_factory=list)  # {"span", "detail"}
    relations: list[RelationValues] = field(default_factory=list)


BLANK = object()  # a line with nothing on it (a JSON `null` is something: not an article)


def _json(raw: bytes | str) -> Any:
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as exc:
        raise LineError(f"The line is not valid UTF-8 (byte {exc.start}).") from None
    if not text.strip():
        return BLANK
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise LineError(f"The line is not valid JSON: {exc.msg} at column {exc.colno}.") from None
    except RecursionError:
        raise LineError("The line nests JSON too deeply to be an article.") from None
    except ValueError:
        # Python refuses to read an integer of more than 4,300 digits (sys.int_max_str_digits).
        raise LineError(
            "The line holds a number with more than 4,300 digits; no field takes one."
        ) from None


class LineParser:
    """Parse and validate one line into a `Line`; raise LineError naming every problem."""

    def __init__(
        self,
        labels: Mapping[str, Label],
        *,
        may_decide: bool,
        attributes: Mapping[str, dict[str, list[str]]] | None = None,
        relation_types: Mapping[str, RelationType] | None = None,
    ) -> None:
        """`attributes`: label key → its attributes (key → values); `relation_types`: the
        project's types by key, retired ones left out."""
        self.labels = labels
        self.keys = list(labels)
        self.may_decide = may_decide
        self.attributes = attributes or {}
        self.relation_types = relation_types or {}

    def __call__(self, raw: bytes | str) -> Line | None:
        """None for a blank line."""
        data = _json(raw)
        if data is BLANK:
            return None
        if not isinstance(data, dict):
            raise LineError("Each line must be a JSON object describing one article.")
        try:
            fields.known_fields(data, LINE_KEYS)
        except Invalid as exc:
            raise LineError(exc.message) from None
        if "text" not in data:
            raise LineError("The article has no text field.")
        try:
            values = article(
                title=data.get("title"),
                text=data["text"],
                url=data.get("url"),
                outlet=data.get("outlet"),
                published_at=data.get("published_at"),
                external_id=data.get("external_id"),
                language=_language(data),
            )
        except Invalid as exc:
            raise LineError(exc.message) from None
        line = Line(article=values, spans=[])
        refs = self.spans(line, data["text"], data.get("spans"))
        self.relations(line, refs, data.get("relations"))
        return line

    def spans(self, line: Line, raw: str, specs: object) -> dict[Any, int]:
        """Fill in the line's spans; answer their `id`s (references for relations) → index."""
        refs: dict[Any, int] = {}
        if specs is None:
            return refs
        if not isinstance(specs, list):
            raise LineError(f"spans must be a list, not {shown(specs)}.")
        normalised = line.article.normalised
        mapped = normalised if normalised.removed else None
        # (label key, start, end) -> the first such span and its number in the line
        seen: dict[tuple[str, int, int], tuple[SpanValues, int]] = {}
        at: dict[tuple[str, int, int], int] = {}  # the same key -> its index in line.spans
        problems: list[str] = []
        for index, spec in enumerate(specs, start=1):
            try:
                span = self.span(raw, line.article.text, mapped, spec)
            except Invalid as exc:
                problems.append(f"span {index}: {exc.message}")
                continue
            key = (span.label.key, span.start, span.end)
            first = seen.get(key)
            if first is None:
                seen[key] = (span, index)
                at[key] = len(line.spans)
                line.spans.append(span)
            else:
                self.duplicate(line, index, span, *first, problems)
            ref = spec.get("id")  # a dict: span() said so
            if ref is not None:
                if isinstance(ref, bool) or not isinstance(ref, int | str):
                    problems.append(f"span {index}: id must be a number or a string.")
                elif ref in refs:
                    problems.append(f"span {index}: id {shown(ref)} names another span already.")
                else:
                    refs[ref] = at[key]
        if problems:
            raise LineError(" ".join(problems))
        return refs

    def relations(self, line: Line, refs: dict[Any, int], specs: object) -> None:
        if specs is None:
            return
        if not isinstance(specs, list):
            raise LineError(f"relations must be a list, not {shown(specs)}.")
        problems: list[str] = []
        seen: set[tuple[int, int, int]] = set()
        for index, spec in enumerate(specs, start=1):
            try:
                relation = self.relation(line, refs, spec)
                key = (relation.type.pk, relation.source, relation.target)
                if key in seen:
                    raise Invalid("the same relation is listed twice.")
                seen.add(key)
                line.relations.append(relation)
            except Invalid as exc:
                problems.append(f"relation {index}: {exc.message}")
        if problems:
            raise LineError(" ".join(problems))

    def relation(self, line: Line, refs: dict[Any, int], spec: object) -> RelationValues:
        """One relation: the same rules as relation_create (annotations/relations.py)."""
        if not isinstance(spec, dict):
            raise Invalid("a relation must be a JSON object.")
        fields.known_fields(spec, RELATION_KEYS)
        key = fields.relation_type_key(spec.get("type"))
        kind = self.relation_types.get(key)
        if kind is None:
            names = ", ".join(self.relation_types) or "none"
            raise Invalid(f"unknown relation type {shown(key)}; this project's are: {names}.")
        ends = []
        for name in ("from", "to"):
            ref = spec.get(name)
            if not _hashable(ref) or isinstance(ref, bool) or ref not in refs:
                raise Invalid(f"{name} ({shown(ref)}) names no span of this line by its id.")
            ends.append(refs[ref])
        source, target = ends
        if source == target:
            raise Invalid("a relation links two different spans, not a span to itself.")
        from_label, to_label = line.spans[source].label.key, line.spans[target].label.key
        if not kind.allows(from_label, to_label):
            raise Invalid(
                f"a {kind.key!r} relation cannot link a {from_label!r} span to a {to_label!r} span."
            )
        status = fields.status(spec.get("status"))
        if status != Status.PENDING and not self.may_decide:
            raise Invalid(f"only managers of this project can import {status} relations.")
        return RelationValues(kind, source, target, status, fields.note(spec.get("note")))

    def duplicate(
        self,
        line: Line,
        index: int,
        span: SpanValues,
        first: SpanValues,
        number: int,
        problems: list[str],
    ) -> None:
        """An exact repeat carries nothing: stored once, and said so. A repeat that differs
        in note or status is a contradiction only the person importing can settle."""
        where = f"a {span.label.key!r} span at [{span.start}, {span.end})"
        if (span.note, span.status) == (first.note, first.status):
            line.merged.append(
                {
                    "span": index,
                    "detail": f"{where} is listed again as span {index} (first as span "
                    f"{number}), with the same note and status: stored once.",
                }
            )
            return
        differs = "note" if span.status == first.status else "status"
        problems.append(
            f"span {index}: {where} is listed twice (first as span {number}) with a different "
            f"{differs}; keep the one you mean."
        )

    def span(self, raw: str, text: str, normalised: Normalised | None, spec: object) -> SpanValues:
        if not isinstance(spec, dict):
            raise Invalid("a span must be a JSON object.")
        fields.known_fields(spec, SPAN_KEYS)
        start, end = check_offsets(len(raw), spec.get("start"), spec.get("end"))
        quote = spec.get("quote")
        if quote is not None:
            check_quote(raw, start, end, quote)
        if normalised is not None:
            start, end = normalised.map_offset(start), normalised.map_offset(end)
            if start >= end:
                raise Invalid("the span covers only characters that normalisation removes.")
        key = spec.get("label")
        # A key that is one of the project's is valid as it is; anything else is for its
        # validator to name (and to strip, before it is looked up again).
        label = self.labels.get(key) if type(key) is str else None
        if label is None:
            key = fields.label_key(key)
            label = self.labels.get(key)
            if label is None:
                raise fields.unknown_label(key, self.keys)
        status = fields.status(spec.get("status"))
        if status != Status.PENDING and not self.may_decide:
            raise Invalid(f"only managers of this project can import {status} spans.")
        attributes = spec.get("attributes")  # checked by the one validator, as on every path
        return SpanValues(
            label=label,
            start=start,
            end=end,
            quote=text[start:end],
            status=status,
            note=fields.note(spec.get("note")),
            attributes=fields.attributes(attributes, self.attributes.get(label.key, {}), label.key),
        )


def _hashable(value: object) -> bool:
    return isinstance(value, int | str)
