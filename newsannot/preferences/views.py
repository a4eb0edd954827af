from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from newsannot.preferences.services import SESSION_KEY, font_size_set


@login_required
@require_POST
def font_size(request: HttpRequest) -> HttpResponse:
    pref = font_size_set(user=request.user, size=request.POST.get("size", ""))
    request.session[SESSION_KEY] = pref.font_size
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = "/"
    return HttpResponseRedirect(back)
