"""API tokens end with the password they were bought with.

A token is traded for a username and password (POST /api/v1/auth/token/). When that password
changes, every token of the user is revoked, as Django ends the user's other browser sessions
(their stored session hash no longer matches the password's).

The hook is Django's own notice of a password change: after `set_password()`,
`AbstractBaseUser.save()` calls `password_changed()` on every configured password validator,
whatever the path (the admin's form, `manage.py changepassword`, a reset form, code). A hash
upgrade at login (the same password re-hashed) is deliberately not reported, so tokens survive
it. `RevokeTokensOnPasswordChange` is listed in AUTH_PASSWORD_VALIDATORS only to hear that
notice; it refuses no password.

The admin can also switch a password off ("Password-based authentication: disabled"), which
goes through `set_unusable_password()` and sends no notice: `password_disabled` (a pre_save
receiver, connected in apps.py) catches that one case.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import AbstractBaseUser
from knox.models import AuthToken

HELP_TEXT = (
    "Changing the password revokes the user's API tokens and signs out their other sessions."
)


def revoke_tokens(user: AbstractBaseUser) -> int:
    deleted, _ = AuthToken.objects.filter(user_id=user.pk).delete()
    return deleted


class RevokeTokensOnPasswordChange:
    def validate(self, password: str, user: AbstractBaseUser | None = None) -> None:
        return None

    def password_changed(self, password: str, user: AbstractBaseUser | None = None) -> None:
        if user is not None and user.pk is not None:
            revoke_tokens(user)

    def get_help_text(self) -> str:
        return HELP_TEXT


def password_disabled(
    sender: type[AbstractBaseUser],
    instance: AbstractBaseUser,
    update_fields: Any = None,
    **kwargs: Any,
) -> None:
    """A usable password becoming unusable is a change too (set_unusable_password)."""
    if instance.pk is None or instance.has_usable_password():
        return
    if update_fields is not None and "password" not in update_fields:
        return
    # Only when the stored password was usable: a service account without a password keeps the
    # tokens an admin issued it (manage.py issue_token) however often it is saved.
    stored = sender._default_manager.filter(pk=instance.pk)
    if stored.exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX).exists():
        revoke_tokens(instance)
