"""Fixtures of the review tests."""

from __future__ import annotations

import pytest

from newsannot.annotations.relations import relation_create
from tests.conftest import quote_span

CLAIM = "the strikes hit only militant targets"


@pytest.fixture
def relation(article, analyst):
    said = quote_span(
        article,
        analyst,
        "attribution",
        "Officials 🚀 said",
        attributes={"source_type": "official-body", "quote_type": "indirect"},
    )
    claim = quote_span(article, analyst, "unverified-claim", CLAIM)
    return relation_create(
        article=article, type="attributes", from_span=said, to_span=claim, annotator=analyst
    )
