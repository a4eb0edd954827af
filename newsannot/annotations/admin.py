from django.contrib import admin

from newsannot.annotations.models import Span, SpanHistory
from newsannot.corpus.admin import ReadOnlyAdmin


@admin.register(Span)
class SpanAdmin(ReadOnlyAdmin):
    # Spans change through the services only (validation, versions, history): read-only here.
    list_display = ["id", "label", "quote", "status", "annotator", "reviewer", "updated_at"]
    list_filter = ["status", "origin", "project", "label"]
    search_fields = ["quote", "note"]
    list_select_related = ["label", "annotator", "reviewer"]


@admin.register(SpanHistory)
class SpanHistoryAdmin(ReadOnlyAdmin):
    list_display = ["span_id", "action", "actor", "at"]
    list_filter = ["action", "project"]
    list_select_related = ["actor"]
