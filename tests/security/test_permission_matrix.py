"""Every URL, every method it accepts, for every kind of user: the status each one gets.

The matrix is the spec: a route missing from it (or one in it that no longer exists) fails the
test, so a new page or endpoint cannot ship without someone deciding who may use it. Django's
admin (its own staff checks) and static files are the only routes left out, explicitly.

Users: anon (not logged in), analyst, reviewer and manager of the project, outsider (a manager
of another project) and admin (superuser). Pages answer anonymous users with a redirect to the
login page (302); the API answers 401. Requests carry empty or harmless bodies: the point is
who gets past the door, not what happens inside (the views' own tests cover that).
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from newsannot.annotations.relations import relation_create
from newsannot.jobs.services import job_start
from newsannot.outlets.models import Outlet
from newsannot.releases.models import Release
from newsannot.suggestions.models import Suggestion
from newsannot.workload.models import Assignment
from newsannot.workload.services import assign_many
from tests.conftest import quote_span

ROLES = ("anon", "analyst", "reviewer", "manager", "outsider", "admin")
EXCLUDED_PREFIXES = ("admin/", "static/")


def _row(anon, analyst, reviewer, manager, outsider, admin):
    return dict(zip(ROLES, (anon, analyst, reviewer, manager, outsider, admin), strict=True))


# fmt: off
# Each row: _row(anon, analyst, reviewer, manager, outsider, admin). Routes list only the
# methods they accept (others answer 405). The outlet pages accept any method (they render on
# PATCH/DELETE too): recorded as they are, reported to be tightened.
MATRIX: dict[str, dict[str, dict[str, int]]] = {
    "annotate": {"GET": _row(302, 200, 200, 200, 404, 200)},
    "api-article": {
        "GET": _row(401, 200, 200, 200, 403, 200),
        "DELETE": _row(401, 403, 403, 204, 403, 204),
    },
    "api-article-spans": {
        "GET": _row(401, 200, 200, 200, 403, 200),
        "POST": _row(401, 400, 400, 400, 403, 400),
    },
    "api-article-relations": {
        "GET": _row(401, 200, 200, 200, 403, 200),
        "POST": _row(401, 400, 400, 400, 403, 400),
    },
    "api-articles": {
        "GET": _row(401, 200, 200, 200, 403, 200),
        "POST": _row(401, 403, 403, 400, 403, 400),
    },
    "api-docs": {"GET": _row(200, 200, 200, 200, 200, 200)},
    "api-export": {"GET": _row(401, 403, 403, 200, 403, 200)},
    "api-guidelines": {
        "GET": _row(401, 200, 200, 200, 403, 200),
        "PUT": _row(401, 403, 403, 400, 403, 400),
    },
    "api-import": {"POST": _row(401, 403, 403, 415, 403, 415)},
    "api-job": {"GET": _row(401, 200, 404, 200, 404, 200)},
    "api-job-cancel": {"POST": _row(401, 200, 404, 200, 404, 200)},
    "api-jobs": {"GET": _row(401, 200, 200, 200, 403, 200)},
    "api-label": {"PATCH": _row(401, 403, 403, 200, 403, 200)},
    "api-labels": {
        "GET": _row(401, 200, 200, 200, 403, 200),
        "POST": _row(401, 403, 403, 400, 403, 400),
    },
    "api-logout": {"POST": _row(401, 204, 204, 204, 204, 204)},
    "api-member": {
        "PATCH": _row(401, 403, 403, 400, 403, 400),
        "DELETE": _row(401, 403, 403, 204, 403, 204),
    },
    "api-members": {
        "GET": _row(401, 403, 403, 200, 403, 200),
        "POST": _row(401, 403, 403, 400, 403, 400),
    },
    "api-project": {
        "GET": _row(401, 200, 200, 200, 403, 200),
        "PATCH": _row(401, 403, 403, 200, 403, 200),
    },
    "api-next": {"POST": _row(401, 200, 204, 204, 403, 204)},  # overlap 1: the article is taken
    "api-assignments": {
        "GET": _row(401, 200, 200, 200, 403, 200),
        "POST": _row(401, 403, 403, 400, 403, 400),
    },
    "api-assignments-release": {"POST": _row(401, 403, 403, 400, 403, 400)},
    "api-assignment": {"DELETE": _row(401, 403, 403, 204, 403, 204)},
    "api-done": {"POST": _row(401, 200, 200, 200, 403, 200)},
    # A release still building: its files answer 400 (not ready) to those let in.
    "api-release": {
        "GET": _row(401, 403, 403, 200, 404, 200),
        "DELETE": _row(401, 403, 403, 403, 404, 204),
    },
    "api-release-datasheet": {"GET": _row(401, 403, 403, 200, 404, 200)},
    "api-release-diff": {"GET": _row(401, 403, 403, 400, 404, 400)},
    "api-release-export": {"GET": _row(401, 403, 403, 400, 404, 400)},
    "api-releases": {
        "GET": _row(401, 403, 403, 200, 403, 200),
        "POST": _row(401, 403, 403, 400, 403, 400),
    },
    "api-project-spans": {"GET": _row(401, 200, 200, 200, 403, 200)},
    "api-projects": {
        "GET": _row(401, 200, 200, 200, 200, 200),
        "POST": _row(401, 403, 403, 403, 403, 400),
    },
    "api-relation": {
        "GET": _row(401, 200, 200, 200, 403, 200),
        "PATCH": _row(401, 400, 400, 400, 403, 400),
        "DELETE": _row(401, 204, 403, 204, 403, 204),
    },
    "api-relation-review": {"POST": _row(401, 400, 400, 400, 403, 400)},
    "api-review": {"POST": _row(401, 400, 400, 400, 403, 400)},
    "api-schema": {"GET": _row(200, 200, 200, 200, 200, 200)},
    "api-span": {
        "GET": _row(401, 200, 200, 200, 403, 200),
        "PATCH": _row(401, 400, 400, 400, 403, 400),
        "DELETE": _row(401, 204, 403, 204, 403, 204),
    },
    "api-who-said-what": {"GET": _row(401, 200, 200, 200, 403, 200)},
    "api-token": {"POST": _row(400, 400, 400, 400, 400, 400)},
    "article-add": {
        "GET": _row(302, 403, 403, 200, 404, 200),
        "POST": _row(302, 403, 403, 400, 404, 400),
    },
    "article-approve-agreed": {"POST": _row(302, 403, 400, 400, 403, 400)},
    "article-done": {"POST": _row(302, 302, 302, 302, 404, 302)},
    "article-list": {"GET": _row(302, 200, 200, 200, 404, 200)},
    "article-review": {"GET": _row(302, 403, 200, 200, 403, 200)},
    "console-export": {"GET": _row(302, 403, 403, 200, 404, 200)},
    "console-label-edit": {"POST": _row(302, 403, 403, 302, 404, 302)},
    "console-label-retire": {"POST": _row(302, 403, 403, 302, 404, 302)},
    "console-relation-types": {"POST": _row(302, 403, 403, 400, 404, 400)},
    "console-relation-type-retire": {"POST": _row(302, 403, 403, 302, 404, 302)},
    "console-labels": {
        "GET": _row(302, 403, 403, 200, 404, 200),
        "POST": _row(302, 403, 403, 400, 404, 400),
    },
    "console-member-remove": {"POST": _row(302, 403, 403, 302, 404, 302)},
    "console-member-role": {"POST": _row(302, 403, 403, 400, 404, 400)},
    "console-members": {
        "GET": _row(302, 403, 403, 200, 404, 200),
        "POST": _row(302, 403, 403, 400, 404, 400),
    },
    # Anyone logged in sets their own text size; an empty body names no size (400).
    "font-size": {"POST": _row(302, 400, 400, 400, 400, 400)},
    # Anyone logged in shows or hides all relations for themselves (no "show": hidden).
    "show-relations": {"POST": _row(302, 302, 302, 302, 302, 302)},
    "guidelines": {"GET": _row(302, 200, 200, 200, 404, 200)},
    "guidelines-edit": {
        "GET": _row(302, 403, 403, 200, 404, 200),
        "POST": _row(302, 403, 403, 302, 404, 302),
    },
    "login": {
        "GET": _row(200, 302, 302, 302, 302, 302),
        "POST": _row(200, 302, 302, 302, 302, 302),
    },
    "logout": {"POST": _row(302, 302, 302, 302, 302, 302)},
    "outlet-edit": {
        "GET": _row(302, 403, 403, 200, 200, 200),
        "POST": _row(302, 403, 403, 400, 400, 400),
        "PATCH": _row(302, 403, 403, 200, 200, 200),
        "DELETE": _row(302, 403, 403, 200, 200, 200),
    },
    "outlet-alias-add": {"POST": _row(302, 403, 403, 400, 400, 400)},
    "outlet-alias-delete": {"POST": _row(302, 403, 403, 404, 404, 404)},
    "outlet-list": {
        "GET": _row(302, 403, 403, 200, 200, 200),
        "POST": _row(302, 403, 403, 200, 200, 200),
        "PATCH": _row(302, 403, 403, 200, 200, 200),
        "DELETE": _row(302, 403, 403, 200, 200, 200),
    },
    "outlet-new": {
        "GET": _row(302, 403, 403, 200, 200, 200),
        "POST": _row(302, 403, 403, 400, 400, 400),
        "PATCH": _row(302, 403, 403, 200, 200, 200),
        "DELETE": _row(302, 403, 403, 200, 200, 200),
    },
    "project-dashboard": {"GET": _row(302, 403, 200, 200, 403, 200)},
    "project-job-cancel": {"POST": _row(302, 302, 302, 302, 404, 302)},
    "project-jobs": {"GET": _row(302, 200, 200, 200, 404, 200)},
    "project-jobs-strip": {"GET": _row(302, 200, 200, 200, 404, 200)},
    "project-list": {"GET": _row(302, 200, 200, 200, 200, 200)},
    "relation-add": {"POST": _row(302, 302, 302, 302, 404, 302)},
    # The connectors' data: the relations each member can see (policy.visible_relations).
    "article-relations": {"GET": _row(302, 200, 200, 200, 404, 200)},
    "relation-delete": {"POST": _row(302, 302, 302, 302, 404, 302)},
    "relation-suggestion": {"POST": _row(302, 302, 302, 302, 404, 302)},
    "project-releases": {
        "GET": _row(302, 403, 403, 200, 404, 200),
        "POST": _row(302, 403, 403, 400, 404, 400),
    },
    # The fixture's release is still building (400: not ready); a diff needs ?to= (404).
    "release-datasheet": {"GET": _row(302, 403, 403, 200, 404, 200)},
    "release-diff": {"GET": _row(302, 403, 403, 404, 404, 404)},
    "release-download": {"GET": _row(302, 403, 403, 400, 404, 400)},
    "review-bulk-approve": {"POST": _row(302, 403, 400, 400, 403, 400)},
    "review-decide": {"POST": _row(302, 403, 400, 400, 403, 400)},
    "review-item": {"GET": _row(302, 403, 200, 200, 403, 200)},
    "review-queue": {"GET": _row(302, 403, 200, 200, 403, 200)},
    # A relation's review item and decision: as a span's (the fixture's relation is the analyst's).
    "review-relation-decide": {"POST": _row(302, 403, 400, 400, 403, 400)},
    "review-relation-item": {"GET": _row(302, 403, 200, 200, 403, 200)},
    "review-reopen": {"POST": _row(302, 403, 403, 400, 403, 400)},
    "span-add": {"POST": _row(302, 302, 302, 302, 404, 302)},
    "span-decide": {"POST": _row(302, 302, 302, 302, 404, 302)},
    "span-delete": {"POST": _row(302, 302, 302, 302, 404, 302)},
    "span-detail": {"GET": _row(302, 302, 302, 302, 404, 302)},
    "span-list-more": {"GET": _row(302, 400, 400, 400, 404, 400)},  # no ?after: a bad request
    "span-edit": {"POST": _row(302, 302, 302, 302, 404, 302)},
    "who-said-what": {
        "GET": _row(302, 200, 200, 200, 404, 200),
        "POST": _row(302, 403, 403, 400, 404, 400),
    },
    "next-article": {"POST": _row(302, 302, 302, 302, 404, 302)},
    "workload-assign": {"POST": _row(302, 403, 403, 302, 404, 302)},
    "workload-spread": {"POST": _row(302, 403, 403, 302, 404, 302)},
    "workload-release": {"POST": _row(302, 403, 403, 302, 404, 302)},
    "workload-settings": {"POST": _row(302, 403, 403, 302, 404, 302)},
    "span-undo": {"POST": _row(302, 302, 302, 302, 404, 302)},
    "suggestion-accept": {"POST": _row(302, 200, 200, 200, 403, 200)},
    "suggestion-accept-all": {"POST": _row(302, 404, 404, 404, 403, 404)},
    "suggestion-dismiss": {"POST": _row(302, 200, 200, 200, 403, 200)},
    "suggestion-job": {"GET": _row(302, 200, 200, 200, 403, 200)},
    "suggestion-panel": {"GET": _row(302, 200, 200, 200, 403, 200)},
    "suggestion-run": {"POST": _row(302, 200, 200, 200, 403, 200)},
}
# fmt: on


def _routes(resolver=None, prefix: str = ""):
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, route)
        elif isinstance(pattern, URLPattern) and not route.startswith(EXCLUDED_PREFIXES):
            yield route, pattern.name


def test_every_route_has_an_entry_in_the_matrix():
    names = {name for _, name in _routes()}
    unnamed = [route for route, name in _routes() if not name]
    assert not unnamed, f"routes without a name: {unnamed}"
    assert names - set(MATRIX) == set(), "new routes: decide who may use them"
    assert set(MATRIX) - names == set(), "the matrix lists routes that no longer exist"


@pytest.fixture
def world(project, article, analyst, reviewer, manager, outsider, site_admin):
    span = quote_span(article, analyst, "attribution", "spokesman Zhao")
    claim = quote_span(article, analyst, "unverified-claim", "the claims were false")
    relation = relation_create(
        article=article, type="attributes", from_span=span, to_span=claim, annotator=analyst
    )
    suggestion = Suggestion.objects.filter(article=article).first()
    outlet = Outlet.objects.first() or Outlet.objects.create(name="Test outlet")
    job = job_start(kind="import", project_id=project.pk, created_by=analyst, params={})
    assignment = assign_many(
        project=project, article_ids=[article.pk], analysts=[analyst], actor=manager
    )
    release = Release.objects.create(
        project=project, name="v0", seed=1, split={"train": 1.0}, created_by=manager
    )
    ids = {
        "assignment_id": Assignment.objects.get().pk if assignment else 0,
        "release_id": release.pk,
        "other_id": release.pk,
        "job_id": job.pk,
        "project_id": project.pk,
        "article_id": article.pk,
        "span_id": span.pk,
        "relation_id": relation.pk,
        "relation_type_id": relation.type_id,
        "suggestion_id": suggestion.pk if suggestion else 999_999,
        "outlet_id": outlet.pk,
        "alias_id": 999_999,
        "user_id": analyst.pk,
        "label_id": project.labels.first().pk,
    }
    users = {
        "anon": None,
        "analyst": analyst,
        "reviewer": reviewer,
        "manager": manager,
        "outsider": outsider,
        "admin": site_admin,
    }
    return ids, users, span


CASES = [
    (name, method, role) for name, methods in MATRIX.items() for method in methods for role in ROLES
]
ROUTES = dict((name, route) for route, name in _routes())


@pytest.mark.parametrize(("name", "method", "role"), CASES)
def test_each_user_gets_the_status_the_matrix_says(world, name, method, role):
    ids, users, span = world
    path = "/" + ROUTES[name]
    for key, value in ids.items():
        path = path.replace(f"<id:{key}>", str(value))
    assert "<" not in path, f"no fixture id for {path}"
    client = Client()
    if users[role] is not None:
        client.force_login(users[role])
    cache.clear()  # API throttles
    if method == "GET":
        response = client.get(path)
    else:
        response = client.generic(method, path, "{}", content_type="application/json")
    assert response.status_code == MATRIX[name][method][role], response.content[:300]
    if response.status_code in {401, 403, 404} or role in {"anon", "outsider"}:
        # Refused: nothing of the project changed.
        span.refresh_from_db()
        assert span.status == "pending" and span.version == 1


def test_an_anonymous_page_request_is_sent_to_the_login_page(world):
    ids, _, _ = world
    response = Client().get(f"/p/{ids['project_id']}/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
