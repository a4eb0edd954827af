from django.urls import path

from newsannot.review import views

urlpatterns = [
    path("p/<int:project_id>/review/", views.review_queue, name="review-queue"),
    path(
        "p/<int:project_id>/review/bulk-approve/",
        views.bulk_approve,
        name="review-bulk-approve",
    ),
    path("p/<int:project_id>/review/<int:span_id>/", views.review_item, name="review-item"),
    path(
        "p/<int:project_id>/review/<int:span_id>/decide/",
        views.review_decide,
        name="review-decide",
    ),
    path(
        "p/<int:project_id>/review/<int:span_id>/reopen/",
        views.review_reopen,
        name="review-reopen",
    ),
    path("p/<int:project_id>/dashboard/", views.project_dashboard, name="project-dashboard"),
    path("a/<int:article_id>/review/", views.article_review, name="article-review"),
    path(
        "a/<int:article_id>/review/approve-agreed/",
        views.approve_agreed,
        name="article-approve-agreed",
    ),
]
