"""Hostile JSON into every write endpoint and the import: a 4xx naming the problem, never a 5xx.

Property-based: arbitrary JSON values of every type (null, booleans, huge integers, floats,
strings with control characters and unpaired surrogates, nested lists and objects) in place of
each field, the whole body, or a field of an import line or of one of its spans. Derandomized
and bounded, so the run is repeatable and quick; every example is rolled back.
"""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsannot.corpus.models import Article
from tests.api.conftest import Api
from tests.conftest import quote_span

NESTED = "[" * 100_000 + "]" * 100_000
LONG_INT = "9" * 5000  # past Python's 4,300-digit limit for reading an integer

STRINGS = st.text(st.characters(exclude_categories=()), max_size=12) | st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "\ud800",
        "a\udfffb",
        "javascript:alert(1)",
        "2024-03-01",
        "approved",
        "attribution",
        "https://example.org/a",
        "\u202e",
        "🚀" * 3,
        "x" * 600,
    ]
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([-1, 0, 1, 2**31, 2**63, 2**64, 10**4000])
    | st.floats()
    | STRINGS
)
# Every type about as often as every other: containers are where unhashable-type bugs hide.
JSON = st.one_of(
    st.none(),
    st.booleans(),
    st.integers() | st.sampled_from([-1, 0, 1, 2**31, 2**63, 2**64, 10**4000]),
    st.floats(),
    STRINGS,
    st.lists(SCALARS, max_size=3),
    st.dictionaries(STRINGS, SCALARS, max_size=3),
    st.recursive(
        SCALARS,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(STRINGS, inner, max_size=3),
        max_leaves=6,
    ),
)
ANY_FIELD = settings(
    max_examples=20,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ANY_BODY = settings(ANY_FIELD, max_examples=40)


def mutated(base: dict) -> st.SearchStrategy:
    """The base body with some fields replaced by any JSON, dropped, or joined by others; or
    not an object at all."""
    changes = st.dictionaries(st.sampled_from(sorted(base)), JSON | st.just(...), max_size=3)
    extra = st.dictionaries(STRINGS, JSON, max_size=1)

    def apply(changed: dict, added: dict) -> dict:
        body = {**base, **added}
        for key, value in changed.items():
            if value is ...:
                body.pop(key, None)
            else:
                body[key] = value
        return body

    return st.builds(apply, changes, extra) | JSON


def send(api: Api, method: str, url: str, body: str):
    cache.clear()  # the throttles count in the cache
    with transaction.atomic():
        response = getattr(api.client, method)(
            url, body, content_type="application/json", headers=api.headers
        )
        transaction.set_rollback(True)  # every example starts from the same rows
    return response


def assert_refused_or_done(response) -> None:
    assert response.status_code < 500, response.content[:300]
    if response.status_code >= 400:
        body = response.json()  # JSON, and encodable: no unpaired surrogate in a message
        assert isinstance(body, dict) and body.get("detail"), body


@pytest.fixture
def endpoints(project, article, analyst, reviewer, manager, site_admin):
    span = quote_span(article, analyst, "attribution", "spokesman Zhao")
    where = {
        "token": (Api(), "post", "/api/v1/auth/token/"),
        "project create": (Api(site_admin), "post", "/api/v1/projects/"),
        "members": (Api(manager), "post", f"/api/v1/projects/{project.pk}/members/"),
        "article create": (Api(manager), "post", f"/api/v1/projects/{project.pk}/articles/"),
        "span create": (Api(analyst), "post", f"/api/v1/articles/{article.pk}/spans/"),
        "span patch": (Api(analyst), "patch", f"/api/v1/spans/{span.pk}/"),
        "review": (Api(reviewer), "post", f"/api/v1/spans/{span.pk}/review/"),
    }
    return {name: (*where[name], BODIES[name]) for name in where}


WRITES = [
    "token",
    "project create",
    "members",
    "article create",
    "span create",
    "span patch",
    "review",
]


@pytest.mark.parametrize("name", WRITES)
def test_a_body_nested_too_deeply_is_a_400(endpoints, name):
    api, method, url, _ = endpoints[name]
    response = send(api, method, url, NESTED)
    assert response.status_code == 400
    assert "nests arrays or objects too deeply" in response.json()["detail"]


@pytest.mark.parametrize("name", WRITES)
def test_a_number_too_long_to_read_is_a_400(endpoints, name):
    api, method, url, _ = endpoints[name]
    response = send(api, method, url, '{"version": ' + LONG_INT + "}")
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


BODIES = {
    "token": {"username": "alice", "password": "alice-pw"},
    "project create": {
        "name": "New",
        "description": "",
        "guidelines": "",
        "labels": [{"key": "claim", "name": "Claim", "color": "#aa0000", "shortcut": "c"}],
    },
    "members": {"username": "alice", "role": "reviewer"},
    "article create": {
        "title": "T",
        "text": "Some text.",
        "url": "https://example.org/t",
        "outlet": "RT",
        "published_at": "2024-03-01",
        "external_id": "e-1",
    },
    "span create": {"label": "attribution", "start": 0, "end": 9, "quote": "Officials", "note": ""},
    "span patch": {"version": 1, "label": "unverified-claim", "note": "n"},
    "review": {"decision": "approve", "version": 1, "reason": "", "label": "attribution"},
}
FIELDS = [(name, key) for name, body in BODIES.items() for key in body]
FIELDS += [("project create", f"labels.0.{key}") for key in BODIES["project create"]["labels"][0]]


def replaced(body: dict, path: str, value: object) -> dict:
    body = json.loads(json.dumps(body))  # a deep copy
    *outer, last = path.split(".")
    target = body
    for step in outer:
        target = target[int(step) if step.isdigit() else step]
    target[last] = value
    return body


@pytest.mark.parametrize(("name", "field"), FIELDS)
@ANY_FIELD
@given(value=JSON)
def test_any_json_in_any_field_is_never_a_server_error(endpoints, name, field, value):
    api, method, url, base = endpoints[name]
    assert_refused_or_done(send(api, method, url, json.dumps(replaced(base, field, value))))


@pytest.mark.parametrize("name", WRITES)
@ANY_BODY
@given(data=st.data())
def test_any_json_body_is_never_a_server_error(endpoints, name, data):
    api, method, url, base = endpoints[name]
    assert_refused_or_done(send(api, method, url, json.dumps(data.draw(mutated(base)))))


# -- the JSON Lines import --------------------------------------------------------------------

LINE = {
    "title": "T",
    "text": "Officials said the strikes hit only militant targets.",
    "url": "https://example.org/t",
    "outlet": "RT",
    "published_at": "2024-03-01",
    "external_id": "e-1",
}
SPAN = {
    "start": 0,
    "end": 9,
    "label": "attribution",
    "quote": "Officials",
    "status": "approved",
    "note": "n",
}


def post_import(api: Api, project, body: bytes):
    cache.clear()
    with transaction.atomic():
        response = api.client.post(
            f"/api/v1/projects/{project.pk}/import/", body, content_type="application/x-ndjson"
        )
        transaction.set_rollback(True)
    return response


IMPORT_FIELDS = [*LINE, "spans", *(f"spans.0.{key}" for key in SPAN)]


@pytest.mark.parametrize("field", IMPORT_FIELDS)
@ANY_FIELD
@given(value=JSON)
def test_any_json_in_any_field_of_an_import_line_is_never_a_server_error(
    project, manager, field, value
):
    line = replaced({**LINE, "spans": [SPAN, SPAN]}, field, value)
    response = post_import(Api(manager), project, json.dumps(line).encode() + b"\n")
    assert_refused_or_done(response)
    for error in response.json().get("errors", []) if response.status_code == 400 else []:
        assert error["line"] == 1 and error["detail"]


@ANY_BODY
@given(data=st.data())
def test_any_json_import_line_is_never_a_server_error(project, manager, data):
    span = data.draw(mutated(SPAN))
    line = data.draw(mutated({**LINE, "spans": [span, span]}))
    assert_refused_or_done(post_import(Api(manager), project, json.dumps(line).encode()))


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            '{"title": "T", "text": "Some text.", "spans": [{"start": 0, "end": 4, '
            '"label": ["a"]}]}',
            "span 1: label must be a label's key, not ['a'].",
        ),
        (
            '{"title": "T", "text": "Some text.", "spans": [{"start": 0, "end": 4, '
            '"label": "attribution", "status": {"a": []}}]}',
            "span 1: Unknown status {'a': []}; it is one of pending, approved, rejected.",
        ),
        (
            '{"title": "T", "text": "Some text.", "spans": [{"start": 0, "end": ' + LONG_INT + ", "
            '"label": "attribution"}]}',
            "The line holds a number with more than 4,300 digits; no field takes one.",
        ),
        ('{"title": "T", "text": "Some text.", "\\ud800": 1}', "Unknown field(s): '\\ud800'."),
        (NESTED, "The line nests JSON too deeply to be an article."),
    ],
)
def test_each_import_line_that_was_a_500_is_a_400_naming_the_problem(
    project, manager, line, message
):
    response = post_import(Api(manager), project, line.encode() + b"\n")
    assert response.status_code == 400
    assert response.json()["errors"] == [{"line": 1, "detail": message}]
    assert not Article.objects.exists()
