"""JSON Lines carry relations (naming spans of the same line by id) and span attributes."""

from __future__ import annotations

import json

import pytest

from newsannot.annotations.models import Relation, RelationHistory, Span
from newsannot.annotations.relations import snapshot
from newsannot.ingest.jsonl import ImportFailed, import_jsonl

TEXT = "Russian strikes hit only militant targets, Kartapolov told Rossiya channel."


def at(quote: str) -> dict:
    start = TEXT.index(quote)
    return {"start": start, "end": start + len(quote)}


def line(spans, relations) -> list[bytes]:
    record = {"title": "T", "text": TEXT, "spans": spans, "relations": relations}
    return [json.dumps(record).encode() + b"\n"]


SPANS_CLAIM = "Russian strikes hit only militant targets"
SPANS = [
    {"id": 11, **at("Russian strikes hit only militant targets"), "label": "unverified-claim"},
    {
        "id": 12,
        **at("Kartapolov told"),
        "label": "attribution",
        "attributes": {"source_type": "named-person", "quote_type": "indirect"},
    },
    {"id": "rossiya", **at("Rossiya channel"), "label": "state-media-source"},
]


def test_it_imports_relations_between_the_lines_spans_with_history(project, manager):
    relations = [
        {"type": "attributes", "from": 12, "to": 11, "note": "his claim"},
        {"type": "via-outlet", "from": 12, "to": "rossiya", "status": "approved"},
    ]
    report = import_jsonl(project=project, lines=line(SPANS, relations), actor=manager)
    assert (report.spans, report.relations) == (3, 2)
    spans = {s.quote: s for s in Span.objects.all()}
    said = spans["Kartapolov told"]
    assert said.attributes == {"source_type": "named-person", "quote_type": "indirect"}
    links = {
        (r.type.key, r.from_span.quote, r.to_span.quote, r.status, r.note)
        for r in Relation.objects.select_related("type", "from_span", "to_span")
    }
    assert links == {
        ("attributes", "Kartapolov told", SPANS_CLAIM, "pending", "his claim"),
        ("via-outlet", "Kartapolov told", "Rossiya channel", "approved", ""),
    }
    assert RelationHistory.objects.filter(action="create").count() == 2


@pytest.mark.parametrize(
    ("relations", "spans", "message"),
    [
        ([{"type": "attributes", "from": 12, "to": 99}], SPANS, "to (99) names no span"),
        ([{"type": "via-outlet", "from": 12, "to": 11}], SPANS, "cannot link a 'attribution'"),
        ([{"type": "attributes", "from": 12, "to": 12}], SPANS, "not a span to itself"),
        ([{"type": "cites", "from": 12, "to": 11}], SPANS, "unknown relation type 'cites'"),
        (
            [{"type": "attributes", "from": 12, "to": 11}] * 2,
            SPANS,
            "relation 2: the same relation is listed twice",
        ),
        (
            [],
            [{**SPANS[1], "attributes": {"source_type": "rumour"}}],
            "attribution.source_type is one of",
        ),
        ([], [SPANS[0], {**SPANS[1], "id": 11}], "span 2: id 11 names another span already"),
    ],
)
def test_it_refuses_bad_relations_and_attributes_storing_nothing(
    project, manager, relations, spans, message
):
    with pytest.raises(ImportFailed) as failed:
        import_jsonl(project=project, lines=line(spans, relations), actor=manager)
    assert message in failed.value.errors[0]["detail"]
    assert not Span.objects.exists() and not Relation.objects.exists()


def test_imported_relations_leave_the_history_the_service_writes(project, manager):
    # The same snapshot as relation_create's, origin included: undoing a deletion of such a
    # relation brings it back as imported, not as drawn by hand.
    relations = [
        {"type": "attributes", "from": 12, "to": 11, "note": "his claim"},
        {"type": "via-outlet", "from": 12, "to": "rossiya", "status": "approved"},
    ]
    import_jsonl(project=project, lines=line(SPANS, relations), actor=manager)
    for relation in Relation.objects.select_related("type", "from_span", "to_span", "reviewer"):
        row = RelationHistory.objects.get(relation_id=relation.pk, action="create")
        assert row.after == snapshot(relation)
        assert row.after["origin"] == "imported"
