"""One article, every analyst's spans: agreement marked, disagreements first, approve-agreed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from newsannot.annotations.models import Status
from newsannot.review import selectors
from tests.conftest import client_for, quote_span

CLAIM = "the strikes hit only militant targets"


@pytest.fixture
def spans(article, analyst, analyst2):
    """alice and amir agree on the claim; they overlap on the attribution; amir alone marks RT."""
    return {
        "agreed_a": quote_span(article, analyst, "unverified-claim", CLAIM),
        "agreed_b": quote_span(article, analyst2, "unverified-claim", CLAIM),
        "partial_a": quote_span(article, analyst, "attribution", "Officials 🚀 said"),
        "partial_b": quote_span(article, analyst2, "attribution", "Officials 🚀"),
        "single": quote_span(article, analyst2, "state-media-source", "Source: RT"),
    }


def test_it_sorts_disagreements_first_then_single_then_agreed(article, spans):
    groups = selectors.article_groups(article)
    assert [g.kind for g in groups] == ["disputed", "disputed", "single", "agreed"]
    assert {s.pk for s in groups[-1].spans} == {spans["agreed_a"].pk, spans["agreed_b"].pk}


def test_a_different_label_on_the_same_characters_is_a_disagreement(article, analyst, analyst2):
    quote_span(article, analyst, "attribution", "Source: RT")
    quote_span(article, analyst2, "state-media-source", "Source: RT")
    assert [g.kind for g in selectors.article_groups(article)] == ["disputed", "disputed"]


def test_nested_spans_of_one_analyst_alone_are_single(article, analyst):
    quote_span(article, analyst, "attribution", "Officials 🚀 said")
    quote_span(article, analyst, "attribution", "Officials")
    assert [g.kind for g in selectors.article_groups(article)] == ["single", "single"]


def test_the_page_marks_each_kind_for_a_reviewer(article, spans, reviewer):
    response = client_for(reviewer).get(reverse("article-review", args=[article.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index("Disagreements") < body.index("Marked by one analyst") < body.index("Agreed")
    assert '<span class="hl hl-agreed">' + CLAIM + "</span>" in body
    assert "Approve all 2 agreed spans" in body


@pytest.mark.parametrize("who", ["analyst", "outsider"])
def test_analysts_and_outsiders_cannot_open_it(request, article, who):
    response = client_for(request.getfixturevalue(who)).get(
        reverse("article-review", args=[article.pk])
    )
    assert response.status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, article):
    assert client.get(reverse("article-review", args=[article.pk])).status_code == 302


def approve_agreed(client, article, spans):
    return client.post(
        reverse("article-approve-agreed", args=[article.pk]),
        {"span": [f"{s.pk}:{s.version}" for s in spans]},
    )


def test_approve_all_agreed_approves_exactly_the_agreed_spans(article, spans, reviewer):
    response = approve_agreed(client_for(reviewer), article, [spans["agreed_a"], spans["agreed_b"]])
    assert response.status_code == 302
    statuses = {k: type(s).objects.get(pk=s.pk).status for k, s in spans.items()}
    assert statuses == {
        "agreed_a": Status.APPROVED,
        "agreed_b": Status.APPROVED,
        "partial_a": Status.PENDING,
        "partial_b": Status.PENDING,
        "single": Status.PENDING,
    }


def test_approve_all_agreed_refuses_a_span_that_is_not_agreed(article, spans, reviewer):
    response = approve_agreed(client_for(reviewer), article, [spans["agreed_a"], spans["single"]])
    assert response.status_code == 404
    spans["agreed_a"].refresh_from_db()
    assert spans["agreed_a"].status == Status.PENDING  # nothing half-saved


def test_approve_all_agreed_is_all_or_nothing_on_a_conflict(article, spans, reviewer, reviewer2):
    stale = [spans["agreed_a"], spans["agreed_b"]]
    client_for(reviewer2).post(
        reverse("review-decide", args=[article.project_id, spans["agreed_b"].pk]),
        {"decision": "reject", "version": 1},
    )
    response = approve_agreed(client_for(reviewer), article, stale)
    assert response.status_code in (404, 409)  # no longer pending-and-agreed, or changed
    spans["agreed_a"].refresh_from_db()
    assert spans["agreed_a"].status == Status.PENDING


def test_a_reviewer_who_annotated_is_not_offered_their_own_agreed_span(article, analyst, reviewer):
    quote_span(article, analyst, "unverified-claim", CLAIM)
    own = quote_span(article, reviewer, "unverified-claim", CLAIM)
    body = client_for(reviewer).get(reverse("article-review", args=[article.pk])).content.decode()
    assert "Approve all 1 agreed span<" in body
    assert f'value="{own.pk}:' not in body


def test_approve_all_agreed_is_for_reviewers_only(article, spans, analyst):
    response = approve_agreed(client_for(analyst), article, [spans["agreed_b"]])
    assert response.status_code == 403
