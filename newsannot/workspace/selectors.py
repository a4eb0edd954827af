"""Reads for the workspace pages, each with a fixed number of queries whatever the data size."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q

from newsannot import policy
from newsannot.annotations.models import LabelAttribute, Relation, RelationType, Span
from newsannot.corpus import search
from newsannot.corpus.models import Article, Label, Project
from newsannot.workload import selectors as workload
from newsannot.workload.models import Assignment, AssignmentStatus

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
    work: str = ""  # workload.WORK_CHOICES


# The list's reads stay on one table each and name articles by ids. Right after a bulk import
# the planner takes the new project for a handful of rows; per-article EXISTS subqueries (has
# the user a span here? a span with this label?) then became a sequential scan of the span table
# for each article, or a read of the whole project for each one. Now a page of articles is read
# off article_project_id in id order, and what the page shows about each article (progress, label
# counts) comes from one query over the page's own article ids. The progress and label filters,
# which depend on spans, are sets of article ids read once, applied in Python.

LIST_FIELDS = ("id", "title", "outlet", "published_at", "language", "project_id")


def articles_for(
    user: AbstractBaseUser, project: Project, filters: ArticleFilters
) -> Sequence[Article]:
    """The project's articles that pass the filters, in id order, as something to paginate:
    slicing it reads one page."""
    within = Article.objects.filter(project=project).only(*LIST_FIELDS).order_by("id")
    articles = policy.visible_articles(user, project, within=within)
    if filters.work:
        articles = articles.filter(workload.work_filter(user, project, filters.work))
    if filters.q:
        articles = articles.filter(search.matching(filters.q))
    if filters.outlet:
        articles = articles.filter(outlet=filters.outlet)
    if not (filters.progress or filters.label):
        return articles
    wanted: set[int] | None = None  # None: every article; else these ids
    unwanted: set[int] = set()
    if filters.progress:
        mine = _mine(user, project)
        done = set(
            Assignment.objects.filter(
                analyst=user, project=project, status=AssignmentStatus.DONE
            ).values_list("article_id", flat=True)
        )
        if filters.progress == DONE:
            wanted = done
        elif filters.progress == IN_PROGRESS:
            wanted = mine - done
        else:
            unwanted = mine | done
    if filters.label:
        labelled = set(
            policy.visible_spans(user, project)
            .filter(label_id__in=[lb.pk for lb in labels_of(project) if lb.key == filters.label])
            .order_by()
            .values_list("article_id", flat=True)
            .distinct()
        )
        wanted = labelled if wanted is None else wanted & labelled
    ids = [
        pk
        for pk in articles.values_list("id", flat=True)
        if (wanted is None or pk in wanted) and pk not in unwanted
    ]
    return ArticlesByIds(ids)


def _mine(user: AbstractBaseUser, project: Project) -> set[int]:
    """The project's articles the user has spans on."""
    return set(
        Span.objects.filter(project=project, annotator=user)
        .order_by()
        .values_list("article_id", flat=True)
        .distinct()
    )


class ArticlesByIds(Sequence):
    """Articles given by their ids, in that order: a slice reads just those (a page)."""

    def __init__(self, ids: list[int]) -> None:
        self.ids = ids

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return _by_ids(self.ids[index])
        return _by_ids([self.ids[index]])[0]

    def __iter__(self) -> Iterator[Article]:
        for i in range(0, len(self.ids), 500):
            yield from _by_ids(self.ids[i : i + 500])


def _by_ids(ids: list[int]) -> list[Article]:
    return list(Article.objects.filter(pk__in=ids).only(*LIST_FIELDS).order_by("id"))


@dataclass(frozen=True)
class PageFacts:
    """What the list shows about each article of a page, for one user."""

    progress: dict[int, str]
    label_counts: dict[int, dict[int, int]]
    workers: dict[int, list[workload.Worker]]


def page_facts(user: AbstractBaseUser, project: Project, article_ids: list[int]) -> PageFacts:
    """Progress and label counts for one page of articles (ids in order): two queries, each one
    range of article ids, first to last of the page. A planner with no statistics at all takes
    a list of fifty ids for a quarter of the table (and scans it), one range for a sliver; the
    rows of articles inside the range but not on the page are skipped here."""
    if not article_ids:
        return PageFacts({}, {}, {})
    on_page = set(article_ids)
    first, last = article_ids[0], article_ids[-1]
    # By the range alone (no project condition for the planner to prefer), then the one rule.
    within = Span.objects.filter(article_id__gte=first, article_id__lte=last)
    spans = policy.visible_spans(user, project, within=within)
    counts: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    mine: set[int] = set()
    for article_id, label_id, annotator_id in spans.order_by().values_list(
        "article_id", "label_id", "annotator_id"
    ):
        if article_id in on_page:
            counts[article_id][label_id] += 1
            if annotator_id == user.pk:
                mine.add(article_id)
    workers = workload.workers_of(user, project, article_ids)
    done = {pk for pk, ws in workers.items() if any(w.user_id == user.pk and w.done for w in ws)}
    progress = {
        pk: DONE if pk in done else IN_PROGRESS if pk in mine else NOT_STARTED for pk in article_ids
    }
    return PageFacts(progress, counts, workers)


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


def neighbours(user: AbstractBaseUser, article: Article) -> tuple[int | None, int | None]:
    """The previous and next article of the project the user may see, by id."""
    siblings = policy.visible_articles(user, article.project)
    prev = siblings.filter(id__lt=article.pk).order_by("-id").values_list("id", flat=True).first()
    nxt = siblings.filter(id__gt=article.pk).order_by("id").values_list("id", flat=True).first()
    return prev, nxt


def spans_for_article(
    user: AbstractBaseUser, article: Article, *, everyone: bool, limit: int | None = None
) -> list[Span]:
    """The article's spans on the annotate page: the user's own, or (`everyone`) all they may
    see; the first `limit` of them if given."""
    spans = _shown_spans(user, article, everyone=everyone)
    ordered = spans.select_related("label", "annotator").order_by("start", "-end", "id")
    return list(ordered[:limit] if limit is not None else ordered)


@dataclass(slots=True)
class SpanRow:
    """What the annotate page shows of a span: its highlight and its list item. A long
    article's 2,000 spans as model instances (each with its label and annotator) took most of
    the page's time; these are read as plain values, with the project's labels shared."""

    pk: int
    start: int
    end: int
    label: Label
    annotator_id: int
    annotator_name: str
    status: str
    quote: str
    colour: str = ""

    @classmethod
    def of(cls, span: Span) -> SpanRow:
        return cls(
            span.pk,
            span.start,
            span.end,
            span.label,
            span.annotator_id,
            span.annotator.get_username(),
            span.status,
            span.quote,
            getattr(span, "colour", ""),
        )


def span_rows_for_article(
    user: AbstractBaseUser, article: Article, *, everyone: bool, labels: Sequence[Label]
) -> list[SpanRow]:
    """The spans of spans_for_article, in its order, as SpanRows (one query of values);
    `labels`: the project's (selectors.labels_of)."""
    return _rows(_shown_spans(user, article, everyone=everyone), labels)


def span_rows_between(
    user: AbstractBaseUser,
    article: Article,
    *,
    everyone: bool,
    lo: int,
    hi: int,
    labels: Sequence[Label],
) -> list[SpanRow]:
    """The shown spans overlapping [lo, hi), as SpanRows: what a patch of those lines shows
    (an index range scan, and no model instances: they cost twice the query)."""
    return _rows(
        _shown_spans(user, article, everyone=everyone).filter(start__lt=hi, end__gt=lo), labels
    )


def _rows(spans, labels: Sequence[Label]) -> list[SpanRow]:
    by_id = {label.pk: label for label in labels}
    rows = spans.order_by("start", "-end", "id").values_list(
        "id",
        "start",
        "end",
        "label_id",
        "annotator_id",
        "annotator__username",
        "status",
        "quote",
    )
    return [
        SpanRow(pk, start, end, by_id[label_id], annotator_id, name, status, quote)
        for pk, start, end, label_id, annotator_id, name, status, quote in rows
    ]


def _shown_spans(user: AbstractBaseUser, article: Article, *, everyone: bool):
    # The annotate page's list: the same filter as spans_for_article, as a queryset.
    within = Span.objects.filter(article=article)
    spans = policy.visible_spans(user, article.project_id, within=within)
    return spans if everyone else spans.filter(annotator=user)


def span_shown(user: AbstractBaseUser, article: Article, span_id: int, *, everyone: bool) -> Span:
    """One span of spans_for_article, as a model instance with its label and annotator."""
    spans = _shown_spans(user, article, everyone=everyone)
    return spans.select_related("label", "annotator").get(pk=span_id)


def relation_types_of(project: Project | int) -> list:
    """The project's relation types that take new relations (the link picker's buttons)."""
    return list(RelationType.objects.filter(project=project, retired=False))


def relations_of_span(user: AbstractBaseUser, span: Span) -> list:
    """The relations this user can see that start or end at `span`, with both ends."""
    within = Relation.objects.filter(Q(from_span=span) | Q(to_span=span))
    return list(
        policy.visible_relations(user, span.project_id, within=within)
        .select_related("type", "annotator", "from_span__label", "to_span__label")
        .order_by("id")
    )


def relations_of_article(user: AbstractBaseUser, article: Article) -> list[dict]:
    """Every relation of `article` this user can see, as the connectors need them: id, ends,
    type name. An article holds tens of relations: one query, no spans loaded."""
    rows = (
        policy.visible_relations(user, article.project_id, within=article.relations.all())
        .order_by("id")
        .values_list("pk", "from_span_id", "to_span_id", "type__name")
    )
    return [{"id": i, "from": f, "to": t, "type": name} for i, f, t, name in rows]


@dataclass(frozen=True)
class AttributeChoice:
    key: str
    name: str
    value: str  # the span's, or ""
    options: list[tuple[str, str, int | None]]  # (value, shown as, digit key)


def attribute_choices(span: Span) -> list[AttributeChoice]:
    """The open span's label attributes, each value numbered by the digit key that sets it
    (1-9 across all the label's attributes, in order)."""
    choices, digit = [], 1
    for attribute in LabelAttribute.objects.filter(label_id=span.label_id):
        options = []
        for value in attribute.values:
            options.append((value, value.replace("-", " "), digit if digit <= 9 else None))
            digit += 1
        choices.append(
            AttributeChoice(
                attribute.key, attribute.name, span.attributes.get(attribute.key, ""), options
            )
        )
    return choices


def _after(spans, start: int, end: int, pk: int):
    # After (start, end, pk) in the list's order: (start, -end, id).
    return spans.filter(
        Q(start__gt=start) | Q(start=start, end__lt=end) | Q(start=start, end=end, id__gt=pk)
    ).order_by("start", "-end", "id")


def list_count(user: AbstractBaseUser, article: Article, *, everyone: bool) -> int:
    """How many spans the list shows (index entries counted)."""
    return _shown_spans(user, article, everyone=everyone).count()


def next_in_list(
    user: AbstractBaseUser, article: Article, *, everyone: bool, key: tuple[int, int, int]
) -> int | None:
    """The id of the span after the one keyed `key` (start, end, id) in the list's order
    (start, -end, id): the one a patched-in item goes before."""
    shown = _shown_spans(user, article, everyone=everyone)
    return _after(shown, *key).values_list("id", flat=True).first()


def spans_after(
    user: AbstractBaseUser,
    article: Article,
    *,
    everyone: bool,
    key: tuple[int, int, int],
    limit: int,
) -> list[Span]:
    """The list's next `limit` spans after the one keyed (start, end, id): a page of the list
    that a span created or deleted meanwhile does not shift."""
    shown = _shown_spans(user, article, everyone=everyone).select_related("label", "annotator")
    return list(_after(shown, *key)[:limit])
