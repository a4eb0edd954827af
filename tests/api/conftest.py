"""Helpers for the API tests: a JSON client per user, and no throttling carried between tests."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.test import Client

from tests.conftest import client_for


@pytest.fixture(autouse=True)
def _fresh_throttles():
    # DRF's throttles count in the cache; a test must not inherit another test's requests.
    cache.clear()
    yield
    cache.clear()


class Api:
    """A test client that speaks JSON; `user=None` is anonymous."""

    def __init__(self, user=None, token: str | None = None) -> None:
        self.client = client_for(user) if user is not None else Client()
        self.headers = {"Authorization": f"Token {token}"} if token else {}

    def get(self, url: str, **params):
        return self.client.get(url, params, headers=self.headers)

    def send(self, method: str, url: str, data=None):
        body = json.dumps(data) if data is not None else ""
        return getattr(self.client, method)(
            url, body, content_type="application/json", headers=self.headers
        )

    def post(self, url: str, data=None):
        return self.send("post", url, data)

    def patch(self, url: str, data=None):
        return self.send("patch", url, data)

    def delete(self, url: str):
        return self.client.delete(url, headers=self.headers)


@pytest.fixture
def api():
    return Api
