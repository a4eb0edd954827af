"""The manager's console: members, labels and export, as pages.

Thin, like every view: each write is one service call (corpus.members, corpus.services,
exporters.download), which enforces the policy; a refusal of the input (Invalid, Conflict) is
shown on the page next to the form, anything else (Forbidden, NotFound) becomes the app's
403/404 page (newsannot/middleware.py). Successful writes redirect, so a reload never repeats one.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from newsannot import policy
from newsannot.corpus import members, roles
from newsannot.corpus.models import Project, Role
from newsannot.lib.errors import Conflict, Invalid


def _managed_project(request: HttpRequest, project_id: int) -> tuple[Project, str]:
    """The project and the user's role; outsiders are told it does not exist (404), members
    who may not manage it are told why (403)."""
    project = get_object_or_404(Project, pk=project_id)
    role = roles.role_in(request.user, project)
    if role is None:
        raise Http404("No such project.")
    policy.require(request.user, "project.manage", project)
    return project, role


# -- members ------------------------------------------------------------------------------------


def _members_page(
    request: HttpRequest, project: Project, role: str, *, error: str = "", status: int = 200
) -> HttpResponse:
    context = {
        "project": project,
        "role": role,
        "members": members.members_of(project),
        "roles": Role.choices,
        "error": error,
        "typed": request.POST.get("username", "") if request.method == "POST" else "",
    }
    return render(request, "console/members.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def member_list(request: HttpRequest, project_id: int) -> HttpResponse:
    project, role = _managed_project(request, project_id)
    if request.method == "GET":
        return _members_page(request, project, role)
    try:
        result = members.member_add(
            project=project,
            username=request.POST.get("username", ""),
            role=request.POST.get("role", ""),
            actor=request.user,
        )
    except (Invalid, Conflict) as exc:
        return _members_page(request, project, role, error=exc.message, status=exc.status)
    name = result.membership.user.get_username()
    role_name = result.membership.get_role_display().lower()
    if result.created:
        messages.success(request, f"{name} joined the project as {role_name}.")
    else:
        messages.success(request, f"{name} was a member already; now {role_name}.")
    return redirect("console-members", project.pk)


@login_required
@require_POST
def member_role(request: HttpRequest, project_id: int, user_id: int) -> HttpResponse:
    project, role = _managed_project(request, project_id)
    try:
        membership = members.member_set_role(
            project=project, user_id=user_id, role=request.POST.get("role", ""), actor=request.user
        )
    except (Invalid, Conflict) as exc:
        return _members_page(request, project, role, error=exc.message, status=exc.status)
    name, role_name = membership.user.get_username(), membership.get_role_display().lower()
    messages.success(request, f"{name} is now {role_name}.")
    return redirect("console-members", project.pk)


@login_required
@require_POST
def member_remove(request: HttpRequest, project_id: int, user_id: int) -> HttpResponse:
    project, role = _managed_project(request, project_id)
    try:
        members.member_remove(project=project, user_id=user_id, actor=request.user)
    except (Invalid, Conflict) as exc:
        return _members_page(request, project, role, error=exc.message, status=exc.status)
    messages.success(request, "Removed from the project. Their spans and history stay.")
    if user_id == request.user.pk:
        return redirect("project-list")  # they left the project
    return redirect("console-members", project.pk)
