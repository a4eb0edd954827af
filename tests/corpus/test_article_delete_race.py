"""An article deleted while an analyst adds a span to it: no span goes without its delete row.

The delete is held after it has recorded the spans it found; a span created then must wait for
the delete to finish (and find no article), never be stored and then swept away unrecorded by
the article's cascade.
"""

from __future__ import annotations

import threading
from unittest import mock

import pytest
from django.db import connection

from newsannot.annotations.models import Action, Span, SpanHistory
from newsannot.annotations.services import span_create
from newsannot.corpus.models import Article, ArticleDeletion
from newsannot.corpus.services import article_delete
from newsannot.lib.errors import NotFound
from tests.conftest import quote_span

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def on_postgres(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers")


def _in_thread(job, results: dict, key: str) -> threading.Thread:
    def run():
        try:
            results[key] = job()
        except Exception as error:  # reported by the assertions
            results[key] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_span_added_during_the_delete_is_refused_not_lost(on_postgres, article, analyst, manager):
    quote_span(article, analyst, "attribution", "Officials")
    recorded, go = threading.Event(), threading.Event()
    create_record = ArticleDeletion.objects.create

    def held(**fields):
        recorded.set()  # the spans found are deleted and recorded; the article is not gone yet
        assert go.wait(timeout=20)
        return create_record(**fields)

    results: dict = {}
    start = article.text.index("Zhao")

    def add():
        return span_create(
            article=Article.objects.get(pk=article.pk),
            label="attribution",
            start=start,
            end=start + 4,
            quote="Zhao",
            annotator=analyst,
        )

    with mock.patch.object(ArticleDeletion.objects, "create", side_effect=held):
        deleting = _in_thread(lambda: article_delete(article=article, actor=manager), results, "d")
        assert recorded.wait(timeout=20)
        adding = _in_thread(add, results, "add")
        adding.join(timeout=2)  # without the article's lock it would be stored by now
        go.set()
        deleting.join(timeout=20)
        adding.join(timeout=20)
    assert isinstance(results["d"], ArticleDeletion), results
    # The analyst is told, with a 404, rather than a 500.
    assert isinstance(results["add"], NotFound) and "deleted" in results["add"].message, results
    assert not Span.objects.filter(article_id=article.pk).exists()
    history = SpanHistory.objects.filter(article_id=article.pk)
    created = set(history.filter(action=Action.CREATE).values_list("span_id", flat=True))
    deleted = set(history.filter(action=Action.DELETE).values_list("span_id", flat=True))
    assert created == deleted and len(created) == 1
