from django.urls import path

from newsannot.releases import views

urlpatterns = [
    path("p/<id:project_id>/releases/", views.release_list, name="project-releases"),
    path("releases/<id:release_id>/download/", views.release_download, name="release-download"),
    path("releases/<id:release_id>/datasheet/", views.release_datasheet, name="release-datasheet"),
    path("releases/<id:release_id>/diff/", views.release_diff, name="release-diff"),
]
