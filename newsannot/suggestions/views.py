"""htmx endpoints of the suggestions panel in the annotate view. Thin: services do the work."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST

from newsannot import policy
from newsannot.corpus.models import Article, Label
from newsannot.htmx_errors import domain_errors
from newsannot.jobs.models import Job
from newsannot.lib.errors import Conflict, DomainError, Forbidden, NotFound
from newsannot.lib.ids import whole_number
from newsannot.outlets.selectors import article_outlet
from newsannot.suggestions import services
from newsannot.suggestions.models import Suggestion

# The annotate view listens for this to redraw the article's spans after an accept.
SPANS_CHANGED = "newsannot:spans-changed"
# Suggestions shown at once, in reading order; "Show more" adds as many again. A 100 k-character
# article can have thousands: all of them made a 1.9 MB panel that froze the page for seconds.
PAGE = 50
MAX_SHOWN = 2_000


def _shown(request: HttpRequest) -> int:
    """How many suggestions the panel showed (kept across its actions), within [PAGE, MAX_SHOWN]."""
    value = whole_number(request.POST.get("shown") or request.GET.get("shown"))
    if value is None:
        return PAGE
    return max(PAGE, min(value, MAX_SHOWN))


# A refusal is a whole panel saying why, with the 4xx status: the annotate view swaps 4xx
# answers in to show them.
refusals = domain_errors(fragment="suggestions/_error.html", page="suggestions/_error.html")


def _panel(
    request: HttpRequest,
    article: Article,
    *,
    changed: bool = False,
    note: str = "",
    failed: Suggestion | None = None,
    error: DomainError | None = None,
    running: Job | None = None,
    failed_job: Job | None = None,
) -> HttpResponse:
    """The panel; with `failed`, that suggestion stays in its place with `error` beside it,
    answered with the error's status, and every other suggestion stays as it was. With
    `running`, the job computing the article's suggestions: the panel says so and polls; with
    `failed_job`, the one it polled for, which failed."""
    items = services.open_suggestions(article=article, user=request.user)
    by_label: dict[int, dict] = {}
    for s in items:
        group = by_label.setdefault(s.label_id, {"label": s.label, "count": 0})
        group["count"] += 1
    total = len(items)
    if failed is not None and failed not in items:
        # One the analyst now has (the 409) is no longer open: listed, not counted, so that
        # the message has its place.
        items = sorted([*items, failed], key=lambda s: (s.start, s.end, s.pk))
    shown = _shown(request)
    response = render(
        request,
        "suggestions/_panel.html",
        {
            "article": article,
            "suggestions": items[:shown],
            "total": total,
            "shown": min(shown, len(items)),
            "more": min(PAGE, len(items) - shown) if len(items) > shown else 0,
            "next_shown": shown + PAGE,
            "groups": list(by_label.values()),
            "article_outlet": article_outlet(article.pk),
            "note": note,
            "failed": failed.pk if failed is not None else None,
            "error": error,
            "running": running,
            "failed_job": failed_job,
        },
        status=error.status if error is not None else 200,
    )
    if changed:
        response["HX-Trigger"] = json.dumps({SPANS_CHANGED: {"article": article.pk}})
    return response


def _article(request: HttpRequest, article_id: int) -> Article:
    article = get_object_or_404(Article, pk=article_id)
    policy.require(request.user, "span.create", article.project_id)
    policy.require_see_article(request.user, article)
    return article


def _suggestion(request: HttpRequest, suggestion_id: int) -> Suggestion:
    suggestion = (
        Suggestion.objects.select_related("article", "label").filter(pk=suggestion_id).first()
    )
    if suggestion is None:
        raise NotFound("This suggestion is gone; the suggesters may have run again. Reload.")
    policy.require(request.user, "span.create", suggestion.article.project_id)
    policy.require_see_article(request.user, suggestion.article)
    return suggestion


@login_required
@require_GET
@refusals
def panel(request: HttpRequest, article_id: int) -> HttpResponse:
    article = _article(request, article_id)
    failed = services.failed_job(article, whole_number(request.GET.get("job")))
    if failed is not None:
        # The job this panel polled for failed: say so and stop polling. Starting another here
        # (as a first opening does) queued a new job every two seconds while the failure lasted.
        return _panel(request, article, failed_job=failed)
    # Imported articles get their suggestions here, on first open: running the suggesters on
    # every article of a large import would cost several times the import itself.
    running = services.suggest_unless_done(article, actor=request.user)
    if running is None:  # ran before, or just now; or a "Run again" job of the panel's
        running = services.running_job(article)
    return _panel(request, article, running=running)


@login_required
@require_POST
@refusals
def run(request: HttpRequest, article_id: int) -> HttpResponse:
    article = _article(request, article_id)
    try:
        outcome = services.suggestions_run(article=article, actor=request.user)
    except Conflict as error:  # one is queued or running already: the panel as it is, polling
        running = services.running_job(article)
        return _panel(request, article, note=error.message, error=error, running=running)
    if isinstance(outcome, Job):
        return _panel(request, article, running=outcome)
    return _panel(request, article, note=f"The suggesters ran: {outcome} suggestions.")


def _gone(request: HttpRequest, error: NotFound) -> HttpResponse:
    """A suggestion that is no more (the suggesters ran again): the panel of the article the
    form came from, fresh, with the message on top; only without one, the message alone."""
    article_id = whole_number(request.POST.get("article"))
    if article_id is None:
        raise error
    article = _article(request, article_id)
    response = _panel(request, article, note=error.message)
    response.status_code = error.status
    return response


def _decide(request: HttpRequest, suggestion_id: int, action) -> HttpResponse:
    """Accept or dismiss. A refusal never replaces the panel: the message appears beside the
    suggestion it concerns (or on top, if that suggestion is gone) and the rest stay."""
    try:
        suggestion = _suggestion(request, suggestion_id)
    except NotFound as error:
        return _gone(request, error)
    try:
        action(suggestion=suggestion, user=request.user)
    except Forbidden:
        raise  # not about this suggestion: the refusal alone (`refusals`)
    except DomainError as error:
        return _panel(request, suggestion.article, failed=suggestion, error=error)
    return _panel(request, suggestion.article, changed=action is services.suggestion_accept)


@login_required
@require_POST
@refusals
def accept(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    return _decide(request, suggestion_id, services.suggestion_accept)


@login_required
@require_POST
@refusals
def dismiss(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    return _decide(request, suggestion_id, services.suggestion_dismiss)


@login_required
@require_POST
@refusals
def accept_all(request: HttpRequest, article_id: int) -> HttpResponse:
    article = _article(request, article_id)
    key = request.POST.get("label", "")
    label = Label.objects.filter(project_id=article.project_id, key=key).first()
    if label is None:
        raise NotFound(f"This project has no label {key!r}.")
    spans = services.suggestions_accept_all(article=article, label=label, user=request.user)
    return _panel(
        request, article, changed=bool(spans), note=f"Accepted {len(spans)} {label.name} spans."
    )
