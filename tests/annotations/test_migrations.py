"""Migrations that rebuild the span table keep what they must; 0007 fills in span outlets;
0008 gives existing projects the default relation types and attributes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from newsannot.annotations.models import Span, SpanHistory
from newsannot.annotations.services import span_create
from newsannot.outlets.models import Outlet

BEFORE = ("annotations", "0006_history_outlives_articles")
OUTLETS = ("annotations", "0007_span_outlet")
LATEST = ("annotations", "0008_relations_and_attributes")


def _migrate(target: tuple[str, str]):
    """Migrate to `target`; the historical models there. Going forward to LATEST, every other
    app goes forward too: going back here unapplied their migrations that depend on this app's
    (suggestions' relation dismissals), and the next tests need their tables."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = executor.loader.graph.leaf_nodes() if target == LATEST else [target]
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(target).apps


def _old_spans(apps, article, user, specs: list[tuple[str, str]]) -> list:
    """Spans written with the historical models (the current ones have newer columns), each
    with its history row, as the services wrote them then."""
    OldSpan = apps.get_model("annotations", "Span")
    OldHistory = apps.get_model("annotations", "SpanHistory")
    labels = {
        label.key: label
        for label in apps.get_model("corpus", "Label").objects.filter(project_id=article.project_id)
    }
    spans = []
    for label, quote in specs:
        start = article.text.index(quote)
        span = OldSpan.objects.create(
            project_id=article.project_id,
            article_id=article.pk,
            label=labels[label],
            start=start,
            end=start + len(quote),
            quote=quote,
            annotator_id=user.pk,
        )
        OldHistory.objects.create(
            span_id=span.pk,
            project_id=article.project_id,
            article_id=article.pk,
            actor_id=user.pk,
            action="create",
        )
        spans.append(span)
    return spans


@pytest.mark.django_db(transaction=True)
def test_a_span_table_rebuild_never_hands_a_deleted_spans_id_and_history_to_a_new_span(
    article, analyst
):
    """SQLite rebuilds the table to alter it, which resets its id counter to the highest id
    left; history rows outlive their span and name it by id."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL alters tables in place; its sequences are untouched")
    apps = _migrate(BEFORE)
    try:
        spans = _old_spans(
            apps, article, analyst, [("attribution", "Officials"), ("attribution", "said")]
        )
        last = spans[-1].pk
        spans[-1].delete()  # its history stays
    finally:
        _migrate(LATEST)
    fresh = span_create(
        article=article,
        label="attribution",
        start=19,
        end=25,
        quote=article.text[19:25],
        annotator=analyst,
    )
    assert fresh.pk > last
    assert list(SpanHistory.objects.filter(span_id=fresh.pk).values_list("action", flat=True)) == [
        "create"
    ]


@pytest.mark.django_db(transaction=True)
def test_the_outlet_migration_fills_in_what_state_media_spans_name(article, analyst):
    # A transactional test starts from empty tables: no seeded registry.
    rt, _ = Outlet.objects.get_or_create(name="RT", country="Russia", defaults={"typology": "SC"})
    apps = _migrate(BEFORE)
    try:
        source, claim = _old_spans(
            apps,
            article,
            analyst,
            [("state-media-source", "Source: RT"), ("unverified-claim", "Source: RT")],
        )
    finally:
        _migrate(LATEST)
    assert Span.objects.get(pk=source.pk).outlet_id == rt.pk
    assert Span.objects.get(pk=claim.pk).outlet_id is None  # other labels name no outlet
    assert not Span.objects.filter(outlet_by_hand=True).exists()


@pytest.mark.django_db(transaction=True)
def test_existing_projects_get_the_default_relation_types_and_attributes():
    from newsannot.annotations.models import LabelAttribute, RelationType
    from newsannot.corpus.models import Label, Project

    _migrate(OUTLETS)
    try:
        # The current models: other apps' tables are at their latest state (only this app's
        # migrations went back), and the project is made without the services' seeding.
        project = Project.objects.create(name="Before relations")
        Label.objects.create(project=project, key="attribution", name="Attribution")
    finally:
        _migrate(LATEST)
    assert set(
        RelationType.objects.filter(project_id=project.pk).values_list("key", flat=True)
    ) == {"attributes", "via-outlet"}
    assert dict(
        LabelAttribute.objects.filter(label__project_id=project.pk).values_list("key", "values")
    )["quote_type"] == ["direct", "indirect", "mixed"]
