"""A password change, by any path, revokes the user's API tokens and ends their other sessions.

A hash upgrade (Django re-hashing the same password on login) is not a change: tokens stay.
"""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.management import call_command
from django.test import Client, override_settings
from knox.models import AuthToken

from tests.api.conftest import Api
from tests.conftest import client_for


def _token(user) -> str:
    return AuthToken.objects.create(user)[1]


def _works(key: str) -> bool:
    status = Api(token=key).get("/api/v1/projects/").status_code
    assert status in {200, 401}
    return status == 200


def test_set_password_and_save_revokes_every_token_of_that_user_only(analyst, reviewer):
    mine, also_mine, theirs = _token(analyst), _token(analyst), _token(reviewer)
    analyst.set_password("a-new-password-1")
    analyst.save()
    assert not _works(mine) and not _works(also_mine)
    assert _works(theirs)
    assert AuthToken.objects.filter(user=analyst).count() == 0


def test_the_changepassword_command_revokes_tokens(analyst):
    key = _token(analyst)
    with mock.patch(
        "django.contrib.auth.management.commands.changepassword.getpass.getpass",
        return_value="a-new-password-2",
    ):
        call_command("changepassword", "alice", stdout=mock.MagicMock())
    assert not _works(key)


@pytest.mark.parametrize("usable", ["true", "false"])
def test_the_admin_password_form_revokes_tokens(analyst, site_admin, usable):
    key = _token(analyst)
    form = {"password1": "a-new-password-3", "password2": "a-new-password-3"}
    # "Password-based authentication: disabled" is the other way the admin changes a password.
    form |= {"usable_password": usable, f"{'' if usable == 'true' else 'un'}set-password": "1"}
    response = client_for(site_admin).post(f"/admin/auth/user/{analyst.pk}/password/", form)
    assert response.status_code == 302, response.content[:500]
    analyst.refresh_from_db()
    assert analyst.has_usable_password() is (usable == "true")
    assert not _works(key)


def test_saving_a_user_without_touching_the_password_keeps_tokens(analyst):
    key = _token(analyst)
    analyst.first_name = "Alice"
    analyst.save()
    assert Client().login(username="alice", password="alice-pw")  # last_login is saved
    assert _works(key)


class OldMD5Hasher(MD5PasswordHasher):
    algorithm = "old_md5"


@override_settings(
    PASSWORD_HASHERS=[
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "tests.api.test_password_change.OldMD5Hasher",
    ]
)
def test_a_hash_upgrade_on_login_is_not_a_password_change(analyst):
    analyst.password = OldMD5Hasher().encode("alice-pw", OldMD5Hasher().salt())
    analyst.save()
    key = _token(analyst)
    assert Client().login(username="alice", password="alice-pw")
    analyst.refresh_from_db()
    assert analyst.password.startswith("md5$")  # re-hashed with the preferred hasher
    assert _works(key)


def test_a_password_change_ends_the_users_sessions_on_other_devices(analyst, project):
    laptop, phone = Client(), Client()
    assert laptop.login(username="alice", password="alice-pw")
    assert phone.login(username="alice", password="alice-pw")
    assert laptop.get("/").status_code == 200
    analyst.set_password("a-new-password-4")
    analyst.save()
    for device in (laptop, phone):
        response = device.get("/")
        assert response.status_code == 302 and response["Location"].startswith("/login/")
        # Nor does the old session open the API.
        assert device.get("/api/v1/projects/").status_code in {401, 403}
    fresh = Client()
    assert fresh.login(username="alice", password="a-new-password-4")
    assert fresh.get("/").status_code == 200


def test_the_password_forms_say_so(site_admin, analyst):
    page = client_for(site_admin).get(f"/admin/auth/user/{analyst.pk}/password/")
    assert "revokes" in page.content.decode() and "API tokens" in page.content.decode()
