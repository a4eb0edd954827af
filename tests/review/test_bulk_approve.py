"""Approving a selection from the queue: all of it, or none of it."""

from __future__ import annotations

from django.urls import reverse

from newsannot.annotations.models import Span, Status
from tests.conftest import client_for, quote_span


def bulk(client, project, values):
    return client.post(reverse("review-bulk-approve", args=[project.pk]), {"span": values})


def test_a_reviewer_approves_a_selection(project, article, analyst, reviewer, span):
    other = quote_span(article, analyst, "state-media-source", "Source: RT")
    response = bulk(client_for(reviewer), project, [f"{span.pk}:1", f"{other.pk}:1"])
    assert response.status_code == 302
    assert set(Span.objects.values_list("status", flat=True)) == {Status.APPROVED}


def test_one_stale_span_undoes_the_whole_selection(project, article, analyst, reviewer, span):
    other = quote_span(article, analyst, "state-media-source", "Source: RT")
    response = bulk(client_for(reviewer), project, [f"{other.pk}:1", f"{span.pk}:7"])
    assert response.status_code == 409
    assert set(Span.objects.values_list("status", flat=True)) == {Status.PENDING}


def test_ones_own_span_in_a_selection_is_refused(project, article, reviewer, span):
    own = quote_span(article, reviewer, "state-media-source", "Source: RT")
    response = bulk(client_for(reviewer), project, [f"{span.pk}:1", f"{own.pk}:1"])
    assert response.status_code == 403
    assert set(Span.objects.values_list("status", flat=True)) == {Status.PENDING}


def test_a_malformed_or_empty_selection_is_refused(project, reviewer, span):
    assert bulk(client_for(reviewer), project, ["nonsense"]).status_code == 400
    assert bulk(client_for(reviewer), project, []).status_code == 400


def test_a_span_of_another_project_cannot_be_smuggled_in(project, other_project, outsider, span):
    response = bulk(client_for(outsider), other_project, [f"{span.pk}:1"])
    assert response.status_code == 404
    span.refresh_from_db()
    assert span.status == Status.PENDING


def test_analysts_cannot_bulk_approve(project, analyst2, span):
    assert bulk(client_for(analyst2), project, [f"{span.pk}:1"]).status_code == 403
