"""Who works on which article: one row per (article, analyst), assigned and then done.

This is also the one record of "done": marking an article done (the annotate page's button, the
API's /done/) closes the caller's row, creating it first in an open project where nobody was
assigned. So "who finished what" is read in one place, whatever the project's assignment mode.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from newsannot.corpus.models import Article, Project


class AssignmentStatus(models.TextChoices):
    ASSIGNED = "assigned", "Assigned"
    DONE = "done", "Done"


class Assignment(models.Model):
    # The project is the article's, stored again so a project's work is read without a join.
    # No index of their own on these three: the indexes and the unique constraint below lead
    # with each of them.
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+", db_index=False)
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="assignments", db_index=False
    )
    analyst = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assignments",
        db_index=False,
    )
    status = models.CharField(
        max_length=16, choices=AssignmentStatus.choices, default=AssignmentStatus.ASSIGNED
    )
    assigned_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The manager who assigned it; empty when the analyst took it (next, done).",
    )

    class Meta:
        ordering = ["project_id", "id"]
        constraints = [
            # Also the index for "this article's analysts" (the overlap count).
            models.UniqueConstraint(fields=["article", "analyst"], name="assignment_unique"),
            models.CheckConstraint(
                condition=Q(status__in=AssignmentStatus.values), name="assignment_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=AssignmentStatus.DONE, done_at__isnull=False)
                | Q(status=AssignmentStatus.ASSIGNED, done_at__isnull=True),
                name="assignment_done_at_when_done",
            ),
        ]
        indexes = [
            # An analyst's work in a project: "next" (their unfinished one), "mine", visibility.
            models.Index(fields=["analyst", "project", "status"], name="assignment_analyst"),
            # A project's list and dashboard: stalled ones, done per day, cursor pages by id.
            models.Index(fields=["project", "status", "id"], name="assignment_project"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} → {self.analyst_id} ({self.status})"
