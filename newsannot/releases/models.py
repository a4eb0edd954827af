"""A release: the project's gold frozen under a name, split by article, stored once as files.

Nothing here changes after a release is built: its files are stored bytes (default_storage)
whose sha256 is recorded with them, served as they are for ever. Later reviews, new spans,
deleted articles or a new label set change the project, never a release.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReleaseStatus(models.TextChoices):
    BUILDING = "building", "Building"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class Release(models.Model):
    project = models.ForeignKey("corpus.Project", on_delete=models.CASCADE, related_name="releases")
    name = models.CharField(max_length=100)
    seed = models.BigIntegerField()
    split = models.JSONField(help_text='Fractions by split name, e.g. {"train": 0.8, ...}.')
    licence = models.TextField(blank=True, help_text="The article sources' licence note.")
    pseudonymised = models.BooleanField(
        default=True, help_text="Analysts and reviewers named analyst-N / reviewer-N."
    )
    status = models.CharField(
        max_length=16, choices=ReleaseStatus.choices, default=ReleaseStatus.BUILDING
    )
    job = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    counts = models.JSONField(default=dict, blank=True)
    datasheet = models.JSONField(default=dict, blank=True)
    # {format: {"name": storage name, "sha256": hex, "bytes": n}}, written once by the build.
    files = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["project", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="release_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.name}"


class ReleaseArticle(models.Model):
    """An article in a release and its split. The article id is kept, not a foreign key: the
    article may be deleted later; the release still holds it, and the next release of the
    project puts an article an earlier release held back into the split it had."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="articles")
    article_id = models.BigIntegerField()
    split = models.CharField(max_length=32)

    class Meta:
        ordering = ["release", "article_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["release", "article_id"], name="release_article_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"article {self.article_id} in {self.split}"


class Pseudonym(models.Model):
    """The stable name a person goes by in a project's releases: analyst-1, reviewer-3."""

    project = models.ForeignKey("corpus.Project", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=16)  # "analyst" or "reviewer"
    number = models.PositiveIntegerField()

    class Meta:
        ordering = ["project", "role", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "role", "user"], name="pseudonym_unique_user"
            ),
            models.UniqueConstraint(
                fields=["project", "role", "number"], name="pseudonym_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role}-{self.number}"
