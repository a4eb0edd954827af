from django.urls import path

from newsannot.console import views

urlpatterns = [
    path("p/<id:project_id>/members/", views.member_list, name="console-members"),
    path(
        "p/<id:project_id>/members/<id:user_id>/role/",
        views.member_role,
        name="console-member-role",
    ),
    path(
        "p/<id:project_id>/members/<id:user_id>/remove/",
        views.member_remove,
        name="console-member-remove",
    ),
    path("p/<id:project_id>/labels/", views.label_list, name="console-labels"),
    path("p/<id:project_id>/labels/<id:label_id>/", views.label_edit, name="console-label-edit"),
    path(
        "p/<id:project_id>/labels/<id:label_id>/retire/",
        views.label_retire,
        name="console-label-retire",
    ),
    path(
        "p/<id:project_id>/relation-types/",
        views.relation_type_add,
        name="console-relation-types",
    ),
    path(
        "p/<id:project_id>/relation-types/<id:relation_type_id>/retire/",
        views.relation_type_retire_view,
        name="console-relation-type-retire",
    ),
    path("p/<id:project_id>/export/", views.export, name="console-export"),
]
