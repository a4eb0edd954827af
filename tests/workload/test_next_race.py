"""Ten analysts ask for their next article at the same moment: no article goes past the overlap,
and nobody gets the same article twice."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection

from newsannot.corpus.models import AssignmentMode, Role
from newsannot.corpus.services import article_create, membership_set
from newsannot.workload.models import Assignment
from newsannot.workload.services import next_article
from tests.conftest import make_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def on_postgres(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers")


@pytest.mark.parametrize("overlap", [1, 2])
def test_ten_analysts_at_once_never_push_an_article_past_the_overlap(
    on_postgres, project, manager, overlap
):
    project.assignment, project.overlap = AssignmentMode.ASSIGNED, overlap
    project.save()
    for i in range(4):
        article_create(project=project, title=f"A{i}", text=f"Text {i}.", created_by=manager)
    analysts = []
    for i in range(10):
        user = make_user(f"analyst{i}")
        membership_set(project=project, user=user, role=Role.ANALYST)
        analysts.append(user)
    barrier = threading.Barrier(len(analysts))
    results: dict[int, object] = {}

    def ask(user):
        try:
            barrier.wait(timeout=20)
            article = next_article(project=project, analyst=user)
            results[user.pk] = article.pk if article else None
        except Exception as error:  # reported below
            results[user.pk] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(u,)) for u in analysts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    errors = [r for r in results.values() if isinstance(r, Exception)]
    assert not errors, errors
    given = [r for r in results.values() if r is not None]
    assert len(given) == 4 * overlap  # every slot filled, the rest told "nothing left"
    per_article = Counter(Assignment.objects.values_list("article_id", flat=True))
    assert set(per_article.values()) == {overlap}
    assert Counter(given) == per_article
