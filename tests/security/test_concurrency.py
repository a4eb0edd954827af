"""Analysts and reviewers act on the same article at the same instant: nothing lost, nothing twice.

Each thread gets its own database connection (Django's are per thread) and waits at a barrier, so
the writes really race on PostgreSQL. SQLite serialises writers, so there is nothing to test there.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from newsannot.annotations.models import Action, Span, SpanHistory, Status
from newsannot.annotations.services import span_create, span_review, span_update
from newsannot.lib.errors import DomainError
from tests.conftest import quote_span

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(jobs: list[Callable[[], Any]]) -> list[Any]:
    """Run every job in its own thread, all released at once; return results or errors."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(i: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=20)
            results[i] = job()
        except Exception as error:  # a DomainError, or anything the assertions should report
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    return results


@pytest.fixture
def on_postgres(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers")


def test_the_same_span_sent_eight_times_at_once_is_stored_once(on_postgres, article, analyst):
    quote = "the strikes hit only militant targets"
    start = article.text.index(quote)

    def create():
        mine = type(article).objects.get(pk=article.pk)
        return span_create(
            article=mine,
            label="unverified-claim",
            start=start,
            end=start + len(quote),
            quote=quote,
            annotator=analyst,
        )

    results = race([create] * 8)

    created = [r for r in results if isinstance(r, Span)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(created) == 1, results
    assert len(refused) == 7 and all(r.as_dict()["code"] == "duplicate" for r in refused), results
    assert Span.objects.filter(article=article).count() == 1
    assert SpanHistory.objects.filter(article_id=article.pk, action=Action.CREATE).count() == 1


def test_two_analysts_creating_at_once_both_keep_their_spans(
    on_postgres, article, analyst, analyst2
):
    words = article.text.split()[:12]
    jobs = []
    for user in (analyst, analyst2):
        for word in words:
            start = article.text.index(word)

            def create(user=user, word=word, start=start):
                return span_create(
                    article=article,
                    label="attribution",
                    start=start,
                    end=start + len(word),
                    quote=word,
                    annotator=user,
                )

            jobs.append(create)

    results = race(jobs)

    created = [r for r in results if isinstance(r, Span)]
    # Repeated words ("the") may collide with the same annotator's own span: a 409, never a row.
    assert all(isinstance(r, Span | DomainError) for r in results), results
    assert Span.objects.filter(article=article).count() == len(created)
    ids = set(Span.objects.filter(article=article).values_list("id", flat=True))
    assert ids == {s.pk for s in created}
    creates = SpanHistory.objects.filter(article_id=article.pk, action=Action.CREATE)
    assert sorted(creates.values_list("span_id", flat=True)) == sorted(ids)


def test_reviewers_and_annotators_racing_on_every_span_lose_no_update(
    on_postgres, article, analyst, analyst2, reviewer, reviewer2, manager
):
    spans = []
    for user in (analyst, analyst2):
        for quote in ["Officials", "strikes", "militant targets", "spokesman Zhao", "claims"]:
            spans.append(quote_span(article, user, "attribution", quote))

    jobs: list[Callable[[], Any]] = []
    intents: list[tuple[int, str, Any]] = []
    for span in spans:
        annotator = analyst if span.annotator_id == analyst.pk else analyst2
        for who, decision in ((reviewer, "approve"), (reviewer2, "reject"), (manager, "approve")):

            def review(pk=span.pk, who=who, decision=decision):
                mine = Span.objects.select_related("label", "article").get(pk=pk)
                return span_review(span=mine, reviewer=who, decision=decision, version=1)

            jobs.append(review)
            intents.append((span.pk, "review", (who.pk, decision)))

        def edit(pk=span.pk, annotator=annotator):
            mine = Span.objects.select_related("label", "article").get(pk=pk)
            return span_update(span=mine, actor=annotator, note=f"note by {pk}", version=1)

        jobs.append(edit)
        intents.append((span.pk, "edit", annotator.pk))

    results = race(jobs)

    assert all(isinstance(r, Span | DomainError) for r in results), results
    for span in spans:
        mine = [
            (intent, result)
            for (pk, *intent), result in zip(intents, results, strict=True)
            if pk == span.pk
        ]
        winners = [(intent, r) for intent, r in mine if isinstance(r, Span)]
        # Everyone loaded version 1: exactly one write may land, the rest get a conflict.
        assert len(winners) == 1, mine
        (kind, detail), _ = winners[0]
        span.refresh_from_db()
        assert span.version == 2
        history = SpanHistory.objects.filter(span_id=span.pk)
        assert history.filter(action=Action.CREATE).count() == 1
        reviews = history.filter(action__in=[Action.APPROVE, Action.REJECT])
        if kind == "review":
            who, decision = detail
            assert span.reviewer_id == who
            assert span.status == (Status.APPROVED if decision == "approve" else Status.REJECTED)
            assert reviews.count() == 1 and reviews.get().actor_id == who
            assert span.note == ""
        else:
            assert span.status == Status.PENDING
            assert span.note == f"note by {span.pk}"
            assert reviews.count() == 0
        assert history.count() == 2
