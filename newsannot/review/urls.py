from django.urls import path

from newsannot.review import views

urlpatterns = [
    path("p/<id:project_id>/review/", views.review_queue, name="review-queue"),
    path(
        "p/<id:project_id>/review/bulk-approve/",
        views.bulk_approve,
        name="review-bulk-approve",
    ),
    path("p/<id:project_id>/review/<id:span_id>/", views.review_item, name="review-item"),
    path(
        "p/<id:project_id>/review/<id:span_id>/decide/",
        views.review_decide,
        name="review-decide",
    ),
    path(
        "p/<id:project_id>/review/<id:span_id>/reopen/",
        views.review_reopen,
        name="review-reopen",
    ),
    path(
        "p/<id:project_id>/review/relations/<id:relation_id>/",
        views.review_relation_item,
        name="review-relation-item",
    ),
    path(
        "p/<id:project_id>/review/relations/<id:relation_id>/decide/",
        views.review_relation_decide,
        name="review-relation-decide",
    ),
    path("p/<id:project_id>/dashboard/", views.project_dashboard, name="project-dashboard"),
    path("a/<id:article_id>/review/", views.article_review, name="article-review"),
    path(
        "a/<id:article_id>/review/approve-agreed/",
        views.approve_agreed,
        name="article-approve-agreed",
    ),
]
