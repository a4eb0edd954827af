"""The guidelines page (every member; opening it marks them read) and its editor (managers)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from newsannot import policy
from newsannot.corpus import roles
from newsannot.guidelines import markup
from newsannot.guidelines.models import GuidelineVersion
from newsannot.guidelines.services import guidelines_read, guidelines_update, latest_number
from newsannot.lib.errors import Conflict, Invalid
from newsannot.lib.ids import optional_int


@login_required
@require_GET
def guidelines(request: HttpRequest, project_id: int) -> HttpResponse:
    project, role = roles.member_project(request.user, project_id)
    versions = list(
        GuidelineVersion.objects.filter(project=project)
        .select_related("author")
        .defer("text")
        .order_by("-number")
    )
    latest = versions[0].number if versions else 0
    wanted = optional_int(request.GET.get("version"), field="version")
    shown = None
    if wanted is not None and wanted != latest:
        shown = GuidelineVersion.objects.filter(project=project, number=wanted).first()
        if shown is None:
            raise Http404(f"The guidelines have no version {wanted}.")
        text = shown.text
    else:
        text = project.guidelines
        guidelines_read(project=project, user=request.user, number=latest)
    context = {
        "project": project,
        "role": role,
        "html": markup.render(text),
        "versions": versions,
        "shown": shown,
        "latest": latest,
        "may_edit": policy.allowed(request.user, "project.manage", project),
    }
    return render(request, "guidelines/guidelines.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def guidelines_edit(request: HttpRequest, project_id: int) -> HttpResponse:
    project, role = roles.member_project(request.user, project_id)
    policy.require(request.user, "project.manage", project)
    error, status = "", 200
    text, based_on = project.guidelines, latest_number(project)
    if request.method == "POST":
        text, based_on = request.POST.get("text", ""), request.POST.get("based_on")
        try:
            version = guidelines_update(
                project=project, text=text, actor=request.user, based_on=based_on
            )
        except (Invalid, Conflict) as exc:
            error, status = exc.message, exc.status
        else:
            if version is None:
                messages.info(request, "No change: the guidelines are as they were.")
            else:
                messages.success(request, f"Guidelines saved as version {version.number}.")
            return redirect("guidelines", project.pk)
    context = {
        "project": project,
        "role": role,
        "text": text,
        "based_on": based_on,
        "error": error,
    }
    return render(request, "guidelines/guidelines_edit.html", context, status=status)
