"""A refusal from the domain (a service's Invalid, Forbidden, NotFound, Conflict) as HTML: one
decorator for the HTML views, which knows htmx.

Over htmx the answer is a fragment with the refusal's status; base.html's responseHandling
swaps 4xx answers in, where the request aimed or, with `target`, where the page shows its
messages. Without htmx it is a page saying why, or (`back_to`) a redirect to the page the
request came from, with the message. Views raise; none catches a DomainError to answer it.
(DomainErrorMiddleware answers what a view left undecorated the same way, with error.html;
the API answers JSON.)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_htmx.http import reswap, retarget

from newsannot.errorpages import safe_back
from newsannot.lib.errors import DomainError

View = Callable[..., HttpResponse]


def refused(
    request: HttpRequest,
    error: DomainError,
    *,
    fragment: str = "review/refused.html#message",
    page: str = "review/refused.html",
    target: str | None = None,
    back_to: str | None = None,
) -> HttpResponse:
    """The answer to a refused request: see the module's docstring. The templates get the
    error, and its status and message as `status` and `reason` (error.html's names)."""
    context = {"error": error, "status": error.status, "reason": error.message}
    if request.htmx:
        response = render(request, fragment, context, status=error.status)
        return reswap(retarget(response, target), "outerHTML") if target else response
    if back_to is not None:
        messages.error(request, error.message)
        return redirect(back_to)
    context["back"] = safe_back(request)
    return render(request, page, context, status=error.status)


def domain_errors(
    view: View | None = None,
    *,
    fragment: str = "review/refused.html#message",
    page: str = "review/refused.html",
    target: str | None = None,
    back_to: Callable[..., str] | None = None,
) -> Any:
    """Decorate a view so that a DomainError it raises becomes `refused(...)`. Bare
    (`@domain_errors`) it answers with review/refused.html; `back_to` gets the view's keyword
    arguments (e.g. article_id) and gives the URL to go back to without htmx."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                return view(request, *args, **kwargs)
            except DomainError as error:
                back = back_to(**kwargs) if back_to is not None else None
                return refused(
                    request, error, fragment=fragment, page=page, target=target, back_to=back
                )

        return wrapper

    return decorate(view) if view is not None else decorate
