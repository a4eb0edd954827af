"""The releases page for managers: create one, follow its build, download any format, read the
datasheet, compare two. Thin: the services and selectors decide, as for the API."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from newsannot import policy
from newsannot.corpus import roles
from newsannot.corpus.models import Project
from newsannot.exporters import FORMATS
from newsannot.lib.errors import DomainError
from newsannot.releases import datasheet as sheets
from newsannot.releases import selectors, services


def _project(request: HttpRequest, project_id: int) -> tuple[Project, str]:
    project, role = roles.member_project(request.user, project_id)
    policy.require(request.user, "release.create", project)
    return project, role


def _fraction(value: str) -> float | str:
    try:
        return float(value) / 100
    except ValueError:
        return value  # the service refuses it, naming the field


@login_required
@require_http_methods(["GET", "POST"])
def release_list(request: HttpRequest, project_id: int) -> HttpResponse:
    project, role = _project(request, project_id)
    form = {"name": "", "seed": "42", "train": "80", "dev": "10", "test": "10", "licence": ""}
    if request.method == "POST":
        form.update({k: request.POST.get(k, "") for k in form})
        seed: object = form["seed"]
        if isinstance(seed, str) and seed.strip().isdigit():
            seed = int(seed)
        split = {
            name: _fraction(form[name])
            for name in ("train", "dev", "test")
            if form[name].strip() not in ("", "0")
        }
        try:
            release = services.release_create(
                project=project,
                actor=request.user,
                name=form["name"],
                seed=seed,
                split=split,
                licence=form["licence"],
                real_names=request.POST.get("real_names") == "on",
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Release {release.name} is being built.")
            return redirect("project-releases", project_id=project.pk)
    releases = list(selectors.releases_of(request.user, project).order_by("-id"))
    return render(
        request,
        "releases/release_list.html",
        {
            "project": project,
            "role": role,
            "releases": releases,
            "formats": sorted(FORMATS),
            "form": form,
            "building": any(r.status == "building" for r in releases),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def release_download(request: HttpRequest, release_id: int) -> FileResponse:
    release = selectors.release_for(request.user, release_id)
    name = request.GET.get("format", "jsonl")
    handle, entry = selectors.stored_file(release, name)
    response = FileResponse(handle, content_type=entry["content_type"])
    filename = f"project-{release.project_id}-{release.name}.{entry['extension']}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
@require_GET
def release_datasheet(request: HttpRequest, release_id: int) -> HttpResponse:
    release = selectors.release_for(request.user, release_id)
    text = sheets.markdown(release.datasheet) if release.datasheet else ""
    return render(
        request,
        "releases/datasheet.html",
        {"project": release.project, "release": release, "text": text},
    )


@login_required
@require_GET
def release_diff(request: HttpRequest, release_id: int) -> HttpResponse:
    a = selectors.release_for(request.user, release_id)
    other = request.GET.get("to", "")
    if not other.isdigit():
        raise Http404("Choose a release to compare with.")
    b = selectors.release_for(request.user, int(other))
    return render(
        request,
        "releases/diff.html",
        {"project": a.project, "a": a, "b": b, "diff": selectors.diff(a, b)},
    )
