from django.contrib import admin

from newsannot.corpus.models import Article, Completion, Label, Membership, Project


class LabelInline(admin.TabularInline):
    model = Label
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]
    inlines = [LabelInline, MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "project", "role"]
    list_filter = ["role", "project"]
    autocomplete_fields = ["user", "project"]


@admin.register(Label)
class LabelAdmin(admin.ModelAdmin):
    list_display = ["key", "name", "project", "shortcut", "color"]
    list_filter = ["project"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "outlet", "published_at", "external_id"]
    list_filter = ["project"]
    search_fields = ["title", "external_id", "outlet"]
    readonly_fields = ["content_hash", "created_at", "updated_at", "created_by"]
    list_select_related = ["project"]

    def get_readonly_fields(self, request, obj=None):
        # The text is frozen once a span exists; the database refuses the change anyway.
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.spans.exists():
            fields.append("text")
        return fields


@admin.register(Completion)
class CompletionAdmin(admin.ModelAdmin):
    list_display = ["article", "user", "done_at"]
    list_select_related = ["article", "user"]
