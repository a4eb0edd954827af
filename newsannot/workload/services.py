"""Writes to the workload: next, done, assign, spread, release. Both faces call these.

Every write that decides who gets an article takes the project's workload lock first
(`_lock_project`), so "fewer than `overlap` analysts" is read and acted on by one caller at a
time: ten analysts asking for their next article at once never push one past the overlap.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from newsannot import policy
from newsannot.corpus.models import Article, AssignmentMode, Membership, Project, Role
from newsannot.ingest import fields
from newsannot.lib.errors import Conflict, Invalid, NotFound
from newsannot.workload.models import Assignment, AssignmentStatus

ASSIGNED, DONE = AssignmentStatus.ASSIGNED, AssignmentStatus.DONE
# The first key of PostgreSQL's two-key advisory locks: "workload" (the second is the project).
_LOCK_SPACE = 0x574B4C44


def _lock_project(project_id: int) -> None:
    """Serialise the project's assignment writes until this transaction ends. SQLite needs
    nothing: it lets one writer at a time in anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_SPACE, project_id])


@transaction.atomic
def project_settings_update(
    *,
    project: Project,
    actor: AbstractBaseUser,
    assignment: object = None,
    overlap: object = None,
    granularity: object = None,
) -> Project:
    """Change a project's settings (managers): how work is distributed, and what mouse
    selections snap to. None leaves a setting as it is."""
    policy.require(actor, "project.manage", project)
    changed = []
    if granularity is not None:
        project.granularity = fields.granularity(granularity)
        changed.append("granularity")
    if assignment is not None:
        project.assignment = fields.assignment_mode(assignment)
        changed.append("assignment")
    if overlap is not None:
        project.overlap = fields.overlap(overlap)
        changed.append("overlap")
    if changed:
        project.save(update_fields=changed)
    return project


def _taken() -> Coalesce:
    """How many analysts an article has (assigned or done), as an expression on articles."""
    count = (
        Assignment.objects.filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(count, output_field=IntegerField()), Value(0))


def open_articles(project: Project) -> QuerySet[Article]:
    """The project's articles with fewer than `overlap` analysts, oldest first.

    As "not among the full ones": the full articles are read once (one pass over the project's
    assignments, which PostgreSQL hashes), then articles are read in id order until one is not
    in that set. A count per article, walked in id order, cost a lookup for each full article
    before the first open one: 100 ms at 15,000 full articles, under the project's lock."""
    full = (
        Assignment.objects.filter(project=project)
        .order_by()
        .values("article_id")
        .annotate(n=Count("id"))
        .filter(n__gte=project.overlap)
        .values("article_id")
    )
    return Article.objects.filter(project=project).exclude(pk__in=full).order_by("id")


@transaction.atomic
def next_article(*, project: Project, analyst: AbstractBaseUser) -> Article | None:
    """The analyst's unfinished assigned article, oldest first; else the oldest article with
    fewer than `overlap` analysts that is not theirs yet, now assigned to them; None when
    there is nothing left for them."""
    policy.require(analyst, "span.create", project)
    _lock_project(project.pk)
    current = (
        Assignment.objects.filter(project=project, analyst=analyst, status=ASSIGNED)
        .order_by("assigned_at", "id")
        .select_related("article")
        .first()
    )
    if current is not None:
        return current.article
    # Read after taking the lock: the overlap and the counts are the last committed ones.
    project.refresh_from_db(fields=["overlap"])
    mine = Assignment.objects.filter(article=OuterRef("pk"), analyst=analyst)
    article = open_articles(project).exclude(Exists(mine)).defer("text").first()
    if article is None:
        return None
    Assignment.objects.create(
        project=project, article=article, analyst=analyst, assigned_at=timezone.now()
    )
    return Article.objects.get(pk=article.pk)


@transaction.atomic
def article_done(*, article: Article, user: AbstractBaseUser, done: bool = True) -> Assignment:
    """Close the user's assignment of this article (created, done, in an open project where
    nobody assigned it). `done=False` reopens it."""
    policy.require(user, "span.create", article.project_id)
    policy.require_see_article(user, article)
    now = timezone.now()
    row, created = Assignment.objects.get_or_create(
        article=article,
        analyst=user,
        defaults={
            "project_id": article.project_id,
            "status": DONE if done else ASSIGNED,
            "assigned_at": now,
            "done_at": now if done else None,
        },
    )
    if not created and (row.status == DONE) != done:
        row.status, row.done_at = (DONE, now) if done else (ASSIGNED, None)
        row.save(update_fields=["status", "done_at"])
    return row


def _annotator(project: Project, user: AbstractBaseUser | int | str) -> AbstractBaseUser:
    """A member who may annotate, by user, id or username."""
    users = get_user_model().objects
    if isinstance(user, str):
        found = users.filter(username=user).first()
    elif isinstance(user, int):
        found = users.filter(pk=user).first()
    else:
        found = user
    if found is None or not policy.allowed(found, "span.create", project):
        raise Invalid(
            f"{getattr(found, 'username', user)!r} is not a member of this project who "
            "annotates, so no article can be assigned to them.",
            field="analyst",
        )
    return found


@transaction.atomic
def assignment_create(
    *,
    project: Project,
    article: Article | int,
    analyst: AbstractBaseUser | int | str,
    actor: AbstractBaseUser,
) -> Assignment:
    """A manager assigns one article to one analyst. The overlap limits what `next` and
    `spread` hand out, not a manager's own choice."""
    policy.require(actor, "project.manage", project)
    article_id = article if isinstance(article, int) else article.pk
    if not Article.objects.filter(pk=article_id, project=project).exists():
        raise Invalid(f"There is no article {article_id} in this project.", field="article")
    user = _annotator(project, analyst)
    _lock_project(project.pk)
    try:
        with transaction.atomic():
            return Assignment.objects.create(
                project=project,
                article_id=article_id,
                analyst=user,
                assigned_at=timezone.now(),
                assigned_by=actor,
            )
    except IntegrityError:
        raise Conflict(
            f"Article {article_id} is assigned to {user.username} already.", code="duplicate"
        ) from None


@transaction.atomic
def assign_many(
    *,
    project: Project,
    article_ids: Iterable[int],
    analysts: Iterable[AbstractBaseUser | int | str],
    actor: AbstractBaseUser,
) -> int:
    """Each of these articles to each of these analysts, skipping pairs that exist: how many
    assignments were made."""
    policy.require(actor, "project.manage", project)
    users = [_annotator(project, a) for a in analysts]
    ids = set(
        Article.objects.filter(project=project, pk__in=list(article_ids)).values_list(
            "id", flat=True
        )
    )
    if not users or not ids:
        return 0
    _lock_project(project.pk)
    have = set(
        Assignment.objects.filter(article_id__in=ids, analyst__in=users).values_list(
            "article_id", "analyst_id"
        )
    )
    now = timezone.now()
    rows = [
        Assignment(project=project, article_id=pk, analyst=u, assigned_at=now, assigned_by=actor)
        for pk in sorted(ids)
        for u in users
        if (pk, u.pk) not in have
    ]
    Assignment.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def spread_unassigned(*, project: Project, actor: AbstractBaseUser) -> int:
    """Give every article as many analysts as the overlap asks, spreading them evenly over
    the project's analysts (the least loaded first, never twice the same article): how many
    assignments were made. Linear in slots × log(analysts)."""
    policy.require(actor, "project.manage", project)
    analysts = list(
        Membership.objects.filter(project=project, role=Role.ANALYST)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )
    if not analysts:
        raise Invalid("This project has no analysts to spread its articles over.")
    _lock_project(project.pk)
    project.refresh_from_db(fields=["overlap"])
    load: dict[int, int] = dict.fromkeys(analysts, 0)
    for user_id, n in (
        Assignment.objects.filter(project=project, status=ASSIGNED, analyst_id__in=analysts)
        .values("analyst_id")
        .annotate(n=Count("id"))
        .values_list("analyst_id", "n")
    ):
        load[user_id] = n
    wanting = list(
        open_articles(project).annotate(n=_taken()).values_list("id", "n").iterator(2000)
    )
    has: dict[int, set[int]] = defaultdict(set)
    for article_id, user_id in Assignment.objects.filter(
        article_id__in=[pk for pk, _ in wanting]
    ).values_list("article_id", "analyst_id"):
        has[article_id].add(user_id)
    heap = [(n, user_id) for user_id, n in load.items()]
    heapq.heapify(heap)
    now, rows = timezone.now(), []
    for article_id, taken in wanting:
        skipped = []
        for _ in range(project.overlap - taken):
            while heap and heap[0][1] in has[article_id]:
                skipped.append(heapq.heappop(heap))
            if not heap:
                break  # every analyst has it already
            n, user_id = heapq.heappop(heap)
            has[article_id].add(user_id)
            rows.append(
                Assignment(
                    project=project,
                    article_id=article_id,
                    analyst_id=user_id,
                    assigned_at=now,
                    assigned_by=actor,
                )
            )
            skipped.append((n + 1, user_id))
        for item in skipped:
            heapq.heappush(heap, item)
    Assignment.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


@transaction.atomic
def assignment_delete(*, assignment: Assignment, actor: AbstractBaseUser) -> None:
    policy.require(actor, "project.manage", assignment.project_id)
    if not Assignment.objects.filter(pk=assignment.pk).delete()[0]:
        raise NotFound(f"There is no assignment {assignment.pk} (it may have been deleted).")


@transaction.atomic
def assignments_release(
    *, project: Project, analyst: AbstractBaseUser | int | str, actor: AbstractBaseUser
) -> int:
    """Return an analyst's unfinished assignments to the pool, to be handed out again (a
    stalled analyst, or one leaving): how many. Their spans and finished articles stay."""
    policy.require(actor, "project.manage", project)
    users = get_user_model().objects
    if isinstance(analyst, str):
        user = users.filter(username=analyst).first()
    elif isinstance(analyst, int):
        user = users.filter(pk=analyst).first()
    else:
        user = analyst
    if user is None:
        raise Invalid(f"There is no user {analyst!r}.", field="analyst")
    return member_left(project=project, user=user)


def member_left(*, project: Project, user: AbstractBaseUser) -> int:
    """What removing a member does to the workload (the membership service calls it, having
    checked who asks): their unfinished assignments go back to the pool."""
    _lock_project(project.pk)
    deleted, _ = Assignment.objects.filter(project=project, analyst=user, status=ASSIGNED).delete()
    return deleted


def is_assigned(project: Project) -> bool:
    return project.assignment == AssignmentMode.ASSIGNED
