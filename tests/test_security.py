"""Login throttling, production settings, and what a request sees when the database is down."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent


@override_settings(ROOT_URLCONF="tests.urls_db_down")
def test_a_page_answers_503_with_a_plain_message_when_the_database_is_down(client):
    response = client.get("/page/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert b"database is unavailable" in response.content
    assert b"Traceback" not in response.content


@override_settings(ROOT_URLCONF="tests.urls_db_down")
def test_the_api_answers_503_in_json_when_the_database_is_down(client):
    response = client.get("/api/v1/thing/")
    assert response.status_code == 503
    assert response.json()["code"] == "database_unavailable"


@override_settings(AXES_ENABLED=True)
def test_logins_are_locked_after_five_wrong_passwords(client, analyst):
    for _ in range(4):
        response = client.post("/login/", {"username": "alice", "password": "wrong"})
        assert response.status_code == 200
        assert b"didn't match" in response.content
    assert client.post("/login/", {"username": "alice", "password": "wrong"}).status_code == 429
    # Locked: even the right password is refused until the cool-off has passed.
    locked = client.post("/login/", {"username": "alice", "password": "alice-pw"})
    assert locked.status_code == 429
    assert b"Too many failed logins" in locked.content
    # Another username from the same address is not locked out by alice's failures.
    assert client.post("/login/", {"username": "bob", "password": "x"}).status_code == 200


@override_settings(AXES_ENABLED=True)
def test_a_right_password_after_a_few_wrong_ones_logs_in(client, analyst):
    for _ in range(3):
        client.post("/login/", {"username": "alice", "password": "wrong"})
    response = client.post("/login/", {"username": "alice", "password": "alice-pw"})
    assert response.status_code == 302


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # A deployment's environment: none of the test run's own switches (the browser tests set
    # DJANGO_ALLOW_ASYNC_UNSAFE for Playwright, which `check --deploy` rightly flags).
    test_only = {"DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in test_only}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "SECRET_KEY": "k" * 20 + "Z7q-p2Lr9xWm4TbVn8Yc3Hs6Jd1Fg5Ka0QeUi",
    "ALLOWED_HOSTS": "annot.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://annot.example.org",
    "HSTS_SECONDS": "31536000",
    "HSTS_PRELOAD": "1",
    "SECURE_SSL_REDIRECT": "1",
}


def test_check_deploy_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = _manage("check", SECRET_KEY="", **env)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


@pytest.mark.parametrize("path", ["/login/", "/admin/login/"])
def test_pages_refuse_to_be_framed(client, path):
    assert client.get(path)["X-Frame-Options"] == "DENY"


@override_settings(ROOT_URLCONF="tests.urls_db_down", DB_DOWN_SECONDS=30)
def test_after_a_database_failure_requests_get_503_at_once_without_trying_again(client):
    from newsannot.middleware import DatabaseUnavailableMiddleware

    tried = []

    def view(request):
        tried.append(request.path)
        raise OperationalError("connection refused")

    middleware = DatabaseUnavailableMiddleware(view)
    request = client.get("/page/").wsgi_request
    first = middleware.process_exception(request, OperationalError("connection refused"))
    assert first.status_code == 503
    second = middleware(request)
    assert second.status_code == 503
    assert tried == []  # the second request did not go near the database
