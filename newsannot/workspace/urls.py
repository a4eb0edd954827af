from django.urls import path

from newsannot.workspace import views

urlpatterns = [
    path("", views.project_list, name="project-list"),
    path("p/<id:project_id>/", views.article_list, name="article-list"),
    path("p/<id:project_id>/articles/add/", views.article_add, name="article-add"),
    path("p/<id:project_id>/who-said-what/", views.who_said_what_page, name="who-said-what"),
    path("a/<id:article_id>/", views.annotate, name="annotate"),
    path("a/<id:article_id>/done/", views.article_done, name="article-done"),
    path("a/<id:article_id>/spans/", views.span_add, name="span-add"),
    path("a/<id:article_id>/spans/more/", views.span_list_more, name="span-list-more"),
    path("a/<id:article_id>/spans/<id:span_id>/", views.span_detail, name="span-detail"),
    path("a/<id:article_id>/spans/<id:span_id>/edit/", views.span_edit, name="span-edit"),
    path("a/<id:article_id>/spans/<id:span_id>/delete/", views.span_remove, name="span-delete"),
    path("a/<id:article_id>/relations/", views.relation_add, name="relation-add"),
    path("a/<id:article_id>/relations.json", views.article_relations, name="article-relations"),
    path(
        "a/<id:article_id>/relations/suggested/",
        views.relation_suggestion,
        name="relation-suggestion",
    ),
    path(
        "a/<id:article_id>/relations/<id:relation_id>/delete/",
        views.relation_remove,
        name="relation-delete",
    ),
    path("a/<id:article_id>/undo/", views.span_history_undo, name="span-undo"),
    path("a/<id:article_id>/spans/<id:span_id>/decide/", views.span_decide, name="span-decide"),
]
