from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Self

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from newsannot.corpus.models import Article, Label, Project

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


class Origin(models.TextChoices):
    MANUAL = "manual", "Manual"
    IMPORTED = "imported", "Imported"
    SUGGESTED = "suggested", "Accepted suggestion"


class Status(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class Span(models.Model):
    """A labelled range `[start, end)` of an article's text, in Unicode code points."""

    # `project` repeats `article.project` so the review queue and the export filter on one index.
    # No single-column indexes where a composite index below starts with the same column: every
    # index costs each insert (imports write hundreds of thousands of spans).
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="spans", db_index=False
    )
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="spans", db_index=False
    )
    label = models.ForeignKey(Label, on_delete=models.PROTECT, related_name="spans")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.TextField(help_text="Exactly text[start:end] of the article.")
    note = models.TextField(blank=True)
    annotator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="spans", db_index=False
    )
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.MANUAL)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviewed_spans",
        db_index=False,  # span_reviewer, partial: pending spans (most) are not in it
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Goes up with every change; a stale version is refused (409)."
    )
    # The outlet a state-media-source span's quote names, found when the span is written and
    # again when the registry changes (outlets/services.py), so that an export reads it with the
    # span instead of looking it up for each one. Null for other labels and for quotes naming no
    # registry outlet.
    outlet = models.ForeignKey(
        "outlets.Outlet",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="spans",
        db_index=False,  # span_outlet, partial: most spans name none
    )
    outlet_by_hand = models.BooleanField(
        default=False,
        help_text="The outlet was chosen by a person: detection never overwrites it.",
    )
    attributes = models.JSONField(
        default=dict,
        blank=True,
        help_text="{key: value} for the label's attributes (LabelAttribute), each value one "
        "of the key's list.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # By ids, not by the related models' orderings: no join just to sort.
        ordering = ["article_id", "start", "end", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(start__gte=0), name="span_start_not_negative"),
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="span_start_before_end"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="span_status_valid"),
            models.CheckConstraint(condition=Q(origin__in=Origin.values), name="span_origin_valid"),
            # In this column order it also gives an article's spans in reading order (annotate
            # view, export): no separate (article, start, end) index to keep up on every insert.
            models.UniqueConstraint(
                fields=["article", "start", "end", "label", "annotator"],
                name="span_unique_per_annotator",
            ),
        ]
        indexes = [
            # The review queue: a project's spans by status, oldest first.
            models.Index(fields=["project", "status", "id"], name="span_project_status"),
            # Incremental export and API lists filtered by updated_since.
            models.Index(fields=["project", "updated_at", "id"], name="span_project_updated"),
            models.Index(fields=["annotator", "article"], name="span_annotator_article"),
            models.Index(
                fields=["reviewer"], condition=Q(reviewer__isnull=False), name="span_reviewer"
            ),
            # An outlet's spans, when it changes or goes (SET NULL).
            models.Index(fields=["outlet"], condition=Q(outlet__isnull=False), name="span_outlet"),
        ]

    def __str__(self) -> str:
        return f"{self.label.key} [{self.start}, {self.end}) {self.quote[:40]!r}"


class Action(models.TextChoices):
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    APPROVE = "approve", "Approved"
    REJECT = "reject", "Rejected"
    REOPEN = "reopen", "Reopened"
    DELETE = "delete", "Deleted"


class History(models.Model):
    """One change to a span or a relation: who did what, when, from which snapshot to which.
    The two histories are one shape; each names its own thing (SpanHistory.span,
    RelationHistory.relation) with no database foreign key, so the rows stay when it goes."""

    # Nor to the project, article and actor: the services write these ids having just read them,
    # and a foreign key check per row cost as much as writing the row (bulk imports write one
    # history row per span). Rows outlive their article (article_delete writes a delete row for
    # each of its spans; the article's id stays, pointing nowhere); deleting a project erases
    # them with it (project_delete), and deleting a user sets the actor to null, both through
    # the ORM. Rows are read by span (history_span_at) and by article (what a deleted article's
    # spans went through); deleting a project or a user, rare, may scan: no index to keep up on
    # each of the many writes.
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    article = models.ForeignKey(
        Article, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    at = models.DateTimeField(auto_now_add=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    reason = models.TextField(blank=True)

    # The field naming the thing ("span_id", "relation_id"): History.record fills it.
    thing_field: ClassVar[str]

    class Meta:
        abstract = True

    def __str__(self) -> str:
        noun = self.thing_field.removesuffix("_id")
        return (
            f"{self.get_action_display()} {noun} {getattr(self, self.thing_field)} by {self.actor}"
        )

    @classmethod
    def record(
        cls,
        thing: Span | Relation,
        *,
        action: str,
        actor: AbstractBaseUser | None,
        before: dict | None,
        after: dict | None,
        reason: str = "",
        save: bool = True,
    ) -> Self:
        """The history row of `thing`'s change, in its project and article; `save`=False: not
        written yet (for bulk_create)."""
        ids = {cls.thing_field: thing.pk}
        row = cls(**ids, project_id=thing.project_id, article_id=thing.article_id, actor=actor)
        row.action, row.before, row.after, row.reason = action, before, after, reason
        if save:
            row.save(force_insert=True)
        return row


class SpanHistory(History):
    """One change to a span. Rows outlive the span: deleting a span keeps its history."""

    span = models.ForeignKey(
        Span,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # history_span_at (span, at) serves it
        related_name="history",
    )
    thing_field = "span_id"

    class Meta:
        ordering = ["span_id", "at", "id"]
        verbose_name_plural = "span history"
        indexes = [models.Index(fields=["span", "at"], name="history_span_at")]


class RelationType(models.Model):
    """A kind of link between two spans of one article, per project (`attributes`, `via-outlet`).

    The allowed ends are label keys, not foreign keys: a type is checked against the spans'
    labels when a relation is written, and an empty list allows any label. A retired type keeps
    its relations (and their history) but takes no new ones.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="relation_types")
    key = models.SlugField(
        max_length=64, help_text="Stable identifier used in the API and exports."
    )
    name = models.CharField(max_length=100)
    from_labels = models.JSONField(
        default=list, blank=True, help_text="Label keys a relation may start at; empty: any."
    )
    to_labels = models.JSONField(
        default=list, blank=True, help_text="Label keys a relation may end at; empty: any."
    )
    shortcut = models.CharField(
        max_length=1, blank=True, help_text="The key that picks this type in the annotate view."
    )
    retired = models.BooleanField(default=False, help_text="Kept for its relations; no new ones.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project_id", "order", "key"]
        constraints = [
            models.UniqueConstraint(fields=["project", "key"], name="relation_type_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.key})"

    # The rule for which labels a type links, in one place: relations.py (create, change of
    # type, approve as another type, undo), the import and the review page's choice of types.
    def allows_from(self, label: str) -> bool:
        return not self.from_labels or label in self.from_labels

    def allows_to(self, label: str) -> bool:
        return not self.to_labels or label in self.to_labels

    def allows(self, from_label: str, to_label: str) -> bool:
        return self.allows_from(from_label) and self.allows_to(to_label)


class Relation(models.Model):
    """A typed link from one span to another of the same article, reviewed like a span.

    Deleting either span deletes the relation; the services write its delete row first.
    """

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="relations", db_index=False
    )
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="relations", db_index=False
    )
    type = models.ForeignKey(RelationType, on_delete=models.PROTECT, related_name="relations")
    from_span = models.ForeignKey(Span, on_delete=models.CASCADE, related_name="relations_out")
    to_span = models.ForeignKey(Span, on_delete=models.CASCADE, related_name="relations_in")
    note = models.TextField(blank=True)
    annotator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="relations"
    )
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.MANUAL)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviewed_relations",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Goes up with every change; a stale version is refused (409)."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["article_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_span=F("to_span")), name="relation_not_to_itself"
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="relation_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(origin__in=Origin.values), name="relation_origin_valid"
            ),
            # The same link twice is one link, whoever drew it.
            models.UniqueConstraint(
                fields=["from_span", "to_span", "type"], name="relation_unique_link"
            ),
        ]
        indexes = [
            models.Index(fields=["article", "id"], name="relation_article"),
            models.Index(fields=["project", "status", "id"], name="relation_project_status"),
        ]

    def __str__(self) -> str:
        return f"{self.type.key}: span {self.from_span_id} → span {self.to_span_id}"


class RelationHistory(History):
    """One change to a relation. Like SpanHistory, rows outlive the relation, its spans and
    its article (no database foreign keys); deleting the project erases them."""

    relation = models.ForeignKey(
        Relation,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # relation_history_at
        related_name="history",
    )
    thing_field = "relation_id"

    class Meta:
        ordering = ["relation_id", "at", "id"]
        verbose_name_plural = "relation history"
        indexes = [models.Index(fields=["relation", "at"], name="relation_history_at")]


class LabelAttribute(models.Model):
    """An attribute spans of one label carry: a key with a closed list of values
    (attribution.source_type: named-person, official-body, ...). Set per span, in
    Span.attributes, checked by newsannot.ingest.fields.attributes on every path."""

    label = models.ForeignKey(Label, on_delete=models.CASCADE, related_name="attributes")
    key = models.SlugField(max_length=64)
    name = models.CharField(max_length=100)
    values = models.JSONField(help_text="The allowed values, in the order shown.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["label_id", "order", "key"]
        constraints = [
            models.UniqueConstraint(fields=["label", "key"], name="label_attribute_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.label.key}.{self.key}"


class SourceName(models.Model):
    """A manager's merge on the "who said what" page: attributions whose source reads
    `normalised` (case-folded, whitespace collapsed) are listed under `name`."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="source_names")
    normalised = models.CharField(max_length=500)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["project_id", "name", "normalised"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "normalised"], name="source_name_unique_normalised"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.normalised} → {self.name}"
