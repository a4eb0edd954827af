"""Security tests: no throttling carried between tests."""

from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_throttles():
    # DRF's throttles count in the cache; a test must not inherit another test's requests.
    cache.clear()
    yield
    cache.clear()
