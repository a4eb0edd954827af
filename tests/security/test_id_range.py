"""Numbers beyond the database's integer range, in any path, query string, form or cursor.

On SQLite such a number handed to a query raised OverflowError: a 500. Each route below gets a
4xx naming the problem instead: 404 for an id in the path (no such thing), 400 for a filter,
selection or version (the request is malformed).
"""

from __future__ import annotations

import base64
import re
from urllib.parse import quote, urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from newsannot.annotations.models import Span, Status
from tests.api.conftest import Api
from tests.conftest import client_for, quote_span

HUGE = "9" * 26  # well past 2**63
HTMX = {"HTTP_HX_REQUEST": "true"}


def _routes(patterns, prefix: str = "") -> list[str]:
    routes = []
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            routes += _routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and "<" in route:
            routes.append(route)
    return routes


ID_ROUTES = sorted(r for r in _routes(get_resolver().url_patterns) if not r.startswith("admin/"))


def test_every_id_in_a_path_is_held_to_the_range():
    assert len(ID_ROUTES) >= 25
    assert "p/<id:project_id>/review/<id:span_id>/" in ID_ROUTES
    # `<int:...>` lets any number through to the view: a new route must use `<id:...>`.
    assert [r for r in ID_ROUTES if "<int:" in r] == []


@pytest.mark.parametrize("route", ID_ROUTES)
def test_an_id_past_the_range_in_the_path_is_a_404(route, reviewer, span):
    url = "/" + re.sub(r"<[^>]+>", HUGE, route)
    client = client_for(reviewer)  # a member: the views ask for roles with these ids
    answers = {client.get(url).status_code, client.post(url).status_code}
    assert 404 in answers and answers <= {404, 405}, (url, answers)


def test_the_queue_refuses_an_article_filter_past_the_range(project, reviewer, span):
    client = client_for(reviewer)
    for raw in (HUGE, "²"):
        response = client.get(reverse("review-queue", args=[project.pk]), {"article": raw})
        assert response.status_code == 400
        assert "article" in response.content.decode()


def _bulk(client, project, values):
    return client.post(reverse("review-bulk-approve", args=[project.pk]), {"span": values})


@pytest.mark.parametrize("value", [f"{HUGE}:1", "²:1", "{span}:" + HUGE, "{span}:²"])
def test_bulk_approve_refuses_a_selection_past_the_range(project, reviewer, span, value):
    response = _bulk(client_for(reviewer), project, [value.format(span=span.pk)])
    assert response.status_code == 400
    assert Span.objects.get().status == Status.PENDING


def test_approving_agreed_spans_refuses_a_selection_past_the_range(article, reviewer, span):
    url = reverse("article-approve-agreed", args=[article.pk])
    response = client_for(reviewer).post(url, {"span": [f"{HUGE}:1"]})
    assert response.status_code == 400


def test_a_decision_on_a_version_past_the_range_is_a_400(project, reviewer, span):
    url = reverse("review-decide", args=[project.pk, span.pk])
    response = client_for(reviewer).post(url, {"decision": "approve", "version": HUGE}, **HTMX)
    assert response.status_code == 400
    assert "version" in response.content.decode()


def test_reopening_with_a_version_past_the_range_is_a_400(project, article, analyst, manager):
    span = quote_span(article, analyst, "attribution", "Zhao told")
    from newsannot.annotations.services import span_review

    span_review(span=span, reviewer=manager, decision="approve", version=1)
    url = reverse("review-reopen", args=[project.pk, span.pk])
    response = client_for(manager).post(url, {"version": HUGE}, **HTMX)
    assert response.status_code == 400


def test_the_annotate_page_refuses_a_span_past_the_range(article, analyst, span):
    client = client_for(analyst)
    url = reverse("annotate", args=[article.pk])
    assert client.get(url, {"span": span.pk}).status_code == 200
    response = client.get(url, {"span": HUGE})
    assert response.status_code == 400
    assert "span" in response.content.decode()


@pytest.mark.parametrize("name", ["span-edit", "span-delete"])
def test_changing_a_span_with_a_version_past_the_range_is_a_400(article, analyst, span, name):
    url = reverse(name, args=[article.pk, span.pk])
    response = client_for(analyst).post(url, {"note": "n", "version": HUGE}, **HTMX)
    assert response.status_code == 400
    assert "version" in response.content.decode()
    assert Span.objects.filter(pk=span.pk, note="").exists()


@pytest.mark.parametrize("raw", [HUGE, "²"])
def test_the_api_refuses_a_delete_version_past_the_range(analyst, span, raw):
    response = Api(analyst).delete(f"/api/v1/spans/{span.pk}/?version={quote(raw)}")
    assert response.status_code == 400
    assert response.json()["field"] == "version"
    assert Span.objects.filter(pk=span.pk).exists()


@pytest.mark.parametrize("raw", [HUGE, "²"])
def test_the_api_refuses_a_page_size_that_is_not_a_number(project, analyst, article, raw):
    response = Api(analyst).get(f"/api/v1/projects/{project.pk}/articles/", page_size=raw)
    assert response.status_code == 400
    assert response.json()["field"] == "page_size"


def _cursor(position: str) -> str:
    return base64.b64encode(urlencode({"p": position}).encode()).decode()


@pytest.mark.parametrize("position", [HUGE, "abc", "²", "1e400"])
@pytest.mark.parametrize("listing", ["articles", "spans"])
def test_the_api_refuses_a_cursor_whose_position_is_no_id(
    project, analyst, span, position, listing
):
    url = f"/api/v1/projects/{project.pk}/{listing}/"
    response = Api(analyst).get(url, cursor=_cursor(position))
    assert response.status_code == 404
    assert "cursor" in response.json()["detail"].lower()
    # A cursor the API itself handed out still works.
    assert Api(analyst).get(url, cursor=_cursor(str(span.pk - 1))).status_code == 200
