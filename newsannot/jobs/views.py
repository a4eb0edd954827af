"""The project's jobs in the browser: a page listing them, and the live progress strip that every
project page loads (htmx polling while anything is running)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from newsannot.corpus import roles
from newsannot.jobs import selectors
from newsannot.jobs.services import job_cancel
from newsannot.lib.errors import DomainError

RECENT = dt.timedelta(minutes=2)  # a finished job stays in the strip this long


@login_required
@require_GET
def job_list(request: HttpRequest, project_id: int) -> HttpResponse:
    project, role = roles.member_project(request.user, project_id)
    jobs = selectors.jobs_of(request.user, project.pk).order_by("-id")
    page = Paginator(jobs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "jobs/job_list.html",
        {"project": project, "role": role, "page": page, "jobs": page.object_list},
    )


@login_required
@require_GET
def job_strip(request: HttpRequest, project_id: int) -> HttpResponse:
    """Running jobs with progress bars, and jobs of yours that ended in the last minutes."""
    project, _ = roles.member_project(request.user, project_id)
    mine = selectors.jobs_of(request.user, project.pk)
    active = selectors.active_jobs_of(request.user, project.pk)
    ended = list(
        mine.filter(created_by=request.user, finished_at__gte=timezone.now() - RECENT)
        .exclude(status__in=["queued", "running"])
        .order_by("-id")[:3]
    )
    return render(
        request,
        "jobs/_strip.html",
        {"project": project, "active": active, "ended": ended, "polling": bool(active)},
    )


@login_required
@require_POST
def job_cancel_view(request: HttpRequest, project_id: int, job_id: int) -> HttpResponse:
    project, _ = roles.member_project(request.user, project_id)
    try:
        job = selectors.job_for(request.user, job_id)
        if job.project_id != project.pk:
            raise Http404("No such job in this project.")
        job_cancel(job=job, actor=request.user)
    except DomainError as exc:
        from django.contrib import messages

        messages.error(request, exc.message)
    return redirect("project-jobs", project_id=project.pk)
