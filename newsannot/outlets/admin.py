from django.contrib import admin

from newsannot.outlets.models import ArticleOutlet, Outlet, OutletAlias, OutletDomain
from newsannot.outlets.services import outlet_names, spans_detect_outlets


class OutletDomainInline(admin.TabularInline):
    model = OutletDomain
    extra = 1


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "typology", "source"]
    list_filter = ["typology", "country"]
    search_fields = ["name", "aliases", "domains__domain", "country"]
    inlines = [OutletDomainInline]

    # Spans store the outlet their quote names: a change here is a registry change like one made
    # through outlet_save, and the spans that could name the outlet are detected again.
    def save_model(self, request, obj, form, change):
        old = Outlet.objects.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        before = outlet_names(old) if old is not None else []
        spans_detect_outlets(names=[*before, *outlet_names(obj)], outlet_ids=[obj.pk])

    def delete_model(self, request, obj):
        names = outlet_names(obj)
        super().delete_model(request, obj)
        spans_detect_outlets(names=names)

    def delete_queryset(self, request, queryset):
        names = [name for outlet in queryset for name in outlet_names(outlet)]
        super().delete_queryset(request, queryset)
        spans_detect_outlets(names=names)


@admin.register(ArticleOutlet)
class ArticleOutletAdmin(admin.ModelAdmin):
    list_display = ["article", "outlet", "how", "detected_at"]
    list_filter = ["how"]
    raw_id_fields = ["article", "outlet"]


@admin.register(OutletAlias)
class OutletAliasAdmin(admin.ModelAdmin):
    """Read-only here: aliases are added and removed on the outlet's page, which also rebuilds
    the registry and re-detects the spans that could hold the name."""

    list_display = ("alias", "outlet", "added_by", "created_at")
    search_fields = ("alias", "outlet__name")
    list_select_related = ("outlet", "added_by")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
