"""Reads of the workload: who works on which article, filters of the article list, the
assignments list. Each a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from newsannot import policy
from newsannot.corpus.models import Project
from newsannot.lib.errors import Invalid
from newsannot.workload.models import Assignment, AssignmentStatus

MINE, UNASSIGNED, NEEDS_ANALYST, DONE_BY_ALL = "mine", "unassigned", "needs-analyst", "done-by-all"
WORK_CHOICES = [
    (MINE, "Assigned to me"),
    (UNASSIGNED, "Unassigned"),
    (NEEDS_ANALYST, "Needs another analyst"),
    (DONE_BY_ALL, "Done by all its analysts"),
]


@dataclass(frozen=True)
class Worker:
    user_id: int
    username: str
    done: bool


def workers_of(
    user: AbstractBaseUser, project: Project, article_ids: list[int]
) -> dict[int, list[Worker]]:
    """Who each of these articles is assigned to, and who has finished it: one query.
    Analysts learn only about themselves; reviewers and managers about everyone."""
    if not article_ids:
        return {}
    workers: dict[int, list[Worker]] = defaultdict(list)
    rows = Assignment.objects.filter(article_id__in=article_ids)
    if not policy.allowed(user, "span.see_all", project):
        rows = rows.filter(analyst=user)
    rows = rows.order_by("article_id", "analyst__username").values_list(
        "article_id", "analyst_id", "analyst__username", "status"
    )
    for article_id, user_id, username, status in rows:
        workers[article_id].append(Worker(user_id, username, status == AssignmentStatus.DONE))
    return workers


@dataclass(frozen=True)
class Member:
    user_id: int
    username: str
    role: str
    unfinished: int
    done: int


def team_of(project: Project) -> list[Member]:
    """The project's members who annotate, with how many articles each has open and done: one
    query (the manager's assign and release forms)."""
    from newsannot.corpus.models import Membership

    here = Q(user__assignments__project=project)
    rows = (
        Membership.objects.filter(project=project)
        .annotate(
            unfinished=Count(
                "user__assignments",
                filter=here & Q(user__assignments__status=AssignmentStatus.ASSIGNED),
            ),
            done=Count(
                "user__assignments",
                filter=here & Q(user__assignments__status=AssignmentStatus.DONE),
            ),
        )
        .order_by("user__username")
        .values_list("user_id", "user__username", "role", "unfinished", "done")
    )
    return [Member(*row) for row in rows]


def work_filter(user: AbstractBaseUser, project: Project, which: str) -> Q:
    """The article list's workload filters, as a condition on articles (one subquery each)."""
    assignments = Assignment.objects.filter(project=project)
    if which == MINE:
        return Q(pk__in=assignments.filter(analyst=user).values("article_id"))
    if which == UNASSIGNED:
        return ~Q(pk__in=assignments.values("article_id"))
    counts = assignments.order_by().values("article_id")
    if which == NEEDS_ANALYST:
        full = counts.annotate(n=Count("id")).filter(n__gte=project.overlap)
        return ~Q(pk__in=full.values("article_id"))
    if which == DONE_BY_ALL:
        finished = counts.annotate(
            n=Count("id"), done=Count("id", filter=Q(status=AssignmentStatus.DONE))
        ).filter(n__gte=project.overlap, done=F("n"))
        return Q(pk__in=finished.values("article_id"))
    return Q()


def assignments_for(user: AbstractBaseUser, project: Project, params: dict) -> QuerySet:
    """The project's assignments the user may see (reviewers and managers: all; others: their
    own), filtered by `analyst` (username), `article` (id) and `status`."""
    policy.require(user, "project.view", project)
    rows = Assignment.objects.filter(project=project).select_related("analyst", "assigned_by")
    if not policy.allowed(user, "span.see_all", project):
        rows = rows.filter(analyst=user)
    if analyst := params.get("analyst"):
        rows = rows.filter(analyst__username=analyst)
    if (article := params.get("article")) is not None:
        if not article.isdigit() or len(article) > 18:
            raise Invalid(f"article must be an article id, not {article[:30]!r}.", field="article")
        rows = rows.filter(article_id=int(article))
    if status := params.get("status"):
        if status not in AssignmentStatus.values:
            raise Invalid(
                f"Unknown status {status[:30]!r}; it is one of "
                f"{', '.join(AssignmentStatus.values)}.",
                field="status",
            )
        rows = rows.filter(status=status)
    return rows


# -- the dashboard's team section ------------------------------------------------------------


@dataclass
class AnalystWork:
    username: str
    done: int = 0
    open: int = 0
    last_days: list[int] = field(default_factory=list)  # done per day, oldest first
    minutes: list[float] = field(default_factory=list)  # first to last action, done articles

    @property
    def per_day(self) -> float:
        return sum(self.last_days) / len(self.last_days) if self.last_days else 0.0

    @property
    def median_minutes(self) -> float | None:
        return _median(self.minutes)


@dataclass(frozen=True)
class Stalled:
    assignment_id: int
    analyst_id: int
    analyst: str
    article_id: int
    title: str
    assigned_at: dt.datetime
    last_action: dt.datetime | None


@dataclass(frozen=True)
class TeamWork:
    analysts: list[AnalystWork]
    days: list[dt.date]
    stalled: list[Stalled]
    stalled_days: int
    done_articles: int  # articles at least one analyst finished
    double_annotated: int  # of those, finished by two or more
    median_minutes: float | None

    @property
    def double_share(self) -> float | None:
        return self.double_annotated / self.done_articles if self.done_articles else None


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


STALLED_SHOWN = 50


def team_work(
    project: Project, *, days: int = 7, stalled_days: int = 3, now: dt.datetime | None = None
) -> TeamWork:
    """Per analyst: articles done per day (the last `days` days), time per article (first to
    last action on its spans, from the history), and the project's stalled assignments (open,
    with no action for `stalled_days`) and share of articles finished by two or more
    analysts. Three queries, whatever the size."""
    from django.db.models import Max, Min

    from newsannot.annotations.models import SpanHistory
    from newsannot.corpus.models import Article

    now = now or timezone.now()
    today = timezone.localdate(now)
    day_list = [today - dt.timedelta(days=n) for n in range(days - 1, -1, -1)]
    rows = list(
        Assignment.objects.filter(project=project)
        .order_by("id")
        .values_list(
            "id",
            "article_id",
            "analyst_id",
            "analyst__username",
            "status",
            "assigned_at",
            "done_at",
        )
    )
    actions: dict[tuple[int, int], tuple[dt.datetime, dt.datetime]] = {
        (article_id, actor_id): (first, last)
        for article_id, actor_id, first, last in SpanHistory.objects.filter(
            article_id__in=Assignment.objects.filter(project=project).values("article_id"),
            actor_id__isnull=False,
        )
        .order_by()
        .values("article_id", "actor_id")
        .annotate(first=Min("at"), last=Max("at"))
        .values_list("article_id", "actor_id", "first", "last")
    }
    analysts: dict[int, AnalystWork] = {}
    finishers: dict[int, int] = defaultdict(int)
    stalled_rows = []
    since = now - dt.timedelta(days=stalled_days)
    for pk, article_id, user_id, username, status, assigned_at, done_at in rows:
        work = analysts.get(user_id)
        if work is None:
            work = analysts[user_id] = AnalystWork(username, last_days=[0] * days)
        span = actions.get((article_id, user_id))
        if status == AssignmentStatus.DONE:
            work.done += 1
            finishers[article_id] += 1
            day = timezone.localdate(done_at)
            if day_list[0] <= day <= today:
                work.last_days[(day - day_list[0]).days] += 1
            if span is not None:
                work.minutes.append((span[1] - span[0]).total_seconds() / 60)
        else:
            work.open += 1
            last = span[1] if span else None
            if max(last or assigned_at, assigned_at) < since:
                stalled_rows.append((pk, user_id, username, article_id, assigned_at, last))
    stalled_rows.sort(key=lambda r: r[5] or r[4])
    stalled_rows = stalled_rows[:STALLED_SHOWN]
    titles = dict(
        Article.objects.filter(pk__in=[r[3] for r in stalled_rows]).values_list("id", "title")
    )
    all_minutes = [m for w in analysts.values() for m in w.minutes]
    return TeamWork(
        analysts=sorted(analysts.values(), key=lambda w: w.username),
        days=day_list,
        stalled=[
            Stalled(
                pk, user_id, username, article_id, titles.get(article_id, ""), assigned_at, last
            )
            for pk, user_id, username, article_id, assigned_at, last in stalled_rows
        ],
        stalled_days=stalled_days,
        done_articles=len(finishers),
        double_annotated=sum(1 for n in finishers.values() if n >= 2),
        median_minutes=_median(all_minutes),
    )
