from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from knox.models import AuthToken

from tests.api.conftest import Api


def token(client: Client, username: str, password: str):
    return client.post(
        "/api/v1/auth/token/",
        {"username": username, "password": password},
        content_type="application/json",
    )


def test_a_username_and_password_buy_a_token_that_opens_the_api(analyst, project):
    response = token(Client(), "alice", "alice-pw")
    assert response.status_code == 200
    key = response.json()["token"]
    listing = Api(token=key).get("/api/v1/projects/")
    assert listing.status_code == 200
    assert [p["name"] for p in listing.json()["results"]] == ["Test project"]


def test_tokens_are_stored_hashed(analyst):
    key = token(Client(), "alice", "alice-pw").json()["token"]
    stored = AuthToken.objects.get(user=analyst)
    assert key not in stored.digest and stored.digest != key


def test_a_wrong_password_gets_a_clear_400(analyst):
    response = token(Client(), "alice", "nope")
    assert response.status_code == 400
    assert response.json()["detail"] == "Unknown username or wrong password."


def test_a_token_request_without_fields_names_them(db):
    response = Client().post("/api/v1/auth/token/", {}, content_type="application/json")
    assert response.status_code == 400
    assert "username: This field is required." in response.json()["detail"]
    assert "password: This field is required." in response.json()["detail"]


def test_logout_revokes_the_token(analyst):
    key = token(Client(), "alice", "alice-pw").json()["token"]
    assert Api(token=key).post("/api/v1/auth/logout/").status_code == 204
    response = Api(token=key).get("/api/v1/projects/")
    assert response.status_code == 401
    assert "detail" in response.json()


def test_anonymous_requests_get_401_with_a_detail(db):
    response = Api().get("/api/v1/projects/")
    assert response.status_code == 401
    assert response.json()["detail"] == "Authentication credentials were not provided."
    assert response["WWW-Authenticate"] == "Token"


def test_a_made_up_token_gets_401(db):
    response = Api(token="0" * 64).get("/api/v1/projects/")
    assert response.status_code == 401


def test_session_writes_need_the_csrf_token(analyst, project, article):
    client = Client(enforce_csrf_checks=True)
    client.force_login(analyst)
    response = client.post(
        f"/api/v1/articles/{article.pk}/spans/",
        {"label": "attribution", "start": 0, "end": 9, "quote": "Officials"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_the_issue_token_command_prints_a_working_token(analyst, project, capsys):
    call_command("issue_token", "alice")
    key = capsys.readouterr().out.strip()
    assert Api(token=key).get("/api/v1/projects/").status_code == 200


def test_the_issue_token_command_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="no user named 'ghost'"):
        call_command("issue_token", "ghost")
