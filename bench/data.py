"""Users, projects and corpora for the benchmark, loaded through the project's own bulk path.

The first annotator's spans go in through `import_jsonl` (the importer every upload uses); the
further analysts' spans are copied from them in SQL (`INSERT ... SELECT`), as another analyst's
annotation of the same text would be, each with its own mix of review states.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from bench import corpus
from newsannot.annotations.models import Span
from newsannot.corpus import search
from newsannot.corpus.models import Membership, Project, Role
from newsannot.corpus.services import project_create
from newsannot.ingest.jsonl import import_jsonl

PASSWORD = "bench-password-not-secret"
MANAGER = "bench-manager"
ANALYSTS = [f"analyst-{i:02d}" for i in range(1, 51)]
REVIEWERS = [f"reviewer-{i}" for i in range(1, 6)]
SPANS_PER_ARTICLE = 20
ANNOTATORS = 5  # the importing manager and four analysts


@dataclass
class Loaded:
    project: Project
    articles: int
    spans: int
    import_seconds: float
    copy_seconds: float
    copied: int


def users() -> dict[str, object]:
    """Every benchmark user, created at once with one password hash (hashing is slow on purpose)."""
    User = get_user_model()
    hashed = make_password(PASSWORD)
    names = [MANAGER, *ANALYSTS, *REVIEWERS]
    User.objects.bulk_create(
        [User(username=name, password=hashed) for name in names], ignore_conflicts=True
    )
    return {u.username: u for u in User.objects.filter(username__in=names)}


def project(name: str, people: dict[str, object]) -> Project:
    p = project_create(name=name)
    roles = {MANAGER: Role.MANAGER} | dict.fromkeys(ANALYSTS, Role.ANALYST)
    roles |= dict.fromkeys(REVIEWERS, Role.REVIEWER)
    Membership.objects.bulk_create(
        [Membership(project=p, user=people[name], role=role) for name, role in roles.items()]
    )
    return p


_COPY_SQL = """
INSERT INTO {span} (project_id, article_id, label_id, start, "end", quote, note, annotator_id,
                    origin, status, reviewer_id, reviewed_at, review_reason, version,
                    created_at, updated_at, outlet_id, outlet_by_hand, attributes)
SELECT project_id, article_id, label_id, start, "end", quote, '', %(annotator)s, 'manual',
       new_status,
       CASE WHEN new_status = 'pending' THEN NULL ELSE %(reviewer)s END,
       CASE WHEN new_status = 'pending' THEN NULL ELSE now() END,
       '', 1, now(), now(), outlet_id, false, attributes
FROM (
    SELECT s.*, CASE WHEN %(all_pending)s THEN 'pending'
                     WHEN (s.id * 7 + %(k)s) %% 10 < 5 THEN 'approved'
                     WHEN (s.id * 7 + %(k)s) %% 10 < 8 THEN 'pending'
                     ELSE 'rejected' END AS new_status
    FROM {span} s WHERE s.project_id = %(project)s AND s.annotator_id = %(source)s
) AS s
"""


def copy_spans_to_analysts(
    p: Project, people: dict[str, object], analysts: list[str], *, all_pending: bool = False
) -> int:
    """The importer's spans again, annotated by each of `analysts` (statuses mixed)."""
    sql = _COPY_SQL.format(span=Span._meta.db_table)
    total = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for k, name in enumerate(analysts, start=1):
            cursor.execute(
                sql,
                {
                    "annotator": people[name].pk,
                    "reviewer": people[REVIEWERS[k % len(REVIEWERS)]].pk,
                    "all_pending": all_pending,
                    "k": k,
                    "project": p.pk,
                    "source": people[MANAGER].pk,
                },
            )
            total += cursor.rowcount
    with connection.cursor() as cursor:
        # What autovacuum does a little later on its own: without statistics the planner takes a
        # span's history (one row) for ~3,000 rows and plans a parallel scan (~10 ms, not 0.1).
        cursor.execute("ANALYZE")
    return total


def load(
    p: Project,
    people: dict[str, object],
    articles: list[corpus.GenArticle] | object,
    *,
    analysts: int = ANNOTATORS - 1,
    all_pending: bool = False,
) -> Loaded:
    lines = [corpus.jsonl_line(a) for a in articles]  # generated before the clock starts
    started = time.perf_counter()
    report = import_jsonl(project=p, lines=lines, actor=people[MANAGER])
    imported = time.perf_counter() - started
    search.index_pending()  # the text index's catch-up, before anything else is measured
    started = time.perf_counter()
    copied = copy_spans_to_analysts(p, people, ANALYSTS[:analysts], all_pending=all_pending)
    copy_seconds = time.perf_counter() - started
    return Loaded(p, report.created, report.spans + copied, imported, copy_seconds, copied)


def import_only(
    p: Project, people: dict[str, object], articles: list[corpus.GenArticle], *, batch: int = 500
) -> Loaded:
    """The articles through the importer in `batch`-line imports, as a client sends them, and
    nothing after: no ANALYZE, no other annotators (the state right after a bulk import)."""
    lines = [corpus.jsonl_line(a) for a in articles]
    started = time.perf_counter()
    spans = created = 0
    for i in range(0, len(lines), batch):
        report = import_jsonl(project=p, lines=lines[i : i + batch], actor=people[MANAGER])
        spans += report.spans
        created += report.created
    imported = time.perf_counter() - started
    search.index_pending()  # what the maintenance job does first (no ANALYZE here)
    return Loaded(p, created, spans, imported, 0.0, 0)


def analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def export_project(name: str, total_spans: int, people: dict[str, object], seed: int) -> Loaded:
    """A project holding exactly `total_spans` spans over five annotators."""
    p = project(name, people)
    base = total_spans // ANNOTATORS
    articles = list(corpus.articles_for_spans(base, SPANS_PER_ARTICLE, seed=seed))
    return load(p, people, articles)
