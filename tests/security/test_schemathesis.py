"""Property-based API testing from the OpenAPI schema: every operation, bounded and repeatable.

schemathesis drives the WSGI app in-process with a site admin's token, against real rows (path
ids are pointed at the fixture's project, article and span, so requests get past the 404s and
exercise bodies and query parameters). No 5xx; every response conforms to the schema.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from knox.models import AuthToken

from newsannot.annotations.relations import relation_create
from newsannot.jobs.services import job_start
from newsannot.wsgi import application
from tests.conftest import quote_span

# A schema-valid body can still be wrong for this project (an unknown label key, a quote that is
# not the text at those offsets, a stale version): the API answers those with 400 and a detail,
# which `api_errors_name_the_problem` checks. Schema-violating requests must still be refused,
# except for unknown query parameters, which the API ignores as most HTTP APIs do.
CONFIG = schemathesis.config.SchemathesisConfig.from_dict(
    {
        "generation": {"allow-extra-parameters": False},
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "400", "401", "403", "404", "409"]
            }
        },
    }
)
schema = schemathesis.openapi.from_wsgi("/api/schema/", application, config=CONFIG).exclude(
    # Streamed, non-JSON bodies: the import is JSON Lines (tests/api/test_import.py and
    # tests/security/test_size_limits.py), the export is one of seven file formats
    # (tests/api/test_export.py, tests/exporters). Token login/logout would revoke the token used.
    path_regex=r"/(import|export)/$|/auth/(token|logout)/$",
)
calls: dict[str, int] = {}


@schemathesis.check
def api_errors_name_the_problem(ctx, response, case):
    """Every 4xx/5xx answer is JSON with a non-empty `detail`."""
    if response.status_code >= 400:
        body = response.json()
        assert isinstance(body, dict) and body.get("detail"), f"no detail in {response.text[:200]}"


@pytest.fixture(scope="module", autouse=True)
def _report():
    yield
    print(f"\nschemathesis: {len(calls)} operations, {sum(calls.values())} requests")


@pytest.fixture
def keep_connection():
    # The WSGI app ends each request by closing old connections, which would close the test's
    # own transaction on PostgreSQL; Django's test client unhooks the same signals.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def rows(keep_connection, project, article, analyst, reviewer, site_admin, db):
    span = quote_span(article, analyst, "attribution", "spokesman Zhao")
    claim = quote_span(article, analyst, "unverified-claim", "the claims were false")
    relation = relation_create(
        article=article, type="attributes", from_span=span, to_span=claim, annotator=analyst
    )
    _, token = AuthToken.objects.create(site_admin)
    job = job_start(kind="import", project_id=project.pk, created_by=site_admin, params={})
    return {
        "job_id": job.pk,
        "project_id": project.pk,
        "article_id": article.pk,
        "span_id": span.pk,
        "relation_id": relation.pk,
        "token": token,
    }


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=15,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_never_answers_5xx_and_keeps_to_its_schema(case, rows):
    for name in ("project_id", "article_id", "span_id", "relation_id", "job_id"):
        if case.path_parameters and name in case.path_parameters:
            case.path_parameters[name] = rows[name]
    key = f"{case.operation.method.upper()} {case.operation.path}"
    calls[key] = calls.get(key, 0) + 1
    cache.clear()  # the throttles count in the cache
    with transaction.atomic():
        case.call_and_validate(headers={"Authorization": f"Token {rows['token']}"})
        transaction.set_rollback(True)  # every example starts from the same rows
