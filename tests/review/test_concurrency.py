"""Two reviewers decide the same span at the same instant: one wins, the other gets a Conflict."""

from __future__ import annotations

import threading

import pytest
from django.db import close_old_connections, connection

from newsannot.annotations.models import Span, SpanHistory, Status
from newsannot.annotations.services import span_review
from newsannot.lib.errors import Conflict


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_reviewers_at_once_exactly_one_wins(span, reviewer, reviewer2):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers")
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def decide(user, decision):
        try:
            mine = Span.objects.get(pk=span.pk)  # each thread its own connection
            barrier.wait(timeout=10)
            span_review(span=mine, reviewer=user, decision=decision, version=1)
            outcomes[user.username] = "won"
        except Conflict as error:
            outcomes[user.username] = error
        finally:
            close_old_connections()
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(reviewer, "approve")),
        threading.Thread(target=decide, args=(reviewer2, "reject")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    won = [name for name, result in outcomes.items() if result == "won"]
    lost = [result for result in outcomes.values() if isinstance(result, Conflict)]
    assert len(won) == 1 and len(lost) == 1
    assert f"changed by {won[0]}" in lost[0].message
    span.refresh_from_db()
    assert span.version == 2
    assert span.status == (Status.APPROVED if won == ["rita"] else Status.REJECTED)
    reviews = SpanHistory.objects.filter(span_id=span.pk, action__in=["approve", "reject"])
    assert reviews.count() == 1
