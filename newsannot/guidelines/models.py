"""A project's guidelines, kept as versions: every change with who and when; and who has read
which version, so the annotate pages can say "the guidelines changed since you last read them".

The current text is also on the project (Project.guidelines, which the API has always shown);
guidelines.services writes both in one transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from newsannot.corpus.models import Project


class GuidelineVersion(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField(help_text="1, 2, 3… within the project.")
    text = models.TextField(blank=True, help_text="Markdown, as the manager wrote it.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="guideline_version_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="guideline_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.project} guidelines v{self.number}"


class GuidelineRead(models.Model):
    """The newest version a member has opened (one row per member and project)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField(help_text="The version they read.")
    read_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["project", "user"]
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="guideline_read_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} read v{self.number} of {self.project}'s guidelines"
