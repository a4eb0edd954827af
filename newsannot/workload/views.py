"""The workload's browser actions: next article, assign, spread, release, settings. Each a
POST that calls one service and goes back to a page with a message (or the next article)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from newsannot import policy
from newsannot.corpus import roles
from newsannot.corpus.models import Project
from newsannot.lib.errors import DomainError, Forbidden, Invalid
from newsannot.lib.ids import whole_number
from newsannot.lib.words import counted
from newsannot.workload import services


def _project(request: HttpRequest, project_id: int, *, manage: bool = False) -> Project:
    project, _ = roles.member_project(request.user, project_id)
    if manage:  # refused before the form is read (the services check again)
        policy.require(request.user, "project.manage", project)
    return project


def _told(request: HttpRequest, exc: DomainError) -> None:
    """A refusal of the request itself (403) is the error page's; the rest a message."""
    if isinstance(exc, Forbidden):
        raise exc
    messages.error(request, exc.message)


def _back(request: HttpRequest, project: Project) -> HttpResponse:
    return redirect("article-list", project_id=project.pk)


@login_required
@require_POST
def next_article(request: HttpRequest, project_id: int) -> HttpResponse:
    project = _project(request, project_id)
    article = services.next_article(project=project, analyst=request.user)
    if article is None:
        messages.info(request, "Nothing is left for you in this project: thank you!")
        return _back(request, project)
    return redirect("annotate", article_id=article.pk)


def _ids(values: list[str]) -> list[int]:
    return [n for n in (whole_number(v) for v in values) if n is not None]


@login_required
@require_POST
def assign(request: HttpRequest, project_id: int) -> HttpResponse:
    project = _project(request, project_id, manage=True)
    articles = _ids(request.POST.getlist("article"))
    analysts = _ids(request.POST.getlist("analyst"))
    if not articles or not analysts:
        messages.error(request, "Choose articles in the list and an analyst to assign them to.")
        return _back(request, project)
    try:
        made = services.assign_many(
            project=project, article_ids=articles, analysts=analysts, actor=request.user
        )
    except DomainError as exc:
        _told(request, exc)
    else:
        messages.success(request, f"{counted(made, 'assignment')} made.")
    return _back(request, project)


@login_required
@require_POST
def spread(request: HttpRequest, project_id: int) -> HttpResponse:
    project = _project(request, project_id, manage=True)
    try:
        made = services.spread_unassigned(project=project, actor=request.user)
    except DomainError as exc:
        _told(request, exc)
    else:
        messages.success(request, f"{counted(made, 'assignment')} made, spread evenly.")
    return _back(request, project)


@login_required
@require_POST
def release(request: HttpRequest, project_id: int) -> HttpResponse:
    project = _project(request, project_id, manage=True)
    analyst = whole_number(request.POST.get("analyst", ""))
    try:
        if analyst is None:
            raise Invalid("Choose whose unfinished articles to release.")
        released = services.assignments_release(
            project=project, analyst=analyst, actor=request.user
        )
    except DomainError as exc:
        _told(request, exc)
    else:
        messages.success(request, f"{counted(released, 'unfinished article')} released.")
    return _back(request, project)


@login_required
@require_POST
def settings(request: HttpRequest, project_id: int) -> HttpResponse:
    project = _project(request, project_id, manage=True)
    try:
        services.project_settings_update(
            project=project,
            actor=request.user,
            assignment=request.POST.get("assignment") or None,
            overlap=request.POST.get("overlap") or None,
            granularity=request.POST.get("granularity") or None,
        )
    except DomainError as exc:
        _told(request, exc)
    else:
        messages.success(request, "Project settings saved.")
    return _back(request, project)
