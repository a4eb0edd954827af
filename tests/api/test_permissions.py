"""Who may call what: every endpoint against every kind of user."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model

from tests.api.conftest import Api

USERS = ["anonymous", "analyst", "reviewer", "manager", "outsider", "site_admin"]

# endpoint -> (method, url template, body, expected status per user in USERS order)
MATRIX = {
    "list projects": ("get", "/api/v1/projects/", None, [401, 200, 200, 200, 200, 200]),
    "create project": (
        "post",
        "/api/v1/projects/",
        {"name": "New"},
        [401, 403, 403, 403, 403, 201],
    ),
    "project": ("get", "/api/v1/projects/{project}/", None, [401, 200, 200, 200, 403, 200]),
    "members": ("get", "/api/v1/projects/{project}/members/", None, [401, 403, 403, 200, 403, 200]),
    "add member": (
        "post",
        "/api/v1/projects/{project}/members/",
        {"username": "newbie", "role": "analyst"},
        [401, 403, 403, 201, 403, 201],
    ),
    "articles": (
        "get",
        "/api/v1/projects/{project}/articles/",
        None,
        [401, 200, 200, 200, 403, 200],
    ),
    "add article": (
        "post",
        "/api/v1/projects/{project}/articles/",
        {"title": "New", "text": "A brand new text."},
        [401, 403, 403, 201, 403, 201],
    ),
    "article": ("get", "/api/v1/articles/{article}/", None, [401, 200, 200, 200, 403, 200]),
    "delete article": (
        "delete",
        "/api/v1/articles/{article}/",
        None,
        [401, 403, 403, 204, 403, 204],
    ),
    "article spans": (
        "get",
        "/api/v1/articles/{article}/spans/",
        None,
        [401, 200, 200, 200, 403, 200],
    ),
    "add span": (
        "post",
        "/api/v1/articles/{article}/spans/",
        {"label": "attribution", "start": 0, "end": 9, "quote": "Officials"},
        [401, 201, 201, 201, 403, 201],
    ),
    "project spans": (
        "get",
        "/api/v1/projects/{project}/spans/",
        None,
        [401, 200, 200, 200, 403, 200],
    ),
    "span": ("get", "/api/v1/spans/{span}/", None, [401, 200, 200, 200, 403, 200]),
    "change span": (
        "patch",
        "/api/v1/spans/{span}/",
        {"note": "changed", "version": 1},
        [401, 200, 403, 200, 403, 200],
    ),
    "delete span": ("delete", "/api/v1/spans/{span}/", None, [401, 204, 403, 204, 403, 204]),
    "review span": (
        "post",
        "/api/v1/spans/{span}/review/",
        {"decision": "approve", "version": 1},
        [401, 403, 200, 200, 403, 200],
    ),
    "import": (
        "import",
        "/api/v1/projects/{project}/import/",
        None,
        [401, 403, 403, 201, 403, 201],
    ),
    "export": ("get", "/api/v1/projects/{project}/export/", None, [401, 403, 403, 200, 403, 200]),
}

CASES = [
    pytest.param(name, who, expected, id=f"{name}-{who}")
    for name, (_, _, _, statuses) in MATRIX.items()
    for who, expected in zip(USERS, statuses, strict=True)
]


@pytest.mark.parametrize(("endpoint", "who", "expected"), CASES)
def test_permission_matrix(
    endpoint,
    who,
    expected,
    request,
    project,
    article,
    span,
    reviewer,
    manager,
    outsider,
    site_admin,
):
    get_user_model().objects.create_user(username="newbie", password="x")
    method, template, body, _ = MATRIX[endpoint]
    url = template.format(project=project.pk, article=article.pk, span=span.pk)
    api = Api(None if who == "anonymous" else request.getfixturevalue(who))
    if method == "import":
        line = json.dumps({"title": "Imported", "text": "An imported text."}) + "\n"
        response = api.client.post(url, line.encode(), content_type="application/x-ndjson")
    elif method in ("get", "delete"):
        response = getattr(api, method)(url)
    else:
        response = api.send(method, url, body)
    assert response.status_code == expected, response.content[:300]
    if expected >= 400:
        assert response.json()["detail"]


def test_an_analyst_sees_own_and_approved_spans_but_not_a_colleagues_pending_ones(
    article, span, analyst2
):
    api = Api(analyst2)
    assert api.get(f"/api/v1/spans/{span.pk}/").status_code == 404
    assert api.get(f"/api/v1/articles/{article.pk}/spans/").json()["results"] == []


def test_an_analyst_sees_approved_spans_of_others(article, span, analyst2, reviewer):
    Api(reviewer).post(f"/api/v1/spans/{span.pk}/review/", {"decision": "approve", "version": 1})
    results = Api(analyst2).get(f"/api/v1/articles/{article.pk}/spans/").json()["results"]
    assert [r["id"] for r in results] == [span.pk]


def test_a_member_of_another_project_is_told_they_are_not_a_member(article, outsider):
    response = Api(outsider).get(f"/api/v1/articles/{article.pk}/")
    assert response.json()["detail"] == "You are not a member of this project."


def test_only_managers_export_and_are_told_so(project, analyst, reviewer):
    for user in (analyst, reviewer):
        response = Api(user).get(f"/api/v1/projects/{project.pk}/export/")
        assert response.status_code == 403
        assert response.json()["detail"] == "Only managers of this project can export its corpus."
