from __future__ import annotations

from django.conf import settings
from django.db import models


class FontSize(models.TextChoices):
    SMALL = "small", "Small"
    NORMAL = "normal", "Normal"
    LARGE = "large", "Large"


class UserPreference(models.Model):
    """How a person likes the pages shown, remembered on the server so it follows them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference"
    )
    font_size = models.CharField(max_length=10, choices=FontSize.choices, default=FontSize.NORMAL)
    show_all_relations = models.BooleanField(
        default=False,
        help_text="The annotate view draws every relation of the article over its text, "
        "not only the open span's.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "user preference"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(font_size__in=FontSize.values), name="preference_font_size_known"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: text {self.font_size}"
