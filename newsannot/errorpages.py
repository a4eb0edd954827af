"""403 and 404 answers: JSON with a `detail` for the API, a page in the app's layout elsewhere.

The page says why (the exception's message, which our views write for people) and offers a way
back that works under the Content Security Policy: plain links, no `javascript:`.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

MESSAGES = {
    403: "You do not have access to this page.",
    404: "There is nothing at this address: it may have been deleted, or the link is wrong.",
}


def _reason(exception: Exception | None, status: int) -> str:
    said = str(exception.args[0]) if exception is not None and exception.args else ""
    # Django's own resolver message is for developers ("{'path': ...}"), not people.
    return said if said and not said.startswith("{") else MESSAGES[status]


def safe_back(request: HttpRequest) -> str:
    """The page the user came from, if it is one of ours (never another site, never a script)."""
    back = request.headers.get("Referer", "")
    return back if back.startswith(f"{request.scheme}://{request.get_host()}/") else ""


def _answer(request: HttpRequest, exception: Exception | None, status: int) -> HttpResponse:
    reason = _reason(exception, status)
    if request.path.startswith("/api/"):
        code = "forbidden" if status == 403 else "not_found"
        return JsonResponse({"detail": reason, "code": code}, status=status)
    context = {"status": status, "reason": reason, "back": safe_back(request)}
    return render(request, "error.html", context, status=status)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _answer(request, exception, 403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _answer(request, exception, 404)
