"""The registry's pages: a searchable list and an edit form, for site admins and managers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from newsannot import policy
from newsannot.lib.errors import DomainError
from newsannot.outlets.models import Outlet, Typology
from newsannot.outlets.services import outlet_save


def _require_registry_editor(request: HttpRequest) -> None:
    if not policy.may_manage_outlets(request.user):
        raise PermissionDenied(
            "Only site admins and project managers can edit the outlet registry."
        )


@login_required
def outlet_list(request: HttpRequest) -> HttpResponse:
    _require_registry_editor(request)
    q = request.GET.get("q", "").strip()
    outlets = Outlet.objects.prefetch_related("domains")
    if q:
        outlets = outlets.filter(
            Q(name__icontains=q)
            | Q(country__icontains=q)
            | Q(aliases__icontains=q)
            | Q(domains__domain__icontains=q)
        ).distinct()
    page = Paginator(outlets.order_by("name", "country", "id"), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "outlets/outlet_list.html", {"page": page, "q": q})


@login_required
def outlet_edit(request: HttpRequest, outlet_id: int | None = None) -> HttpResponse:
    _require_registry_editor(request)
    outlet = get_object_or_404(Outlet, pk=outlet_id) if outlet_id else None
    values = {
        "name": outlet.name if outlet else "",
        "country": outlet.country if outlet else "",
        "typology": outlet.typology if outlet else "",
        "aliases": "\n".join(outlet.aliases) if outlet else "",
        "domains": "\n".join(outlet.domains.values_list("domain", flat=True)) if outlet else "",
        "notes": outlet.notes if outlet else "",
        "source": outlet.source if outlet else "",
    }
    error = None
    status = 200
    if request.method == "POST":
        values = {key: request.POST.get(key, "") for key in values}
        try:
            saved = outlet_save(outlet=outlet, **values)
        except DomainError as e:
            error, status = e, e.status
        else:
            messages.success(request, f"Saved {saved}.")
            return redirect("outlet-list")
    return render(
        request,
        "outlets/outlet_edit.html",
        {"outlet": outlet, "values": values, "error": error, "typologies": Typology.choices},
        status=status,
    )
