"""A field is refused with the same message whichever way the article comes in: the API's
article create, the JSON Lines import (API and library) and the workspace's paste form."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils.html import escape

from newsannot.corpus.models import Article
from newsannot.ingest.jsonl import ImportFailed, import_jsonl
from tests.api.conftest import Api
from tests.conftest import client_for

GOOD = {"title": "A title", "text": "Officials said the strikes hit only militant targets."}
CASES = [
    ({"title": "  "}, "An article needs a title."),
    ({"title": "t" * 501}, "title is longer than 500 characters (501)."),
    ({"text": " \n "}, "The article has no text."),
    (
        {"url": "javascript:alert(1)"},
        "url must be a web address starting with http:// or https://, not 'javascript:alert(1)'.",
    ),
    ({"outlet": "o" * 201}, "outlet is longer than 200 characters (201)."),
    (
        {"published_at": "yesterday"},
        "published_at must be a date written YYYY-MM-DD, not 'yesterday'.",
    ),
    (
        {"language": "english"},
        "language must be a BCP 47 language tag such as en, ru or pt-BR, not 'english'.",
    ),
]
API_ONLY = [
    ({"title": 5}, "title must be a string, not 5."),
    ({"external_id": "e" * 201}, "external_id is longer than 200 characters (201)."),
    ({"published_at": ["2024-01-01"]}, "published_at must be a date written YYYY-MM-DD"),
]


@pytest.mark.parametrize(("change", "message"), CASES + API_ONLY)
def test_the_api_and_the_import_refuse_a_field_alike(project, manager, change, message):
    record = {**GOOD, **change}
    response = Api(manager).post(f"/api/v1/projects/{project.pk}/articles/", record)
    assert response.status_code == 400
    assert message in response.json()["detail"]

    with pytest.raises(ImportFailed) as failed:
        import_jsonl(project=project, lines=[json.dumps(record).encode()], actor=manager)
    assert message in failed.value.errors[0]["detail"]

    body = json.dumps(record).encode() + b"\n"
    response = Api(manager).client.post(
        f"/api/v1/projects/{project.pk}/import/", body, content_type="application/x-ndjson"
    )
    assert response.status_code == 400
    assert message in response.json()["errors"][0]["detail"]
    assert not Article.objects.exists()


@pytest.mark.parametrize(("change", "message"), CASES)
def test_the_paste_form_refuses_a_field_alike(project, manager, change, message):
    response = client_for(manager).post(
        reverse("article-add", args=[project.pk]), {**GOOD, **change}
    )
    assert response.status_code == 400
    assert escape(message) in response.content.decode()
    assert not Article.objects.exists()


def test_a_span_field_is_refused_alike_by_span_create_and_the_import(article, manager):
    span = {"label": ["attribution"], "start": 0, "end": 9, "quote": "Officials"}
    response = Api(manager).post(f"/api/v1/articles/{article.pk}/spans/", span)
    assert response.status_code == 400
    message = "label must be a label's key, not ['attribution']."
    assert response.json()["detail"] == message
    record = {"title": "T", "text": "Officials said so.", "spans": [span]}
    with pytest.raises(ImportFailed) as failed:
        import_jsonl(project=article.project, lines=[json.dumps(record).encode()], actor=manager)
    assert failed.value.errors[0]["detail"] == f"span 1: {message}"
