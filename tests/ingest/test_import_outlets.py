"""A state-media-source span gets the same outlet whether its article came in a bulk import or
the span was created on its own through the API: a name several outlets share ("NTV": Russia's
Gazprom Media, Nepal Television, Turkey's) is decided by the article's context on both paths,
or left undecided on both."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsannot.annotations.models import Span
from newsannot.ingest.jsonl import import_jsonl
from newsannot.outlets.services import spans_detect_outlets
from tests.api.conftest import Api

LONE = "The strike was shown on television.\nSource: NTV\n"
NAMED = "RIA Novosti and NTV reported the strike.\nSource: NTV\n"
CASES = [
    # (article text, its url, what "Source: NTV" names)
    (NAMED, "", "Gazprom Media"),  # another outlet the text names decides (Russia)
    (LONE, "https://tass.ru/politika/1", "Gazprom Media"),  # the article's own outlet's country
    (LONE, "https://www.ntv.org.np/news/1", "Nepal Television Corporation"),
    (LONE, "", None),  # nothing decides: no outlet, the analyst picks one of the candidates
]
QUOTE = "Source: NTV"


def _record(text: str, url: str, title: str = "Strike") -> dict:
    start = text.index(QUOTE)
    return {
        "title": title,
        "text": text,
        **({"url": url} if url else {}),
        "spans": [{"start": start, "end": start + len(QUOTE), "label": "state-media-source"}],
    }


def _lines(*records: dict) -> list[bytes]:
    return [json.dumps(r).encode() + b"\n" for r in records]


def _outlet_name(span_id: int) -> str | None:
    span = Span.objects.select_related("outlet").get(pk=span_id)
    return span.outlet.name if span.outlet_id else None


@pytest.mark.parametrize("text,url,expected", CASES)
def test_a_bulk_import_and_the_api_give_a_span_the_same_outlet(
    text, url, expected, project, manager, other_project, outsider
):
    import_jsonl(project=project, lines=_lines(_record(text, url)), actor=manager)
    imported = Span.objects.get(project=project)

    api = Api(outsider)  # a manager of the other project: the same article there, by the API
    created = api.post(
        f"/api/v1/projects/{other_project.pk}/articles/",
        {"title": "Strike", "text": text, **({"url": url} if url else {})},
    )
    assert created.status_code == 201, created.content
    start = text.index(QUOTE)
    span = api.post(
        f"/api/v1/articles/{created.json()['id']}/spans/",
        {"label": "state-media-source", "start": start, "end": start + len(QUOTE), "quote": QUOTE},
    )
    assert span.status_code == 201, span.content

    assert _outlet_name(imported.pk) == _outlet_name(span.json()["id"]) == expected
    if expected is None:  # undecided on both paths: the API offers the candidates
        body = api.get(f"/api/v1/spans/{span.json()['id']}/").json()
        assert {c["country"] for c in body["outlet_candidates"]} >= {"Russia", "Nepal"}


def _import_queries(project, manager, count: int, offset: int) -> int:
    records = [
        _record(
            f"Strike {offset + i}. " + (NAMED if i % 3 == 0 else LONE),
            f"https://tass.ru/politika/{i}" if i % 3 == 1 else "",
            title=f"Strike {offset + i}",
        )
        for i in range(count)
    ]
    with CaptureQueriesContext(connection) as queries:
        report = import_jsonl(project=project, lines=_lines(*records), actor=manager)
    assert (report.created, report.spans) == (count, count)
    return len(queries)


def test_deciding_ambiguous_names_in_a_bulk_import_costs_no_query_per_article(project, manager):
    _import_queries(project, manager, 1, offset=0)  # the registry loaded, caches warm
    three = _import_queries(project, manager, 3, offset=10)  # one article of each kind
    fifty = _import_queries(project, manager, 50, offset=100)
    assert fifty == three
    spans = Span.objects.filter(project=project, article__title__startswith="Strike 1")
    by_title = {s.article.title: _outlet_name(s.pk) for s in spans.select_related("article")}
    assert by_title["Strike 100"] == "Gazprom Media"  # named in the text
    assert by_title["Strike 101"] == "Gazprom Media"  # from TASS
    assert by_title["Strike 102"] is None  # nothing decides


def _redetect_queries() -> int:
    Span.objects.update(outlet=None)  # as if the registry had changed under the spans
    with CaptureQueriesContext(connection) as queries:
        spans_detect_outlets(names=["NTV"])
    return len(queries)


def test_re_detection_decides_ambiguous_names_by_the_same_rule_in_batches(project, manager):
    _import_queries(project, manager, 3, offset=0)
    three = _redetect_queries()
    _import_queries(project, manager, 30, offset=100)
    assert _redetect_queries() == three  # articles read a batch at a time, not one by one
    by_title = {s.article.title: _outlet_name(s.pk) for s in Span.objects.select_related("article")}
    decided = ["Strike 0", "Strike 1", "Strike 100", "Strike 101", "Strike 128"]  # named, TASS
    assert {by_title[t] for t in decided} == {"Gazprom Media"}
    assert {by_title[t] for t in ["Strike 2", "Strike 102", "Strike 129"]} == {None}
