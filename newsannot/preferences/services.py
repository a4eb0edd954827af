from __future__ import annotations

from django.db import transaction

from newsannot.lib.errors import Invalid
from newsannot.preferences.models import FontSize, UserPreference

SESSION_KEY = "font_size"


def font_size_of(user) -> str:
    pref = UserPreference.objects.filter(user=user).only("font_size").first()
    return pref.font_size if pref else FontSize.NORMAL


@transaction.atomic
def font_size_set(*, user, size: str) -> UserPreference:
    if size not in FontSize.values:
        raise Invalid(f"Text size must be one of: {', '.join(FontSize.values)}.", field="size")
    pref, _ = UserPreference.objects.update_or_create(user=user, defaults={"font_size": size})
    return pref


def show_relations_of(user) -> bool:
    """Whether the annotate view draws every relation of the article ("Show all relations")."""
    return bool(
        UserPreference.objects.filter(user=user)
        .values_list("show_all_relations", flat=True)
        .first()
    )


@transaction.atomic
def show_relations_set(*, user, show: bool) -> UserPreference:
    pref, _ = UserPreference.objects.update_or_create(
        user=user, defaults={"show_all_relations": bool(show)}
    )
    return pref
