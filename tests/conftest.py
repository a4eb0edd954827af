"""Shared fixtures: one project with the default labels and a named user for every role."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from newsannot.annotations.services import span_create
from newsannot.corpus.models import Role
from newsannot.corpus.services import article_create, membership_set, project_create

# Written for the tests: an emoji (astral, two UTF-16 units), CJK, a combining accent, paragraphs.
ARTICLE_TEXT = (
    "Officials 🚀 said the strikes hit only militant targets.\n\n"
    "外交部 spokesman Zhao told a media briefing that the claims were false.\n\n"
    "Cafe\u0301 owners disagreed. Source: RT\n"
)


def make_user(username: str, **extra):
    return get_user_model().objects.create_user(
        username=username, password=f"{username}-pw", **extra
    )


@pytest.fixture
def project(db):
    return project_create(name="Test project")


@pytest.fixture
def other_project(db):
    return project_create(name="Other project")


def _member(project, username: str, role: str):
    user = make_user(username)
    membership_set(project=project, user=user, role=role)
    return user


@pytest.fixture
def analyst(project):
    return _member(project, "alice", Role.ANALYST)


@pytest.fixture
def analyst2(project):
    return _member(project, "amir", Role.ANALYST)


@pytest.fixture
def reviewer(project):
    return _member(project, "rita", Role.REVIEWER)


@pytest.fixture
def reviewer2(project):
    return _member(project, "ravi", Role.REVIEWER)


@pytest.fixture
def manager(project):
    return _member(project, "mona", Role.MANAGER)


@pytest.fixture
def outsider(other_project):
    """A manager of another project: a member somewhere, but not of `project`."""
    return _member(other_project, "otto", Role.MANAGER)


@pytest.fixture
def site_admin(db):
    return make_user("root", is_superuser=True, is_staff=True)


@pytest.fixture
def article(project, manager):
    return article_create(
        project=project,
        title="Strikes hit 'only militant targets', ministry says",
        text=ARTICLE_TEXT,
        outlet="RT",
        url="https://example.org/a",
        external_id="t-1",
        created_by=manager,
    ).article


def quote_span(article, user, label: str, quote: str, **kwargs):
    """Create a span by its quote (first occurrence), the way the tests talk about text."""
    start = article.text.index(quote)
    return span_create(
        article=article,
        label=label,
        start=start,
        end=start + len(quote),
        quote=quote,
        annotator=user,
        **kwargs,
    )


@pytest.fixture
def span(article, analyst):
    return quote_span(article, analyst, "unverified-claim", "the strikes hit only militant targets")


@pytest.fixture
def run_jobs(db):
    """Run every queued job here and now, as a worker would (in this test's transaction)."""
    return drain_jobs


def drain_jobs(limit: int = 100, *, only: int | None = None) -> int:
    """Run queued jobs until none is left (more than `limit` is an error), or just the next
    `only` of them."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while ran < (only or limit):
        task = DBTaskResult.objects.ready().first()  # the worker's order: priority, then age
        if task is None:
            return ran
        task.claim(worker.worker_id)
        worker.run_task(task)  # the library's own run: our task, its success or failure
        ran += 1
    if only:
        return ran
    raise AssertionError(f"still jobs queued after {limit} runs")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def undo_id_in(html: str, *, relation: bool = False) -> str:
    """The history row the notice's Undo reverses, as the page holds it: a span's row id, or
    with `relation` a relation's ("r<id>")."""
    return re.search(r'data-undo="(r\d+)"' if relation else r'data-undo="(\d+)"', html).group(1)
