"""Which jobs a user may see: their own, and every job of a project they manage."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from newsannot import policy
from newsannot.corpus import roles
from newsannot.jobs.models import ACTIVE, Job
from newsannot.lib.errors import NotFound


def jobs_of(user: AbstractBaseUser, project_id: int) -> QuerySet[Job]:
    jobs = Job.objects.filter(project_id=project_id).select_related("created_by")
    if policy.allowed(user, "jobs.see_all", project_id):
        return jobs
    return jobs.filter(created_by=user)


def active_jobs_of(user: AbstractBaseUser, project_id: int) -> list[Job]:
    return list(jobs_of(user, project_id).filter(status__in=ACTIVE).order_by("id")[:20])


def job_for(user: AbstractBaseUser, job_id: int) -> Job:
    """The job if the user may see it; else NotFound (a job's existence is not for everyone)."""
    job = Job.objects.select_related("created_by").filter(pk=job_id).first()
    if job is not None:
        if roles.is_site_admin(user) or job.created_by_id == user.pk:
            return job
        if job.project_id is not None and policy.allowed(user, "jobs.see_all", job.project_id):
            return job
    raise NotFound(f"There is no job {job_id} that you can see.")
