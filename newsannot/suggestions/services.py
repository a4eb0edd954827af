"""Running the suggesters, and turning a suggestion into an analyst's span (or dismissing it)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from newsannot import policy
from newsannot.annotations.models import Origin, Span
from newsannot.annotations.services import span_create
from newsannot.corpus.models import Article, Label
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


def suggest_unless_done(article: Article) -> bool:
    """Run the suggesters on an article they never ran on (an imported one). True if they ran."""
    if SuggestionRun.objects.filter(article=article).exists():
        return False
    suggest_for_articles([article])
    return True


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
