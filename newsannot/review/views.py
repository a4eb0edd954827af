"""Review pages: the queue, one article side by side, the project dashboard.

Every decision goes through annotations.services (span_review, span_reopen), which check roles,
refuse reviewing one's own span and refuse a stale version with a Conflict naming who changed it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string, select_template
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from newsannot import policy
from newsannot.annotations.models import Relation, Span, Status
from newsannot.annotations.relations import relation_review
from newsannot.annotations.services import span_reopen, span_review
from newsannot.corpus import roles
from newsannot.corpus.models import Article, Project
from newsannot.htmx_errors import domain_errors
from newsannot.lib.errors import DomainError, Invalid, NotFound
from newsannot.lib.ids import parse_int
from newsannot.lib.words import counted
from newsannot.outlets.selectors import article_outlet
from newsannot.replicas import replica_reads
from newsannot.review import charts, selectors
from newsannot.suggestions.quality import suggester_quality
from newsannot.suggestions.relations import relation_suggestion_quality
from newsannot.workload.selectors import team_work


def _nav(request: HttpRequest, project: Project) -> dict[str, Any]:
    return {
        "project": project,
        "role": roles.role_in(request.user, project),
        "can_manage": policy.allowed(request.user, "span.edit_any", project),
        "project_nav": _project_nav_template(),
    }


def _project_nav_template() -> str | None:
    # The workspace's project navigation, once it exists.
    try:
        select_template(["workspace/_project_nav.html"])
    except TemplateDoesNotExist:
        return None
    return "workspace/_project_nav.html"


def _version(raw: str | None) -> int:
    return parse_int(raw, field="version")


def _quoted(text: str, limit: int) -> str:
    """An article's words in a message, cut to `limit` and isolated (FSI … PDI) so that a
    right-to-left override in them cannot reorder the message around them ("A → B")."""
    return f"“\u2068{text[:limit]}\u2069”"


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


# --- The queue ---------------------------------------------------------------------------------


@login_required
@require_GET
@domain_errors
def review_queue(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_object_or_404(Project, pk=project_id)
    policy.require(request.user, "span.review", project)
    filters = selectors.QueueFilters.from_query(request.GET)
    ids = selectors.queue(project, request.user, filters)
    page = Paginator(ids, selectors.QUEUE_PAGE).get_page(request.GET.get("page"))
    spans = selectors.queue_page(page.object_list)
    names = selectors.attribute_names(project) if any(s.attributes for s in spans) else {}
    items = [_item(span, names) for span in spans]
    waiting = selectors.relations_to_decide(project, request.user)
    # Filtered by one article, the queue lists that article's relations to decide too.
    relations = (
        selectors.with_type_choices(
            list(
                selectors.relations_with_ends(
                    selectors.pending_relations(project, request.user, article=filters.article)
                ).order_by("id")
            )
        )
        if filters.article
        else []
    )
    return render(
        request,
        "review/queue.html",
        {
            **_nav(request, project),
            "page": page,
            "items": items,
            "filters": filters,
            "labels": list(project.labels.all()),
            "choices": selectors.filter_choices(project),
            "own_pending": selectors.own_pending_count(project, request.user),
            "queue_count": page.paginator.count,
            "relation_count": len(relations) if filters.article else waiting.total,
            "relations_waiting": waiting,
            "relations": relations,
            "scope": filters.article or "",
            "here": request.get_full_path(),
        },
    )


def _item(span: Span, names: dict[tuple[int, str], str]) -> dict[str, Any]:
    return {
        "span": span,
        "context": selectors.context(span.article.text, span.start, span.end),
        "attributes": selectors.shown_attributes(span, names),
    }


def _item_response(
    request: HttpRequest,
    span: Span,
    *,
    error: DomainError | None = None,
    status: int = 200,
) -> HttpResponse:
    project = span.project
    # htmx swaps the bare item in; anything else (a link, no JavaScript) gets a whole page.
    template = "review/_item.html" if request.htmx else "review/item_page.html"
    return render(
        request,
        template,
        {
            "item": _item(span, selectors.attribute_names(project) if span.attributes else {}),
            "labels": list(project.labels.all()),
            "project": project,
            "can_manage": policy.allowed(request.user, "span.edit_any", project),
            "error": error,
            "compact": request.GET.get("compact") or request.POST.get("compact"),
            "here": request.POST.get("next") or "",
        },
        status=status,
    )


def _queue_count_oob(request: HttpRequest, project: Project) -> str:
    """The queue's pending count, filtered as the page it came from (`next`), out of band."""
    try:
        filters = selectors.QueueFilters.from_query(
            QueryDict(urlsplit(request.POST.get("next") or "").query)
        )
    except DomainError:
        filters = selectors.QueueFilters()
    count = selectors.queue(project, request.user, filters).count()
    return render_to_string(
        "review/queue.html#queuecount",
        {"queue_count": count, "filters": filters, "oob": True},
        request=request,
    )


def _redraw_refused(
    request: HttpRequest,
    error: DomainError,
    fresh: Span | Relation | None,
    redraw: Callable[..., HttpResponse],
) -> HttpResponse:
    """A refused decision (409 stale, 403 own work, 400) of a span or a relation: over htmx
    the item redrawn as it is now, saying why, so the reviewer sees who changed it; without
    htmx, or when the item is gone, the refusal page (`domain_errors`)."""
    if fresh is None:
        raise error
    return redraw(fresh, error=error, status=error.status)


def _span_or_404(project_id: int, span_id: int) -> Span:
    span = selectors.span_for_review(project_id, span_id)
    if span is None:
        raise NotFound("There is no such span in this project (it may have been deleted).")
    return span


@login_required
@require_GET
@domain_errors
def review_item(request: HttpRequest, project_id: int, span_id: int) -> HttpResponse:
    """One queue item as it is now: what the "Reload" after a conflict fetches."""
    policy.require(request.user, "span.review", project_id)
    return _item_response(request, _span_or_404(project_id, span_id))


@login_required
@require_POST
@domain_errors
def review_decide(request: HttpRequest, project_id: int, span_id: int) -> HttpResponse:
    policy.require(request.user, "span.review", project_id)
    span = _span_or_404(project_id, span_id)
    decision = request.POST.get("decision", "")
    label = request.POST.get("label") or None
    try:
        span = span_review(
            span=span,
            reviewer=request.user,
            decision=decision,
            version=_version(request.POST.get("version")),
            reason=request.POST.get("reason", "").strip(),
            label=label if decision == "approve" else None,
        )
    except DomainError as error:
        fresh = selectors.span_for_review(project_id, span_id) if request.htmx else None
        return _redraw_refused(request, error, fresh, partial(_item_response, request))
    if request.htmx:
        response = _item_response(request, span)
        response.content += _queue_count_oob(request, span.project).encode()
        return response
    messages.success(request, f"{span.get_status_display()}: {_quoted(span.quote, 60)}.")
    return HttpResponseRedirect(_back(request, reverse("review-queue", args=[project_id])))


@login_required
@require_POST
@domain_errors
def review_reopen(request: HttpRequest, project_id: int, span_id: int) -> HttpResponse:
    policy.require(request.user, "span.edit_any", project_id)
    span = _span_or_404(project_id, span_id)
    span = span_reopen(
        span=span,
        actor=request.user,
        version=_version(request.POST.get("version")),
        reason=request.POST.get("reason", "").strip(),
    )
    if request.htmx:
        return _item_response(request, span)
    messages.success(request, f"Reopened: {_quoted(span.quote, 60)} is pending again.")
    return HttpResponseRedirect(_back(request, reverse("review-queue", args=[project_id])))


def _parse_selection(values: list[str]) -> list[tuple[int, int]]:
    """`span` fields are "id:version", as the page rendered them."""
    selection = []
    for value in values:
        span_id, colon, version = value.partition(":")
        if not colon:
            raise Invalid(f"A selected span must be sent as id:version, not {value[:40]!r}.")
        selection.append((parse_int(span_id, field="span"), parse_int(version, field="version")))
    if not selection:
        raise Invalid("Select at least one span to approve.")
    return selection


@transaction.atomic
def _approve_all(request: HttpRequest, spans: dict[int, Span], selection) -> int:
    """Approve every selected span or none: one refusal undoes the others."""
    for span_id, version in selection:
        span = spans.get(span_id)
        if span is None:
            raise NotFound(f"Span {span_id} is not among the spans you can approve here.")
        span_review(span=span, reviewer=request.user, decision="approve", version=version)
    return len(selection)


@login_required
@require_POST
@domain_errors
def bulk_approve(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_object_or_404(Project, pk=project_id)
    policy.require(request.user, "span.review", project)
    selection = _parse_selection(request.POST.getlist("span"))
    spans = Span.objects.filter(project=project, pk__in=[s for s, _ in selection])
    count = _approve_all(request, {s.pk: s for s in spans.select_related("article")}, selection)
    messages.success(request, f"Approved {counted(count, 'span')}.")
    return HttpResponseRedirect(_back(request, reverse("review-queue", args=[project_id])))


# --- Relations ---------------------------------------------------------------------------------
# Decided through annotations.relations.relation_review, as the API does: the same role check,
# no review of one's own relation, the same 409 on a stale version.


def _relation_or_404(project_id: int, relation_id: int) -> Relation:
    relation = selectors.relation_for_review(project_id, relation_id)
    if relation is None:
        raise NotFound("There is no such relation in this project (it may have been deleted).")
    return relation


def _scope(request: HttpRequest) -> int | None:
    """The article a page counts pending relations of (the article page, the queue filtered
    by one), or None for the whole project."""
    raw = request.POST.get("scope") or request.GET.get("scope")
    return parse_int(raw, field="scope") if raw else None


def _relation_response(
    request: HttpRequest,
    relation: Relation,
    *,
    scope: int | None,
    error: DomainError | None = None,
    status: int = 200,
) -> HttpResponse:
    template = "review/_relation.html" if request.htmx else "review/relation_page.html"
    return render(
        request,
        template,
        {
            "relation": selectors.with_type_choices([relation])[0],
            "project": relation.project,
            "error": error,
            "scope": scope or "",
            "here": request.POST.get("next") or "",
        },
        status=status,
    )


def _relation_count_oob(request: HttpRequest, project: Project, scope: int | None) -> str:
    count = selectors.pending_relations(project, request.user, article=scope).count()
    return render_to_string(
        "review/_relation_count.html",
        {"relation_count": count, "oob": True},
        request=request,
    )


@login_required
@require_GET
@domain_errors
def review_relation_item(request: HttpRequest, project_id: int, relation_id: int) -> HttpResponse:
    """One relation as it is now: what the "Reload" after a conflict fetches."""
    policy.require(request.user, "span.review", project_id)
    scope = _scope(request)
    return _relation_response(request, _relation_or_404(project_id, relation_id), scope=scope)


@login_required
@require_POST
@domain_errors
def review_relation_decide(request: HttpRequest, project_id: int, relation_id: int) -> HttpResponse:
    policy.require(request.user, "span.review", project_id)
    relation = _relation_or_404(project_id, relation_id)
    scope = _scope(request)  # refused before the decision is written, not after
    decision = request.POST.get("decision", "")
    kind = request.POST.get("type") or None  # "Change type & approve"
    try:
        relation = relation_review(
            relation=relation,
            reviewer=request.user,
            decision=decision,
            version=_version(request.POST.get("version")),
            reason=request.POST.get("reason", "").strip(),
            type=kind if decision == "approve" else None,
        )
    except DomainError as error:
        fresh = selectors.relation_for_review(project_id, relation_id) if request.htmx else None
        redraw = partial(_relation_response, request, scope=scope)
        return _redraw_refused(request, error, fresh, redraw)
    relation = _relation_or_404(project_id, relation_id)  # with its ends and people, for the page
    if request.htmx:
        response = _relation_response(request, relation, scope=scope)
        response.content += _relation_count_oob(request, relation.project, scope).encode()
        return response
    messages.success(
        request,
        f"{relation.get_status_display()}: {relation.type.name} "
        f"{_quoted(relation.from_span.quote, 40)} → {_quoted(relation.to_span.quote, 40)}.",
    )
    return HttpResponseRedirect(
        _back(request, reverse("article-review", args=[relation.article_id]))
    )


# --- One article -------------------------------------------------------------------------------


@login_required
@require_GET
@domain_errors
def article_review(request: HttpRequest, article_id: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("project"), pk=article_id)
    policy.require(request.user, "span.review", article.project_id)
    groups = selectors.article_groups(article)
    agreed = selectors.agreed_pending(groups, request.user)
    counts = {kind: sum(1 for g in groups if g.kind == kind) for kind in selectors.KIND_ORDER}
    return render(
        request,
        "review/article.html",
        {
            **_nav(request, article.project),
            "article": article,
            "article_outlet": article_outlet(article.pk),
            "groups": groups,
            "pieces": selectors.highlighted(article.text, groups),
            "agreed": agreed,
            "counts": counts,
            "labels": list(article.project.labels.all()),
            "relations": selectors.article_relations(article, request.user),
            "relation_count": selectors.pending_relations(
                article.project, request.user, article=article.pk
            ).count(),
            "scope": article.pk,
            "here": request.get_full_path(),
        },
    )


@login_required
@require_POST
@domain_errors
def approve_agreed(request: HttpRequest, article_id: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=article_id)
    policy.require(request.user, "span.review", article.project_id)
    selection = _parse_selection(request.POST.getlist("span"))
    # Only spans that are still agreed, pending and not the reviewer's own qualify.
    spans = {
        s.pk: s for s in selectors.agreed_pending(selectors.article_groups(article), request.user)
    }
    count = _approve_all(request, spans, selection)
    messages.success(request, f"Approved {counted(count, 'agreed span')}.")
    return HttpResponseRedirect(reverse("article-review", args=[article_id]))


# --- The dashboard -----------------------------------------------------------------------------

STATUS_PARTS = [
    (Status.APPROVED, "Approved", "st-approved"),
    (Status.PENDING, "Pending", "st-pending"),
    (Status.REJECTED, "Rejected", "st-rejected"),
]


@login_required
@require_GET
@domain_errors
@replica_reads  # every count of the project; may lag the primary by a moment
def project_dashboard(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_object_or_404(Project, pk=project_id)
    policy.require(request.user, "project.dashboard", project)
    data = selectors.dashboard(project)
    p = data.progress
    progress_chart = charts.stacked_bars(
        [
            (
                "Articles",
                [
                    ("Done", p["done"], "st-approved", ""),
                    ("In progress", p["in_progress"], "st-pending", ""),
                    ("Not started", p["not_started"], "st-none", ""),
                ],
            )
        ],
        bar=26,
    )
    status_chart = charts.stacked_bars(
        [
            (
                label.name,
                [(name, data.by_label[label.pk][s], css, "") for s, name, css in STATUS_PARTS],
            )
            for label in data.labels
        ]
    )
    analyst_chart = charts.stacked_bars(
        [
            (a.username, [(name, a.by_status[s], css, "") for s, name, css in STATUS_PARTS])
            for a in data.analysts
        ]
    )
    agreement_chart = charts.stacked_bars(
        [
            (row.label.name, [("Partial-overlap F1", row.partial_f1 or 0, "", row.label.color)])
            for row in data.agreement_rows
            if row.partial_f1 is not None
        ],
        scale=1,
        total_format="{:.2f}",
    )
    return render(
        request,
        "review/dashboard.html",
        {
            **_nav(request, project),
            "data": data,
            "progress_chart": progress_chart,
            "status_chart": status_chart,
            "analyst_chart": analyst_chart,
            "agreement_chart": agreement_chart,
            "quality": suggester_quality(project)
            + [row for row in [relation_suggestion_quality(project)] if row],
            "team": team_work(project, stalled_days=settings.NEWSANNOT_STALLED_DAYS),
            "manages": policy.allowed(request.user, "project.manage", project),
        },
    )
