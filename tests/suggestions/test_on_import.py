"""Suggesters run when articles arrive: at once for one article, on first open for an import."""

from __future__ import annotations

import json

from django.urls import reverse

from newsannot.corpus.models import Article
from newsannot.ingest.jsonl import import_jsonl
from newsannot.outlets.models import ArticleOutlet
from newsannot.suggestions.models import Suggestion, SuggestionRun
from tests.api.conftest import Api
from tests.conftest import ARTICLE_TEXT, client_for


def test_a_created_article_has_its_outlet_and_suggestions_at_once(article):
    assert ArticleOutlet.objects.get(article=article).outlet.name == "RT"
    assert SuggestionRun.objects.filter(article=article).exists()
    rules = set(Suggestion.objects.filter(article=article).values_list("rule", flat=True))
    assert "source-line" in rules


def test_a_duplicate_text_runs_nothing_again(article, manager):
    from newsannot.corpus.services import article_create

    before = SuggestionRun.objects.get(article=article).ran_at
    result = article_create(
        project=article.project, title="Again", text=ARTICLE_TEXT, created_by=manager
    )
    assert not result.created
    assert SuggestionRun.objects.get(article=article).ran_at == before


def test_an_article_created_through_the_api_gets_suggestions(project, manager):
    response = Api(manager).post(
        f"/api/v1/projects/{project.pk}/articles/",
        {"title": "Via the API", "text": "The ministry said so.\nSource: TASS"},
    )
    assert response.status_code == 201, response.json()
    article = Article.objects.get(pk=response.json()["id"])
    assert ArticleOutlet.objects.get(article=article).outlet.name == "TASS"
    assert Suggestion.objects.filter(article=article, label__key="state-media-source").exists()


def lines(*texts: str) -> list[bytes]:
    return [json.dumps({"title": f"T{n}", "text": text}).encode() for n, text in enumerate(texts)]


def test_an_import_detects_outlets_but_leaves_suggestions_for_first_open(project, manager):
    report = import_jsonl(
        project=project,
        lines=lines("Officials said it.\nSource: RT", "Nothing to see."),
        actor=manager,
    )
    assert report.created == 2
    first, second = Article.objects.filter(project=project).order_by("id")
    assert ArticleOutlet.objects.get(article=first).outlet.name == "RT"
    assert not ArticleOutlet.objects.filter(article=second).exists()
    assert not Suggestion.objects.filter(article__project=project).exists()
    assert not SuggestionRun.objects.filter(article__project=project).exists()


def test_opening_an_imported_article_runs_the_suggesters_once(project, manager, analyst):
    import_jsonl(project=project, lines=lines("Officials said it.\nSource: RT"), actor=manager)
    article = Article.objects.get(project=project)
    client = client_for(analyst)
    response = client.get(reverse("suggestion-panel", args=[article.pk]))
    assert response.status_code == 200
    assert "Source: RT" in response.content.decode()
    ran = SuggestionRun.objects.get(article=article).ran_at
    count = Suggestion.objects.filter(article=article).count()
    assert count >= 1
    client.get(reverse("suggestion-panel", args=[article.pk]))
    assert SuggestionRun.objects.get(article=article).ran_at == ran
    assert Suggestion.objects.filter(article=article).count() == count


def test_an_outsider_opening_the_panel_runs_nothing(project, manager, outsider):
    import_jsonl(project=project, lines=lines("Officials said it.\nSource: RT"), actor=manager)
    article = Article.objects.get(project=project)
    response = client_for(outsider).get(reverse("suggestion-panel", args=[article.pk]))
    assert response.status_code == 403
    assert not SuggestionRun.objects.filter(article=article).exists()


def test_a_dry_run_import_stores_no_outlets(project, manager):
    import_jsonl(project=project, lines=lines("Source: RT"), actor=manager, dry_run=True)
    assert not ArticleOutlet.objects.exists()


def test_an_article_pasted_in_the_workspace_gets_suggestions(project, manager):
    response = client_for(manager).post(
        reverse("article-add", args=[project.pk]),
        {"title": "Pasted", "text": "The ministry said so.\nSource: RT"},
    )
    assert response.status_code in (200, 302)
    article = Article.objects.get(project=project, title="Pasted")
    assert ArticleOutlet.objects.get(article=article).outlet.name == "RT"
    assert SuggestionRun.objects.filter(article=article).exists()
