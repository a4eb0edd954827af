from django.urls import path

from newsannot.workload import views

urlpatterns = [
    path("p/<id:project_id>/next/", views.next_article, name="next-article"),
    path("p/<id:project_id>/workload/assign/", views.assign, name="workload-assign"),
    path("p/<id:project_id>/workload/spread/", views.spread, name="workload-spread"),
    path("p/<id:project_id>/workload/release/", views.release, name="workload-release"),
    path("p/<id:project_id>/workload/settings/", views.settings, name="workload-settings"),
]
