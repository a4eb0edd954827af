from __future__ import annotations

import pytest

from newsannot.annotations.models import (
    Action,
    Relation,
    RelationHistory,
    RelationType,
    SpanHistory,
    Status,
)
from newsannot.annotations.relations import (
    relation_create,
    relation_delete,
    relation_review,
    relation_update,
)
from newsannot.annotations.services import span_delete, span_review
from newsannot.corpus.services import article_create, article_delete, project_create
from newsannot.lib.errors import Conflict, Forbidden, Invalid, NotFound
from tests.conftest import quote_span

SAID = "spokesman Zhao told a media briefing"
CLAIM = "the strikes hit only militant targets"


@pytest.fixture
def said(article, analyst):
    return quote_span(article, analyst, "attribution", SAID)


@pytest.fixture
def claim(span):
    return span  # "the strikes hit only militant targets", unverified-claim, alice's


@pytest.fixture
def rt(article, analyst):
    return quote_span(article, analyst, "state-media-source", "RT")


def link(article, user, kind, source, target, **kw):
    return relation_create(
        article=article, type=kind, from_span=source.pk, to_span=target.pk, annotator=user, **kw
    )


def test_a_new_project_starts_with_the_two_relation_types(project):
    types = {t.key: t for t in RelationType.objects.filter(project=project)}
    assert set(types) == {"attributes", "via-outlet"}
    assert types["attributes"].from_labels == ["attribution"]
    assert types["attributes"].to_labels == []
    assert types["via-outlet"].to_labels == ["state-media-source"]


def test_an_attribution_attributes_a_claim_with_history(article, analyst, said, claim):
    relation = link(article, analyst, "attributes", said, claim, note="the general's claim")
    assert (relation.type.key, relation.from_span_id, relation.to_span_id) == (
        "attributes",
        said.pk,
        claim.pk,
    )
    assert (relation.status, relation.version, relation.annotator) == ("pending", 1, analyst)
    row = RelationHistory.objects.get(relation_id=relation.pk)
    assert row.action == Action.CREATE
    assert row.after["from_quote"] == SAID and row.after["to_quote"] == CLAIM


def test_via_outlet_goes_from_a_claim_to_a_state_media_source(article, analyst, claim, rt):
    assert link(article, analyst, "via-outlet", claim, rt).to_span_id == rt.pk


@pytest.mark.parametrize(
    ("kind", "ends", "message"),
    [
        ("via-outlet", ("said", "claim"), "ends at a span labelled state-media-source"),
        ("attributes", ("claim", "said"), "starts at a span labelled attribution"),
        ("attributes", ("said", "said"), "not a span to itself"),
        ("cites", ("said", "claim"), "Unknown relation type 'cites'"),
    ],
)
def test_it_refuses_what_the_type_does_not_allow(
    article, analyst, said, claim, kind, ends, message
):
    spans = {"said": said, "claim": claim}
    with pytest.raises(Invalid, match=message):
        link(article, analyst, kind, spans[ends[0]], spans[ends[1]])
    assert not Relation.objects.exists()


def test_it_refuses_the_same_link_twice(article, analyst, said, claim):
    link(article, analyst, "attributes", said, claim)
    with pytest.raises(Conflict, match="linked by 'attributes' already"):
        link(article, analyst, "attributes", said, claim)


def test_it_refuses_ends_in_two_articles(project, article, analyst, manager, said):
    other = article_create(
        project=project, title="Other", text="The ministry denied it.", created_by=manager
    ).article
    elsewhere = quote_span(other, analyst, "unverified-claim", "The ministry denied it")
    with pytest.raises(Invalid, match="belongs to another article"):
        link(article, analyst, "attributes", said, elsewhere)


def test_it_refuses_an_end_the_user_cannot_see(article, analyst, analyst2, said):
    # amir's pending span is not alice's to see, so not hers to link to.
    hidden = quote_span(article, analyst2, "unverified-claim", CLAIM)
    with pytest.raises(Invalid, match=f"no span {hidden.pk} that you can see"):
        link(article, analyst, "attributes", said, hidden)


def test_a_retired_type_takes_no_new_relations(article, analyst, said, claim):
    RelationType.objects.filter(key="attributes").update(retired=True)
    with pytest.raises(Invalid, match="retired"):
        link(article, analyst, "attributes", said, claim)


def test_an_outsider_cannot_link(article, outsider, said, claim):
    with pytest.raises(Forbidden):
        link(article, outsider, "attributes", said, claim)


def test_a_stale_version_is_refused_with_409(article, analyst, said, claim):
    relation = link(article, analyst, "attributes", said, claim)
    relation_update(relation=relation, actor=analyst, note="first", version=1)
    stale = Relation.objects.get(pk=relation.pk)
    with pytest.raises(Conflict, match="changed by alice"):
        relation_update(relation=stale, actor=analyst, note="second", version=1)
    with pytest.raises(Conflict):
        relation_delete(relation=stale, actor=analyst, version=1)


def test_nobody_reviews_their_own_relation_and_others_may(article, analyst, reviewer, said, claim):
    relation = link(article, analyst, "attributes", said, claim)
    with pytest.raises(Forbidden):
        relation_review(relation=relation, reviewer=analyst, decision="approve", version=1)
    relation = relation_review(relation=relation, reviewer=reviewer, decision="approve", version=1)
    assert (relation.status, relation.reviewer, relation.version) == (
        Status.APPROVED,
        reviewer,
        2,
    )
    with pytest.raises(Forbidden, match="approved, so it is read-only"):
        relation_delete(relation=relation, actor=analyst)
    actions = list(
        RelationHistory.objects.filter(relation_id=relation.pk).values_list("action", flat=True)
    )
    assert actions == [Action.CREATE, Action.APPROVE]


def test_a_reviewer_self_review_of_their_own_relation_is_refused(article, reviewer, said, claim):
    span_review(span=said, reviewer=reviewer, decision="approve", version=1)
    own = quote_span(article, reviewer, "unverified-claim", CLAIM)
    relation = link(article, reviewer, "attributes", said, own)
    with pytest.raises(Forbidden, match="your own relation"):
        relation_review(relation=relation, reviewer=reviewer, decision="approve", version=1)


def test_deleting_a_span_deletes_its_relations_and_records_both(article, analyst, said, claim):
    relation = link(article, analyst, "attributes", said, claim)
    span_delete(span=claim, actor=analyst)
    assert not Relation.objects.exists()
    gone = RelationHistory.objects.get(relation_id=relation.pk, action=Action.DELETE)
    assert gone.before["to_quote"] == CLAIM and "was deleted" in gone.reason
    assert SpanHistory.objects.filter(span_id=claim.pk, action=Action.DELETE).exists()


def test_a_stale_span_delete_keeps_its_relations(article, analyst, said, claim):
    link(article, analyst, "attributes", said, claim)
    with pytest.raises((Conflict, NotFound)):
        span_delete(span=claim, actor=analyst, version=7)
    assert Relation.objects.count() == 1
    assert not RelationHistory.objects.filter(action=Action.DELETE).exists()


def test_deleting_the_article_keeps_the_relations_history(article, analyst, manager, said, claim):
    relation = link(article, analyst, "attributes", said, claim)
    article_delete(article=article, actor=manager)
    assert not Relation.objects.exists()
    row = RelationHistory.objects.get(relation_id=relation.pk, action=Action.DELETE)
    assert row.article_id == article.pk and row.actor == manager


def test_a_project_with_its_own_labels_still_gets_the_relation_types(db):
    project = project_create(name="Custom", labels=[{"key": "claim"}])
    assert set(project.relation_types.values_list("key", flat=True)) == {
        "attributes",
        "via-outlet",
    }


# -- "Change type & approve": a reviewer approves a relation as another type in one step --------


def test_a_reviewer_approves_a_relation_as_another_type_with_history(
    article, analyst, reviewer, said, rt
):
    relation = link(article, analyst, "attributes", said, rt)
    relation = relation_review(
        relation=relation, reviewer=reviewer, decision="approve", version=1, type="via-outlet"
    )
    assert (relation.type.key, relation.status, relation.reviewer) == (
        "via-outlet",
        Status.APPROVED,
        reviewer,
    )
    row = RelationHistory.objects.get(relation_id=relation.pk, action=Action.APPROVE)
    assert (row.actor, row.before["type"], row.after["type"]) == (
        reviewer,
        "attributes",
        "via-outlet",
    )


@pytest.mark.parametrize(
    ("decision", "kind", "message"),
    [
        ("approve", "via-outlet", "ends at a span labelled state-media-source"),
        ("reject", "attributes", "goes with approving"),
        ("approve", "cites", "Unknown relation type 'cites'"),
    ],
)
def test_approving_as_another_type_keeps_to_what_the_ends_labels_allow(
    article, analyst, reviewer, said, claim, decision, kind, message
):
    relation = link(article, analyst, "attributes", said, claim)
    with pytest.raises(Invalid, match=message):
        relation_review(
            relation=relation, reviewer=reviewer, decision=decision, version=1, type=kind
        )
    relation.refresh_from_db()
    assert (relation.type.key, relation.status, relation.version) == ("attributes", "pending", 1)


def test_approving_as_another_type_is_refused_stale_own_or_already_linked(
    article, analyst, reviewer, said, rt
):
    relation = link(article, analyst, "attributes", said, rt)
    relation_update(relation=relation, actor=analyst, note="checked", version=1)
    with pytest.raises(Conflict, match="changed by alice"):
        relation_review(
            relation=relation, reviewer=reviewer, decision="approve", version=1, type="via-outlet"
        )
    own = link(article, reviewer, "via-outlet", said, rt)  # the same link as the other type
    with pytest.raises(Forbidden, match="your own relation"):
        relation_review(
            relation=own, reviewer=reviewer, decision="approve", version=1, type="attributes"
        )
    with pytest.raises(Conflict, match="linked by 'via-outlet' already"):
        relation_review(
            relation=relation, reviewer=reviewer, decision="approve", version=2, type="via-outlet"
        )
    relation.refresh_from_db()
    assert (relation.type.key, relation.status) == ("attributes", "pending")
