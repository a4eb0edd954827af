from django.urls import path

from newsannot.jobs import views

urlpatterns = [
    path("p/<int:project_id>/jobs/", views.job_list, name="project-jobs"),
    path("p/<int:project_id>/jobs/strip/", views.job_strip, name="project-jobs-strip"),
    path(
        "p/<int:project_id>/jobs/<int:job_id>/cancel/",
        views.job_cancel_view,
        name="project-job-cancel",
    ),
]
