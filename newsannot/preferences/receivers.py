"""The text size rides in the session, read there on every page (no query per page); it is
copied from the stored preference once, when the person logs in."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from newsannot.preferences.services import SESSION_KEY, font_size_of


@receiver(user_logged_in, dispatch_uid="preferences-font-size")
def remember_font_size(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = font_size_of(user)
