"""When the database is out of reach, answer 503 with a short message: never a hang, never a 500.

psycopg raises OperationalError when a connection cannot be made or drops mid-request; Django wraps
it in django.db.OperationalError / InterfaceError. The request did not happen, so the client may
retry it; Retry-After says when.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse

log = logging.getLogger(__name__)

MESSAGE = "The database is unavailable for a moment; nothing was saved. Please try again."


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        log.warning("database unavailable: %s %s: %s", request.method, request.path, exception)
        wants_json = request.path.startswith("/api/") or "json" in request.headers.get("Accept", "")
        if wants_json:
            response: HttpResponse = JsonResponse(
                {"detail": MESSAGE, "code": "database_unavailable"}, status=503
            )
        else:
            response = HttpResponse(MESSAGE, status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = "5"
        return response
