import pytest

from newsannot.annotations.models import Action, SpanHistory, Status
from newsannot.annotations.services import span_delete, span_review, span_update
from newsannot.lib.errors import Conflict, Forbidden, NotFound
from tests.conftest import quote_span


def test_the_annotator_changes_label_and_note(span, analyst):
    span = span_update(span=span, actor=analyst, label="attribution", note="check the source")
    assert span.label.key == "attribution"
    assert span.note == "check the source"
    assert span.version == 2
    row = SpanHistory.objects.get(span_id=span.pk, action=Action.UPDATE)
    assert row.before["label"] == "unverified-claim"
    assert row.after["label"] == "attribution"
    assert row.after["note"] == "check the source"


def test_a_change_that_changes_nothing_writes_nothing(span, analyst):
    span_update(span=span, actor=analyst, label="unverified-claim", note="")
    assert span.version == 1
    assert not SpanHistory.objects.filter(action=Action.UPDATE).exists()


def test_another_analyst_cannot_change_my_span(span, analyst2):
    with pytest.raises(Forbidden, match="only change or delete your own spans"):
        span_update(span=span, actor=analyst2, note="mine now")


def test_an_approved_span_is_read_only_to_its_analyst(span, analyst, reviewer):
    span_review(span=span, reviewer=reviewer, decision="approve", version=1)
    with pytest.raises(Forbidden, match="approved, so it is read-only"):
        span_update(span=span, actor=analyst, note="late change")
    with pytest.raises(Forbidden, match="approved, so it is read-only"):
        span_delete(span=span, actor=analyst)


def test_a_manager_may_change_any_span(span, manager):
    span = span_update(span=span, actor=manager, note="manager's note")
    assert span.note == "manager's note"


def test_a_stale_version_is_refused_with_who_changed_it(span, analyst, manager):
    span_update(span=span.__class__.objects.get(pk=span.pk), actor=manager, note="first")
    with pytest.raises(Conflict) as caught:
        span_update(span=span, actor=analyst, note="second", version=1)
    assert "changed by mona" in caught.value.message
    assert caught.value.status == 409


def test_deleting_a_span_keeps_its_history(span, analyst):
    span_id = span.pk
    span_delete(span=span, actor=analyst)
    actions = list(SpanHistory.objects.filter(span_id=span_id).values_list("action", flat=True))
    assert actions == [Action.CREATE, Action.DELETE]
    deleted = SpanHistory.objects.get(span_id=span_id, action=Action.DELETE)
    assert deleted.before["quote"] == "the strikes hit only militant targets"
    assert deleted.after is None


def test_acting_on_a_deleted_span_says_who_deleted_it(span, analyst, manager):
    stale = span.__class__.objects.get(pk=span.pk)
    span_delete(span=span, actor=manager)
    with pytest.raises(NotFound, match="deleted by mona"):
        span_update(span=stale, actor=analyst, note="too late")


def test_relabelling_onto_an_existing_span_is_a_conflict(article, analyst):
    first = quote_span(article, analyst, "attribution", "Officials")
    quote_span(article, analyst, "unverified-claim", "Officials")
    with pytest.raises(Conflict, match="exists already"):
        span_update(span=first, actor=analyst, label="unverified-claim")
    first.refresh_from_db()
    assert first.label.key == "attribution"
    assert first.status == Status.PENDING
