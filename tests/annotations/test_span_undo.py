"""Undo and redo: each reverses one history row of the person undoing, through the services."""

from __future__ import annotations

import pytest

from newsannot.annotations.models import Action, Span, SpanHistory, Status
from newsannot.annotations.services import (
    span_delete,
    span_review,
    span_undo,
    span_update,
)
from newsannot.lib.errors import Conflict, Forbidden
from tests.conftest import quote_span


def last_row(span_id: int) -> SpanHistory:
    return SpanHistory.objects.filter(span_id=span_id).order_by("-id").first()


def test_undoing_a_create_deletes_the_span_and_redo_brings_it_back(span, analyst):
    undone = span_undo(actor=analyst, history=last_row(span.pk))
    assert undone.action == Action.DELETE
    assert not Span.objects.filter(pk=span.pk).exists()
    redone = span_undo(actor=analyst, history=undone)
    assert redone.action == Action.CREATE
    back = Span.objects.get(pk=span.pk)
    assert (back.label.key, back.start, back.end, back.quote) == (
        span.label.key,
        span.start,
        span.end,
        span.quote,
    )


def test_undoing_a_delete_brings_back_label_offsets_quote_and_note(span, analyst):
    span = span_update(span=span, actor=analyst, note="check it")
    span_delete(span=span, actor=analyst)
    undone = span_undo(actor=analyst, history=last_row(span.pk))
    back = Span.objects.get(pk=span.pk)
    assert (back.label.key, back.quote, back.note, back.annotator) == (
        "unverified-claim",
        "the strikes hit only militant targets",
        "check it",
        analyst,
    )
    assert undone.action == Action.CREATE and undone.actor == analyst
    actions = list(SpanHistory.objects.filter(span_id=span.pk).values_list("action", flat=True))
    assert actions == ["create", "update", "delete", "create"]


def test_undoing_a_relabel_and_a_note_restores_the_values_before_with_a_new_version(span, analyst):
    span = span_update(span=span, actor=analyst, label="attribution", note="n")
    undone = span_undo(actor=analyst, history=last_row(span.pk))
    span.refresh_from_db()
    assert (span.label.key, span.note, span.version) == ("unverified-claim", "", 3)
    assert undone.action == Action.UPDATE
    span_undo(actor=analyst, history=undone)  # redo
    span.refresh_from_db()
    assert (span.label.key, span.note, span.version) == ("attribution", "n", 4)


def test_undoing_a_boundary_change_restores_the_offsets_and_the_quote(span, analyst, article):
    span = span_update(span=span, actor=analyst, start=span.start + 4)
    assert span.quote == "strikes hit only militant targets"
    span_undo(actor=analyst, history=last_row(span.pk))
    span.refresh_from_db()
    assert span.quote == "the strikes hit only militant targets"
    assert article.text[span.start : span.end] == span.quote


def test_a_reviewer_undoes_their_decision_back_to_pending_and_redoes_it(span, reviewer):
    span_review(span=span, reviewer=reviewer, decision="reject", version=1, reason="no")
    undone = span_undo(actor=reviewer, history=last_row(span.pk))
    span.refresh_from_db()
    assert (span.status, span.reviewer) == (Status.PENDING, None)
    assert undone.action == Action.REOPEN
    span_undo(actor=reviewer, history=undone)
    span.refresh_from_db()
    assert (span.status, span.reviewer, span.review_reason) == (Status.REJECTED, reviewer, "no")


def test_undo_refuses_when_someone_else_changed_the_span_since(span, analyst, manager):
    mine = last_row(span.pk)
    span_update(span=Span.objects.get(pk=span.pk), actor=manager, note="manager was here")
    with pytest.raises(Conflict, match="changed by mona") as caught:
        span_undo(actor=analyst, history=mine)
    assert caught.value.status == 409
    assert Span.objects.get(pk=span.pk).note == "manager was here"


def test_nobody_undoes_someone_elses_change(span, analyst2):
    with pytest.raises(Forbidden, match="your own changes"):
        span_undo(actor=analyst2, history=last_row(span.pk))
    assert Span.objects.filter(pk=span.pk).exists()


def test_moving_a_boundary_recomputes_the_quote_and_checks_one_sent(span, analyst, article):
    from newsannot.lib.errors import Invalid

    moved = span_update(span=span, actor=analyst, end=span.end - 8, version=1)
    assert moved.quote == "the strikes hit only militant"
    assert moved.version == 2
    with pytest.raises(Invalid, match="quote"):
        span_update(span=moved, actor=analyst, end=moved.end + 1, quote="nope", version=2)
    with pytest.raises(Invalid):
        span_update(span=moved, actor=analyst, start=moved.end, version=2)
    with pytest.raises(Conflict):
        span_update(span=moved, actor=analyst, start=moved.start + 1, version=1)


def test_a_duplicate_restore_is_a_conflict_not_an_overwrite(span, analyst, article):
    span_delete(span=span, actor=analyst)
    quote_span(article, analyst, "unverified-claim", "the strikes hit only militant targets")
    with pytest.raises(Conflict, match="already have"):
        span_undo(actor=analyst, history=last_row(span.pk))


def test_an_undo_sent_again_after_it_landed_answers_with_its_row_and_changes_nothing(span, analyst):
    span = span_update(span=span, actor=analyst, label="attribution")
    relabel = last_row(span.pk)
    undone = span_undo(actor=analyst, history=relabel)
    # The same undo once more, as a retry after a timeout: the row it wrote, nothing new.
    again = span_undo(actor=analyst, history=relabel, again=True)
    assert again.pk == undone.pk
    span.refresh_from_db()
    assert (span.label.key, span.version) == ("unverified-claim", 3)
    # Not sent as a retry (another tab, say), the rule is as before.
    with pytest.raises(Conflict, match="undo that change first"):
        span_undo(actor=analyst, history=relabel)
    # A retried redo, and a retried undo of a create, the same.
    redone = span_undo(actor=analyst, history=undone)
    assert span_undo(actor=analyst, history=undone, again=True).pk == redone.pk
    created = SpanHistory.objects.get(span_id=span.pk, action=Action.CREATE)
    assert Span.objects.get(pk=span.pk).label.key == "attribution"
    with pytest.raises(Conflict):  # the relabel since is not undone: no pass for a retry
        span_undo(actor=analyst, history=created, again=True)


def test_a_retried_undo_still_refuses_when_someone_else_changed_the_span_since(
    span, analyst, manager
):
    span = span_update(span=span, actor=analyst, note="mine")
    mine = last_row(span.pk)
    span_update(span=Span.objects.get(pk=span.pk), actor=manager, note="")
    with pytest.raises(Conflict, match="changed by mona"):
        span_undo(actor=analyst, history=mine, again=True)
