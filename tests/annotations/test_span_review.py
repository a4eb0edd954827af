import pytest

from newsannot.annotations.models import Action, Span, SpanHistory, Status
from newsannot.annotations.services import span_reopen, span_review
from newsannot.lib.errors import Conflict, Forbidden, Invalid


def test_a_reviewer_approves_a_span(span, reviewer):
    span = span_review(span=span, reviewer=reviewer, decision="approve", version=1)
    assert span.status == Status.APPROVED
    assert span.reviewer == reviewer
    assert span.reviewed_at is not None
    assert span.version == 2
    row = SpanHistory.objects.get(span_id=span.pk, action=Action.APPROVE)
    assert row.actor == reviewer
    assert row.before["status"] == "pending"
    assert row.after["status"] == "approved"


def test_a_reviewer_rejects_with_a_reason(span, reviewer):
    span = span_review(
        span=span, reviewer=reviewer, decision="reject", version=1, reason="This is attribution."
    )
    assert span.status == Status.REJECTED
    assert span.review_reason == "This is attribution."
    row = SpanHistory.objects.get(span_id=span.pk, action=Action.REJECT)
    assert row.reason == "This is attribution."


def test_relabelling_counts_as_the_reviewers_approval(span, reviewer):
    span = span_review(
        span=span, reviewer=reviewer, decision="approve", version=1, label="attribution"
    )
    assert (span.label.key, span.status, span.reviewer) == ("attribution", "approved", reviewer)


def test_nobody_reviews_their_own_span(article, reviewer):
    from tests.conftest import quote_span

    own = quote_span(article, reviewer, "attribution", "Officials")
    with pytest.raises(Forbidden, match="cannot review your own span"):
        span_review(span=own, reviewer=reviewer, decision="approve", version=1)
    assert Span.objects.get(pk=own.pk).status == Status.PENDING


def test_an_analyst_cannot_review(span, analyst2):
    with pytest.raises(Forbidden, match="Only reviewers and managers"):
        span_review(span=span, reviewer=analyst2, decision="approve", version=1)


def test_a_member_of_another_project_cannot_review(span, outsider):
    with pytest.raises(Forbidden):
        span_review(span=span, reviewer=outsider, decision="approve", version=1)


def test_an_unknown_decision_is_refused(span, reviewer):
    with pytest.raises(Invalid, match="Unknown decision 'maybe'"):
        span_review(span=span, reviewer=reviewer, decision="maybe", version=1)


def test_a_review_must_name_the_version(span, reviewer):
    with pytest.raises(Invalid, match="which version"):
        span_review(span=span, reviewer=reviewer, decision="approve", version=None)


def test_the_second_of_two_reviewers_gets_a_conflict(span, reviewer, reviewer2):
    first = Span.objects.get(pk=span.pk)
    second = Span.objects.get(pk=span.pk)
    span_review(span=first, reviewer=reviewer, decision="approve", version=1)
    with pytest.raises(Conflict) as caught:
        span_review(span=second, reviewer=reviewer2, decision="reject", version=1)
    assert "changed by rita" in caught.value.message
    assert caught.value.as_dict()["changed_by"] == "rita"
    assert Span.objects.get(pk=span.pk).status == Status.APPROVED
    assert (
        SpanHistory.objects.filter(span_id=span.pk, action__in=["approve", "reject"]).count() == 1
    )


def test_a_manager_reopens_a_decided_span(span, reviewer, manager):
    span = span_review(span=span, reviewer=reviewer, decision="reject", version=1, reason="no")
    span = span_reopen(span=span, actor=manager, reason="second look")
    assert span.status == Status.PENDING
    assert span.reviewer is None
    assert span.review_reason == ""
    assert SpanHistory.objects.get(span_id=span.pk, action=Action.REOPEN).reason == "second look"


def test_a_reviewer_cannot_reopen(span, reviewer, reviewer2):
    span = span_review(span=span, reviewer=reviewer, decision="approve", version=1)
    with pytest.raises(Forbidden, match="Only managers"):
        span_reopen(span=span, actor=reviewer2)
