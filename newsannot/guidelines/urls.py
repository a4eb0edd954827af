from django.urls import path

from newsannot.guidelines import views

urlpatterns = [
    path("p/<id:project_id>/guidelines/", views.guidelines, name="guidelines"),
    path("p/<id:project_id>/guidelines/edit/", views.guidelines_edit, name="guidelines-edit"),
]
