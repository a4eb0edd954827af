from django.contrib import admin

from newsannot.annotations.models import Span, SpanHistory


@admin.register(Span)
class SpanAdmin(admin.ModelAdmin):
    # Spans change through the services only (validation, versions, history): read-only here.
    list_display = ["id", "label", "quote", "status", "annotator", "reviewer", "updated_at"]
    list_filter = ["status", "origin", "project", "label"]
    search_fields = ["quote", "note"]
    list_select_related = ["label", "annotator", "reviewer"]
    readonly_fields = [f.name for f in Span._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SpanHistory)
class SpanHistoryAdmin(admin.ModelAdmin):
    list_display = ["span_id", "action", "actor", "at"]
    list_filter = ["action", "project"]
    list_select_related = ["actor"]
    readonly_fields = [f.name for f in SpanHistory._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
