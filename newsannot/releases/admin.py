from __future__ import annotations

from django.contrib import admin

from newsannot.releases.models import Release
from newsannot.releases.services import release_delete


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    """Read-only: a release is cited as it is. A site admin may delete one (logged, and in the
    admin's own history); nobody may change one."""

    list_display = ["id", "project", "name", "status", "created_by", "created_at"]
    readonly_fields = [f.name for f in Release._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return bool(request.user.is_superuser)

    def delete_model(self, request, obj: Release) -> None:
        release_delete(release=obj, actor=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for release in queryset:
            release_delete(release=release, actor=request.user)
