"""The policy table, tried on both faces: for every action and every kind of user, each way the
browser and the API offer to do it is open exactly when `newsannot/policy.py` says so.

The expectations are not written here: they come from the table. A request counts as refused when
it answers 403 or 404 (a non-member is told the project does not exist on pages), and as let
through otherwise (it may still fail for its content, e.g. a 400: the door was open). Every
action must be reachable from both faces; README's table must be the table's own rendering.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client

from newsannot import policy
from newsannot.jobs.services import job_start
from tests.conftest import quote_span

USERS = ("analyst", "reviewer", "manager", "site_admin", "outsider")
ROLE_OF = {
    "analyst": "analyst",
    "reviewer": "reviewer",
    "manager": "manager",
    "site_admin": "admin",
    "outsider": None,
}


@dataclass(frozen=True)
class Probe:
    face: str  # "browser" or "api"
    method: str
    path: Callable[[dict], str]
    body: Callable[[dict], object] | None = None
    kind: str = "json"  # api: "json" or "ndjson"; browser: "form"


# How each action is done, from each face. `w` holds the fixture's ids.
PROBES: dict[str, list[Probe]] = {
    "project.view": [
        Probe("browser", "GET", lambda w: f"/p/{w['project']}/"),
        Probe("api", "GET", lambda w: f"/api/v1/projects/{w['project']}/"),
    ],
    "span.create": [
        Probe(
            "browser",
            "POST",
            lambda w: f"/a/{w['article']}/spans/",
            lambda w: {"label": "attribution", "start": 0, "end": 9, "quote": "Officials"},
            "form",
        ),
        Probe(
            "api",
            "POST",
            lambda w: f"/api/v1/articles/{w['article']}/spans/",
            lambda w: {"label": "attribution", "start": 0, "end": 9, "quote": "Officials"},
        ),
    ],
    "span.see_all": [
        # A colleague's pending span: only those who see everyone's spans find it.
        Probe("browser", "GET", lambda w: f"/a/{w['article']}/spans/{w['pending']}/"),
        Probe("api", "GET", lambda w: f"/api/v1/spans/{w['pending']}/"),
    ],
    "span.review": [
        Probe(
            "browser",
            "POST",
            lambda w: f"/p/{w['project']}/review/{w['pending']}/decide/",
            lambda w: {"decision": "approve", "version": "1"},
            "form",
        ),
        Probe(
            "api",
            "POST",
            lambda w: f"/api/v1/spans/{w['pending']}/review/",
            lambda w: {"decision": "approve", "version": 1},
        ),
    ],
    "span.edit_any": [
        Probe(
            "browser",
            "POST",
            lambda w: f"/a/{w['article']}/spans/{w['pending']}/edit/",
            lambda w: {"note": "edited", "version": "1"},
            "form",
        ),
        Probe(
            "api",
            "PATCH",
            lambda w: f"/api/v1/spans/{w['pending']}/",
            lambda w: {"note": "edited", "version": 1},
        ),
    ],
    "project.dashboard": [
        Probe("browser", "GET", lambda w: f"/p/{w['project']}/dashboard/"),
    ],
    "article.add": [
        Probe("browser", "GET", lambda w: f"/p/{w['project']}/articles/add/"),
        Probe(
            "api",
            "POST",
            lambda w: f"/api/v1/projects/{w['project']}/articles/",
            lambda w: {"title": "New", "text": "A brand new text."},
        ),
        Probe(
            "api",
            "POST",
            lambda w: f"/api/v1/projects/{w['project']}/import/",
            lambda w: {"title": "Imported", "text": "An imported text."},
            "ndjson",
        ),
    ],
    "article.delete": [
        Probe("api", "DELETE", lambda w: f"/api/v1/articles/{w['article']}/"),
    ],
    "corpus.export": [
        Probe("browser", "GET", lambda w: f"/p/{w['project']}/export/?format=jsonl"),
        Probe("api", "GET", lambda w: f"/api/v1/projects/{w['project']}/export/"),
    ],
    "project.manage": [
        Probe("browser", "GET", lambda w: f"/p/{w['project']}/members/"),
        Probe("api", "GET", lambda w: f"/api/v1/projects/{w['project']}/members/"),
    ],
    "jobs.see_all": [
        Probe("api", "GET", lambda w: f"/api/v1/jobs/{w['job']}/"),
    ],
    "release.create": [
        Probe("browser", "GET", lambda w: f"/p/{w['project']}/releases/"),
        Probe("api", "GET", lambda w: f"/api/v1/projects/{w['project']}/releases/"),
    ],
}
# Actions the browser does not offer yet (the manager's console will): listed, so that adding a
# page means adding its probe here, and no action silently has one face only.
API_ONLY_FOR_NOW = {"article.delete", "jobs.see_all"}
BROWSER_ONLY = {"project.dashboard"}  # a page of charts; the API has no dashboard


def test_every_action_is_probed_on_both_faces():
    assert set(PROBES) == set(policy.ACTIONS)
    for action, probes in PROBES.items():
        faces = {p.face for p in probes}
        wanted = {"browser", "api"}
        if action in API_ONLY_FOR_NOW:
            wanted = {"api"}
        if action in BROWSER_ONLY:
            wanted = {"browser"}
        assert faces == wanted, action


@pytest.fixture
def world(project, article, analyst, analyst2, reviewer, manager, outsider, site_admin):
    pending = quote_span(article, analyst2, "attribution", "spokesman Zhao")
    job = job_start(kind="import", project_id=project.pk, created_by=analyst2, params={})
    return {
        "project": project.pk,
        "article": article.pk,
        "pending": pending.pk,
        "job": job.pk,
    }


def _send(client: Client, probe: Probe, w: dict):
    path = probe.path(w)
    body = probe.body(w) if probe.body else None
    if probe.method == "GET":
        return client.get(path)
    if probe.kind == "form":
        return client.post(path, body, headers={"HX-Request": "true"})
    if probe.kind == "ndjson":
        data = (json.dumps(body) + "\n").encode()
        return client.generic("POST", path, data, content_type="application/x-ndjson")
    return client.generic(probe.method, path, json.dumps(body or {}), "application/json")


CASES = [
    pytest.param(action, i, user, id=f"{action}-{probe.face}{i}-{user}")
    for action, probes in PROBES.items()
    for i, probe in enumerate(probes)
    for user in USERS
]


@pytest.mark.parametrize(("action", "index", "user"), CASES)
def test_each_face_opens_exactly_when_the_table_says(world, request, action, index, user):
    probe = PROBES[action][index]
    client = Client()
    client.force_login(request.getfixturevalue(user))
    cache.clear()  # API throttles
    response = _send(client, probe, world)
    role = ROLE_OF[user]
    allowed = role is not None and role in policy.ACTIONS[action].roles
    refused = response.status_code in {403, 404}
    assert refused is not allowed, (response.status_code, response.content[:200])
    if refused and probe.face == "api":
        assert response.json()["detail"]


def test_readme_shows_the_table_itself():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert policy.markdown_table() in readme
