"""The manager's console: members, labels and export, as pages.

Thin, like every view: each write is one service call (corpus.members, corpus.services,
exporters.download), which enforces the policy; a refusal of the input (Invalid, Conflict) is
shown on the page next to the form, anything else (Forbidden, NotFound) becomes the app's
403/404 page (newsannot/middleware.py). Successful writes redirect, so a reload never repeats one.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from newsannot import policy
from newsannot.annotations.models import RelationType
from newsannot.annotations.relations import relation_type_create, relation_type_retire
from newsannot.corpus import changes, members, roles
from newsannot.corpus.models import Label, Project, Role
from newsannot.corpus.services import label_create, label_update
from newsannot.exporters import FORMATS
from newsannot.exporters.download import export_download
from newsannot.exporters.source import STATUSES
from newsannot.lib.errors import Conflict, Invalid


def _managed_project(request: HttpRequest, project_id: int) -> tuple[Project, str]:
    """The project and the user's role; outsiders are told it does not exist (404), members
    who may not manage it are told why (403)."""
    project, role = roles.member_project(request.user, project_id)
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
        "changes": changes.recent(project, prefix="member."),
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


# -- labels -------------------------------------------------------------------------------------


def _labels_page(
    request: HttpRequest,
    project: Project,
    role: str,
    *,
    error: str = "",
    failed: int | None = None,
    status: int = 200,
) -> HttpResponse:
    """`failed`: the label whose form was refused (0: the new-label form); it shows what was
    typed, so nothing is lost to a refusal."""
    labels = list(project.labels.order_by("retired", "order", "key"))
    typed = request.POST if request.method == "POST" else {}
    for label in labels:
        label.form = {n: getattr(label, n) for n in ("name", "color", "shortcut", "guideline")}
        if failed == label.pk:
            label.form.update({n: typed[n] for n in label.form if n in typed})
    context = {
        "project": project,
        "role": role,
        "labels": labels,
        "relation_types": list(RelationType.objects.filter(project=project)),
        "changes": changes.recent(project, prefix="label."),
        "error": error,
        "failed": failed,
        "typed": typed if failed == 0 else {},
    }
    return render(request, "console/labels.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def label_list(request: HttpRequest, project_id: int) -> HttpResponse:
    project, role = _managed_project(request, project_id)
    if request.method == "GET":
        return _labels_page(request, project, role)
    try:
        label = label_create(
            project=project,
            key=request.POST.get("key", "").strip(),
            name=request.POST.get("name", ""),
            color=request.POST.get("color", ""),
            shortcut=request.POST.get("shortcut", "").strip(),
            guideline=request.POST.get("guideline", ""),
            actor=request.user,
        )
    except (Invalid, Conflict) as exc:
        return _labels_page(request, project, role, error=exc.message, failed=0, status=exc.status)
    messages.success(request, f"Label “{label.name}” added.")
    return redirect("console-labels", project.pk)


def _label_of(project: Project, label_id: int) -> Label:
    label = Label.objects.filter(project=project, pk=label_id).first()
    if label is None:
        raise Http404("This project has no such label.")
    return label


@login_required
@require_POST
def label_edit(request: HttpRequest, project_id: int, label_id: int) -> HttpResponse:
    project, role = _managed_project(request, project_id)
    label = _label_of(project, label_id)
    try:
        label = label_update(
            label=label,
            actor=request.user,
            name=request.POST.get("name"),
            color=request.POST.get("color"),
            shortcut=_stripped(request.POST.get("shortcut")),
            guideline=request.POST.get("guideline"),
        )
    except (Invalid, Conflict) as exc:
        return _labels_page(
            request, project, role, error=exc.message, failed=label.pk, status=exc.status
        )
    messages.success(request, f"Label “{label.name}” saved.")
    return redirect(reverse("console-labels", args=[project.pk]) + f"#label-{label.pk}")


@login_required
@require_POST
def label_retire(request: HttpRequest, project_id: int, label_id: int) -> HttpResponse:
    project, role = _managed_project(request, project_id)
    label = _label_of(project, label_id)
    retire = request.POST.get("retired") != "0"
    try:
        label = label_update(label=label, actor=request.user, retired=retire)
    except (Invalid, Conflict) as exc:
        return _labels_page(
            request, project, role, error=exc.message, failed=label.pk, status=exc.status
        )
    if retire:
        messages.success(
            request,
            f"Label “{label.name}” retired: it is offered for no new span; "
            "its spans stay, and are exported.",
        )
    else:
        messages.success(request, f"Label “{label.name}” is in use again.")
    return redirect("console-labels", project.pk)


# -- relation types (on the labels page) --------------------------------------------------------


@login_required
@require_POST
def relation_type_add(request: HttpRequest, project_id: int) -> HttpResponse:
    project, role = _managed_project(request, project_id)
    try:
        kind = relation_type_create(
            project_id=project.pk,
            key=request.POST.get("key", ""),
            name=request.POST.get("name", ""),
            from_labels=request.POST.getlist("from_labels"),
            to_labels=request.POST.getlist("to_labels"),
            shortcut=request.POST.get("shortcut", ""),
            actor=request.user,
        )
    except (Invalid, Conflict) as exc:
        return _labels_page(request, project, role, error=exc.message, status=exc.status)
    messages.success(request, f"Relation type “{kind.name}” added.")
    return redirect(reverse("console-labels", args=[project.pk]) + "#relation-types")


@login_required
@require_POST
def relation_type_retire_view(
    request: HttpRequest, project_id: int, relation_type_id: int
) -> HttpResponse:
    project, _ = _managed_project(request, project_id)
    kind = RelationType.objects.filter(project=project, pk=relation_type_id).first()
    if kind is None:
        raise Http404("This project has no such relation type.")
    retire = request.POST.get("retired") != "0"
    relation_type_retire(relation_type=kind, actor=request.user, retired=retire)
    messages.success(
        request,
        f"Relation type “{kind.name}” "
        + (
            "retired: it takes no new relations; its relations stay." if retire else "in use again."
        ),
    )
    return redirect(reverse("console-labels", args=[project.pk]) + "#relation-types")


def _stripped(value: str | None) -> str | None:
    return value.strip() if value is not None else None


# -- export -------------------------------------------------------------------------------------

FORMAT_NAMES = {
    "jsonl": "JSON Lines (re-importable)",
    "doccano": "doccano",
    "label-studio": "Label Studio",
    "w3c": "W3C Web Annotation (JSON-LD)",
    "ptc": "SemEval-2020 Task 11 (PTC, zip)",
    "brat": "brat standoff (zip)",
    "csv": "CSV",
}


@login_required
@require_GET
def export(request: HttpRequest, project_id: int) -> HttpResponse:
    """The form, and (when it is submitted: `format` given) the download itself, streamed by
    the same service as the API's /export/. A refused choice re-shows the form, with why."""
    project, role = roles.member_project(request.user, project_id)
    policy.require(request.user, "corpus.export", project)
    error, status = "", 200
    if "format" in request.GET:
        try:
            download = export_download(
                project=project,
                actor=request.user,
                format=request.GET.get("format"),
                status=request.GET.get("status", "approved"),
                label=request.GET.get("label") or None,
            )
        except Invalid as exc:
            error, status = exc.message, exc.status
        else:
            response = StreamingHttpResponse(download.body, content_type=download.content_type)
            response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
            return response
    context = {
        "project": project,
        "role": role,
        "formats": [(name, FORMAT_NAMES.get(name, name)) for name in FORMATS],
        "statuses": STATUSES,
        "labels": project.labels.order_by("retired", "order", "key"),
        "chosen": request.GET,
        "error": error,
    }
    return render(request, "console/export.html", context, status=status)
