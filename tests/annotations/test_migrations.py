"""Migrations that rebuild the span table keep what they must."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from newsannot.annotations.models import SpanHistory
from newsannot.annotations.services import span_create, span_delete

BEFORE = ("annotations", "0004_fewer_redundant_indexes")
AFTER = ("annotations", "0005_leaner_writes")


def _migrate(target: tuple[str, str]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


@pytest.mark.django_db(transaction=True)
def test_a_span_table_rebuild_never_hands_a_deleted_spans_id_and_history_to_a_new_span(
    article, analyst
):
    """SQLite rebuilds the table to alter it, which resets its id counter to the highest id
    left; history rows outlive their span and name it by id."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL alters tables in place; its sequences are untouched")
    _migrate(BEFORE)
    try:
        spans = [
            span_create(
                article=article,
                label="attribution",
                start=start,
                end=end,
                quote=article.text[start:end],
                annotator=analyst,
            )
            for start, end in [(0, 9), (10, 14), (15, 18)]
        ]
        last = spans[-1]
        span_delete(span=last, actor=analyst)
    finally:
        _migrate(AFTER)
    fresh = span_create(
        article=article,
        label="attribution",
        start=19,
        end=25,
        quote=article.text[19:25],
        annotator=analyst,
    )
    assert fresh.pk > last.pk
    assert list(SpanHistory.objects.filter(span_id=fresh.pk).values_list("action", flat=True)) == [
        "create"
    ]
