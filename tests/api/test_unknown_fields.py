"""Issue 12 §4 ("one set of validators for both paths"; "nothing silently lost"): every API
write refuses a field it does not take, by name, with the import's message.

`POST /api/v1/projects/{id}/import/` with `"extrenal_id"` answers 400 "Unknown field(s):
'extrenal_id'". The same typo sent to article create (or `"nots"` to span create) is dropped
without a word: 201, and the value is gone. A script with a typo loses data and is told it
succeeded. These failed until the API's writes refused unknown fields as the import does.
"""

from __future__ import annotations

import json

import pytest

from newsannot.annotations.models import Span
from newsannot.corpus.models import Article
from tests.api.conftest import Api

pytestmark = pytest.mark.django_db

TEXT = "Officials said the strikes hit only militant targets."


def test_article_create_refuses_a_misspelt_field_as_the_import_does(project, manager):
    body = {"title": "A title", "text": TEXT, "extrenal_id": "t-9"}
    imported = Api(manager).client.post(
        f"/api/v1/projects/{project.pk}/import/",
        json.dumps(body),
        content_type="application/x-ndjson",
    )
    assert imported.status_code == 400
    assert "extrenal_id" in imported.json()["errors"][0]["detail"]

    response = Api(manager).post(f"/api/v1/projects/{project.pk}/articles/", body)
    assert response.status_code == 400, response.json()
    assert "extrenal_id" in response.json()["detail"]
    assert not Article.objects.exists()


def test_span_create_refuses_a_misspelt_note(article, analyst):
    response = Api(analyst).post(
        f"/api/v1/articles/{article.pk}/spans/",
        {"label": "attribution", "start": 0, "end": 9, "quote": "Officials", "nots": "check"},
    )
    assert response.status_code == 400, response.json()
    assert "nots" in response.json()["detail"]
    assert not Span.objects.exists()


def test_article_create_refuses_a_misspelt_language(project, manager):
    body = {"title": "A title", "text": TEXT, "langauge": "fr"}
    response = Api(manager).post(f"/api/v1/projects/{project.pk}/articles/", body)
    assert response.status_code == 400
    assert response.json()["detail"] == "Unknown field(s): 'langauge'."
    assert not Article.objects.exists()


def test_a_span_patch_that_echoes_its_offsets_is_refused_and_changes_nothing(article, analyst):
    api = Api(analyst)
    created = api.post(
        f"/api/v1/articles/{article.pk}/spans/",
        {"label": "attribution", "start": 0, "end": 9, "quote": "Officials"},
    ).json()
    response = api.patch(
        f"/api/v1/spans/{created['id']}/", {"version": 1, "note": "checked", "start": 1}
    )
    assert response.status_code == 400
    assert "'start'" in response.json()["detail"]
    assert Span.objects.get().note == ""


def test_project_create_names_a_misspelt_field_of_a_nested_label(site_admin):
    labels = [{"key": "claim", "nmae": "Claim"}]
    response = Api(site_admin).post("/api/v1/projects/", {"name": "P", "labels": labels})
    assert response.status_code == 400
    assert "'nmae'" in response.json()["detail"]


def test_an_unknown_field_named_with_a_lone_surrogate_is_named_escaped(project, manager):
    body = '{"title": "A title", "text": "Some text.", "\\ud800x": 1}'
    response = Api(manager).client.post(
        f"/api/v1/projects/{project.pk}/articles/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Unknown field(s): '\\ud800x'."
    assert not Article.objects.exists()


def test_a_list_of_many_bad_items_gets_an_answer_of_bounded_size(project, manager, site_admin):
    """100,000 labels each with a misspelt field were answered with 10 MB naming every one. The
    answer names the first few and counts the rest, whatever the list or field."""
    labels = [{"key": f"k{i}", "name": "n", "colour": "#000"} for i in range(20_000)]
    response = Api(site_admin).post("/api/v1/projects/", {"name": "P", "labels": labels})
    assert response.status_code == 400
    assert len(response.content) < 5_000
    body = response.json()
    assert body["detail"].startswith("labels.0: Unknown field(s): 'colour'. labels.1: ")
    assert body["detail"].endswith(" 19990 more not shown.")
    assert len(body["errors"]["labels"]) == 10
    assert body["errors"]["labels"]["0"] == {"non_field_errors": ["Unknown field(s): 'colour'."]}
    # The same for a map of bad values (a release's split).
    split = {f"part{i}": "lots" for i in range(20_000)}
    response = Api(manager).post(
        f"/api/v1/projects/{project.pk}/releases/", {"name": "R", "seed": 1, "split": split}
    )
    assert response.status_code == 400 and len(response.content) < 5_000
    assert response.json()["detail"].endswith(" 19990 more not shown.")
