from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Prefetch, Subquery, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap

from newsannot import policy
from newsannot.annotations.models import (
    Action,
    Relation,
    RelationHistory,
    RelationType,
    Span,
    SpanHistory,
    Status,
)
from newsannot.annotations.relations import relation_create, relation_delete, relation_undo
from newsannot.annotations.services import (
    span_create,
    span_delete,
    span_review,
    span_undo,
    span_update,
    undoable_row,
)
from newsannot.annotations.sources import source_merge, who_said_what
from newsannot.corpus import roles
from newsannot.corpus.models import (
    Article,
    AssignmentMode,
    Granularity,
    Label,
    Membership,
    Project,
)
from newsannot.corpus.services import article_create
from newsannot.htmx_errors import domain_errors
from newsannot.ingest.files import add_file
from newsannot.lib.errors import DomainError, Invalid
from newsannot.lib.ids import optional_int
from newsannot.outlets.selectors import span_outlet_choices
from newsannot.preferences.services import show_relations_of
from newsannot.review import selectors as review_selectors
from newsannot.suggestions.relations import relation_suggestion_decide, relation_suggestions
from newsannot.workload import selectors as workload_selectors
from newsannot.workload import services as workload
from newsannot.workload.models import Assignment, AssignmentStatus
from newsannot.workspace import markup, notices, selectors
from newsannot.workspace.forms import ArticleForm, FilterForm
from newsannot.workspace.segments import (
    Layer,
    build_segments,
    build_segments_between,
    line_bounds,
    safe_colour,
)
from newsannot.workspace.selectors import SpanRow

PAGE_SIZE = 50
# The span list shows this many on the page and fetches the rest a page at a time as it is
# scrolled: 2,000 items were 60 % of a 1 MB page (bench/RESULTS.md). Forty fill the panel
# three times over; a hundred were 40 KB of a long article's page.
LIST_FIRST = 40
LIST_MORE = 200


def _int_or_raw(value: str | None) -> object:
    # Let the service name the problem ("start must be a whole number, not 'x'").
    try:
        return int(value) if value is not None else None
    except ValueError:
        return value


@login_required
@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    my_role = Membership.objects.filter(project=OuterRef("pk"), user=request.user).values("role")
    projects = (
        roles.visible_projects(request.user)
        .annotate(role=Subquery(my_role[:1]), article_count=Count("articles", distinct=True))
        .order_by("name")
    )
    return render(request, "workspace/project_list.html", {"projects": projects})


@login_required
@require_GET
def article_list(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_object_or_404(Project, pk=project_id)
    role = roles.member_role(request.user, project)
    labels = _with_colours(selectors.labels_of(project))
    form = FilterForm(request.GET, outlets=selectors.outlets_of(project), labels=labels)
    articles = selectors.articles_for(request.user, project, form.filters())
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    facts = selectors.page_facts(request.user, project, [a.pk for a in rows])
    for article in rows:
        article.workers = facts.workers.get(article.pk, [])
        article.progress = facts.progress[article.pk]
        counts = facts.label_counts.get(article.pk, {})
        article.label_counts = [(lb, counts.get(lb.pk, 0)) for lb in labels]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "project": project,
        "role": role,
        "labels": labels,
        "form": form,
        "page": page,
        "rows": rows,
        "query": query.urlencode(),
        "filtered": any(form.filters().__dict__.values()),
        "sees_team": policy.allowed(request.user, "span.see_all", project),
        "manages": policy.allowed(request.user, "project.manage", project),
        "may_annotate": policy.allowed(request.user, "span.create", project),
    }
    if context["manages"]:
        context["team"] = workload_selectors.team_of(project)
        # Whose unfinished articles can be released (none: no form, rather than an empty one).
        context["holders"] = [member for member in context["team"] if member.unfinished]
        context["granularities"] = Granularity.choices
    template = "workspace/article_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def article_add(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_object_or_404(Project, pk=project_id)
    role = roles.member_role(request.user, project)
    policy.require(request.user, "article.add", project)
    form = ArticleForm(request.POST if request.method == "POST" else None)
    results = []
    if request.method == "POST":
        if form.has_paste() and form.is_valid():
            try:
                result = article_create(
                    project=project, created_by=request.user, **form.cleaned_data
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                outcome = "created" if result.created else "duplicate"
                name = form.cleaned_data["title"] or "Pasted text"
                message = "Added." if result.created else "Same text as an existing article."
                results.append(
                    {
                        "name": name,
                        "outcome": outcome,
                        "message": message,
                        "article": result.article,
                    }
                )
                form = ArticleForm()
        for upload in request.FILES.getlist("files"):
            results.append(add_file(project=project, upload=upload, actor=request.user))
        if not results and not form.errors:
            form.add_error(None, "Paste an article's text or choose files to upload.")
    return render(
        request,
        "workspace/article_add.html",
        {
            "project": project,
            "role": role,
            "form": form,
            "results": results,
            "max_files": settings.DATA_UPLOAD_MAX_NUMBER_FILES,
        },
        status=400 if form.errors and not results else 200,
    )


def _article_for(request: HttpRequest, article_id: int) -> tuple[Article, str]:
    """The article and the user's role; an article they may not see is not there (404)."""
    # The role is read with the article (one query, not two: every write's answer asks).
    articles = Article.objects.select_related("project")
    article = get_object_or_404(
        articles.annotate(user_role=roles.role_subquery(request.user)), pk=article_id
    )
    roles.remember_role(request.user, article.project_id, article.user_role)
    role = roles.member_role(request.user, article.project_id)
    if not policy.may_see_article(request.user, article):
        raise Http404("This article is not assigned to you.")
    return article, role


def _with_colours(labels: list) -> list:
    # Colours go into style attributes: only #rrggbb gets there.
    for label in labels:
        label.colour = safe_colour(label.color)
    return labels


def _span_for(request: HttpRequest, article: Article, span_id: int) -> Span:
    span = (
        Span.objects.select_related("label", "annotator", "reviewer", "article")
        .filter(pk=span_id, article=article)
        .first()
    )
    if span is None:
        raise Http404("This span does not exist (it may have been deleted).")
    if not policy.may_see_span(request.user, span):
        raise Http404("This span does not exist.")
    return span


def _detail_context(request: HttpRequest, span: Span | None, *, new: bool = False) -> dict:
    """The open span's detail; `new`: the span was created by this request, so no relation
    (and no dismissed suggestion) can touch it yet (three queries fewer on every create)."""
    if span is None:
        return {"open_span": None}
    # Read unless the span has it already (span_create leaves a new span's one row).
    prefetch_related_objects(
        [span], Prefetch("history", queryset=SpanHistory.objects.select_related("actor"))
    )
    relations = [] if new else selectors.relations_of_span(request.user, span)
    for relation in relations:
        relation.outgoing = relation.from_span_id == span.pk
        relation.other = relation.to_span if relation.outgoing else relation.from_span
        relation.may_delete = policy.may_edit_span(request.user, relation)
    may_annotate = policy.allowed(request.user, "span.create", span.project_id)
    proposals = (
        relation_suggestions(article=span.article, user=request.user, involving=span, new=new)
        if may_annotate
        else []
    )
    return {
        "open_span": span,
        # The panel's "Link to another span" button: on the page, and in the panel a click on
        # a list item or a change swaps in (it was missing there, so only `l` could link).
        "may_annotate": may_annotate,
        # A state-media-source span's outlet and the outlets an ambiguous name could be.
        "span_outlet": span_outlet_choices(span),
        "may_edit": policy.may_edit_span(request.user, span),
        "may_decide": span.status == Status.PENDING and _may_review(request.user, span),
        "history": list(span.history.all()),
        "relations": relations,
        "proposals": proposals,
        "attribute_choices": selectors.attribute_choices(span),
    }


def _may_review(user, span: Span) -> bool:
    """The review service's own rule (a reviewer, never of their own span), asked in advance."""
    try:
        policy.require_review_span(user, span)
    except DomainError:
        return False
    return True


def _review_pending(user, project_id: int) -> int | None:
    """What the reviewer's queue holds (the queue's own selector), for reviewers only."""
    if not policy.allowed(user, "span.review", project_id):
        return None
    queue = review_selectors.queue(project_id, user, review_selectors.QueueFilters())
    return queue.count()


# The "All annotators" view coloured by analyst: after the Okabe–Ito palette (told apart with
# the common colour-vision deficiencies); its yellow and sky blue dropped, its purple and orange
# darkened, so that every underline stands at >= 3:1 on the light page and on the dark one.
ANALYST_PALETTE = ["#0072b2", "#d55e00", "#009e73", "#b4528e", "#8f6400", "#8a8f99"]


def analyst_colours(spans) -> dict[int, tuple[str, str]]:
    """annotator id -> (name, colour), in name order so each analyst keeps a colour on a page;
    past the palette's length colours repeat (the name is in the legend and the tooltip)."""
    names = {s.annotator_id: s.annotator_name for s in spans}
    ordered = sorted(names.items(), key=lambda item: item[1])
    return {
        uid: (name, ANALYST_PALETTE[i % len(ANALYST_PALETTE)])
        for i, (uid, name) in enumerate(ordered)
    }


def _colour_by(request: HttpRequest) -> str:
    """ "label" or "analyst": chosen with ?colour=, kept in the session so that the swaps after a
    write (which do not carry the query) colour the same way."""
    chosen = request.GET.get("colour")
    if chosen in ("label", "analyst"):
        request.session["annotate_colour_by"] = chosen
        return chosen
    return request.session.get("annotate_colour_by", "label")


def _annotate_context(
    request: HttpRequest,
    article: Article,
    role: str,
    *,
    open_span_id: int | None = None,
    full: bool = True,
    labels: list[Label] | None = None,
    review_count: bool = False,
) -> dict:
    """What the page shows; `full=False`: only what a write swaps back (text, list, detail).
    `labels`: the project's, when the caller has them already."""
    user = request.user
    may_see_all = selectors.sees_everyone(user, article.project_id)
    everyone = may_see_all and request.GET.get("who", request.POST.get("who")) == "all"
    labels = _with_colours(labels if labels is not None else selectors.labels_of(article.project))
    spans = selectors.span_rows_for_article(user, article, everyone=everyone, labels=labels)
    by_analyst = everyone and _colour_by(request) == "analyst"
    analysts = analyst_colours(spans) if by_analyst else {}
    for s in spans:
        s.colour = analysts[s.annotator_id][1] if by_analyst else s.label.colour
    layers = {
        s.pk: Layer(s.pk, s.colour, f"{s.label.name} · {analysts[s.annotator_id][0]}")
        if by_analyst
        else Layer(s.pk, s.colour, s.label.name)
        for s in spans
    }
    # The open span in full (its form, history, relations), if it is one of those shown.
    open_span = None
    if any(s.pk == open_span_id for s in spans):
        open_span = selectors.span_shown(user, article, open_span_id, everyone=everyone)
        open_span.article = article
        open_span.colour = next(s.colour for s in spans if s.pk == open_span_id)
    segments = build_segments(article.text, spans, layers)
    text_html, text_css, text_labels = markup.text_markup(segments)
    context = {
        "article": article,
        "project": article.project,
        "role": role,
        "labels": labels,
        "safe_url": article.url if article.url.startswith(("http://", "https://")) else "",
        "spans": spans,
        "segments": segments,
        # The two long lists are built in Python: a template loop was most of the page's time.
        "text_html": text_html,
        "text_css": text_css,
        "text_labels": text_labels,
        "span_items_html": _list_html(
            spans, article.pk, everyone, open_span_id, request.GET.get("list") == "all"
        ),
        "detail_url": markup.detail_url(article.pk, everyone=everyone),
        "everyone": everyone,
        "by_analyst": by_analyst,
        "analyst_legend": list(analysts.values()),
        "may_see_all": may_see_all,
        "may_annotate": policy.allowed(user, "span.create", article.project_id),
        # `d` marks the article done, unless a label has it: labels made before `d` was kept
        # from them (lib.shortcuts.RESERVED_SHORTCUTS) keep it, and annotate.js lets them.
        "done_key": not any(lb.shortcut == "d" and not lb.retired for lb in labels),
        "relation_types": selectors.relation_types_of(article.project_id) if full else [],
        "who": "all" if everyone else "mine",
        # A count over the project's pending spans: on the page, and after decisions (and
        # undos) only, not after every new span.
        "review_pending": _review_pending(user, article.project_id)
        if full or review_count
        else None,
        **_detail_context(request, open_span),
    }
    if full:
        prev_id, next_id = selectors.neighbours(user, article)
        context.update(
            prev_id=prev_id,
            next_id=next_id,
            assigned_mode=article.project.assignment == AssignmentMode.ASSIGNED,
            done=Assignment.objects.filter(
                article=article, analyst=user, status=AssignmentStatus.DONE
            ).exists(),
        )
    return context


def _list_html(
    spans: list[SpanRow], article_id: int, everyone: bool, open_span_id: int | None, whole: bool
) -> str:
    """The list's first LIST_FIRST items (all with `whole`), and the item that fetches more."""
    shown = spans if whole else spans[:LIST_FIRST]
    html = markup.span_items_html(
        shown, article_id=article_id, everyone=everyone, open_span_id=open_span_id
    )
    if len(shown) < len(spans):
        html += markup.more_item_html(article_id, shown[-1], everyone=everyone)
    return html


@login_required
@require_GET
@domain_errors
def span_list_more(request: HttpRequest, article_id: int) -> HttpResponse:
    """The span list's next page, after the span keyed s(tart), e(nd), i(d) (htmx)."""
    article, _ = _article_for(request, article_id)
    everyone = request.GET.get("who") == "all" and selectors.sees_everyone(
        request.user, article.project_id
    )
    key = tuple(optional_int(request.GET.get(k), field=k) for k in ("s", "e", "i"))
    if None in key:
        raise Invalid("s, e and i (the last span shown) are needed.")
    spans = selectors.spans_after(
        request.user, article, everyone=everyone, key=key, limit=LIST_MORE + 1
    )
    for s in spans:
        s.colour = safe_colour(s.label.color)
    shown = spans[:LIST_MORE]
    html = markup.span_items_html(
        [SpanRow.of(s) for s in shown], article_id=article.pk, everyone=everyone, open_span_id=None
    )
    if len(spans) > LIST_MORE:
        html += markup.more_item_html(article.pk, shown[-1], everyone=everyone)
    return HttpResponse(html)


@login_required
@require_GET
@domain_errors
def annotate(request: HttpRequest, article_id: int) -> HttpResponse:
    article, role = _article_for(request, article_id)
    open_id = optional_int(request.GET.get("span"), field="span")
    context = _annotate_context(request, article, role, open_span_id=open_id)
    context["show_all_relations"] = show_relations_of(request.user)
    return render(request, "workspace/annotate.html", context)


@login_required
@require_GET
def article_relations(request: HttpRequest, article_id: int) -> JsonResponse:
    """The article's relations the user can see, for "Show all relations" (overlays.js): only
    ids, ends and type names, fetched when shown rather than carried by every page."""
    article, _ = _article_for(request, article_id)
    return JsonResponse({"relations": selectors.relations_of_article(request.user, article)})


def _back_to_article(article_id: int, **_: object) -> str:
    return reverse("annotate", args=[article_id])


# A refused write: the service's message next to the text (the flash), with the service's
# status; nothing was saved. The notice of the change before goes: its "Undone … Redo" under
# the error would say the opposite of it. Without htmx, back to the article with the message.
refusals = domain_errors(
    fragment="workspace/annotate.html#refused", target="#flash", back_to=_back_to_article
)


def _posted_version(request: HttpRequest) -> int | None:
    """The version of the span or relation the form was loaded with (a stale one: 409)."""
    return optional_int(request.POST.get("version"), field="version")


def _last_row_id(span_id: int) -> int | None:
    """The history row a write just left: what its "Undo" reverses."""
    return (
        SpanHistory.objects.filter(span_id=span_id).order_by("-id").values_list("id", flat=True)
    ).first()


def _changed(
    request: HttpRequest,
    article: Article,
    role: str,
    open_span_id: int | None,
    labels: list[Label] | None = None,
    *,
    notice: str = "",
    undo_id: int | str | None = None,
    undo_of: int | None = None,
    mode: str = "",
    review_count: bool = False,
    ranges: list[tuple[int, int]] | None = None,
    changed_id: int | None = None,
    created: Span | None = None,
) -> HttpResponse:
    """After a write: the text, the span list and the open span, swapped in place, and a
    notice saying what the server saved (with the history row an "Undo" would reverse;
    `mode` says whether this write was itself an undo or a redo). With `ranges` (the changed
    span's old and new [start, end), `changed_id` its id) only the lines around them are
    re-rendered (`_patch_context`); `created`: that span, new, as span_create returned it
    (`_detail_context`)."""
    if not request.htmx:
        if notice:
            messages.success(request, notice)
        url = reverse("annotate", args=[article.pk])
        query = f"?span={open_span_id}" if open_span_id else ""
        return redirect(url + query)
    if ranges:
        context = _patch_context(
            request, article, ranges, changed_id, open_span_id, labels, review_count, created
        )
    else:
        context = _annotate_context(
            request,
            article,
            role,
            open_span_id=open_span_id,
            full=False,
            labels=labels,
            review_count=review_count,
        )
    if undo_of is not None:
        # The open span's history is on the page already: its last row is the change just made.
        history = context.get("history") if open_span_id == undo_of else None
        undo_id = history[-1].pk if history else _last_row_id(undo_of)
    context.update(notice=notice, undo_id=undo_id, notice_mode=mode)
    if ranges:
        # Everything goes out of band: the text stays, only the lines in `ranges` change.
        return reswap(render(request, "workspace/annotate.html#patch", context), "none")
    return render(request, "workspace/annotate.html#changed", context)


# A list this short is sent whole after a change (it also covers "No spans yet"); a longer one
# gets the changed item alone.
WHOLE_LIST = 50


def _patch_context(
    request: HttpRequest,
    article: Article,
    ranges: list[tuple[int, int]],
    changed_id: int | None,
    open_span_id: int | None,
    labels: list[Label] | None,
    review_count: bool,
    created: Span | None = None,
) -> dict:
    """What a change to one span re-renders: the whole lines around its old and new ranges
    (their segments alone, however long the article), its item in the list, the count and
    the open span. Cost and size depend on those lines, not on the article's length.
    `created`: the span this request created, as the service returned it (with its label,
    annotator and article), for its panel."""
    user = request.user
    everyone = request.GET.get("who", request.POST.get("who")) == "all" and (
        selectors.sees_everyone(user, article.project_id)
    )
    lo, hi = line_bounds(article.text, min(a for a, _ in ranges), max(b for _, b in ranges))
    # How long the list is comes first (a count of index entries): a short list is sent
    # whole, and its spans are those of the lines too; a long one costs one more small query
    # for the lines, however long it is (the list's first spans in order would sort all
    # 2,000 of a long list).
    count = selectors.list_count(user, article, everyone=everyone)
    short = count <= WHOLE_LIST
    whole = selectors.spans_for_article(user, article, everyone=everyone) if short else []
    if short:
        spans: list = [s for s in whole if s.start < hi and s.end > lo]
    else:
        # The lines' spans as rows (with the project's labels), not model instances.
        labels = labels if labels is not None else selectors.labels_of(article.project)
        spans = selectors.span_rows_between(
            user, article, everyone=everyone, lo=lo, hi=hi, labels=labels
        )
    for s in (*whole, *spans):
        s.colour = safe_colour(s.label.color)
    layers = {s.pk: Layer(s.pk, s.colour, s.label.name) for s in spans}
    patch_html, patch_css, patch_labels = markup.text_markup(
        build_segments_between(article.text, lo, hi, spans, layers)
    )
    changed = next((s for s in spans if s.pk == changed_id), None)
    open_span = next((s for s in spans if s.pk == open_span_id), None)
    if open_span is not None:
        # In full for its panel: the span just created as the service returned it (with its
        # history), a short list's as read, a long list's (a row there) read now.
        colour = open_span.colour
        if created is not None and created.pk == open_span_id:
            open_span = created
        elif not short:
            open_span = selectors.span_shown(user, article, open_span_id, everyone=everyone)
        open_span.colour = colour
        open_span.article = article
        # The open span's form lists the labels.
        labels = _with_colours(
            labels if labels is not None else selectors.labels_of(article.project)
        )
    context = {
        "article": article,
        "project": article.project,
        "labels": labels if open_span else [],
        "everyone": everyone,
        "who": "all" if everyone else "mine",
        "patch_from": lo,
        "patch_to": hi,
        "patch_html": patch_html,
        "patch_css": patch_css,
        "patch_labels": patch_labels,
        "changed_id": changed_id,
        "review_pending": _review_pending(user, article.project_id) if review_count else None,
        **_detail_context(
            request, open_span, new=created is not None and created.pk == open_span_id
        ),
    }
    if short:
        context.update(
            whole_list=True,
            spans=whole,
            span_count=len(whole),
            span_items_html=markup.span_items_html(
                [SpanRow.of(s) for s in whole],
                article_id=article.pk,
                everyone=everyone,
                open_span_id=open_span_id,
            ),
            detail_url=markup.detail_url(article.pk, everyone=everyone),
        )
        return context
    context.update(span_count=count, after_id="")
    if changed is not None:
        # Its item goes before the next span in the list's order: the next of the lines' rows
        # (every span starting between it and the lines' end is one of them), else one query.
        place = (changed.start, -changed.end, changed.pk)
        later = [s for s in spans if (s.start, -s.end, s.pk) > place]
        context["after_id"] = (
            later[0].pk
            if later
            else selectors.next_in_list(
                user, article, everyone=everyone, key=(changed.start, changed.end, changed.pk)
            )
        ) or ""
        context["item_html"] = markup.span_items_html(
            [changed],
            article_id=article.pk,
            everyone=everyone,
            open_span_id=open_span_id,
        )
    return context


@login_required
@require_POST
@refusals
def span_add(request: HttpRequest, article_id: int) -> HttpResponse:
    article, role = _article_for(request, article_id)
    # The project's labels once, for the service and for the page swapped back. An unknown key
    # goes to the service as it came, and the service names the problem.
    labels = selectors.labels_of(article.project)
    key = request.POST.get("label", "")
    span = span_create(
        article=article,
        label=next((label for label in labels if label.key == key), key),
        start=_int_or_raw(request.POST.get("start")),
        end=_int_or_raw(request.POST.get("end")),
        quote=request.POST.get("quote"),
        annotator=request.user,
    )
    notice = notices.notice(notices.span_change(Action.CREATE, span.label.name, span.quote))
    return _changed(
        request,
        article,
        role,
        span.pk,
        labels,
        notice=notice,
        undo_of=span.pk,
        ranges=[(span.start, span.end)],
        changed_id=span.pk,
        created=span,
    )


@login_required
@require_GET
def span_detail(request: HttpRequest, article_id: int, span_id: int) -> HttpResponse:
    article, _ = _article_for(request, article_id)
    span = _span_for(request, article, span_id)
    if not request.htmx:
        return redirect(reverse("annotate", args=[article.pk]) + f"?span={span.pk}")
    span.colour = safe_colour(span.label.color)
    context = {
        "article": article,
        "labels": selectors.labels_of(article.project),
        "who": "all" if request.GET.get("who") == "all" else "mine",
    }
    context.update(_detail_context(request, span))
    return render(request, "workspace/annotate.html#detail", context)


@login_required
@require_POST
@refusals
def span_edit(request: HttpRequest, article_id: int, span_id: int) -> HttpResponse:
    article, role = _article_for(request, article_id)
    span = _span_for(request, article, span_id)
    attributes = None
    if request.POST.get("attributes"):
        # The attributes form: one select a key, "" for none; the service checks the values.
        attributes = {
            name.removeprefix("attr-"): value
            for name, value in request.POST.items()
            if name.startswith("attr-") and value
        }
    had, was = span.version, (span.start, span.end)
    span = span_update(
        span=span,
        actor=request.user,
        label=request.POST.get("label") or None,
        note=request.POST.get("note"),
        attributes=attributes,
        # Boundary keys send new offsets; the service takes the quote from the stored text.
        start=_int_or_raw(request.POST.get("start")),
        end=_int_or_raw(request.POST.get("end")),
        quote=request.POST.get("quote"),
        outlet=request.POST.get("outlet") or None,
        version=_posted_version(request),
    )
    ranges = [was, (span.start, span.end)]
    if span.version == had:
        return _changed(
            request,
            article,
            role,
            span.pk,
            notice="Nothing to save: no change.",
            ranges=ranges,
            changed_id=span.pk,
        )
    notice = notices.notice(notices.span_change(Action.UPDATE, span.label.name, span.quote))
    return _changed(
        request,
        article,
        role,
        span.pk,
        notice=notice,
        undo_of=span.pk,
        ranges=ranges,
        changed_id=span.pk,
    )


@login_required
@require_POST
@refusals
def span_remove(request: HttpRequest, article_id: int, span_id: int) -> HttpResponse:
    article, role = _article_for(request, article_id)
    span = _span_for(request, article, span_id)
    version = _posted_version(request)
    span_delete(span=span, actor=request.user, version=version)
    # No confirmation before deleting: the notice's "Undo" (or Ctrl+Z) brings the span back.
    notice = notices.notice(notices.span_change(Action.DELETE, span.label.name, span.quote))
    return _changed(
        request,
        article,
        role,
        None,
        notice=notice,
        undo_of=span.pk,
        ranges=[(span.start, span.end)],
        changed_id=span.pk,
    )


@login_required
@require_POST
@refusals
def span_decide(request: HttpRequest, article_id: int, span_id: int) -> HttpResponse:
    """Approve or reject the open span in place (keys `a` / `r`), through the review service."""
    article, role = _article_for(request, article_id)
    span = _span_for(request, article, span_id)
    span = span_review(
        span=span,
        reviewer=request.user,
        decision=request.POST.get("decision", ""),
        version=_posted_version(request),
        reason=request.POST.get("reason", "").strip(),
    )
    action = Action.APPROVE if span.status == Status.APPROVED else Action.REJECT
    notice = notices.notice(notices.span_change(action, span.label.name, span.quote))
    return _changed(
        request,
        article,
        role,
        span.pk,
        notice=notice,
        undo_of=span.pk,
        review_count=True,
        ranges=[(span.start, span.end)],
        changed_id=span.pk,
    )


def _again(request: HttpRequest) -> bool:
    """An undo sent again (annotate.js's retry after a failed or timed-out request): if the
    first sending landed, the answer is the reversal it wrote, not a 409."""
    return request.POST.get("again") == "1"


@login_required
@require_POST
@refusals
def span_history_undo(request: HttpRequest, article_id: int) -> HttpResponse:
    """Undo (or redo: the undo of an undo) one history row of the user's in this article."""
    article, role = _article_for(request, article_id)
    mode = "redo" if request.POST.get("mode") == "redo" else "undo"
    if request.POST.get("history", "").startswith(RELATION_ROW):
        return _relation_history_undo(request, article, role, mode)
    row_id = optional_int(request.POST.get("history"), field="history")
    row = undoable_row(history_id=row_id, article_id=article.pk)
    if row is None:
        raise Invalid("There is nothing to undo here (no such change in this article).")
    new_row = span_undo(actor=request.user, history=row, again=_again(request))
    # Open after the undo if it still exists: the row the undo left has no "after" when it
    # deleted the span (the undo of a create), so no query asks.
    still = new_row.after is not None
    labels = selectors.labels_of(article.project)  # also for the open span's form, if any
    # Named as its own notice named it: an undo names the change it took back; a redo (the
    # undo of an undo) the change it made again, which is the row it wrote.
    named = new_row if mode == "redo" else row
    snap = named.after or named.before or {}
    label = next((lb.name for lb in labels if lb.key == snap.get("label")), snap.get("label", ""))
    change = notices.span_change(named.action, label, snap.get("quote", ""))
    notice = notices.notice(change, mode)
    return _changed(
        request,
        article,
        role,
        row.span_id if still else None,
        labels,
        notice=notice,
        undo_id=new_row.pk,
        mode=mode,
        review_count=row.action in ("approve", "reject", "reopen"),
        # Where the span was and is now, by the rows' snapshots (either may be empty).
        ranges=[
            (int(snap["start"]), int(snap["end"]))
            for snap in (row.before, row.after, new_row.before, new_row.after)
            if snap and "start" in snap and "end" in snap
        ],
        changed_id=row.span_id,
    )


# A relation's history row in the undo stack (annotate.js keeps ids as they come): "r<id>", so
# that one Ctrl+Z walks spans and relations alike.
RELATION_ROW = "r"


def _newest_relation_row(relation_id: int) -> RelationHistory | None:
    return RelationHistory.objects.filter(relation_id=relation_id).order_by("-id").first()


def _relation_notice(row: RelationHistory | None, mode: str = "") -> dict:
    """The notice naming a relation's change `row`, with that row for "Undo" (an undo's
    caller puts its own row there: `row` is then the change taken back, or made again)."""
    if row is None:
        return {}
    snap = (row.before if row.after is None else row.after) or {}
    name = (
        RelationType.objects.filter(key=snap.get("type"), project_id=row.project_id)
        .values_list("name", flat=True)
        .first()
    ) or snap.get("type", "")
    change = notices.relation_change(
        row.action, name, snap.get("from_quote", ""), snap.get("to_quote", "")
    )
    return {
        "notice": notices.notice(change, mode),
        "undo_id": f"{RELATION_ROW}{row.pk}",
        "mode": mode,
    }


def _relation_history_undo(
    request: HttpRequest, article: Article, role: str, mode: str
) -> HttpResponse:
    """Undo (or redo) a relation's link or unlink: span_history_undo's other half."""
    row_id = optional_int(
        request.POST.get("history", "").removeprefix(RELATION_ROW), field="history"
    )
    row = RelationHistory.objects.filter(pk=row_id, article_id=article.pk).first()
    if row is None:
        raise Invalid("There is nothing to undo here (no such change in this article).")
    new_row = relation_undo(actor=request.user, history=row, again=_again(request))
    # The panel shows the relation's start, which is still there (or it could not be undone).
    snap = row.before or row.after or {}
    open_id = snap.get("from") if Span.objects.filter(pk=snap.get("from")).exists() else None
    notice = _relation_notice(new_row if mode == "redo" else row, mode)
    notice["undo_id"] = f"{RELATION_ROW}{new_row.pk}"
    return _changed(request, article, role, open_id, **notice)


@login_required
@require_POST
def article_done(request: HttpRequest, article_id: int) -> HttpResponse:
    article, _ = _article_for(request, article_id)
    done = request.POST.get("done", "1") != "0"
    workload.article_done(article=article, user=request.user, done=done)
    if done:
        messages.success(request, f"Marked “{article.title}” done.")
    nxt = None
    if done and request.POST.get("next"):
        if article.project.assignment == AssignmentMode.ASSIGNED:
            # In an assigned project "next" is the analyst's next piece of work.
            following = workload.next_article(project=article.project, analyst=request.user)
            if following is None:
                messages.info(request, "Nothing is left for you in this project: thank you!")
                return redirect("article-list", project_id=article.project_id)
            nxt = following.pk
        else:
            nxt = selectors.neighbours(request.user, article)[1]
    return redirect("annotate", article_id=nxt or article.pk)


@login_required
@require_POST
@refusals
def relation_add(request: HttpRequest, article_id: int) -> HttpResponse:
    """Link the open span (`from`) to another (`to`) by a relation type: the keyboard's `l`,
    `j`/`k`, a type's key and Enter, or the mouse (annotate.js fills in the form)."""
    article, role = _article_for(request, article_id)
    source = _int_or_raw(request.POST.get("from"))
    relation = relation_create(
        article=article,
        type=request.POST.get("type", ""),
        from_span=source,
        to_span=_int_or_raw(request.POST.get("to")),
        annotator=request.user,
    )
    return _changed(
        request,
        article,
        role,
        source if isinstance(source, int) else None,
        **_relation_notice(_newest_relation_row(relation.pk)),
    )


@login_required
@require_POST
@refusals
def relation_remove(request: HttpRequest, article_id: int, relation_id: int) -> HttpResponse:
    article, role = _article_for(request, article_id)
    relation = (
        Relation.objects.select_related("type", "from_span", "to_span", "reviewer")
        .filter(pk=relation_id, article=article)
        .first()
    )
    if relation is None or not policy.may_see_relation(request.user, relation):
        raise Http404("This relation does not exist (it may have been deleted).")
    open_id = optional_int(request.POST.get("open"), field="open")
    version = _posted_version(request)
    relation_delete(relation=relation, actor=request.user, version=version)
    return _changed(
        request, article, role, open_id, **_relation_notice(_newest_relation_row(relation.pk))
    )


@login_required
@require_http_methods(["GET", "POST"])
def who_said_what_page(request: HttpRequest, project_id: int) -> HttpResponse:
    """Who said what (every member: approved work only); managers merge sources here."""
    project = get_object_or_404(Project, pk=project_id)
    role = roles.member_role(request.user, project)
    error, status = "", 200
    if request.method == "POST":
        try:
            source_merge(
                project_id=project.pk,
                variants=request.POST.getlist("variants"),
                name=request.POST.get("name", ""),
                actor=request.user,
            )
        except DomainError as exc:
            error, status = exc.message, exc.status
        else:
            return redirect(request.get_full_path())
    filters = {k: request.GET.get(k, "")[:200] for k in ("source", "outlet", "claim")}
    context = {
        "project": project,
        "role": role,
        "sources": who_said_what(project.pk, **filters),
        "filters": filters,
        "query": request.GET.urlencode(),
        "may_merge": policy.allowed(request.user, "project.manage", project),
        "error": error,
    }
    return render(request, "workspace/who_said_what.html", context, status=status)


@login_required
@require_POST
@refusals
def relation_suggestion(request: HttpRequest, article_id: int) -> HttpResponse:
    """Accept or dismiss a suggested relation shown in the open span's panel."""
    article, role = _article_for(request, article_id)
    open_id = _int_or_raw(request.POST.get("open"))
    relation = relation_suggestion_decide(
        article=article,
        user=request.user,
        source=_int_or_raw(request.POST.get("from")),
        target=_int_or_raw(request.POST.get("to")),
        accept=request.POST.get("decision") == "accept",
    )
    # Accepting links (undone like any link); dismissing writes no history to undo.
    notice = _relation_notice(_newest_relation_row(relation.pk)) if relation is not None else {}
    return _changed(request, article, role, open_id if isinstance(open_id, int) else None, **notice)
