from django.urls import include, path

from newsannot.suggestions import views

urlpatterns = [
    path("a/<id:article_id>/suggestions/", views.panel, name="suggestion-panel"),
    path("a/<id:article_id>/suggestions/run/", views.run, name="suggestion-run"),
    path("a/<id:article_id>/suggestions/job/", views.job_state, name="suggestion-job"),
    path(
        "a/<id:article_id>/suggestions/accept-all/", views.accept_all, name="suggestion-accept-all"
    ),
    path("suggestions/<id:suggestion_id>/accept/", views.accept, name="suggestion-accept"),
    path("suggestions/<id:suggestion_id>/dismiss/", views.dismiss, name="suggestion-dismiss"),
    # The outlet registry's pages live with the sourcing features; root urls include only this.
    path("outlets/", include("newsannot.outlets.urls")),
]
