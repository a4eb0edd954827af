"""400, 403 and 404 answers: JSON with a `detail` for the API, a page in the app's layout elsewhere.

The page says why (the exception's message, which our views write for people) and offers a way
back that works under the Content Security Policy: plain links, no `javascript:`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import (
    DisallowedHost,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

MESSAGES = {
    400: "The request could not be read; nothing was saved.",
    403: "You do not have access to this page.",
    404: "There is nothing at this address: it may have been deleted, or the link is wrong.",
}


def _reason(exception: Exception | None, status: int) -> str:
    said = str(exception.args[0]) if exception is not None and exception.args else ""
    # Django's own messages are for developers ("{'path': ...}" from the resolver, "No Article
    # matches the given query." from get_object_or_404), not people.
    for_developers = said.startswith("{") or said.endswith(" matches the given query.")
    return said if said and not for_developers else MESSAGES[status]


def safe_back(request: HttpRequest) -> str:
    """The page the user came from, if it is one of ours (never another site, never a script)."""
    back = request.headers.get("Referer", "")
    try:
        host = request.get_host()
    except DisallowedHost:  # the 400 for a Host header not ours: no way back to offer
        return ""
    return back if back.startswith(f"{request.scheme}://{host}/") else ""


CODES = {400: "bad_request", 403: "forbidden", 404: "not_found"}


def _answer(
    request: HttpRequest, exception: Exception | None, status: int, reason: str | None = None
) -> HttpResponse:
    reason = reason or _reason(exception, status)
    if request.path.startswith("/api/"):
        code = CODES[status]
        return JsonResponse({"detail": reason, "code": code}, status=status)
    context = {"status": status, "reason": reason, "back": safe_back(request)}
    # Over htmx, the message alone, as htmx_errors.refused answers a refusal: base.html swaps
    # 4xx answers in where the request aimed, and the whole page there (a polling panel whose
    # article was deleted) nested a second top bar in it.
    template = "error.html#reason" if getattr(request, "htmx", False) else "error.html"
    return render(request, template, context, status=status)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _answer(request, exception, 403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _answer(request, exception, 404)


def too_many_files() -> str:
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FILES
    return (
        f"Too many files at once: the limit is {limit} files in one upload; nothing was saved. "
        f"Choose at most {limit} at a time, or put the articles in one .jsonl file."
    )


def too_many_fields() -> str:
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    return f"The form has more than {limit} fields, the limit; nothing was saved."


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django refuses a request it cannot read before any view runs (so nothing is stored):
    its own page says only "Bad Request (400)". Name the limit that was met."""
    from newsannot.middleware import too_large

    if isinstance(exception, RequestDataTooBig):  # the same 413 as RequestTooLargeMiddleware's
        return too_large(request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    reason = None
    if isinstance(exception, TooManyFilesSent):
        reason = too_many_files()
    elif isinstance(exception, TooManyFieldsSent):
        reason = too_many_fields()
    # Other 400s (a malformed body, a bad Host) carry messages for developers, not people.
    return _answer(request, None, 400, reason or MESSAGES[400])
