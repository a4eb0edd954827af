"""Approve, reject, relabel, reopen: every action, every role, the stale-version path, history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from newsannot.annotations.models import Action, SpanHistory, Status
from newsannot.annotations.services import span_update
from newsannot.lib.errors import Forbidden
from tests.conftest import client_for, quote_span

HTMX = {"HTTP_HX_REQUEST": "true"}


def decide(client, span, decision="approve", version=None, **data):
    return client.post(
        reverse("review-decide", args=[span.project_id, span.pk]),
        {"decision": decision, "version": span.version if version is None else version, **data},
        **HTMX,
    )


def test_anonymous_visitors_are_sent_to_log_in(client, span):
    response = decide(client, span)
    assert response.status_code == 302
    span.refresh_from_db()
    assert span.status == Status.PENDING


@pytest.mark.parametrize("who", ["analyst2", "outsider"])
def test_analysts_and_outsiders_cannot_decide(request, span, who):
    response = decide(client_for(request.getfixturevalue(who)), span)
    assert response.status_code == 403
    span.refresh_from_db()
    assert span.status == Status.PENDING


def test_a_reviewer_approves_and_gets_the_decided_item_back(span, reviewer):
    response = decide(client_for(reviewer), span)
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="item-{span.pk}"' in body and "is-decided" in body
    assert "Approved by rita" in body
    span.refresh_from_db()
    assert (span.status, span.reviewer, span.version) == (Status.APPROVED, reviewer, 2)


def test_a_manager_rejects_with_a_reason_and_history_records_it(span, manager):
    response = decide(client_for(manager), span, "reject", reason="Not a claim, a quote")
    assert response.status_code == 200
    span.refresh_from_db()
    assert span.status == Status.REJECTED
    row = SpanHistory.objects.get(span_id=span.pk, action=Action.REJECT)
    assert (row.actor, row.reason) == (manager, "Not a claim, a quote")
    assert row.before["status"] == "pending" and row.after["status"] == "rejected"
    assert row.at is not None


def test_relabelling_approves_with_the_new_label(span, reviewer):
    response = decide(client_for(reviewer), span, label="attribution")
    assert response.status_code == 200
    span.refresh_from_db()
    assert (span.status, span.label.key) == (Status.APPROVED, "attribution")
    row = SpanHistory.objects.get(span_id=span.pk, action=Action.APPROVE)
    assert (row.before["label"], row.after["label"]) == ("unverified-claim", "attribution")


def test_an_unknown_decision_is_refused_with_a_clear_message(span, reviewer):
    response = decide(client_for(reviewer), span, "maybe")
    assert response.status_code == 400
    assert "Unknown decision" in response.content.decode()


def test_a_missing_version_is_refused(span, reviewer):
    response = client_for(reviewer).post(
        reverse("review-decide", args=[span.project_id, span.pk]), {"decision": "approve"}
    )
    assert response.status_code == 400
    assert b"version must be a whole number" in response.content


def test_nobody_reviews_their_own_span(article, reviewer):
    own = quote_span(article, reviewer, "state-media-source", "Source: RT")
    response = decide(client_for(reviewer), own)
    assert response.status_code == 403
    assert "cannot review your own span" in response.content.decode()
    own.refresh_from_db()
    assert own.status == Status.PENDING


def test_the_page_does_not_offer_to_review_ones_own_span(article, reviewer, manager):
    own = quote_span(article, reviewer, "state-media-source", "Source: RT")
    body = client_for(reviewer).get(reverse("article-review", args=[article.pk])).content.decode()
    assert "Your own span" in body
    assert reverse("review-decide", args=[own.project_id, own.pk]) not in body


def test_a_stale_version_is_refused_with_409_naming_who_changed_it(span, reviewer, reviewer2):
    loaded = span.version
    decide(client_for(reviewer2), span)  # ravi approves first
    response = decide(client_for(reviewer), span, "reject", version=loaded)
    assert response.status_code == 409
    body = response.content.decode()
    assert "changed by ravi" in body
    assert "Reload this span" in body
    span.refresh_from_db()
    assert (span.status, span.reviewer) == (Status.APPROVED, reviewer2)
    reviews = SpanHistory.objects.filter(span_id=span.pk, action__in=["approve", "reject"])
    assert reviews.count() == 1


def test_without_htmx_a_stale_version_is_a_409_page(span, reviewer, reviewer2):
    decide(client_for(reviewer2), span)
    response = client_for(reviewer).post(
        reverse("review-decide", args=[span.project_id, span.pk]),
        {"decision": "approve", "version": 1},
    )
    assert response.status_code == 409
    assert b"changed by ravi" in response.content


def test_without_htmx_a_decision_redirects_back_to_the_queue(span, reviewer):
    response = client_for(reviewer).post(
        reverse("review-decide", args=[span.project_id, span.pk]),
        {"decision": "approve", "version": 1},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("review-queue", args=[span.project_id])


def test_a_span_of_another_project_is_not_found(span, outsider, other_project):
    response = client_for(outsider).post(
        reverse("review-decide", args=[other_project.pk, span.pk]),
        {"decision": "approve", "version": 1},
        **HTMX,
    )
    assert response.status_code == 404


def test_the_reload_after_a_conflict_shows_the_span_as_it_is_now(span, reviewer, reviewer2):
    decide(client_for(reviewer2), span)
    response = client_for(reviewer).get(
        reverse("review-item", args=[span.project_id, span.pk]), **HTMX
    )
    assert response.status_code == 200
    assert "Approved by ravi" in response.content.decode()


def test_an_approved_span_is_read_only_for_its_analyst(span, analyst, reviewer):
    decide(client_for(reviewer), span)
    span.refresh_from_db()
    with pytest.raises(Forbidden):
        span_update(span=span, actor=analyst, note="changed my mind", version=span.version)


def reopen(client, span, version=None):
    return client.post(
        reverse("review-reopen", args=[span.project_id, span.pk]),
        {"version": span.version if version is None else version},
        **HTMX,
    )


def test_a_manager_reopens_a_decided_span_and_history_records_it(span, reviewer, manager):
    decide(client_for(reviewer), span, "reject")
    span.refresh_from_db()
    body = client_for(manager).get(reverse("article-review", args=[span.article_id])).content
    assert b"Reopen" in body
    response = reopen(client_for(manager), span)
    assert response.status_code == 200
    span.refresh_from_db()
    assert span.status == Status.PENDING and span.reviewer is None
    assert SpanHistory.objects.filter(span_id=span.pk, action=Action.REOPEN, actor=manager).exists()


@pytest.mark.parametrize("who", ["reviewer", "analyst", "outsider"])
def test_only_managers_reopen(request, span, manager, who):
    decide(client_for(manager), span)
    span.refresh_from_db()
    response = reopen(client_for(request.getfixturevalue(who)), span)
    assert response.status_code == 403
    span.refresh_from_db()
    assert span.status == Status.APPROVED


def test_reviewers_are_not_offered_reopen(span, reviewer, manager):
    decide(client_for(manager), span)
    body = client_for(reviewer).get(reverse("article-review", args=[span.article_id])).content
    assert b"Reopen" not in body


def test_a_right_to_left_reason_is_isolated_from_the_decision_around_it(span, reviewer):
    # An override (U+202E) in the reason must not reorder "Rejected by rita at …" around it.
    reason = "\u202eسبب الرفض"
    body = decide(client_for(reviewer), span, "reject", reason=reason).content.decode()
    assert f"“<bdi>{reason}</bdi>”" in body
