"""Undo covers relations: a span's deletion takes its relations, and undoing it brings them
back; a relation linked or unlinked by hand is undone and redone on its own, and so is a
reviewer's decision on it, by that reviewer."""

from __future__ import annotations

import pytest

from newsannot.annotations.models import (
    Action,
    Relation,
    RelationHistory,
    Span,
    SpanHistory,
    Status,
)
from newsannot.annotations.relations import (
    relation_create,
    relation_delete,
    relation_review,
    relation_undo,
    relation_update,
)
from newsannot.annotations.services import span_delete, span_undo, span_update
from newsannot.lib.errors import Conflict, Forbidden
from tests.conftest import quote_span

SAID = "spokesman Zhao told a media briefing"


def last_span_row(span_id: int) -> SpanHistory:
    return SpanHistory.objects.filter(span_id=span_id).order_by("-id").first()


def relation_actions(relation_id: int) -> list[str]:
    return list(
        RelationHistory.objects.filter(relation_id=relation_id)
        .order_by("id")
        .values_list("action", flat=True)
    )


@pytest.fixture
def said(article, analyst):
    return quote_span(article, analyst, "attribution", SAID)


@pytest.fixture
def rt(article, analyst):
    return quote_span(article, analyst, "state-media-source", "RT")


@pytest.fixture
def two_links(article, analyst, said, span, rt):
    """`said` attributes the claim `span` and reached us via the outlet `rt`."""
    attributes = relation_create(
        article=article, type="attributes", from_span=said, to_span=span, annotator=analyst
    )
    via = relation_create(
        article=article, type="via-outlet", from_span=said, to_span=rt, annotator=analyst
    )
    return attributes, via


def test_undoing_a_span_delete_brings_back_both_its_relations_with_history(
    analyst, said, two_links
):
    attributes, via = two_links
    span_delete(span=said, actor=analyst)
    assert not Relation.objects.exists()

    span_undo(actor=analyst, history=last_span_row(said.pk))

    back = {r.pk: r for r in Relation.objects.select_related("type")}
    assert set(back) == {attributes.pk, via.pk}
    assert (back[attributes.pk].type.key, back[attributes.pk].to_span_id) == (
        "attributes",
        attributes.to_span_id,
    )
    assert (back[via.pk].type.key, back[via.pk].to_span_id) == ("via-outlet", via.to_span_id)
    for relation in (attributes, via):
        assert relation_actions(relation.pk) == ["create", "delete", "create"]
        row = RelationHistory.objects.filter(relation_id=relation.pk).order_by("-id").first()
        assert row.actor == analyst and "came back" in row.reason


def test_redoing_the_span_delete_takes_the_relations_again_and_undo_brings_them_back_again(
    analyst, said, two_links
):
    span_delete(span=said, actor=analyst)
    created = span_undo(actor=analyst, history=last_span_row(said.pk))
    span_undo(actor=analyst, history=created)  # redo: the span is deleted again
    assert not Relation.objects.exists()
    span_undo(actor=analyst, history=last_span_row(said.pk))
    assert Relation.objects.count() == 2
    assert relation_actions(two_links[0].pk) == ["create", "delete", "create", "delete", "create"]


def test_a_relation_unlinked_by_hand_before_the_span_went_stays_unlinked(analyst, said, two_links):
    attributes, via = two_links
    relation_delete(relation=via, actor=analyst)
    span_delete(span=Span.objects.get(pk=said.pk), actor=analyst)
    span_undo(actor=analyst, history=last_span_row(said.pk))
    assert list(Relation.objects.values_list("pk", flat=True)) == [attributes.pk]


def test_undo_is_refused_whole_when_the_other_end_was_deleted_since(
    analyst, said, span, rt, two_links
):
    span_delete(span=said, actor=analyst)
    span_delete(span=Span.objects.get(pk=rt.pk), actor=analyst)
    with pytest.raises(Conflict, match="'Via outlet' relation cannot come back") as caught:
        span_undo(actor=analyst, history=last_span_row(said.pk))
    assert caught.value.status == 409
    # Nothing kept: neither the span nor its other relation.
    assert not Span.objects.filter(pk=said.pk).exists()
    assert not Relation.objects.exists()


def test_undo_is_refused_when_the_other_end_was_relabelled_out_of_the_type(
    analyst, said, rt, two_links
):
    span_delete(span=said, actor=analyst)
    span_update(span=Span.objects.get(pk=rt.pk), actor=analyst, label="unverified-claim")
    with pytest.raises(Conflict, match="relabelled"):
        span_undo(actor=analyst, history=last_span_row(said.pk))
    assert not Span.objects.filter(pk=said.pk).exists()


def test_undoing_a_link_unlinks_it_and_redo_links_it_again(analyst, two_links):
    attributes, _ = two_links
    created = RelationHistory.objects.get(relation_id=attributes.pk, action=Action.CREATE)
    undone = relation_undo(actor=analyst, history=created)
    assert undone.action == Action.DELETE
    assert not Relation.objects.filter(pk=attributes.pk).exists()
    redone = relation_undo(actor=analyst, history=undone)
    assert redone.action == Action.CREATE
    assert Relation.objects.get(pk=attributes.pk).type.key == "attributes"
    assert relation_actions(attributes.pk) == ["create", "delete", "create"]


def test_after_an_unlink_is_undone_the_link_before_it_can_be_undone_too(analyst, two_links):
    _, via = two_links
    created = RelationHistory.objects.get(relation_id=via.pk, action=Action.CREATE)
    relation_delete(relation=via, actor=analyst)
    relation_undo(actor=analyst, history=RelationHistory.objects.order_by("-id").first())
    undone = relation_undo(actor=analyst, history=created)
    assert undone.action == Action.DELETE
    assert not Relation.objects.filter(pk=via.pk).exists()
    assert relation_actions(via.pk) == ["create", "delete", "create", "delete"]


def test_a_link_waits_until_a_later_unlink_of_ones_own_is_undone(analyst, two_links):
    _, via = two_links
    created = RelationHistory.objects.get(relation_id=via.pk, action=Action.CREATE)
    relation_delete(relation=via, actor=analyst)
    with pytest.raises(Conflict, match="undo that change first"):
        relation_undo(actor=analyst, history=created)


def test_undoing_an_unlink_links_it_again(analyst, two_links):
    _, via = two_links
    relation_delete(relation=via, actor=analyst)
    deleted = RelationHistory.objects.get(relation_id=via.pk, action=Action.DELETE)
    relation_undo(actor=analyst, history=deleted)
    assert Relation.objects.get(pk=via.pk).annotator == analyst


def test_a_relation_undo_is_refused_when_someone_else_changed_it_since(analyst, manager, two_links):
    from newsannot.annotations.relations import relation_update

    attributes, _ = two_links
    created = RelationHistory.objects.get(relation_id=attributes.pk, action=Action.CREATE)
    relation_update(relation=attributes, actor=manager, note="manager was here")
    with pytest.raises(Conflict, match="changed by mona"):
        relation_undo(actor=analyst, history=created)
    assert Relation.objects.get(pk=attributes.pk).note == "manager was here"


def test_nobody_undoes_someone_elses_link(analyst2, two_links):
    created = RelationHistory.objects.get(relation_id=two_links[0].pk, action=Action.CREATE)
    with pytest.raises(Forbidden, match="your own changes"):
        relation_undo(actor=analyst2, history=created)
    assert Relation.objects.filter(pk=two_links[0].pk).exists()


def last_relation_row(relation_id: int) -> RelationHistory:
    return RelationHistory.objects.filter(relation_id=relation_id).order_by("-id").first()


def test_a_reviewer_undoes_their_relation_decision_back_to_pending_and_redoes_it(
    two_links, reviewer
):
    attributes, _ = two_links
    relation_review(
        relation=attributes, reviewer=reviewer, decision="reject", version=1, reason="no"
    )
    undone = relation_undo(actor=reviewer, history=last_relation_row(attributes.pk))
    attributes.refresh_from_db()
    assert (attributes.status, attributes.reviewer, attributes.review_reason) == (
        Status.PENDING,
        None,
        "",
    )
    assert (undone.action, undone.actor, undone.reason) == (Action.REOPEN, reviewer, "Undo")
    assert undone.before["status"] == "rejected" and undone.after["status"] == "pending"
    relation_undo(actor=reviewer, history=undone)  # redo: the decision again
    attributes.refresh_from_db()
    assert (attributes.status, attributes.reviewer, attributes.review_reason) == (
        Status.REJECTED,
        reviewer,
        "no",
    )
    assert relation_actions(attributes.pk) == ["create", "reject", "reopen", "reject"]


def test_only_the_reviewer_who_decided_undoes_a_relation_decision(two_links, reviewer, reviewer2):
    attributes, _ = two_links
    relation_review(relation=attributes, reviewer=reviewer, decision="approve", version=1)
    with pytest.raises(Forbidden):
        relation_undo(actor=reviewer2, history=last_relation_row(attributes.pk))
    attributes.refresh_from_db()
    assert (attributes.status, attributes.reviewer) == (Status.APPROVED, reviewer)


def test_undoing_a_relation_decision_changed_since_is_a_409_naming_who(
    two_links, reviewer, manager
):
    attributes, _ = two_links
    relation_review(relation=attributes, reviewer=reviewer, decision="approve", version=1)
    decision = last_relation_row(attributes.pk)
    relation_update(relation=attributes, actor=manager, note="checked", version=2)
    with pytest.raises(Conflict) as refused:
        relation_undo(actor=reviewer, history=decision)
    assert refused.value.status == 409 and "mona" in str(refused.value)
    attributes.refresh_from_db()
    assert (attributes.status, attributes.version) == (Status.APPROVED, 3)


@pytest.fixture
def retyped(article, analyst, reviewer, said, rt):
    """An "attributes" link from `said` to `rt` that rita approved as "via-outlet"."""
    relation = relation_create(
        article=article, type="attributes", from_span=said, to_span=rt, annotator=analyst
    )
    return relation_review(
        relation=relation, reviewer=reviewer, decision="approve", version=1, type="via-outlet"
    )


def test_undoing_a_relation_approval_that_changed_its_type_restores_the_type(retyped, reviewer):
    relation = retyped
    undone = relation_undo(actor=reviewer, history=last_relation_row(relation.pk))
    relation = Relation.objects.select_related("type").get(pk=relation.pk)
    assert (relation.type.key, relation.status, relation.reviewer) == (
        "attributes",
        Status.PENDING,
        None,
    )
    assert (undone.before["type"], undone.after["type"]) == ("via-outlet", "attributes")
    relation_undo(actor=reviewer, history=undone)  # redo: approved as via-outlet again
    relation = Relation.objects.select_related("type").get(pk=relation.pk)
    assert (relation.type.key, relation.status) == ("via-outlet", Status.APPROVED)
    assert relation_actions(relation.pk) == ["create", "approve", "reopen", "approve"]


def test_undoing_a_change_of_type_is_refused_when_an_end_no_longer_fits_the_old_type(
    retyped, analyst, reviewer, said
):
    relation = retyped
    decision = last_relation_row(relation.pk)
    # An attribution relabelled as a claim: via-outlet allows it, attributes does not.
    span_update(span=Span.objects.get(pk=said.pk), actor=analyst, label="unverified-claim")
    with pytest.raises(Conflict, match="relabelled since"):
        relation_undo(actor=reviewer, history=decision)
    relation = Relation.objects.select_related("type").get(pk=relation.pk)
    assert (relation.type.key, relation.status) == ("via-outlet", Status.APPROVED)


def test_a_retried_unlink_undo_that_landed_answers_with_its_row(analyst, two_links):
    attributes, _ = two_links
    created = RelationHistory.objects.get(relation_id=attributes.pk, action=Action.CREATE)
    undone = relation_undo(actor=analyst, history=created)
    again = relation_undo(actor=analyst, history=created, again=True)
    assert again.pk == undone.pk
    assert relation_actions(attributes.pk) == ["create", "delete"]
    assert not Relation.objects.filter(pk=attributes.pk).exists()
