"""A background job as a user and a script see it: what it does, how far it got, how it ended.

The queue itself is Django's Tasks framework with django-tasks-db (a table in the same database,
shared by every worker on every machine). A Job is our record around it: one per piece of work a
person started (an import) or the system needs (suggestions, the search index, statistics), with
the progress and the result the API and the browser show. The task that runs it is a thin call
(`newsannot.jobs.tasks.run_job`); re-running a job enqueues a new task for the same Job.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Kind(models.TextChoices):
    IMPORT = "import", "Import (JSON Lines)"
    SUGGEST = "suggest", "Suggestions for new articles"
    MAINTENANCE = "maintenance", "Search index and statistics"
    REDETECT_OUTLETS = "redetect-outlets", "Outlets of state-media spans"
    RELEASE = "release", "Build a release"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


class Job(models.Model):
    kind = models.CharField(max_length=32, choices=Kind.choices)
    project = models.ForeignKey(
        "corpus.Project", null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
        help_text="Whose rights the job runs with (checked again when it runs); none: the system.",
    )
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    params = models.JSONField(default=dict, blank=True, help_text="What the job was asked to do.")
    progress_done = models.PositiveBigIntegerField(default=0)
    progress_total = models.PositiveBigIntegerField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)
    error = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Each run takes the next attempt number; every later write names it, so a run that lost its
    # job (to the reaper, after its worker was presumed dead) can never overwrite a newer one.
    attempt = models.PositiveIntegerField(default=0)
    worker = models.CharField(max_length=200, blank=True, help_text="host:pid of the last run.")
    cancel_requested = models.BooleanField(default=False)
    task_id = models.CharField(max_length=64, blank=True, help_text="The queued task's id.")

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["project", "-id"], name="job_project_recent"),
            # The reaper and the progress bars look only at unfinished jobs: few rows.
            models.Index(
                fields=["status"],
                condition=Q(status__in=["queued", "running"]),
                name="job_active",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=JobStatus.values), name="job_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status not in ACTIVE

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, int(100 * self.progress_done / self.progress_total))
