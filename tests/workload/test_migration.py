"""Folding "marked done" (corpus.Completion) into assignments keeps every finished article."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from newsannot.workload.models import Assignment, AssignmentStatus

BEFORE = [("corpus", "0006_article_project_id_order"), ("workload", None)]
AFTER = [("corpus", "0007_project_workload_completion_to_assignment")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets[0]).apps


@pytest.mark.django_db(transaction=True)
def test_completions_become_finished_assignments(article, analyst, analyst2):
    try:
        apps = _migrate(BEFORE)
        Completion = apps.get_model("corpus", "Completion")
        for user in (analyst, analyst2):
            Completion.objects.create(article_id=article.pk, user_id=user.pk)
        _migrate(AFTER)
        rows = Assignment.objects.order_by("analyst__username")
        assert [(r.analyst.username, r.status, r.project_id) for r in rows] == [
            ("alice", AssignmentStatus.DONE, article.project_id),
            ("amir", AssignmentStatus.DONE, article.project_id),
        ]
        assert all(r.done_at == r.assigned_at and r.done_at for r in rows)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
