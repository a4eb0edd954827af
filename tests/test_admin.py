"""The admin shows every model of the product, and its pages open for a site admin."""

from django.apps import apps
from django.contrib import admin

from tests.conftest import client_for

INLINE_ONLY = {"outlets.OutletDomain"}  # edited inside its outlet's page


def test_every_product_model_is_in_the_admin():
    ours = {
        m._meta.label
        for m in apps.get_models()
        if m._meta.app_label in {"corpus", "annotations", "outlets", "suggestions", "guidelines"}
    }
    registered = {m._meta.label for m in admin.site._registry}
    assert ours - registered == INLINE_ONLY


def test_each_admin_list_opens_for_a_site_admin(site_admin, span):
    client = client_for(site_admin)
    for model in admin.site._registry:
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        assert client.get(url).status_code == 200, url
