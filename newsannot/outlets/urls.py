from django.urls import path

from newsannot.outlets import views

urlpatterns = [
    path("", views.outlet_list, name="outlet-list"),
    path("new/", views.outlet_edit, name="outlet-new"),
    path("<id:outlet_id>/", views.outlet_edit, name="outlet-edit"),
]
