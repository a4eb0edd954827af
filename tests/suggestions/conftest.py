from __future__ import annotations

import pytest

from newsannot.suggestions.services import suggest_for_articles


@pytest.fixture
def suggested(article):
    suggest_for_articles([article])
    return article
