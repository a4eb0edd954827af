"""Every write to a span goes through here, and every write leaves a history row.

Concurrency: each change is one conditional UPDATE on (id, version). Two people acting on the
same span at once both read version n; the database lets exactly one UPDATE match, the other
matches no row and gets a Conflict naming who changed the span. No lock is held across requests.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, connection, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from newsannot import policy
from newsannot.annotations.conflicts import (
    newest_first,
    reversal_of,
    stale_write,
    undo_refusal,
    undo_written,
)
from newsannot.annotations.decisions import created, decided, decision_back, pending, review_state
from newsannot.annotations.models import (
    Action,
    LabelAttribute,
    Origin,
    Span,
    SpanHistory,
    Status,
)
from newsannot.annotations.relations import (
    SPAN_DELETED,
    relations_delete_touching,
    relations_restore_with_span,
)
from newsannot.corpus.models import Article, Label
from newsannot.ingest import fields
from newsannot.lib.errors import Conflict, Forbidden, Invalid, NotFound
from newsannot.lib.ids import optional_int
from newsannot.lib.offsets import check_offsets, check_span, moved, trimmed
from newsannot.outlets.models import OUTLET_LABEL, Outlet
from newsannot.outlets.services import span_outlet_id

# The same snapshot as SQL expressions over a span `s`, its label `l` and its reviewer `u`, for
# history rows written in bulk by the database itself (the importer). A test holds the two to
# the same result for every field.
SNAPSHOT_SQL: dict[str, str] = {
    "label": "l.key",
    "start": "s.start",
    "end": 's."end"',
    "quote": "s.quote",
    "note": "s.note",
    "status": "s.status",
    "reviewer": "u.username",
    "review_reason": "s.review_reason",
    "version": "s.version",
    "outlet": "s.outlet_id",
    "attributes": "s.attributes",
}
_JSON_COLUMNS = {"attributes"}  # SQLite keeps JSON as text: json() reads it back as JSON


def snapshot_json_sql(vendor: str) -> str:
    """SNAPSHOT_SQL as one JSON object expression for `vendor` ("postgresql" or "sqlite")."""
    build = "jsonb_build_object" if vendor == "postgresql" else "json_object"

    def value(key: str, expr: str) -> str:
        return f"json({expr})" if vendor == "sqlite" and key in _JSON_COLUMNS else expr

    pairs = ", ".join(f"'{key}', {value(key, expr)}" for key, expr in SNAPSHOT_SQL.items())
    return f"{build}({pairs})"


def snapshot(span: Span) -> dict[str, Any]:
    """What a history row records of a span: enough to tell what changed (SNAPSHOT_SQL above
    says the same in SQL for rows written in bulk)."""
    return {
        "label": span.label.key,
        "start": span.start,
        "end": span.end,
        "quote": span.quote,
        "note": span.note,
        "status": span.status,
        "reviewer": span.reviewer.get_username() if span.reviewer_id else None,
        "review_reason": span.review_reason,
        "version": span.version,
        "outlet": span.outlet_id,
        "attributes": span.attributes,
    }


# Every write leaves its history row through this one function.
_record = SpanHistory.record


def resolve_label(article: Article, label: Label | str) -> Label:
    if isinstance(label, Label):
        if label.project_id != article.project_id:
            raise Invalid(f"The label {label.key!r} belongs to another project.", field="label")
        return label
    key = fields.label_key(label)
    found = Label.objects.filter(project_id=article.project_id, key=key).first()
    if found is None:
        keys = Label.objects.filter(project_id=article.project_id).values_list("key", flat=True)
        raise fields.unknown_label(key, list(keys))
    return found


def label_attributes(label: Label) -> dict[str, list[str]]:
    """The attributes a label's spans carry: key → allowed values, in the label's order."""
    return dict(LabelAttribute.objects.filter(label=label).values_list("key", "values"))


def checked_attributes(label: Label, value: Any) -> dict[str, str]:
    return fields.attributes(value, label_attributes(label), label.key)


def usable_label(article: Article, label: Label | str) -> Label:
    """A label a new span (or a change of label) may take: the project's, and not retired.
    Spans that have a retired label keep it; an import of such spans keeps them too."""
    found = resolve_label(article, label)
    if found.retired:
        raise Invalid(
            f"The label {found.name!r} is retired: it is kept for the spans that have it, "
            "but new spans need another label.",
            field="label",
        )
    return found


def _conflict(span_id: int, had_version: int) -> Conflict | NotFound:
    return stale_write(
        SpanHistory.objects.filter(span_id=span_id),
        Span.objects.filter(pk=span_id),
        "span",
        had_version,
    )


def _apply(span: Span, expected_version: int, **changes: Any) -> Span:
    """Write `changes` if the span is still at `expected_version`; else raise the conflict."""
    updated = Span.objects.filter(pk=span.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now(), **changes
    )
    if not updated:
        raise _conflict(span.pk, expected_version)
    span.refresh_from_db()
    return span


def _expected(span: Span, version: int | None) -> int:
    if version is None:
        return span.version
    return fields.version(version)


def _refused_if_gone(service):
    """Foreign keys are checked at commit: a span written while its article is being deleted
    (article_delete holds the article's row) fails there, after the service has returned.
    Say so, instead of letting the IntegrityError through as a 500."""

    @wraps(service)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return service(*args, **kwargs)
        except IntegrityError:
            raise NotFound(
                "This article was deleted (or its label) while the span was being saved; "
                "nothing was saved."
            ) from None

    return wrapper


@_refused_if_gone
@transaction.atomic
def span_create(
    *,
    article: Article,
    label: Label | str,
    start: Any,
    end: Any,
    quote: Any,
    annotator: AbstractBaseUser,
    note: str = "",
    origin: str = Origin.MANUAL,
    status: str = Status.PENDING,
    attributes: Any = None,
) -> Span:
    policy.require(annotator, "span.create", article.project_id)
    policy.require_see_article(annotator, article)
    label_obj = usable_label(article, label)
    start, end = check_span(article.text, start, end, quote)
    # The quote sent was checked against what the client saw; whitespace at its edges goes.
    start, end = trimmed(article.text, start, end)
    quote = article.text[start:end]
    note = fields.note(note)
    attributes = checked_attributes(label_obj, attributes) if attributes else {}
    review = created(
        annotator=annotator, status=status, project_id=article.project_id, noun="spans"
    )
    # A duplicate is found by the unique constraint (span_unique_per_annotator) in the insert
    # itself: no query beforehand to look for one, and no savepoint around it, since the Conflict
    # leaves this atomic block, which rolls back (nothing is half-saved).
    try:
        span = Span.objects.create(
            project_id=article.project_id,
            article=article,
            label=label_obj,
            start=start,
            end=end,
            quote=quote,
            note=note,
            annotator=annotator,
            origin=origin,
            **review,
            outlet_id=span_outlet_id(label_obj.key, quote, article=article),
            attributes=attributes,
        )
    except IntegrityError:
        # The label's name, as the analyst sees it, not its key.
        raise Conflict(
            f"You already have a “{label_obj.name}” span at [{start}, {end}).", code="duplicate"
        ) from None
    row = _record(span, action=Action.CREATE, actor=annotator, before=None, after=snapshot(span))
    # Its whole history is this row: shown with its history (prefetch_related("history"), as
    # the annotate view's panel asks), the span needs no query for it. refresh_from_db, which
    # every later change through these services does, forgets it.
    span._prefetched_objects_cache = {"history": [row]}
    return span


def _relabel(changes: dict[str, Any], span: Span, label: Label) -> None:
    """A new label, and with it the outlet the span names: detected for a state-media-source
    label, none for the others. A person's choice of outlet went with the old label, and so do
    the attributes the new label does not have."""
    changes["label"] = label
    changes["outlet_id"] = span_outlet_id(label.key, span.quote, article=span.article)
    changes["outlet_by_hand"] = False
    allowed = label_attributes(label)
    kept = {k: v for k, v in span.attributes.items() if v in allowed.get(k, ())}
    if kept != span.attributes:
        changes["attributes"] = kept


AUTO_OUTLET = "auto"


def _choose_outlet(changes: dict[str, Any], span: Span, outlet: Any) -> None:
    """The outlet by hand, or back to detection; only for spans that name an outlet."""
    if span.label.key != OUTLET_LABEL:
        raise Invalid("Only a state-media-source span names an outlet.", field="outlet")
    if outlet == AUTO_OUTLET:
        detected = span_outlet_id(
            span.label.key, changes.get("quote", span.quote), article=span.article
        )
        if span.outlet_by_hand or detected != span.outlet_id:
            changes.update(outlet_id=detected, outlet_by_hand=False)
        return
    outlet_id = optional_int(outlet, field="outlet")
    if outlet_id is None or not Outlet.objects.filter(pk=outlet_id).exists():
        raise Invalid("Pick an outlet of the registry.", field="outlet")
    if outlet_id != span.outlet_id or not span.outlet_by_hand:
        changes.update(outlet_id=outlet_id, outlet_by_hand=True)


def _move(changes: dict[str, Any], span: Span, start: Any, end: Any, quote: Any) -> None:
    text = span.article.text
    start = span.start if start is None else start
    end = span.end if end is None else end
    start, end = check_offsets(len(text), start, end)
    if quote is not None:
        check_span(text, start, end, quote)
    start, end = moved(text, (span.start, span.end), start, end)
    found = text[start:end]
    if (start, end) == (span.start, span.end):
        return
    changes.update(start=start, end=end, quote=found)
    if not span.outlet_by_hand:
        changes["outlet_id"] = span_outlet_id(span.label.key, found, article=span.article)


@transaction.atomic
def span_update(
    *,
    span: Span,
    actor: AbstractBaseUser,
    label: Label | str | None = None,
    note: str | None = None,
    version: int | None = None,
    start: Any = None,
    end: Any = None,
    quote: Any = None,
    attributes: Any = None,
    outlet: Any = None,
) -> Span:
    """Relabel, change the note or move the boundaries. New boundaries: the quote is the
    stored text's between them; a quote sent along is held to it (the client saw that text).
    Attributes: the whole {key: value} map ({} clears them).

    `outlet`: the outlet a state-media-source span names, chosen by hand (a registry outlet's
    id; the analyst's pick among an ambiguous name's candidates), or AUTO_OUTLET to let the
    registry detect it again; None leaves it as it is."""
    policy.require_edit_span(actor, span)
    expected = _expected(span, version)
    before = snapshot(span)
    changes: dict[str, Any] = {}
    new_label = span.label
    if start is not None or end is not None:
        _move(changes, span, start, end, quote)
    if label is not None:
        new_label = resolve_label(span.article, label)
        if new_label.pk != span.label_id:
            _relabel(changes, span, usable_label(span.article, new_label))
            if "quote" in changes and not span.outlet_by_hand:
                changes["outlet_id"] = span_outlet_id(
                    new_label.key, changes["quote"], article=span.article
                )
    if note is not None and (note := fields.note(note)) != span.note:
        changes["note"] = note
    if attributes is not None:
        checked = checked_attributes(new_label, attributes)
        if checked != changes.get("attributes", span.attributes):
            changes["attributes"] = checked
    if outlet is not None and "label" not in changes:
        _choose_outlet(changes, span, outlet)
    if not changes:
        return span
    try:
        with transaction.atomic():
            span = _apply(span, expected, **changes)
    except IntegrityError:
        raise Conflict("The same span with that label exists already.", code="duplicate") from None
    _record(span, action=Action.UPDATE, actor=actor, before=before, after=snapshot(span))
    return span


@transaction.atomic
def span_delete(*, span: Span, actor: AbstractBaseUser, version: int | None = None) -> SpanHistory:
    """Delete the span and its relations; return the history row it leaves."""
    return _delete(span, actor, version)


def _delete(span: Span, actor: AbstractBaseUser, version: int | None) -> SpanHistory:
    # span_delete's work, for span_undo to call inside its own transaction: a nested atomic
    # block would cost a savepoint (two more round trips) for nothing, since a refusal leaves
    # span_undo's block as well and rolls it all back.
    policy.require_edit_span(actor, span)
    expected = _expected(span, version)
    before = snapshot(span)
    # Its relations first, each leaving a delete row (the cascade would leave none). A stale
    # version below rolls this back with the rest.
    relations_delete_touching(
        spans=Q(pk=span.pk),
        actor=actor,
        reason=SPAN_DELETED.format(span_id=span.pk, quote=span.quote[:80]),
    )
    deleted, _ = Span.objects.filter(pk=span.pk, version=expected).delete()
    if not deleted:
        raise _conflict(span.pk, expected)
    return _record(span, action=Action.DELETE, actor=actor, before=before, after=None)


@transaction.atomic
def span_review(
    *,
    span: Span,
    reviewer: AbstractBaseUser,
    decision: str,
    version: int | None,
    reason: str = "",
    label: Label | str | None = None,
) -> Span:
    """Approve or reject a span. Relabelling while approving counts as the reviewer's approval."""
    policy.require_review_span(reviewer, span)
    changes = decided(
        reviewer=reviewer, decision=decision, version=version, reason=reason, noun="span"
    )
    expected = _expected(span, version)
    before = snapshot(span)
    if label is not None:
        if decision != "approve":
            raise Invalid("A new label goes with approving, not rejecting.", field="label")
        new_label = resolve_label(span.article, label)
        if new_label.pk != span.label_id:
            _relabel(changes, span, usable_label(span.article, new_label))
    try:
        with transaction.atomic():
            span = _apply(span, expected, **changes)
    except IntegrityError:
        raise Conflict(
            "The annotator has that span with that label already.", code="duplicate"
        ) from None
    action = Action.APPROVE if decision == "approve" else Action.REJECT
    _record(span, action=action, actor=reviewer, before=before, after=snapshot(span), reason=reason)
    return span


@transaction.atomic
def span_reopen(
    *, span: Span, actor: AbstractBaseUser, version: int | None = None, reason: str = ""
) -> Span:
    """A manager sends a decided span back to pending."""
    policy.require(actor, "span.edit_any", span.project_id)
    if span.status == Status.PENDING:
        raise Invalid("This span is pending already.")
    expected = _expected(span, version)
    before = snapshot(span)
    span = _apply(span, expected, **pending())
    _record(
        span, action=Action.REOPEN, actor=actor, before=before, after=snapshot(span), reason=reason
    )
    return span


# -- undo and redo ---------------------------------------------------------------------------
#
# Undo reverses one history row of the person undoing, through the services above, so the
# reversal is itself a change: a new version and a history row of its own. Redo is the undo of
# that row. Which rows can be reversed, newest first, is conflicts.undo_refusal's rule (the
# same for relations): someone else's later change is a 409 naming them, never an overwrite.


def undoable_row(*, history_id: int | None, article_id: int) -> SpanHistory | None:
    """The article's history row `history_id`, as span_undo takes it: with the id of its
    span's newest row (`latest_id`), in the same query, so that span_undo asks for later rows
    only when there are some."""
    latest = SpanHistory.objects.filter(span_id=OuterRef("span_id")).order_by("-id")
    rows = SpanHistory.objects.filter(pk=history_id, article_id=article_id)
    return rows.annotate(latest_id=Subquery(latest.values("id")[:1])).first()


def _recreate(row: SpanHistory, actor: AbstractBaseUser) -> Span:
    """A deleted span back, with its id (its history continues), label, offsets, quote, note."""
    before = row.before or {}
    article = Article.objects.filter(pk=row.article_id).first()
    if article is None:
        raise NotFound("This span's article was deleted; the span cannot come back.")
    policy.require(actor, "span.create", article.project_id)
    # Annotators delete only their own spans (require_edit_span), so the span was the actor's;
    # a manager's undo gives it back to whoever created it.
    annotator = actor
    if policy.allowed(actor, "span.edit_any", article.project_id):
        created = (
            SpanHistory.objects.filter(span_id=row.span_id, action=Action.CREATE)
            .select_related("actor")
            .order_by("id")
            .first()
        )
        if created and created.actor is not None:
            annotator = created.actor
    label_obj = resolve_label(article, before.get("label", ""))
    start, end = check_span(
        article.text, before.get("start"), before.get("end"), before.get("quote")
    )
    # Its attributes and a hand-picked outlet come back too: a redo after this finds the span
    # as the rows say it was (conflicts.undo_refusal compares them).
    attributes = (
        checked_attributes(label_obj, before["attributes"]) if before.get("attributes") else {}
    )
    outlet_id = span_outlet_id(label_obj.key, before["quote"], article=article)
    by_hand = before.get("outlet", outlet_id) != outlet_id and (
        Outlet.objects.filter(pk=before["outlet"]).exists()
    )
    try:
        with transaction.atomic():
            span = Span.objects.create(
                pk=row.span_id,
                project_id=article.project_id,
                article=article,
                label=label_obj,
                start=start,
                end=end,
                quote=before["quote"],
                note=before.get("note") or "",
                annotator=annotator,
                **review_state(before),
                outlet_id=before["outlet"] if by_hand else outlet_id,
                outlet_by_hand=by_hand,
                attributes=attributes,
            )
    except IntegrityError:
        raise Conflict(
            f"You already have a {label_obj.name!r} span at [{start}, {end}).", code="duplicate"
        ) from None
    _record(span, action=Action.CREATE, actor=actor, before=None, after=snapshot(span))
    return span


def _span_at(row: SpanHistory, *, with_article: bool = True) -> Span | None:
    """The span `row` is about, None if it is gone; `with_article`: with its article's row (its
    whole text), which moving or relabelling needs and deleting does not."""
    related = ("label", "article", "reviewer") if with_article else ("label", "reviewer")
    return Span.objects.select_related(*related).filter(pk=row.span_id).first()


@transaction.atomic
def span_undo(*, actor: AbstractBaseUser, history: SpanHistory, again: bool = False) -> SpanHistory:
    """Reverse `history`, a change `actor` made; return the history row of the reversal.

    create -> delete; delete -> the span again; change -> the values before; a review decision
    -> pending again (the reviewer's own); a reopen -> the decision again (redoing an undone one).
    `again`: the same undo sent a second time (a retry); if the first one landed, its row.
    """
    rows = SpanHistory.objects.filter(span_id=history.span_id)
    span = _span_at(history, with_article=history.action != Action.CREATE)
    # Read by undoable_row, the row knows its span's newest row: no query for it then.
    newest = getattr(history, "latest_id", None)
    current = snapshot(span) if span else None
    if again and newest != history.pk:
        done = reversal_of(rows, history, actor, current)
        if done is not None:
            return done
    refusal = undo_refusal(rows, history, actor, current, "span", newest_id=newest)
    if refusal is not None:
        raise refusal
    if newest is None:
        newest = newest_first(rows).values_list("id", flat=True).first()
    # Past the rule, the span exists unless the row deleted it, and the reversal writes on the
    # version just read (later rows of one's own, undone, moved it past the row's).
    after = history.after or {}
    if history.action == Action.DELETE:
        span = _recreate(history, actor)
        # The relations its deletion took with it come back in the same transaction.
        relations_restore_with_span(
            span_id=span.pk, article_id=span.article_id, deleted_at=history.at, actor=actor
        )
    elif history.action == Action.CREATE:
        # The row the deletion leaves is the reversal's (no query to find it).
        return _delete(span, actor, span.version)
    elif history.action == Action.UPDATE:
        before = history.before or {}
        # An outlet picked by hand goes back to what it was; one a relabel or a move changed
        # follows the label and boundaries restored.
        same_place = all(before.get(k) == after.get(k) for k in ("label", "start", "end"))
        span_update(
            span=span,
            actor=actor,
            label=before.get("label"),
            note=before.get("note"),
            start=before.get("start"),
            end=before.get("end"),
            attributes=before.get("attributes"),
            outlet=_outlet_back(before, after) if same_place else None,
            version=span.version,
        )
    elif history.action in (Action.APPROVE, Action.REJECT):
        _review_undo(span, actor, history)
    elif history.action == Action.REOPEN:
        span_review(
            span=span,
            reviewer=actor,
            version=span.version,
            **decision_back(history.before or {}, "label"),
        )
    else:  # pragma: no cover - every action is handled above
        raise Invalid(f"A {history.action!r} cannot be undone.")
    return undo_written(rows, newest, "span")


def _outlet_back(before: dict, after: dict) -> Any:
    if "outlet" not in before or before.get("outlet") == after.get("outlet"):
        return None
    return before["outlet"] if before["outlet"] is not None else AUTO_OUTLET


def _review_undo(span: Span, actor: AbstractBaseUser, history: SpanHistory) -> None:
    """A reviewer takes back their own decision: pending again, with the label it had."""
    policy.require_review_span(actor, span)
    if span.reviewer_id != actor.pk:
        raise Forbidden("Only the reviewer who decided can undo the decision.")
    before = snapshot(span)
    changes = pending()
    old_label = (history.before or {}).get("label")
    if old_label and old_label != span.label.key:
        _relabel(changes, span, resolve_label(span.article, old_label))
    try:
        with transaction.atomic():
            span = _apply(span, span.version, **changes)
    except IntegrityError:
        raise Conflict(
            "The annotator has that span with that label already.", code="duplicate"
        ) from None
    _record(
        span, action=Action.REOPEN, actor=actor, before=before, after=snapshot(span), reason="Undo"
    )


def spans_delete_of_article(
    *, article_id: int, actor: AbstractBaseUser | None, reason: str
) -> dict[str, int]:
    """Delete every span of an article, each leaving a delete row in the history, and say how
    many of each status went. No permission check: the caller decides (article_delete).

    The database writes the rows from the spans themselves (SNAPSHOT_SQL, as the importer
    does): a fixed number of statements whether the article has 2 spans or 2,000. On
    PostgreSQL one statement deletes the spans and records exactly the rows it deleted; SQLite
    serialises writers, so reading, recording and deleting in turn see the same spans.
    """
    quote = connection.ops.quote_name
    spans_table = quote(Span._meta.db_table)
    history = SpanHistory._meta
    columns = ", ".join(
        quote(history.get_field(name).column)
        for name in ("span", "project", "article", "actor", "action", "at", "before", "after")
    )
    columns += f", {quote(history.get_field('reason').column)}"
    at = history.get_field("at").get_db_prep_value(timezone.now(), connection)
    record = (
        f"INSERT INTO {quote(history.db_table)} ({columns}) "
        f"SELECT s.id, s.project_id, s.article_id, %s, %s, %s, "
        f"{snapshot_json_sql(connection.vendor)}, NULL, %s "
        f"FROM {{spans}} s JOIN {quote(Label._meta.db_table)} l ON l.id = s.label_id "
        f"LEFT JOIN {quote(get_user_model()._meta.db_table)} u ON u.id = s.reviewer_id"
    )
    params = [actor.pk if actor else None, Action.DELETE.value, at, reason]
    relations_delete_touching(spans=Q(article_id=article_id), actor=actor, reason=reason)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"WITH s AS (DELETE FROM {spans_table} WHERE article_id = %s RETURNING *), "
                f"h AS ({record.format(spans='s')}) "
                "SELECT status, COUNT(*) FROM s GROUP BY status",
                [article_id, *params],
            )
            return dict(cursor.fetchall())
        cursor.execute(
            f"SELECT status, COUNT(*) FROM {spans_table} WHERE article_id = %s GROUP BY status",
            [article_id],
        )
        counts = dict(cursor.fetchall())
        cursor.execute(
            record.format(spans=spans_table) + " WHERE s.article_id = %s", [*params, article_id]
        )
        cursor.execute(f"DELETE FROM {spans_table} WHERE article_id = %s", [article_id])
    return counts
