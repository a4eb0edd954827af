from django.urls import path

from newsannot.review import views

# Placeholder views: the review issue replaces them; the names are fixed so other pages can link.
urlpatterns = [
    path("p/<int:project_id>/review/", views.review_queue, name="review-queue"),
    path("p/<int:project_id>/dashboard/", views.project_dashboard, name="project-dashboard"),
    path("a/<int:article_id>/review/", views.article_review, name="article-review"),
]
