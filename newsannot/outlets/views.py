"""The registry's pages: a searchable list and an edit form, for site admins and managers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from newsannot import policy
from newsannot.lib.errors import DomainError
from newsannot.outlets.models import Outlet, OutletAlias, Typology
from newsannot.outlets.services import outlet_alias_add, outlet_alias_remove, outlet_save


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
    return _edit_page(request, outlet, values, error=error, status=status)


def _edit_page(
    request: HttpRequest,
    outlet: Outlet | None,
    values: dict,
    *,
    error: DomainError | None = None,
    alias_error: DomainError | None = None,
    alias: str = "",
    status: int = 200,
) -> HttpResponse:
    added = (
        outlet.added_aliases.select_related("added_by").order_by("alias", "id") if outlet else []
    )
    return render(
        request,
        "outlets/outlet_edit.html",
        {
            "outlet": outlet,
            "values": values,
            "error": error,
            "typologies": Typology.choices,
            "added_aliases": added,
            "alias_error": alias_error,
            "alias": alias,
        },
        status=status,
    )


def _values(outlet: Outlet) -> dict:
    return {
        "name": outlet.name,
        "country": outlet.country,
        "typology": outlet.typology,
        "aliases": "\n".join(outlet.aliases),
        "domains": "\n".join(outlet.domains.values_list("domain", flat=True)),
        "notes": outlet.notes,
        "source": outlet.source,
    }


@login_required
@require_POST
def alias_add(request: HttpRequest, outlet_id: int) -> HttpResponse:
    _require_registry_editor(request)
    outlet = get_object_or_404(Outlet, pk=outlet_id)
    alias = request.POST.get("alias", "")
    try:
        row = outlet_alias_add(outlet=outlet, alias=alias, actor=request.user)
    except DomainError as e:
        return _edit_page(
            request, outlet, _values(outlet), alias_error=e, alias=alias, status=e.status
        )
    messages.success(request, f"{outlet} is now also found as “{row.alias}”.")
    return redirect("outlet-edit", outlet_id=outlet.pk)


@login_required
@require_POST
def alias_remove(request: HttpRequest, outlet_id: int, alias_id: int) -> HttpResponse:
    _require_registry_editor(request)
    row = get_object_or_404(OutletAlias, pk=alias_id, outlet_id=outlet_id)
    outlet_alias_remove(alias=row, actor=request.user)
    messages.success(request, f"Removed the alias “{row.alias}”.")
    return redirect("outlet-edit", outlet_id=outlet_id)
