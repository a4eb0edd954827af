"""Running the suggesters, and turning a suggestion into an analyst's span (or dismissing it)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from newsannot import policy
from newsannot.annotations.models import Origin, Span
from newsannot.annotations.services import span_create
from newsannot.corpus.models import Article, Label
from newsannot.jobs.models import ACTIVE, Job, JobStatus, Kind
from newsannot.jobs.services import job_start
from newsannot.lib.errors import Conflict
from newsannot.outlets.registry import registry
from newsannot.outlets.services import articles_detect_outlets
from newsannot.suggestions.models import Dismissal, Suggestion, SuggestionRun
from newsannot.suggestions.rules import Context, run_rules


@transaction.atomic
def suggest_for_articles(articles: Iterable[Article], *, outlets_detected: bool = False) -> int:
    """Detect each article's outlet and (re)compute its suggestions. For importers to call.

    Old suggestions of these articles are replaced; dismissals stay, so what a person dismissed
    does not come back. Labels a project does not have are skipped. Returns how many were stored.
    """
    articles = list(articles)
    if not articles:
        return 0
    if not outlets_detected:  # articles_added detected them just before
        articles_detect_outlets(articles)
    context = Context(registry=registry())
    labels: dict[tuple[int, str], Label] = {
        (label.project_id, label.key): label
        for label in Label.objects.filter(
            project_id__in={a.project_id for a in articles}, retired=False
        )
    }
    Suggestion.objects.filter(article__in=articles).delete()
    rows = []
    for article in articles:
        for c in run_rules(article.text, context):
            label = labels.get((article.project_id, c.label))
            if label is None:
                continue
            rows.append(
                Suggestion(
                    article=article,
                    label=label,
                    start=c.start,
                    end=c.end,
                    quote=article.text[c.start : c.end],
                    score=round(c.score, 3),
                    rule=c.rule,
                    why=c.why[:300],
                )
            )
    Suggestion.objects.bulk_create(rows, batch_size=500)
    SuggestionRun.objects.filter(article__in=articles).delete()
    SuggestionRun.objects.bulk_create([SuggestionRun(article=a) for a in articles], batch_size=500)
    return len(rows)


# Above this many characters the suggesters run as a background job, not in the request:
# storing the ~10,000 suggestions of a 200 KB hostile article held the request 1.1-1.8 s, and
# the panel's "Run again" could repeat that at will (issue 12). Below it they take tens of
# milliseconds, and the panel answers with them at once.
RUN_INLINE_MAX_CHARS = 20_000


def running_job(article: Article) -> Job | None:
    """The job running the suggesters on this article, while it is queued or running."""
    return (
        Job.objects.filter(kind=Kind.SUGGEST, status__in=ACTIVE, params__article=article.pk)
        .order_by("id")
        .first()
    )


def failed_job(article: Article, job_id: int | None) -> Job | None:
    """The job `job_id` if it ran the suggesters on this article (never another's: the id
    comes from the polling panel's request) and failed. One lookup by primary key a poll."""
    if job_id is None:
        return None
    return Job.objects.filter(
        pk=job_id, kind=Kind.SUGGEST, params__article=article.pk, status=JobStatus.FAILED
    ).first()


@transaction.atomic
def suggestions_run(*, article: Article, actor: AbstractBaseUser | None) -> int | Job:
    """Run the suggesters on one article: at once on a short one (returns how many were
    stored), as a background job on a long one (returns the job). While a job for the article
    is queued or running, another run is refused (Conflict), never queued twice."""
    # The article's row lock: two presses at once see each other's job, not none (PostgreSQL;
    # SQLite has one writer at a time anyway).
    Article.objects.select_for_update().filter(pk=article.pk).values_list("pk").first()
    job = running_job(article)
    if job is not None:
        raise Conflict(
            f"The suggesters are already running on this article (job {job.pk}); "
            "its suggestions appear here when it is done.",
            job=job.pk,
        )
    if len(article.text) <= RUN_INLINE_MAX_CHARS:
        return suggest_for_articles([article])
    return job_start(
        kind=Kind.SUGGEST,
        project_id=article.project_id,
        created_by=actor,
        params={"article": article.pk},
        total=1,
    )


def suggest_unless_done(article: Article, *, actor: AbstractBaseUser | None = None) -> Job | None:
    """Run the suggesters on an article they never ran on (an imported one), as
    suggestions_run does. Returns the job running them, if they run in the background."""
    if SuggestionRun.objects.filter(article=article).exists():
        return None
    job = running_job(article)
    if job is not None:
        return job
    try:
        outcome = suggestions_run(article=article, actor=actor)
    except Conflict:  # queued by someone else a moment ago
        return running_job(article)
    return outcome if isinstance(outcome, Job) else None


def suggestion_accept(*, suggestion: Suggestion, user: AbstractBaseUser) -> Span:
    """The suggestion becomes the user's own pending span, marked as an accepted suggestion."""
    return span_create(
        article=suggestion.article,
        label=suggestion.label,
        start=suggestion.start,
        end=suggestion.end,
        quote=suggestion.quote,
        annotator=user,
        origin=Origin.SUGGESTED,
    )


def suggestion_dismiss(*, suggestion: Suggestion, user: AbstractBaseUser) -> Dismissal:
    policy.require(user, "span.create", suggestion.article.project_id)
    dismissal, _ = Dismissal.objects.get_or_create(
        user=user,
        article_id=suggestion.article_id,
        label_id=suggestion.label_id,
        start=suggestion.start,
        end=suggestion.end,
        defaults={"rule": suggestion.rule},
    )
    return dismissal


@transaction.atomic
def suggestions_accept_all(*, article: Article, label: Label, user: AbstractBaseUser) -> list[Span]:
    """Accept every open suggestion of one label; ones the user already has are skipped."""
    policy.require(user, "span.create", article.project_id)
    spans = []
    for suggestion in open_suggestions(article=article, user=user):
        if suggestion.label_id != label.pk:
            continue
        try:
            with transaction.atomic():
                spans.append(suggestion_accept(suggestion=suggestion, user=user))
        except Conflict:
            continue
    return spans


def open_suggestions(*, article: Article, user: AbstractBaseUser) -> list[Suggestion]:
    """What the user still has to decide: not dismissed, not already one of their spans, and
    not of a retired label (no new span may take it)."""
    dismissed = set(
        Dismissal.objects.filter(user=user, article=article).values_list("label_id", "start", "end")
    )
    mine = set(
        Span.objects.filter(article=article, annotator=user).values_list("label_id", "start", "end")
    )
    done = dismissed | mine
    return [
        s
        for s in Suggestion.objects.filter(article=article, label__retired=False).select_related(
            "label"
        )
        if (s.label_id, s.start, s.end) not in done
    ]
