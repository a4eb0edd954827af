from django.contrib import admin

from newsannot.annotations.models import (
    LabelAttribute,
    Relation,
    RelationHistory,
    RelationType,
    SourceName,
    Span,
    SpanHistory,
)
from newsannot.corpus.admin import ReadOnlyAdmin


@admin.register(Span)
class SpanAdmin(ReadOnlyAdmin):
    # Spans change through the services only (validation, versions, history): read-only here.
    list_display = ["id", "label", "quote", "status", "annotator", "reviewer", "updated_at"]
    list_filter = ["status", "origin", "project", "label"]
    search_fields = ["quote", "note"]
    list_select_related = ["label", "annotator", "reviewer"]


class HistoryAdmin(ReadOnlyAdmin):
    """A span's or a relation's history: listed by the thing's id, what was done, by whom."""

    list_filter = ["action", "project"]
    list_select_related = ["actor"]


@admin.register(SpanHistory)
class SpanHistoryAdmin(HistoryAdmin):
    list_display = ["span_id", "action", "actor", "at"]


@admin.register(RelationType)
class RelationTypeAdmin(admin.ModelAdmin):
    # Types are configuration (site admins here; a retired type keeps its relations).
    list_display = ["key", "name", "project", "from_labels", "to_labels", "shortcut", "retired"]
    list_filter = ["project", "retired"]


@admin.register(LabelAttribute)
class LabelAttributeAdmin(admin.ModelAdmin):
    list_display = ["label", "key", "name", "values"]
    list_filter = ["label__project"]


@admin.register(Relation)
class RelationAdmin(ReadOnlyAdmin):
    # Relations change through the services only, as spans do.
    list_display = ["id", "type", "from_span_id", "to_span_id", "status", "annotator"]
    list_filter = ["status", "origin", "project", "type"]
    list_select_related = ["type", "annotator"]


@admin.register(RelationHistory)
class RelationHistoryAdmin(HistoryAdmin):
    list_display = ["relation_id", "action", "actor", "at"]


@admin.register(SourceName)
class SourceNameAdmin(admin.ModelAdmin):
    # The "who said what" page's merges: a normalised source listed under a manager's name.
    list_display = ["normalised", "name", "project"]
    list_filter = ["project"]
    search_fields = ["normalised", "name"]
