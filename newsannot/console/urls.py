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
]
