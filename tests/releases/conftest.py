"""The releases' shared corpus."""

from __future__ import annotations

import pytest

from newsannot.annotations.services import span_review
from newsannot.corpus.services import article_create
from tests.conftest import quote_span

CLAIM = "the strikes hit only militant targets"


@pytest.fixture
def gold(project, article, analyst, analyst2, reviewer, manager):
    """Ten articles over two outlets; the first has the claim marked by two analysts."""
    for n in range(9):
        article_create(
            project=project,
            title=f"Story {n}",
            text=f"Story {n}: officials said the strikes hit only militant targets.",
            outlet="TASS" if n % 2 else "RT",
            created_by=manager,
        )
    for who in (analyst, analyst2):
        span = quote_span(article, who, "unverified-claim", CLAIM)
        span_review(span=span, reviewer=reviewer, decision="approve", version=span.version)
    return article
