from django.contrib import admin

from newsannot.workload.models import Assignment


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["article", "analyst", "status", "assigned_at", "done_at"]
    list_filter = ["status", "project"]
    raw_id_fields = ["article", "analyst", "assigned_by", "project"]
