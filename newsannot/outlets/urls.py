from django.urls import path

from newsannot.outlets import views

urlpatterns = [
    path("", views.outlet_list, name="outlet-list"),
    path("new/", views.outlet_edit, name="outlet-new"),
    path("<id:outlet_id>/", views.outlet_edit, name="outlet-edit"),
    path("<id:outlet_id>/aliases/", views.alias_add, name="outlet-alias-add"),
    path(
        "<id:outlet_id>/aliases/<id:alias_id>/delete/",
        views.alias_remove,
        name="outlet-alias-delete",
    ),
]
