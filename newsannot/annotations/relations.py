"""Every write to a relation goes through here, and every write leaves a history row.

A relation is a span's sibling: the same rules decide who may see, change and review it
(policy.py), the same conditional UPDATE on (id, version) refuses a stale change with a 409,
and its history outlives it. What is its own: both ends are spans of one article that the
writer can see, the type is the project's and allows the ends' labels, a span is not linked
to itself, and the same link (ends and type) exists once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from newsannot import policy
from newsannot.annotations import conflicts
from newsannot.annotations.decisions import created, decided, decision_back, pending, review_state
from newsannot.annotations.models import (
    Action,
    Origin,
    Relation,
    RelationHistory,
    RelationType,
    Span,
    Status,
)
from newsannot.corpus.models import Article
from newsannot.ingest import fields
from newsannot.lib.errors import Conflict, Forbidden, Invalid, NotFound, shown
from newsannot.lib.shortcuts import checked_shortcut


def snapshot(relation: Relation) -> dict[str, Any]:
    """What a history row records of a relation: its ends by id and quote (the spans may go)."""
    return {
        "type": relation.type.key,
        "from": relation.from_span_id,
        "to": relation.to_span_id,
        "from_quote": relation.from_span.quote,
        "to_quote": relation.to_span.quote,
        "note": relation.note,
        # So that an undone deletion comes back as it was (rows written before it: manual).
        "origin": relation.origin,
        "status": relation.status,
        "reviewer": relation.reviewer.get_username() if relation.reviewer_id else None,
        "review_reason": relation.review_reason,
        "version": relation.version,
    }


# Every write leaves its history row through this one function.
_record = RelationHistory.record


def resolve_type(project_id: int, value: RelationType | str, *, new: bool = True) -> RelationType:
    """The project's relation type `value` (a key); a retired one only for relations that have
    it already (`new`=False)."""
    if isinstance(value, RelationType):
        found: RelationType | None = value if value.project_id == project_id else None
    else:
        key = fields.relation_type_key(value)
        found = RelationType.objects.filter(project_id=project_id, key=key).first()
    usable = RelationType.objects.filter(project_id=project_id, retired=False)
    if found is None:
        keys = ", ".join(usable.values_list("key", flat=True)) or "none"
        raise Invalid(
            f"Unknown relation type {shown(value)}; this project's are: {keys}.", field="type"
        )
    if new and found.retired:
        raise Invalid(f"The relation type {found.key!r} is retired.", field="type")
    return found


def _end(article: Article, user: AbstractBaseUser, value: Span | Any, name: str) -> Span:
    """A relation's end: a span of `article` that `user` can see (else, as if it did not exist,
    a 400 naming the field: the body pointed at it)."""
    if isinstance(value, Span):
        span: Span | None = value
    else:
        span_id = fields.span_id(value, name)
        span = Span.objects.select_related("label").filter(pk=span_id).first()
    if span is None or not policy.may_see_span(user, span):
        raise Invalid(
            f"There is no span {shown(getattr(value, 'pk', value))} that you can see.", field=name
        )
    if span.article_id != article.pk:
        raise Invalid(
            f"Span {span.pk} belongs to another article: a relation links spans of one article.",
            field=name,
        )
    return span


def _check_labels(kind: RelationType, from_span: Span, to_span: Span) -> None:
    if from_span.pk == to_span.pk:
        raise Invalid("A relation links two different spans, not a span to itself.", field="to")
    if not kind.allows_from(from_span.label.key):
        raise Invalid(
            f"A {kind.key!r} relation starts at a span labelled "
            f"{' or '.join(kind.from_labels)}, not {from_span.label.key!r}.",
            field="from",
        )
    if not kind.allows_to(to_span.label.key):
        raise Invalid(
            f"A {kind.key!r} relation ends at a span labelled "
            f"{' or '.join(kind.to_labels)}, not {to_span.label.key!r}.",
            field="to",
        )


def _retype(changes: dict[str, Any], relation: Relation, value: RelationType | str) -> None:
    """A new type for `relation` (an edit, or a reviewer approving it as another type): one of
    the project's, not retired, that allows the ends' labels; the same type changes nothing,
    retired or not (the review's form offers a retired relation's own type, selected)."""
    kind = resolve_type(relation.project_id, value, new=False)
    if kind.pk != relation.type_id:
        resolve_type(relation.project_id, kind)  # a type to change to: refused if retired
        _check_labels(kind, relation.from_span, relation.to_span)
        changes["type"] = kind


def _duplicate(kind: RelationType) -> Conflict:
    return Conflict(f"These two spans are linked by {kind.key!r} already.", code="duplicate")


@transaction.atomic
def relation_create(
    *,
    article: Article,
    type: RelationType | str,
    from_span: Span | Any,
    to_span: Span | Any,
    annotator: AbstractBaseUser,
    note: str = "",
    origin: str = Origin.MANUAL,
    status: str = Status.PENDING,
) -> Relation:
    policy.require(annotator, "span.create", article.project_id)
    kind = resolve_type(article.project_id, type)
    source = _end(article, annotator, from_span, "from")
    target = _end(article, annotator, to_span, "to")
    _check_labels(kind, source, target)
    note = fields.note(note)
    review = created(
        annotator=annotator, status=status, project_id=article.project_id, noun="relations"
    )
    try:
        with transaction.atomic():
            relation = Relation.objects.create(
                project_id=article.project_id,
                article=article,
                type=kind,
                from_span=source,
                to_span=target,
                note=note,
                annotator=annotator,
                origin=origin,
                **review,
            )
    except IntegrityError:
        raise _duplicate(kind) from None
    _record(relation, action=Action.CREATE, actor=annotator, before=None, after=snapshot(relation))
    return relation


def _conflict(relation_id: int, had_version: int) -> Conflict | NotFound:
    return conflicts.stale_write(
        RelationHistory.objects.filter(relation_id=relation_id),
        Relation.objects.filter(pk=relation_id),
        "relation",
        had_version,
    )


def _apply(relation: Relation, expected: int, **changes: Any) -> Relation:
    try:
        with transaction.atomic():
            updated = Relation.objects.filter(pk=relation.pk, version=expected).update(
                version=F("version") + 1, updated_at=timezone.now(), **changes
            )
    except IntegrityError:
        raise _duplicate(changes.get("type", relation.type)) from None
    if not updated:
        raise _conflict(relation.pk, expected)
    relation.refresh_from_db()
    return relation


def _expected(relation: Relation, version: Any) -> int:
    return relation.version if version is None else fields.version(version)


@transaction.atomic
def relation_update(
    *,
    relation: Relation,
    actor: AbstractBaseUser,
    type: RelationType | str | None = None,
    note: str | None = None,
    version: int | None = None,
) -> Relation:
    policy.require_edit_span(actor, relation, "relation")
    expected = _expected(relation, version)
    before = snapshot(relation)
    changes: dict[str, Any] = {}
    if type is not None:
        _retype(changes, relation, type)
    if note is not None and (note := fields.note(note)) != relation.note:
        changes["note"] = note
    if not changes:
        return relation
    relation = _apply(relation, expected, **changes)
    _record(relation, action=Action.UPDATE, actor=actor, before=before, after=snapshot(relation))
    return relation


@transaction.atomic
def relation_delete(
    *, relation: Relation, actor: AbstractBaseUser, version: int | None = None
) -> None:
    policy.require_edit_span(actor, relation, "relation")
    expected = _expected(relation, version)
    before = snapshot(relation)
    deleted, _ = Relation.objects.filter(pk=relation.pk, version=expected).delete()
    if not deleted:
        raise _conflict(relation.pk, expected)
    _record(relation, action=Action.DELETE, actor=actor, before=before, after=None)


@transaction.atomic
def relation_review(
    *,
    relation: Relation,
    reviewer: AbstractBaseUser,
    decision: str,
    version: int | None,
    reason: str = "",
    type: RelationType | str | None = None,
) -> Relation:
    """Approve or reject a relation; a new type goes with approving (as a span's new label)."""
    policy.require_review_span(reviewer, relation, "relation")
    changes = decided(
        reviewer=reviewer, decision=decision, version=version, reason=reason, noun="relation"
    )
    expected = _expected(relation, version)
    before = snapshot(relation)
    if type is not None:
        if decision != "approve":
            raise Invalid("A new type goes with approving, not rejecting.", field="type")
        _retype(changes, relation, type)
    relation = _apply(relation, expected, **changes)
    action = Action.APPROVE if decision == "approve" else Action.REJECT
    _record(
        relation,
        action=action,
        actor=reviewer,
        before=before,
        after=snapshot(relation),
        reason=reason,
    )
    return relation


def relations_delete_touching(*, spans: Q, actor: AbstractBaseUser | None, reason: str) -> int:
    """Delete the relations with an end among `spans` (a Q over Span, e.g. Q(pk=3) or
    Q(article_id=7)), each leaving a delete row; the caller deletes the spans after. No
    permission check: the caller decides (span_delete, article_delete). An article holds tens
    of relations, not thousands: lock, read, record and delete in four statements (one when
    there are none)."""
    ends = Span.objects.filter(spans).values("pk")
    touching = Relation.objects.filter(Q(from_span__in=ends) | Q(to_span__in=ends))
    # Locked first, alone: most spans have no relation, and a query that joins the four rows a
    # history row names costs a millisecond to build. Those that have one are read with them.
    locked = list(touching.select_for_update().values_list("pk", flat=True))
    if not locked:
        return 0
    relations = list(
        Relation.objects.filter(pk__in=locked).select_related(
            "type", "from_span", "to_span", "reviewer"
        )
    )
    RelationHistory.objects.bulk_create(_delete_rows(relations, actor, reason))
    Relation.objects.filter(pk__in=[r.pk for r in relations]).delete()
    return len(relations)


def _delete_rows(
    relations: Iterable[Relation], actor: AbstractBaseUser | None, reason: str
) -> Iterable[RelationHistory]:
    for relation in relations:
        yield _record(
            relation,
            action=Action.DELETE,
            actor=actor,
            before=snapshot(relation),
            after=None,
            reason=reason,
            save=False,
        )


# -- undo and redo -------------------------------------------------------------------------------
#
# As for spans (services.span_undo): one history row of the person undoing is reversed through
# the services above, leaving a new version and a history row; which rows can be reversed,
# newest first, is conflicts.undo_refusal's rule, the same for both.

# The reason relations_delete_touching's rows carry when a span's deletion takes its relations
# with it; undoing that deletion finds them by it.
SPAN_DELETED = "Span {span_id} ({quote!r}) was deleted."


def _restore(row: RelationHistory, actor: AbstractBaseUser, reason: str = "") -> RelationHistory:
    """A deleted relation back, with its id (its history continues), type, ends, note and
    decision, or a 409 when an end is gone or no longer fits the type."""
    before = row.before or {}
    article = Article.objects.filter(pk=row.article_id).first()
    if article is None:
        raise NotFound("This relation's article was deleted; the relation cannot come back.")
    policy.require(actor, "span.create", article.project_id)
    kind = resolve_type(article.project_id, before.get("type", ""), new=False)
    ends = {
        s.pk: s
        for s in Span.objects.select_related("label").filter(
            pk__in=[before.get("from"), before.get("to")], article=article
        )
    }
    source, target = ends.get(before.get("from")), ends.get(before.get("to"))
    for span, quote in ((source, before.get("from_quote")), (target, before.get("to_quote"))):
        if span is None:
            raise Conflict(
                f"The {kind.name!r} relation cannot come back: its span {shown(quote)} "
                "was deleted since.",
                code="gone",
            )
    assert source is not None and target is not None
    _fits_still(kind, source, target, f"The {kind.name!r} relation cannot come back")
    # Annotators delete only their own relations, so it was the actor's; a manager's undo (or a
    # span's deletion) gives it back to whoever created it.
    created = (
        RelationHistory.objects.filter(relation_id=row.relation_id, action=Action.CREATE)
        .select_related("actor")
        .order_by("id")
        .first()
    )
    annotator = created.actor if created and created.actor is not None else actor
    try:
        with transaction.atomic():
            relation = Relation.objects.create(
                pk=row.relation_id,
                project_id=article.project_id,
                article=article,
                type=kind,
                from_span=source,
                to_span=target,
                note=before.get("note") or "",
                annotator=annotator,
                origin=before.get("origin")
                if before.get("origin") in Origin.values
                else Origin.MANUAL,
                **review_state(before),
            )
    except IntegrityError:
        raise _duplicate(kind) from None
    return _record(
        relation,
        action=Action.CREATE,
        actor=actor,
        before=None,
        after=snapshot(relation),
        reason=reason,
    )


def _fits_still(kind: RelationType, source: Span, target: Span, refusal: str) -> None:
    """Undo gives a relation back a type its ends' labels allowed then; an end relabelled
    since may not fit it any more. A 409 (the spans changed since), not _check_labels' 400."""
    if not kind.allows(source.label.key, target.label.key):
        raise Conflict(
            f"{refusal}: a span it links was relabelled since and the type does not allow it."
        )


@transaction.atomic
def relation_undo(
    *, actor: AbstractBaseUser, history: RelationHistory, again: bool = False
) -> RelationHistory:
    """Reverse `history`, a change `actor` made: create -> delete, delete -> the relation again,
    a review decision -> pending again (the reviewer's own), a reopen -> the decision again
    (redoing an undone one). Return the history row of the reversal (redo is its undo).
    `again`: the same undo sent a second time (a retry); if the first one landed, its row."""
    rows = RelationHistory.objects.filter(relation_id=history.relation_id)
    relation = (
        Relation.objects.select_related(
            "type", "from_span__label", "to_span__label", "reviewer", "article"
        )
        .filter(pk=history.relation_id)
        .first()
    )
    now = snapshot(relation) if relation else None
    # Its quotes follow its spans, which may have moved since: not the relation's own change.
    derived = ("from_quote", "to_quote")
    if again and (done := conflicts.reversal_of(rows, history, actor, now, derived)) is not None:
        return done
    refusal = conflicts.undo_refusal(rows, history, actor, now, "relation", derived)
    if refusal is not None:
        raise refusal
    newest = conflicts.newest_first(rows).values_list("id", flat=True).first()
    # Past the rule, the relation exists unless the row deleted it.
    if history.action == Action.DELETE:
        _restore(history, actor)
    elif history.action == Action.CREATE:
        relation_delete(relation=relation, actor=actor, version=relation.version)
    elif history.action == Action.REOPEN:
        relation_review(
            relation=relation,
            reviewer=actor,
            version=relation.version,
            **decision_back(history.before or {}, "type"),
        )
    elif history.action in (Action.APPROVE, Action.REJECT):
        _review_undo(relation, actor, history)
    else:
        raise Invalid(f"A {history.action!r} of a relation cannot be undone.")
    return conflicts.undo_written(rows, newest, "relation")


def _review_undo(relation: Relation, actor: AbstractBaseUser, history: RelationHistory) -> None:
    """A reviewer takes back their own decision: pending again, with the type it had (as
    services._review_undo does for a span and its label)."""
    policy.require_review_span(actor, relation, "relation")
    if relation.reviewer_id != actor.pk:
        raise Forbidden("Only the reviewer who decided can undo the decision.")
    before = snapshot(relation)
    changes = pending()
    old_type = (history.before or {}).get("type")
    if old_type and old_type != relation.type.key:
        # The type it had, retired since or not (it is this relation's, not a new one's).
        kind = resolve_type(relation.project_id, old_type, new=False)
        _fits_still(
            kind, relation.from_span, relation.to_span, f"Undoing would make it {kind.name!r} again"
        )
        changes["type"] = kind
    relation = _apply(relation, relation.version, **changes)
    _record(
        relation,
        action=Action.REOPEN,
        actor=actor,
        before=before,
        after=snapshot(relation),
        reason="Undo",
    )


def relations_restore_with_span(
    *, span_id: int, article_id: int, deleted_at: Any, actor: AbstractBaseUser
) -> list[RelationHistory]:
    """Undoing a span's deletion: the relations that went with it (their delete rows name the
    span, and are still their latest) come back too, each with a create row. An end deleted or
    relabelled since is a 409, and the caller's transaction keeps nothing."""
    prefix = SPAN_DELETED.split("(")[0].format(span_id=span_id)
    rows = RelationHistory.objects.filter(
        Q(before__from=span_id) | Q(before__to=span_id),
        article_id=article_id,
        action=Action.DELETE,
        reason__startswith=prefix + "(",
        at__lte=deleted_at,
    ).order_by("id")
    restored = []
    for row in rows:
        latest = conflicts.newest_first(
            RelationHistory.objects.filter(relation_id=row.relation_id)
        ).first()
        if latest is None or latest.pk != row.pk:
            continue  # back already, or deleted again on its own since
        restored.append(_restore(row, actor, reason=f"Span {span_id} came back (undo)."))
    return restored


# -- relation types (managers, in the console) ---------------------------------------------------


def _label_keys(project_id: int, keys: Any, field: str) -> list[str]:
    from newsannot.corpus.models import Label

    keys = [k for k in (keys or []) if isinstance(k, str) and k]
    known = set(Label.objects.filter(project_id=project_id).values_list("key", flat=True))
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise Invalid(f"This project has no label {shown(unknown[0])}.", field=field)
    return sorted(set(keys), key=keys.index)


@transaction.atomic
def relation_type_create(
    *,
    project_id: int,
    key: str,
    actor: AbstractBaseUser,
    name: str = "",
    from_labels: Any = None,
    to_labels: Any = None,
    shortcut: str = "",
) -> RelationType:
    """A new relation type; no `from_labels` (or `to_labels`) means any label."""
    from django.utils.text import slugify

    policy.require(actor, "project.manage", project_id)
    key = (key or "").strip()
    if not key or slugify(key) != key or len(key) > 64:
        raise Invalid(
            f"A relation type's key {shown(key)} must be a slug: lower-case letters, digits "
            "and hyphens.",
            field="key",
        )
    if RelationType.objects.filter(project_id=project_id, key=key).exists():
        raise Conflict(f"This project has a relation type {key!r} already.", field="key")
    shortcut = checked_shortcut((shortcut or "").strip())
    name = " ".join((name or "").split())[:100] or key.replace("-", " ").capitalize()
    return RelationType.objects.create(
        project_id=project_id,
        key=key,
        name=name,
        from_labels=_label_keys(project_id, from_labels, "from_labels"),
        to_labels=_label_keys(project_id, to_labels, "to_labels"),
        shortcut=shortcut,
        order=RelationType.objects.filter(project_id=project_id).count(),
    )


def relation_type_retire(
    *, relation_type: RelationType, actor: AbstractBaseUser, retired: bool = True
) -> RelationType:
    """A retired type keeps its relations (and exports them) but takes no new ones."""
    policy.require(actor, "project.manage", relation_type.project_id)
    relation_type.retired = retired
    relation_type.save(update_fields=["retired"])
    return relation_type
