from django.contrib import admin

from newsannot.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "project", "created_by", "status", "progress_done", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["id"]
    readonly_fields = [f.name for f in Job._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False  # jobs are started by the app, never by hand
