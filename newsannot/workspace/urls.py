from django.urls import path

from newsannot.workspace import views

urlpatterns = [
    path("", views.project_list, name="project-list"),
]
