from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from newsannot.preferences.services import SESSION_KEY, font_size_set, show_relations_set


@login_required
@require_POST
def font_size(request: HttpRequest) -> HttpResponse:
    pref = font_size_set(user=request.user, size=request.POST.get("size", ""))
    request.session[SESSION_KEY] = pref.font_size
    return _back(request)


@login_required
@require_POST
def show_relations(request: HttpRequest) -> HttpResponse:
    """The annotate view's "Show all relations": remembered for the person, wherever they log
    in. The page draws at once; htmx only stores it (204)."""
    show_relations_set(user=request.user, show=request.POST.get("show") == "1")
    if request.headers.get("HX-Request"):
        return HttpResponse(status=204)
    return _back(request)


def _back(request: HttpRequest) -> HttpResponse:
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = "/"
    return HttpResponseRedirect(back)
