from django.contrib import admin
from django.db.models import QuerySet

from newsannot.annotations.models import Span
from newsannot.corpus import roles
from newsannot.corpus.models import (
    Article,
    ArticleDeletion,
    Label,
    Membership,
    Project,
    ProjectChange,
    ProjectDeletion,
)
from newsannot.corpus.services import article_delete, project_delete


def _deletion_summary(objs, counted: dict[str, QuerySet]):
    """What the delete confirmation lists: the objects chosen and how much goes with them.

    Django's own list collects every related object (a project holds a million spans) and asks
    for a delete permission on each kind; spans are read-only here, and go through the service.
    """
    objs = list(objs)
    counts = {name: queryset.count() for name, queryset in counted.items()}
    model_count = {objs[0]._meta.verbose_name_plural: len(objs)} if objs else {}
    model_count.update(counts)
    return [str(obj) for obj in objs], model_count, set(), []


class LabelInline(admin.TabularInline):
    model = Label
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "granularity", "created_at"]
    search_fields = ["name"]
    inlines = [LabelInline, MembershipInline]

    # Deleting goes through the service, which records it (ProjectDeletion); site admins only.
    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and roles.is_site_admin(request.user)

    def get_deleted_objects(self, objs, request):
        return _deletion_summary(
            objs,
            {
                "articles": Article.objects.filter(project__in=objs),
                "spans and all their history": Span.objects.filter(project__in=objs),
            },
        )

    def delete_model(self, request, obj):
        project_delete(project=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for project in queryset:
            project_delete(project=project, actor=request.user)


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

    # Deleting goes through the service: its spans' history stays, and the deletion is recorded.
    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and roles.is_site_admin(request.user)

    def get_deleted_objects(self, objs, request):
        spans = Span.objects.filter(article__in=objs)
        return _deletion_summary(objs, {"spans (their history stays)": spans})

    def delete_model(self, request, obj):
        article_delete(article=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            article_delete(article=article, actor=request.user)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by the services (spans, history, deletion records): to read here,
    never to add, change or delete."""

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ArticleDeletion)
class ArticleDeletionAdmin(ReadOnlyAdmin):
    list_display = [
        "title",
        "article_id",
        "external_id",
        "project",
        "spans_approved",
        "spans_pending",
        "spans_rejected",
        "actor",
        "deleted_at",
    ]
    list_filter = ["project"]
    search_fields = ["title", "external_id", "content_hash"]
    list_select_related = ["actor", "project"]


@admin.register(ProjectDeletion)
class ProjectDeletionAdmin(ReadOnlyAdmin):
    list_display = [
        "name",
        "project_id",
        "articles",
        "spans_approved",
        "spans_pending",
        "spans_rejected",
        "history_rows",
        "actor",
        "deleted_at",
    ]
    search_fields = ["name"]
    list_select_related = ["actor"]


@admin.register(ProjectChange)
class ProjectChangeAdmin(ReadOnlyAdmin):
    list_display = ["project", "summary", "actor", "at"]
    list_filter = ["project", "action"]
    list_select_related = ["project", "actor"]
