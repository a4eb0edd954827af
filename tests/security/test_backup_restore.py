"""A pg_dump of the database, restored into an empty one, exports the very same corpus.

The commands are the ones the README's "Backup and restore" section gives an operator, run as
subprocesses against the test database and a scratch database this test creates and drops.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from newsannot.annotations.services import span_review
from tests.conftest import quote_span

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _pg_env() -> dict[str, str]:
    settings = connection.settings_dict
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return env


def _pg_args() -> list[str]:
    settings = connection.settings_dict
    return [
        "-h",
        settings.get("HOST") or "127.0.0.1",
        "-p",
        str(settings.get("PORT") or 5432),
        "-U",
        settings.get("USER") or "postgres",
    ]


def _run(*command: str, **extra_env: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        command,
        cwd=ROOT,
        env={**_pg_env(), **extra_env},
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr.decode()
    return result


def _export(database: str, project_id: int) -> bytes:
    settings = connection.settings_dict
    url = (
        f"postgres://{settings.get('USER') or 'postgres'}@{settings.get('HOST') or '127.0.0.1'}"
        f":{settings.get('PORT') or 5432}/{database}"
    )
    return _run(
        sys.executable,
        "manage.py",
        "export_corpus",
        str(project_id),
        "--format",
        "jsonl",
        "--status",
        "all",
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="tests.settings",
    ).stdout


@pytest.fixture
def scratch_database():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: pg_dump and psql")
    if not shutil.which("pg_dump") or not shutil.which("psql"):
        pytest.skip("pg_dump/psql are not installed")
    name = f"{connection.settings_dict['NAME']}_restore"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_dump_restored_into_an_empty_database_exports_the_same_corpus(
    scratch_database, tmp_path, project, article, analyst, analyst2, reviewer
):
    approved = quote_span(article, analyst, "attribution", "spokesman Zhao", note="<b>kept</b>")
    span_review(span=approved, reviewer=reviewer, decision="approve", version=1)
    quote_span(article, analyst2, "unverified-claim", "the claims were false")
    quote_span(article, analyst, "state-media-source", "RT")
    dump = tmp_path / "newsannot.dump"

    before = _export(connection.settings_dict["NAME"], project.pk)
    _run(
        "pg_dump",
        *_pg_args(),
        "--format=custom",
        "--no-owner",
        "--file",
        str(dump),
        connection.settings_dict["NAME"],
    )
    _run(
        "pg_restore",
        *_pg_args(),
        "--no-owner",
        "--exit-on-error",
        "-d",
        scratch_database,
        str(dump),
    )
    after = _export(scratch_database, project.pk)

    assert before.count(b"\n") == 1  # one article, one line
    for quote in ("spokesman Zhao", "the claims were false", "RT", "<b>kept</b>"):
        assert quote.encode() in before
    assert after == before


def test_a_plain_sql_dump_restores_with_psql_too(
    scratch_database, tmp_path, project, article, span
):
    dump = tmp_path / "newsannot.sql"
    before = _export(connection.settings_dict["NAME"], project.pk)
    _run(
        "pg_dump", *_pg_args(), "--no-owner", "--file", str(dump), connection.settings_dict["NAME"]
    )
    _run(
        "psql",
        *_pg_args(),
        "--quiet",
        "--set",
        "ON_ERROR_STOP=1",
        "-d",
        scratch_database,
        "-f",
        str(dump),
    )
    assert _export(scratch_database, project.pk) == before
