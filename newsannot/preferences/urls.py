from django.urls import path

from newsannot.preferences import views

urlpatterns = [
    path("preferences/font-size/", views.font_size, name="font-size"),
    path("preferences/relations/", views.show_relations, name="show-relations"),
]
