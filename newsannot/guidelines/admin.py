"""The guidelines' record in the admin: read-only, since every version is history."""

from __future__ import annotations

from django.contrib import admin

from newsannot.guidelines.models import GuidelineRead, GuidelineVersion


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(GuidelineVersion)
class GuidelineVersionAdmin(ReadOnly):
    list_display = ["project", "number", "author", "created_at"]
    list_filter = ["project"]
    list_select_related = ["project", "author"]


@admin.register(GuidelineRead)
class GuidelineReadAdmin(ReadOnly):
    list_display = ["project", "user", "number", "read_at"]
    list_filter = ["project"]
    list_select_related = ["project", "user"]
