from django.contrib import admin

from newsannot.suggestions.models import Dismissal, RelationDismissal, Suggestion, SuggestionRun


class ReadOnlyAdmin(admin.ModelAdmin):
    """Suggestions are machine output and analysts' decisions about it: looked at, not edited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Suggestion)
class SuggestionAdmin(ReadOnlyAdmin):
    list_display = ["quote", "label", "rule", "score", "article", "created_at"]
    list_filter = ["rule", "label__key"]
    search_fields = ["quote", "why"]
    list_select_related = ["label", "article"]


@admin.register(Dismissal)
class DismissalAdmin(ReadOnlyAdmin):
    list_display = ["user", "article", "label", "start", "end", "rule", "created_at"]
    list_select_related = ["user", "article", "label"]


@admin.register(SuggestionRun)
class SuggestionRunAdmin(ReadOnlyAdmin):
    list_display = ["article", "ran_at"]
    list_select_related = ["article"]


@admin.register(RelationDismissal)
class RelationDismissalAdmin(ReadOnlyAdmin):
    list_display = ["user", "from_span_id", "to_span_id", "article", "created_at"]
