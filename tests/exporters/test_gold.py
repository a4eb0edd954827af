"""The gold layer: one span per (article, label, start, end) among the approved spans."""

from __future__ import annotations

import json

import pytest
from django.db import connection

from newsannot.annotations.models import Span
from newsannot.annotations.services import span_review
from newsannot.exporters import jsonl
from newsannot.exporters.source import articles_with_spans
from newsannot.suggestions.models import Suggestion
from tests.api.conftest import Api
from tests.conftest import quote_span
from tests.exporters.conftest import export_bytes

CLAIM = "the strikes hit only militant targets"


@pytest.fixture
def agreed(article, analyst, analyst2, reviewer, reviewer2, manager):
    """Two analysts mark the same claim, approved by two reviewers; one more approved span, and
    a pending copy of the claim by the manager (not gold)."""
    alice = quote_span(article, analyst, "unverified-claim", CLAIM)
    amir = quote_span(article, analyst2, "unverified-claim", CLAIM, note="see para 2")
    source = quote_span(article, analyst2, "state-media-source", "Source: RT")
    quote_span(article, manager, "unverified-claim", CLAIM)
    span_review(span=amir, reviewer=reviewer, decision="approve", version=amir.version)
    span_review(span=alice, reviewer=reviewer2, decision="approve", version=alice.version)
    span_review(span=source, reviewer=reviewer, decision="approve", version=source.version)
    return {"alice": alice, "amir": amir, "source": source}


def lines(data: bytes) -> list[dict]:
    return [json.loads(line) for line in data.splitlines()]


def test_gold_holds_each_approved_span_once_with_who_marked_and_approved_it(agreed, project):
    (line,) = lines(export_bytes(project, "jsonl"))
    claims = [s for s in line["spans"] if s["label"] == "unverified-claim"]
    assert len(claims) == 1
    (claim,) = claims
    assert claim["quote"] == CLAIM
    assert claim["annotators"] == ["alice", "amir"]  # in the order they marked it
    assert sorted(claim["approved_by"]) == ["ravi", "rita"]
    assert claim["span_ids"] == [agreed["alice"].pk, agreed["amir"].pk]
    (source,) = [s for s in line["spans"] if s["label"] == "state-media-source"]
    assert source["annotators"] == ["amir"] and source["outlet"]["name"] == "RT"
    assert "status" not in claim and "annotator" not in claim


def test_the_annotations_layer_keeps_every_analysts_copy(agreed, project):
    (line,) = lines(export_bytes(project, "jsonl", layer="annotations"))
    claims = [s for s in line["spans"] if s["label"] == "unverified-claim"]
    assert sorted(s["annotator"] for s in claims) == ["alice", "amir"]


def test_every_format_writes_gold_without_duplicates(agreed, project):
    rows = list(articles_with_spans(project))
    assert [s["label"] for s in rows[0]["spans"]].count("unverified-claim") == 1
    csv = export_bytes(project, "csv").decode()
    assert csv.count(CLAIM) == 1 and "alice, amir" in csv


@pytest.mark.parametrize(
    "query",
    ["layer=gold&status=pending", "layer=gold&status=all", "layer=silver"],
)
def test_a_wrong_layer_is_a_400(project, manager, query):
    response = Api(manager).client.get(f"/api/v1/projects/{project.pk}/export/?{query}")
    assert response.status_code == 400
    assert "layer" in response.json()["detail"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pgjsonl is PostgreSQL's")
@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"label": "unverified-claim"},
        {"splits": "all"},
        {"analysts": "pseudonyms"},
    ],
)
def test_the_database_writes_the_same_gold_bytes_as_python(
    corpus, project, article, analyst2, reviewer2, filters
):
    from newsannot.exporters import pgjsonl

    # A second copy of an approved span of the corpus, approved by someone else.
    copy = quote_span(article, analyst2, "unverified-claim", CLAIM)
    span_review(span=copy, reviewer=reviewer2, decision="approve", version=copy.version)
    agreed = {"copy": copy, **{str(n): s for n, s in enumerate(corpus["spans"])}}

    if filters.get("splits"):
        ids = [a.pk for a in corpus["articles"]]
        filters = {"splits": {ids[0]: "train"}}  # the other article is not in the release
    if filters.get("analysts"):
        users = {s.annotator_id for s in agreed.values()}
        reviewers = {s.reviewer_id for s in Span.objects.all() if s.reviewer_id}
        filters = {
            "analysts": {pk: f"analyst-{n}" for n, pk in enumerate(sorted(users), 1)},
            "reviewers": {pk: f"reviewer-{n}" for n, pk in enumerate(sorted(reviewers), 1)},
        }
    source = articles_with_spans(project, **filters)
    database = b"".join(pgjsonl.lines(source))
    assert database == b"".join(jsonl.python_lines(source))
    assert b'"annotators":["' in database
    if not filters:
        assert database.count(CLAIM.encode()) == 1 + 1  # the text and one gold span
    if "splits" in filters:
        assert [line["split"] for line in lines(database)] == ["train"]


def documented_label_studio_tasks(data: bytes) -> list[dict]:
    """A reader written from Label Studio's task format (labelstud.io/guide/task_format): a
    JSON list of tasks, each with `data` holding the text, `annotations` (each a `result` list,
    `completed_by` a user id, `ground_truth` and `was_cancelled` booleans) and optional
    `predictions` (each a `result` list with `model_version` and `score`). A text region is
    {id, from_name, to_name, type: "labels", value: {start, end, text, labels: [...]}}."""
    tasks = json.loads(data)
    assert isinstance(tasks, list)
    for task in tasks:
        assert isinstance(task["data"]["text"], str)
        text = task["data"]["text"]
        for annotation in task["annotations"]:
            assert set(annotation) <= {
                "id",
                "result",
                "completed_by",
                "ground_truth",
                "was_cancelled",
                "lead_time",
                "created_at",
                "updated_at",
                "meta",
            }
            assert isinstance(annotation.get("completed_by", 0), int)
            assert isinstance(annotation["ground_truth"], bool)
            for region in annotation["result"]:
                check_region(region, text)
        for prediction in task.get("predictions", []):
            assert isinstance(prediction["model_version"], str)
            assert isinstance(prediction["score"], float)
            for region in prediction["result"]:
                check_region(region, text)
    return tasks


def check_region(region: dict, text: str) -> None:
    assert isinstance(region["id"], str) and region["id"]
    assert (region["from_name"], region["to_name"], region["type"]) == ("label", "text", "labels")
    value = region["value"]
    assert 0 <= value["start"] < value["end"] <= len(text)
    assert text[value["start"] : value["end"]] == value["text"]
    assert isinstance(value["labels"], list) and len(value["labels"]) == 1


def test_label_studio_has_an_annotation_per_analyst_gold_as_ground_truth_and_predictions(
    agreed, article, project, analyst, analyst2, manager
):
    # The suggesters have run on the article (article_create): their spans are predictions.
    suggested = set(Suggestion.objects.filter(article=article).values_list("rule", "quote"))
    assert suggested
    (task,) = documented_label_studio_tasks(export_bytes(project, "label-studio", status="all"))
    by_user = {a.get("completed_by"): a for a in task["annotations"] if not a["ground_truth"]}
    assert set(by_user) == {analyst.pk, analyst2.pk, manager.pk}
    amir = [r["value"]["text"] for r in by_user[analyst2.pk]["result"]]
    assert sorted(amir) == sorted([CLAIM, "Source: RT"])
    assert {r["meta"]["status"] for r in by_user[analyst2.pk]["result"]} == {"approved"}
    (gold,) = [a for a in task["annotations"] if a["ground_truth"]]
    claims = [r for r in gold["result"] if r["value"]["labels"] == ["unverified-claim"]]
    assert len(claims) == 1 and claims[0]["meta"]["annotators"] == ["alice", "amir"]
    predicted = {
        (p["model_version"], r["value"]["text"]) for p in task["predictions"] for r in p["result"]
    }
    assert predicted == suggested
