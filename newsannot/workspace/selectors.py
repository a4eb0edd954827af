"""Reads for the workspace pages, each with a fixed number of queries whatever the data size."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, OuterRef, QuerySet

from newsannot import policy
from newsannot.annotations.models import Span
from newsannot.corpus import search
from newsannot.corpus.models import Article, Completion, Label, Project

NOT_STARTED, IN_PROGRESS, DONE = "not-started", "in-progress", "done"
PROGRESS_CHOICES = [
    (NOT_STARTED, "Not started"),
    (IN_PROGRESS, "In progress"),
    (DONE, "Done"),
]


def sees_everyone(user: AbstractBaseUser, project: Project | int) -> bool:
    """Reviewers, managers and site admins may look at every annotator's spans."""
    return policy.allowed(user, "span.see_all", project)


@dataclass(frozen=True)
class ArticleFilters:
    q: str = ""
    outlet: str = ""
    progress: str = ""
    label: str = ""


def articles_for(
    user: AbstractBaseUser, project: Project, filters: ArticleFilters
) -> QuerySet[Article]:
    mine = Span.objects.filter(article=OuterRef("pk"), annotator=user)
    done = Completion.objects.filter(article=OuterRef("pk"), user=user)
    articles = (
        Article.objects.filter(project=project)
        .annotate(has_mine=Exists(mine), is_done=Exists(done))
        .only("id", "title", "outlet", "published_at", "project_id")
        .order_by("id")
    )
    if filters.q:
        articles = articles.filter(search.matching(filters.q))
    if filters.outlet:
        articles = articles.filter(outlet=filters.outlet)
    if filters.progress == DONE:
        articles = articles.filter(is_done=True)
    elif filters.progress == IN_PROGRESS:
        articles = articles.filter(has_mine=True, is_done=False)
    elif filters.progress == NOT_STARTED:
        articles = articles.filter(has_mine=False, is_done=False)
    if filters.label:
        labelled = policy.visible_spans(user, project).filter(
            article=OuterRef("pk"), label__key=filters.label
        )
        articles = articles.filter(Exists(labelled))
    return articles


def progress_of(article: Article) -> str:
    if getattr(article, "is_done", False):
        return DONE
    return IN_PROGRESS if getattr(article, "has_mine", False) else NOT_STARTED


def label_counts(
    user: AbstractBaseUser, project: Project, article_ids: list[int]
) -> dict[int, dict[int, int]]:
    """{article id: {label id: span count}} for one page of articles, in one query."""
    from django.db.models import Count

    rows = (
        policy.visible_spans(user, project)
        .filter(article_id__in=article_ids)
        .values("article_id", "label_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[int, dict[int, int]] = defaultdict(dict)
    for row in rows:
        counts[row["article_id"]][row["label_id"]] = row["n"]
    return counts


def outlets_of(project: Project) -> list[str]:
    return list(
        Article.objects.filter(project=project)
        .exclude(outlet="")
        .values_list("outlet", flat=True)
        .distinct()
        .order_by("outlet")
    )


def labels_of(project: Project) -> list[Label]:
    return list(Label.objects.filter(project=project).order_by("order", "key"))


def neighbours(article: Article) -> tuple[int | None, int | None]:
    """The previous and next article of the project, by id."""
    siblings = Article.objects.filter(project_id=article.project_id)
    prev = siblings.filter(id__lt=article.pk).order_by("-id").values_list("id", flat=True).first()
    nxt = siblings.filter(id__gt=article.pk).order_by("id").values_list("id", flat=True).first()
    return prev, nxt


def spans_for_article(user: AbstractBaseUser, article: Article, *, everyone: bool) -> list[Span]:
    """The article's spans on the annotate page: the user's own, or (`everyone`) all they may
    see."""
    spans = policy.visible_spans(user, article.project_id).filter(article=article)
    if not everyone:
        spans = spans.filter(annotator=user)
    return list(spans.select_related("label", "annotator").order_by("start", "-end", "id"))
