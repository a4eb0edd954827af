from django.urls import path

from newsannot.jobs import views

urlpatterns = [
    path("p/<id:project_id>/jobs/", views.job_list, name="project-jobs"),
    path("p/<id:project_id>/jobs/strip/", views.job_strip, name="project-jobs-strip"),
    path(
        "p/<id:project_id>/jobs/<id:job_id>/cancel/",
        views.job_cancel_view,
        name="project-job-cancel",
    ),
]
