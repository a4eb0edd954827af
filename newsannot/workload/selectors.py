"""Reads of the workload: who works on which article, filters of the article list, the
assignments list. Each a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, F, Q, QuerySet

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
