"""The relation review routes to a hostile or merely wrong visitor: who gets what, which ids
and fields are refused how, and what a hostile article cannot do to the page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from newsannot.annotations.models import Status
from newsannot.annotations.relations import relation_create
from newsannot.corpus.services import article_create
from tests.conftest import client_for, quote_span
from tests.review.test_relation_review import HTMX, decide

OVERFLOW = "99999999999999999999"


def item_url(relation) -> str:
    return reverse("review-relation-item", args=[relation.project_id, relation.pk])


def decide_url(relation) -> str:
    return reverse("review-relation-decide", args=[relation.project_id, relation.pk])


def test_an_analyst_of_the_project_can_neither_see_nor_decide_a_relation_item(relation, analyst2):
    client = client_for(analyst2)
    response = client.get(item_url(relation), **HTMX)
    assert response.status_code == 403
    assert "Officials" not in response.content.decode()
    assert decide(client, relation).status_code == 403
    relation.refresh_from_db()
    assert relation.status == Status.PENDING


def test_a_manager_of_another_project_gets_no_data_by_either_project_in_the_url(
    relation, outsider, other_project
):
    client = client_for(outsider)
    theirs = client.get(item_url(relation))
    mine = client.get(reverse("review-relation-item", args=[other_project.pk, relation.pk]))
    assert (theirs.status_code, mine.status_code) == (403, 404)
    for response in (theirs, mine):
        assert "Officials" not in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_log_in(relation):
    for response in (Client().get(item_url(relation)), Client().post(decide_url(relation))):
        assert response.status_code == 302 and "/login" in response.url
    relation.refresh_from_db()
    assert relation.status == Status.PENDING


def test_a_decision_without_the_csrf_token_is_refused(relation, reviewer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    response = client.post(decide_url(relation), {"decision": "approve", "version": 1}, **HTMX)
    assert response.status_code == 403
    relation.refresh_from_db()
    assert relation.status == Status.PENDING


@pytest.mark.parametrize("bad", [OVERFLOW, "-1", "abc", "1e3"])
def test_ids_out_of_range_negative_or_not_numbers_are_not_found(relation, reviewer, bad):
    client = client_for(reviewer)
    for url in (
        f"/p/{relation.project_id}/review/relations/{bad}/",
        f"/p/{bad}/review/relations/{relation.pk}/",
        f"/p/{relation.project_id}/review/relations/{bad}/decide/",
    ):
        response = client.post(url) if url.endswith("decide/") else client.get(url)
        assert response.status_code == 404, url


@pytest.mark.parametrize("field", ["version", "scope"])
@pytest.mark.parametrize("bad", [OVERFLOW, "-1", "abc", "²"])
def test_a_bad_version_or_scope_is_a_400_and_decides_nothing(relation, reviewer, field, bad):
    response = decide(client_for(reviewer), relation, **{field: bad})
    assert response.status_code == 400
    assert field in response.content.decode()
    relation.refresh_from_db()
    assert relation.status == Status.PENDING


def test_a_bad_scope_on_reload_is_a_400(relation, reviewer):
    response = client_for(reviewer).get(item_url(relation), {"scope": OVERFLOW}, **HTMX)
    assert response.status_code == 400


def test_right_to_left_overrides_in_a_quote_cannot_turn_the_arrow_round(
    project, manager, analyst, reviewer
):
    # U+202E in the first quote would draw "B ← A" for a relation from A to B, unless each
    # quote is isolated from the text around it.
    text = "Hamas\u202e said the strike hit a school. The ministry denied it."
    hostile = article_create(project=project, title="RTL", text=text, created_by=manager).article
    said = quote_span(hostile, analyst, "attribution", "Hamas\u202e said")
    claim = quote_span(hostile, analyst, "unverified-claim", "the strike hit a school")
    relation_create(
        article=hostile, type="attributes", from_span=said, to_span=claim, annotator=analyst
    )
    body = client_for(reviewer).get(reverse("article-review", args=[hostile.pk])).content.decode()
    ends = body[body.index('class="relation-ends"') :]
    ends = ends[: ends.index("</p>")]
    assert "<bdi>Hamas\u202e said</bdi>" in ends
    assert "<bdi>the strike hit a school</bdi>" in ends


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"]
)
def test_a_decision_never_redirects_off_site(article, relation, reviewer, target):
    response = client_for(reviewer).post(
        decide_url(relation), {"decision": "approve", "version": 1, "next": target}
    )
    assert (response.status_code, response.url) == (
        302,
        reverse("article-review", args=[article.pk]),
    )


@pytest.mark.parametrize("bad", [OVERFLOW, "-1", "abc"])
def test_the_queue_refuses_a_bad_article_filter_with_400(project, relation, reviewer, bad):
    response = client_for(reviewer).get(
        reverse("review-queue", args=[project.pk]), {"article": bad}
    )
    assert response.status_code == 400


def test_the_message_after_a_decision_isolates_the_quotes(project, manager, analyst, reviewer):
    hostile = article_create(
        project=project, title="RTL", text="Hamas\u202e said: the strike hit.", created_by=manager
    ).article
    said = quote_span(hostile, analyst, "attribution", "Hamas\u202e said")
    claim = quote_span(hostile, analyst, "unverified-claim", "the strike hit")
    relation = relation_create(
        article=hostile, type="attributes", from_span=said, to_span=claim, annotator=analyst
    )
    response = client_for(reviewer).post(
        decide_url(relation), {"decision": "approve", "version": 1}, follow=True
    )
    body = response.content.decode()
    assert "“\u2068Hamas\u202e said\u2069” → “\u2068the strike hit\u2069”" in body
