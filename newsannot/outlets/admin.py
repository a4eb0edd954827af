from django.contrib import admin

from newsannot.outlets.models import ArticleOutlet, Outlet, OutletDomain


class OutletDomainInline(admin.TabularInline):
    model = OutletDomain
    extra = 1


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "typology", "source"]
    list_filter = ["typology", "country"]
    search_fields = ["name", "aliases", "domains__domain", "country"]
    inlines = [OutletDomainInline]


@admin.register(ArticleOutlet)
class ArticleOutletAdmin(admin.ModelAdmin):
    list_display = ["article", "outlet", "how", "detected_at"]
    list_filter = ["how"]
    raw_id_fields = ["article", "outlet"]
