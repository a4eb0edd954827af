from __future__ import annotations

from django.http import HttpRequest

from newsannot.preferences.models import FontSize
from newsannot.preferences.services import SESSION_KEY


def preferences(request: HttpRequest) -> dict:
    """The text size for <body class="text-…">, from the session (set at login or when chosen)."""
    session = getattr(request, "session", None)
    size = session.get(SESSION_KEY, FontSize.NORMAL) if session is not None else FontSize.NORMAL
    return {"font_size": size, "font_sizes": FontSize.choices}
