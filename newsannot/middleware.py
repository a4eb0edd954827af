"""When the database is out of reach, answer 503 with a short message: never a hang, never a 500.

psycopg raises OperationalError when a connection cannot be made or drops mid-request; Django wraps
it in django.db.OperationalError / InterfaceError. The request did not happen, so the client may
retry it; Retry-After says when.

A request that meets a dead database has waited for the pool (DB_POOL_TIMEOUT). Under load the
next ones would each wait as long while queueing behind it, so after a failure this process
answers 503 at once for DB_DOWN_SECONDS, then lets one request try the database again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError

log = logging.getLogger(__name__)

MESSAGE = "The database is unavailable for a moment; nothing was saved. Please try again."


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.down_until = 0.0  # per process: monotonic time until which we do not try

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if time.monotonic() < self.down_until:
            return unavailable(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        log.warning("database unavailable: %s %s: %s", request.method, request.path, exception)
        self.down_until = time.monotonic() + getattr(settings, "DB_DOWN_SECONDS", 2.0)
        return unavailable(request)


def unavailable(request: HttpRequest) -> HttpResponse:
    wants_json = request.path.startswith("/api/") or "json" in request.headers.get("Accept", "")
    if wants_json:
        response: HttpResponse = JsonResponse(
            {"detail": MESSAGE, "code": "database_unavailable"}, status=503
        )
    else:
        response = HttpResponse(MESSAGE, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = "5"
    return response


class RequestTooLargeMiddleware:
    """Answer 413 with a message when a request body is over the limit, before anything reads it.

    Django refuses form bodies over DATA_UPLOAD_MAX_MEMORY_SIZE with a bare 400, and DRF's JSON
    parser reads the stream without any limit. Here: a form whose fields are too large, or any
    other body (JSON...) whose Content-Length is over the limit, gets a 413 naming the limit.
    Files in multipart forms are not counted (each upload checks its own size), nor are views
    that stream their body and check it themselves (`streams_body = True`, the API import).
    Must come before CsrfViewMiddleware, whose process_view reads the form.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable, view_args: tuple, view_kwargs: dict
    ) -> HttpResponse | None:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        view_class = getattr(view_func, "view_class", None)
        if limit is None or getattr(view_class, "streams_body", False):
            return None
        content_type = request.content_type or ""
        # API views parse their own bodies (JSON only); pages read forms, CSRF first.
        is_api = view_class is not None and hasattr(view_class, "parser_classes")
        if request.method == "POST" and content_type in FORM_TYPES and not is_api:
            try:
                request.POST  # noqa: B018 - parse now, so the limit is met here and not in CSRF
            except RequestDataTooBig:
                return too_large(request, limit)
            except (MultiPartParserError, BadRequest):
                pass  # a malformed form: CSRF and the view answer 400 as they always did
            # Too many files or fields (TooManyFilesSent...) go on up: Django answers 400
            # through errorpages.bad_request, which names the limit.
            return None
        if declares_more_than(request, limit):
            return too_large(request, limit)
        return None


def declares_more_than(request: HttpRequest, limit: int) -> bool:
    """Whether the request's Content-Length says the body is over `limit` bytes.

    ASCII digits only ("²" is a digit to isdigit(), not to int()); past 18 of them the number is
    over any limit, and int() is never asked to read thousands."""
    length = request.META.get("CONTENT_LENGTH") or "0"
    return length.isascii() and length.isdigit() and (len(length) > 18 or int(length) > limit)


FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def too_large(request: HttpRequest, limit: int) -> HttpResponse:
    message = (
        f"The request is larger than the limit of {limit:,} bytes; nothing was saved. "
        "Send less at once (split the text, or import it as a file)."
    )
    if request.path.startswith("/api/") or "json" in request.headers.get("Accept", ""):
        return JsonResponse({"detail": message, "code": "too_large"}, status=413)
    return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")


class DomainErrorMiddleware:
    """A refusal from the domain (a service's Forbidden, NotFound, Invalid, Conflict) that a page
    did not answer itself becomes a page in the app's layout saying why, with the refusal's
    status: never a 500. (The API answers its own, as JSON; htmx requests get the message as a
    fragment the page shows where it swaps.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from newsannot.htmx_errors import refused
        from newsannot.lib.errors import DomainError

        if not isinstance(exception, DomainError) or request.path.startswith("/api/"):
            return None
        return refused(request, exception, fragment="error.html#reason", page="error.html")
