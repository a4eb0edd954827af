"""Reads for the review pages: the queue, one article's spans side by side, the dashboard."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Case, Count, Min, QuerySet, When
from django.db.models.functions import Length

from newsannot import policy
from newsannot.annotations.models import LabelAttribute, Relation, RelationType, Span, Status
from newsannot.corpus.models import Article, Label, Project
from newsannot.lib.ids import optional_int
from newsannot.review import agreement
from newsannot.workload.models import Assignment, AssignmentStatus

QUEUE_PAGE = 50
CONTEXT_CHARS = 160
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s|\n")


# --- The queue ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilters:
    label: str = ""
    analyst: str = ""
    article: int | None = None
    outlet: str = ""

    @classmethod
    def from_query(cls, query) -> QueueFilters:
        return cls(
            label=(query.get("label") or "").strip(),
            analyst=(query.get("analyst") or "").strip(),
            article=optional_int(query.get("article"), field="article", name="The article filter"),
            outlet=(query.get("outlet") or "").strip(),
        )

    def as_query(self) -> dict[str, str]:
        items = {
            "label": self.label,
            "analyst": self.analyst,
            "article": str(self.article or ""),
            "outlet": self.outlet,
        }
        return {k: v for k, v in items.items() if v}

    @property
    def active(self) -> bool:
        return bool(self.as_query())


def _with_related(spans: QuerySet[Span]) -> QuerySet[Span]:
    return spans.select_related("article", "label", "annotator", "reviewer")


# The queue's reads name what they want by ids and keep to one table each: right after a bulk
# import the planner takes the new project for a handful of rows, and a query joining spans to
# articles, labels or users by a filter then read (or scanned, for each row) the whole project.
# Filters by label or analyst become ids first (a query on a small table); the outlet filter,
# which is about articles, is applied to the pending spans' article ids in Python.


def queue(project: Project, reviewer: AbstractBaseUser, filters: QueueFilters) -> Sequence[int]:
    """The ids of the pending spans someone else made, oldest first: the ones this reviewer can
    decide. Sliced, it reads one page off span_project_status (project, status, id); load the
    page's spans with `queue_page`."""
    spans = Span.objects.filter(project=project, status=Status.PENDING).exclude(
        annotator_id=reviewer.pk
    )
    if filters.label:
        spans = spans.filter(
            label_id__in=list(
                Label.objects.filter(project=project, key=filters.label).values_list(
                    "id", flat=True
                )
            )
        )
    if filters.analyst:
        User = get_user_model()
        spans = spans.filter(
            annotator_id__in=list(
                User.objects.filter(**{User.USERNAME_FIELD: filters.analyst}).values_list(
                    "id", flat=True
                )
            )
        )
    if filters.article:
        spans = spans.filter(article_id=filters.article)
    spans = spans.order_by("id")
    if not filters.outlet:
        return spans.values_list("id", flat=True)
    of_outlet = set(
        Article.objects.filter(project=project, outlet=filters.outlet).values_list("id", flat=True)
    )
    return [
        pk for pk, article_id in spans.values_list("id", "article_id") if article_id in of_outlet
    ]


def queue_page(ids: Iterable[int]) -> list[Span]:
    """One page of the queue: its spans by primary key, with their article, label and people."""
    return list(_with_related(Span.objects.filter(pk__in=list(ids))).order_by("id"))


def own_pending_count(project: Project, user: AbstractBaseUser) -> int:
    return Span.objects.filter(project=project, status=Status.PENDING, annotator_id=user.pk).count()


def filter_choices(project: Project) -> dict[str, list]:
    """What the queue's filter menus offer: analysts and outlets that have pending spans."""
    annotators, articles = set(), set()
    for annotator_id, article_id in Span.objects.filter(
        project=project, status=Status.PENDING
    ).values_list("annotator_id", "article_id"):
        annotators.add(annotator_id)
        articles.add(article_id)
    User = get_user_model()
    names = User.objects.filter(pk__in=annotators).values_list(User.USERNAME_FIELD, flat=True)
    outlets = {
        outlet
        for pk, outlet in Article.objects.filter(project=project)
        .exclude(outlet="")
        .values_list("id", "outlet")
        if pk in articles
    }
    return {"analysts": sorted(names), "outlets": sorted(outlets)}


def span_for_review(project_id: int, span_id: int) -> Span | None:
    return _with_related(Span.objects.filter(project_id=project_id, pk=span_id)).first()


# --- Attributes and relations on the review pages ---------------------------------------------


def attribute_names(project: Project | int) -> dict[tuple[int, str], str]:
    """{(label id, key): the attribute's name} for the project's labels: one query."""
    project_id = project if isinstance(project, int) else project.pk
    return {
        (label_id, key): name
        for label_id, key, name in LabelAttribute.objects.filter(
            label__project_id=project_id
        ).values_list("label_id", "key", "name")
    }


def shown_attributes(span: Span, names: dict[tuple[int, str], str]) -> list[tuple[str, str]]:
    """A span's attributes as (name, value), in the order stored (the label's)."""
    return [(names.get((span.label_id, k), k), v) for k, v in (span.attributes or {}).items()]


def relations_with_ends(relations: QuerySet[Relation]) -> QuerySet[Relation]:
    """With their type, both ends (and their labels) and people: what a relation item shows."""
    return relations.select_related(
        "type", "from_span__label", "to_span__label", "annotator", "reviewer"
    )


def with_type_choices(relations: list[Relation]) -> list[Relation]:
    """Each relation with `type_choices`, what its "Change type & approve" offers: its own type
    and every type of the project, not retired, that allows its ends' labels
    (RelationType.allows, the rule relation_review enforces). One query for all of them."""
    projects = {relation.project_id for relation in relations}
    types = list(RelationType.objects.filter(project_id__in=projects)) if relations else []
    for relation in relations:
        ends = (relation.from_span.label.key, relation.to_span.label.key)
        relation.type_choices = [  # type: ignore[attr-defined]
            kind
            for kind in types
            if kind.project_id == relation.project_id
            and (kind.pk == relation.type_id or (not kind.retired and kind.allows(*ends)))
        ]
    return relations


def article_relations(article: Article, user: AbstractBaseUser) -> list[Relation]:
    """The article's relations this user may see (a reviewer: all), in the order drawn."""
    relations = policy.visible_relations(
        user, article.project_id, within=Relation.objects.filter(article=article)
    )
    return with_type_choices(list(relations_with_ends(relations).order_by("id")))


def pending_relations(
    project: Project, reviewer: AbstractBaseUser, *, article: int | None = None
) -> QuerySet[Relation]:
    """The pending relations someone else drew: the ones this reviewer can decide."""
    relations = policy.visible_relations(
        reviewer, project, within=Relation.objects.filter(project=project, status=Status.PENDING)
    ).exclude(annotator_id=reviewer.pk)
    return relations.filter(article_id=article) if article else relations


@dataclass(frozen=True)
class RelationsToDecide:
    total: int
    articles: list[tuple[int, str, int]]  # (id, title, pending relations), the first few
    more_articles: int  # holding pending relations, not listed


def relations_to_decide(
    project: Project, reviewer: AbstractBaseUser, limit: int = 10
) -> RelationsToDecide:
    """How many relations wait for this reviewer, and the first `limit` articles holding them
    as (article id, title, count), the one waiting longest first: two queries (the pending
    relations counted by article on relation_project_status, one row an article; then the
    titles by id)."""
    by_article = list(
        pending_relations(project, reviewer)
        .values_list("article_id")
        .annotate(n=Count("id"), oldest=Min("id"))
        .order_by("oldest")
        .values_list("article_id", "n")
    )
    first = dict(by_article[:limit])
    titles = dict(Article.objects.filter(pk__in=list(first)).values_list("pk", "title"))
    return RelationsToDecide(
        sum(n for _, n in by_article),
        [(pk, titles[pk], n) for pk, n in first.items() if pk in titles],
        max(0, len(by_article) - limit),
    )


def relation_for_review(project_id: int, relation_id: int) -> Relation | None:
    return relations_with_ends(
        Relation.objects.filter(project_id=project_id, pk=relation_id)
    ).first()


@dataclass(frozen=True)
class Context:
    before: str
    quote: str
    after: str
    cut_before: bool
    cut_after: bool


def context(text: str, start: int, end: int, limit: int = CONTEXT_CHARS) -> Context:
    """The quote in its sentence: back to the previous sentence end, on to the next one."""
    lo = max(0, start - limit)
    before = text[lo:start]
    ends = list(_SENTENCE_END.finditer(before))
    cut_before = lo > 0
    if ends:
        before = before[ends[-1].end() :]
        cut_before = False
    hi = min(len(text), end + limit)
    after = text[end:hi]
    found = _SENTENCE_END.search(after)
    cut_after = hi < len(text)
    if found:
        after = after[: found.start() + 1].rstrip()
        cut_after = False
    return Context(before.lstrip(), text[start:end], after, cut_before, cut_after)


# --- One article, every analyst's spans --------------------------------------------------------

AGREED, DISPUTED, SINGLE = "agreed", "disputed", "single"
KIND_ORDER = {DISPUTED: 0, SINGLE: 1, AGREED: 2}


@dataclass
class Group:
    """Spans with one label and the same boundaries, from one or more analysts."""

    label: Label
    start: int
    end: int
    spans: list[Span] = field(default_factory=list)
    kind: str = SINGLE
    context: Context | None = None
    attribute_names: dict[tuple[int, str], str] = field(default_factory=dict)

    @property
    def annotators(self) -> set[int]:
        return {s.annotator_id for s in self.spans}

    @property
    def items(self) -> list[dict]:
        return [
            {
                "span": span,
                "context": self.context,
                "attributes": shown_attributes(span, self.attribute_names),
            }
            for span in self.spans
        ]


def article_groups(article: Article) -> list[Group]:
    """Spans grouped by (label, start, end) and sorted so disagreements come first.

    agreed:   two or more analysts marked the same label on the same characters.
    disputed: one analyst's span overlaps another analyst's span with other boundaries or label.
    single:   one analyst's span that nobody else's touches.
    """
    spans = list(
        article.spans.select_related("label", "annotator", "reviewer").order_by(
            "start", "end", "id"
        )
    )
    names = attribute_names(article.project_id) if any(s.attributes for s in spans) else {}
    groups: dict[tuple[int, int, int], Group] = {}
    for span in spans:
        key = (span.label_id, span.start, span.end)
        group = groups.setdefault(
            key, Group(span.label, span.start, span.end, attribute_names=names)
        )
        group.spans.append(span)
    for key, group in groups.items():
        if len(group.annotators) >= 2:
            group.kind = AGREED
            continue
        mine = group.annotators
        touched = any(
            other_key != key
            and other.start < group.end
            and group.start < other.end
            and other.annotators - mine
            for other_key, other in groups.items()
        )
        group.kind = DISPUTED if touched else SINGLE
    for group in groups.values():
        group.context = context(article.text, group.start, group.end)
    return sorted(
        groups.values(), key=lambda g: (KIND_ORDER[g.kind], g.start, g.end, g.label.order)
    )


def agreed_pending(groups: list[Group], reviewer: AbstractBaseUser) -> list[Span]:
    return [
        span
        for group in groups
        if group.kind == AGREED
        for span in group.spans
        if span.status == Status.PENDING and span.annotator_id != reviewer.pk
    ]


@dataclass(frozen=True)
class Piece:
    text: str
    kind: str  # "" for plain text


def highlighted(text: str, groups: list[Group]) -> list[Piece]:
    """The text cut at every span boundary; each piece marked by the most pressing group over it."""
    cuts = sorted({0, len(text), *(g.start for g in groups), *(g.end for g in groups)})
    pieces = []
    for lo, hi in pairwise(cuts):
        over = [g.kind for g in groups if g.start < hi and lo < g.end]
        kind = min(over, key=KIND_ORDER.__getitem__) if over else ""
        if pieces and pieces[-1].kind == kind:
            pieces[-1] = Piece(pieces[-1].text + text[lo:hi], kind)
        else:
            pieces.append(Piece(text[lo:hi], kind))
    return pieces


# --- The dashboard -----------------------------------------------------------------------------


@dataclass
class AnalystRow:
    user_id: int
    username: str
    total: int = 0
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Status.values, 0))
    by_label: dict[int, dict[str, int]] = field(default_factory=dict)
    exact_f1: float | None = None
    partial_f1: float | None = None
    label_rates: list[float | None] = field(default_factory=list)  # in the labels' order

    @property
    def acceptance(self) -> float | None:
        decided = self.by_status[Status.APPROVED] + self.by_status[Status.REJECTED]
        return self.by_status[Status.APPROVED] / decided if decided else None


def _rate(counts: dict[str, int]) -> float | None:
    decided = counts.get(Status.APPROVED, 0) + counts.get(Status.REJECTED, 0)
    return counts.get(Status.APPROVED, 0) / decided if decided else None


@dataclass
class Dashboard:
    labels: list[Label]
    progress: dict[str, int]
    by_label: dict[int, dict[str, int]]
    analysts: list[AnalystRow]
    agreement_rows: list[agreement.LabelAgreement]
    agreement_overall: agreement.LabelAgreement
    relation_rows: list[agreement.RelationAgreement]  # `type` a RelationType
    relation_overall: agreement.RelationAgreement
    attribute_rows: list[AttributeRow]


@dataclass(frozen=True)
class AttributeRow:
    label: Label
    attribute: LabelAttribute
    scores: agreement.AttributeAgreement


def dashboard(project: Project) -> Dashboard:
    """Everything the dashboard shows, in a fixed number of queries whatever the project's size.

    One read of the project's spans (span_project_status) feeds every count and the agreement:
    no per-article EXISTS and no join per span, either of which a planner that takes a freshly
    imported project for a few rows turns into reading the project again for each article.
    """
    labels = list(project.labels.all())
    rows = list(
        Span.objects.filter(project=project)
        .order_by()
        .values_list(
            "article_id", "label_id", "start", "end", "annotator_id", "status", "id", "attributes"
        )
    )
    completions = list(
        Assignment.objects.filter(project=project, status=AssignmentStatus.DONE).values_list(
            "article_id", "analyst_id"
        )
    )
    done_docs = {article_id for article_id, _ in completions}
    total = Article.objects.filter(project=project).count()
    started = {row[0] for row in rows} - done_docs
    progress = {
        "done": len(done_docs),
        "in_progress": len(started),
        "not_started": total - len(done_docs) - len(started),
        "total": total,
    }

    by_label: dict[int, dict[str, int]] = {
        label.pk: dict.fromkeys(Status.values, 0) for label in labels
    }
    counts = Counter(
        (annotator_id, label_id, status) for _, label_id, _, _, annotator_id, status, *_ in rows
    )
    User = get_user_model()
    names = dict(
        User.objects.filter(pk__in={a for a, _, _ in counts}).values_list("pk", User.USERNAME_FIELD)
    )
    analysts: dict[int, AnalystRow] = {}
    for (annotator_id, label_id, status), n in counts.items():
        by_label.setdefault(label_id, dict.fromkeys(Status.values, 0))[status] += n
        analyst = analysts.setdefault(annotator_id, AnalystRow(annotator_id, names[annotator_id]))
        analyst.total += n
        analyst.by_status[status] += n
        cell = analyst.by_label.setdefault(label_id, dict.fromkeys(Status.values, 0))
        cell[status] += n

    docs_by = _docs_by(rows, completions)
    rows_, overall, gold_scores = _agreement(project, labels, rows, docs_by)
    for user_id, (exact, partial) in gold_scores.items():
        if user_id in analysts:
            analysts[user_id].exact_f1 = exact.f1
            analysts[user_id].partial_f1 = partial.f1
    ordered = sorted(analysts.values(), key=lambda a: a.username)
    for a in ordered:
        a.label_rates = [_rate(a.by_label.get(label.pk, {})) for label in labels]
    return Dashboard(
        labels,
        progress,
        by_label,
        ordered,
        rows_,
        overall,
        *_relation_agreement(project, rows, docs_by),
        _attribute_agreement(labels, rows),
    )


def _lengths(project: Project, ids: list[int]) -> dict[int, int]:
    """{article id: text length} for these articles (ids in order) of the project: one range of
    article_project_id, the length measured only for the articles asked for."""
    if not ids:
        return {}
    measured = Case(When(id__in=ids, then=Length("text")), default=None)
    rows = (
        Article.objects.filter(project=project, id__gte=ids[0], id__lte=ids[-1])
        .order_by()
        .values_list("pk", measured)
    )
    return {pk: n for pk, n in rows if n is not None}


def _docs_by(spans: list[tuple], completions: list[tuple[int, int]]) -> dict[int, set[int]]:
    """{user: the articles they annotated}: those they marked a span in or finished."""
    docs_by: dict[int, set[int]] = defaultdict(set)
    for article_id, _, _, _, annotator_id, *_ in spans:
        docs_by[annotator_id].add(article_id)
    for article_id, user_id in completions:
        docs_by[user_id].add(article_id)
    return docs_by


def _agreement(
    project: Project, labels: list[Label], spans: list[tuple], docs_by: dict[int, set[int]]
):
    """Agreement between analysts and against the approved spans, from the project's span rows
    (article, label, start, end, annotator, status, ...) and who annotated which article: one
    more query (the shared articles' lengths)."""
    spans_by: dict[int, list] = defaultdict(list)
    gold = []
    pending_docs: set[int] = set()
    decided_docs: set[int] = set()
    for article_id, label_id, start, end, annotator_id, status, *_ in spans:
        spans_by[annotator_id].append((article_id, label_id, start, end))
        if status == Status.PENDING:
            pending_docs.add(article_id)
        else:
            decided_docs.add(article_id)
        if status == Status.APPROVED:
            gold.append((article_id, label_id, start, end))
    counted: dict[int, int] = defaultdict(int)
    for docs in docs_by.values():
        for doc in docs:
            counted[doc] += 1
    shared = sorted(doc for doc, n in counted.items() if n >= 2)
    lengths = _lengths(project, shared)
    rows, overall = agreement.agreement_table(
        spans_by, docs_by, lengths, [label.pk for label in labels]
    )
    names = {label.pk: label for label in labels}
    rows = [
        agreement.LabelAgreement(names[r.label], r.exact_f1, r.partial_f1, r.alpha, r.pairs, r.docs)
        for r in rows
    ]
    # Reviewed: every span of the article decided. Only spans' authors are scored here.
    gold_docs = decided_docs - pending_docs
    authors = {c: d for c, d in docs_by.items() if c in spans_by}
    return rows, overall, agreement.against_gold(spans_by, authors, gold, gold_docs)


def _relation_agreement(
    project: Project, spans: list[tuple], docs_by: dict[int, set[int]]
) -> tuple[list[agreement.RelationAgreement], agreement.RelationAgreement]:
    """Relation F1 between analysts, per type: two queries (the types, the project's relations
    on relation_project_status); the ends come from the span rows already read."""
    types = list(RelationType.objects.filter(project=project))
    ends = {span_id: (label_id, start, end) for _, label_id, start, end, _, _, span_id, _ in spans}
    relations_by: dict[int, list] = defaultdict(list)
    docs = {user: set(articles) for user, articles in docs_by.items()}
    for article_id, type_id, from_id, to_id, annotator_id in (
        Relation.objects.filter(project=project)
        .order_by()
        .values_list("article_id", "type_id", "from_span_id", "to_span_id", "annotator_id")
    ):
        if from_id not in ends or to_id not in ends:
            continue  # a span written between the two reads
        relations_by[annotator_id].append((article_id, type_id, ends[from_id], ends[to_id]))
        # Whoever drew a relation annotated its article, if only by linking others' spans.
        docs.setdefault(annotator_id, set()).add(article_id)
    rows, overall = agreement.relation_agreement_table(
        relations_by, docs, [kind.pk for kind in types]
    )
    by_id = {kind.pk: kind for kind in types}
    return [replace(row, type=by_id[row.type]) for row in rows], overall


def _attribute_agreement(labels: list[Label], spans: list[tuple]) -> list[AttributeRow]:
    """Attribute κ / α per label attribute over spans matched by label and offsets: one query
    (the labels' attributes)."""
    attributes = list(LabelAttribute.objects.filter(label_id__in=[label.pk for label in labels]))
    scores = agreement.attribute_agreement_table(
        (
            (article_id, label_id, start, end, annotator_id, values)
            for article_id, label_id, start, end, annotator_id, _, _, values in spans
            if values
        ),
        [(a.label_id, a.key) for a in attributes],
    )
    by_id = {label.pk: label for label in labels}
    return [
        AttributeRow(by_id[a.label_id], a, row) for a, row in zip(attributes, scores, strict=True)
    ]
