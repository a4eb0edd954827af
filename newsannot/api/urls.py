from __future__ import annotations

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from newsannot.api import views

v1 = [
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
    path("auth/logout/", views.LogoutView.as_view(), name="api-logout"),
    path("projects/", views.ProjectListView.as_view(), name="api-projects"),
    path("projects/<id:project_id>/", views.ProjectView.as_view(), name="api-project"),
    path("projects/<id:project_id>/labels/", views.LabelListView.as_view(), name="api-labels"),
    path(
        "projects/<id:project_id>/labels/<id:label_id>/",
        views.LabelView.as_view(),
        name="api-label",
    ),
    path(
        "projects/<id:project_id>/guidelines/",
        views.GuidelinesView.as_view(),
        name="api-guidelines",
    ),
    path("projects/<id:project_id>/members/", views.MemberListView.as_view(), name="api-members"),
    path(
        "projects/<id:project_id>/members/<id:user_id>/",
        views.MemberView.as_view(),
        name="api-member",
    ),
    path(
        "projects/<id:project_id>/articles/",
        views.ArticleListView.as_view(),
        name="api-articles",
    ),
    path(
        "projects/<id:project_id>/spans/",
        views.ProjectSpanListView.as_view(),
        name="api-project-spans",
    ),
    path(
        "projects/<id:project_id>/who-said-what/",
        views.WhoSaidWhatView.as_view(),
        name="api-who-said-what",
    ),
    path("projects/<id:project_id>/import/", views.ImportView.as_view(), name="api-import"),
    path("projects/<id:project_id>/export/", views.ExportView.as_view(), name="api-export"),
    path(
        "projects/<id:project_id>/releases/",
        views.ReleaseListView.as_view(),
        name="api-releases",
    ),
    path("releases/<id:release_id>/", views.ReleaseView.as_view(), name="api-release"),
    path(
        "releases/<id:release_id>/export/",
        views.ReleaseExportView.as_view(),
        name="api-release-export",
    ),
    path(
        "releases/<id:release_id>/datasheet/",
        views.ReleaseDatasheetView.as_view(),
        name="api-release-datasheet",
    ),
    path(
        "releases/<id:release_id>/diff/<id:other_id>/",
        views.ReleaseDiffView.as_view(),
        name="api-release-diff",
    ),
    path("articles/<id:article_id>/", views.ArticleView.as_view(), name="api-article"),
    path(
        "articles/<id:article_id>/spans/",
        views.ArticleSpanListView.as_view(),
        name="api-article-spans",
    ),
    path(
        "articles/<id:article_id>/relations/",
        views.ArticleRelationListView.as_view(),
        name="api-article-relations",
    ),
    path("relations/<id:relation_id>/", views.RelationView.as_view(), name="api-relation"),
    path(
        "relations/<id:relation_id>/review/",
        views.RelationReviewView.as_view(),
        name="api-relation-review",
    ),
    path("projects/<id:project_id>/jobs/", views.ProjectJobListView.as_view(), name="api-jobs"),
    path("jobs/<id:job_id>/", views.JobView.as_view(), name="api-job"),
    path("jobs/<id:job_id>/cancel/", views.JobCancelView.as_view(), name="api-job-cancel"),
    path("projects/<id:project_id>/next/", views.NextView.as_view(), name="api-next"),
    path(
        "projects/<id:project_id>/assignments/",
        views.AssignmentListView.as_view(),
        name="api-assignments",
    ),
    path(
        "projects/<id:project_id>/assignments/release/",
        views.AssignmentReleaseView.as_view(),
        name="api-assignments-release",
    ),
    path("assignments/<id:assignment_id>/", views.AssignmentView.as_view(), name="api-assignment"),
    path("articles/<id:article_id>/done/", views.ArticleDoneView.as_view(), name="api-done"),
    path("spans/<id:span_id>/", views.SpanView.as_view(), name="api-span"),
    path("spans/<id:span_id>/review/", views.ReviewView.as_view(), name="api-review"),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
