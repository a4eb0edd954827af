"""The export page: a form whose download is the API's export, for managers only."""

from __future__ import annotations

import json

import pytest

from newsannot.annotations.services import span_review
from tests.conftest import client_for, quote_span


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_page_offers_formats_statuses_and_labels(project, manager):
    page = client_for(manager).get(f"/p/{project.pk}/export/").text
    assert '<option value="jsonl">JSON Lines (re-importable)</option>' in page
    assert '<option value="approved" selected>approved</option>' in page
    assert '<option value="attribution">Attribution</option>' in page


def test_a_manager_downloads_what_the_api_gives(project, article, analyst, reviewer, manager):
    kept = quote_span(article, analyst, "attribution", "spokesman Zhao")
    quote_span(article, analyst, "unverified-claim", "the strikes hit only militant targets")
    span_review(span=kept, reviewer=reviewer, decision="approve", version=kept.version)
    client = client_for(manager)
    query = {"format": "jsonl", "status": "all", "label": "attribution"}
    page = client.get(f"/p/{project.pk}/export/", query)
    api = client.get(f"/api/v1/projects/{project.pk}/export/", query)
    name = f"project-{project.pk}-all-attribution.jsonl"
    assert page["Content-Disposition"] == f'attachment; filename="{name}"'
    body = _body(page)
    assert body == _body(api)
    (line,) = body.splitlines()
    assert [s["label"] for s in json.loads(line)["spans"]] == ["attribution"]


def test_a_bad_choice_is_said_on_the_page(project, manager):
    response = client_for(manager).get(f"/p/{project.pk}/export/", {"format": "xml"})
    assert response.status_code == 400
    assert "Unknown format &#x27;xml&#x27;" in response.text


@pytest.mark.parametrize("user", ["analyst", "reviewer"])
def test_only_managers_export(request, project, user):
    client = client_for(request.getfixturevalue(user))
    assert client.get(f"/p/{project.pk}/export/").status_code == 403
    assert client.get(f"/p/{project.pk}/export/", {"format": "jsonl"}).status_code == 403
