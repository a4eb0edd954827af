from __future__ import annotations

import pytest
from django.urls import reverse

from newsannot.corpus.models import Article
from newsannot.corpus.services import article_create
from newsannot.lib.text import content_hash
from newsannot.workload.services import article_done
from tests.conftest import client_for, quote_span

pytestmark = pytest.mark.django_db


def url(project, query=""):
    return reverse("article-list", args=[project.pk]) + query


@pytest.fixture
def articles(project, manager, article):
    second = article_create(
        project=project,
        title="Ceasefire talks",
        text="Talks resumed in Doha.",
        outlet="TASS",
        created_by=manager,
    ).article
    third = article_create(
        project=project,
        title="Grain deal",
        text="Ships left Odesa.",
        outlet="RT",
        created_by=manager,
    ).article
    return article, second, third


def titles(response):
    return [a.title for a in response.context["rows"]]


def test_anonymous_users_are_sent_to_login(client, project):
    assert client.get(url(project)).status_code == 302


def test_outsiders_get_404(outsider, project):
    assert client_for(outsider).get(url(project)).status_code == 404


def test_it_lists_articles_with_progress_and_label_counts(analyst, articles):
    first, second, third = articles
    quote_span(first, analyst, "attribution", "Officials")
    quote_span(first, analyst, "unverified-claim", "only militant targets")
    article_done(article=second, user=analyst)
    response = client_for(analyst).get(url(first.project))
    rows = {a.title: a for a in response.context["rows"]}
    assert rows[first.title].progress == "in-progress"
    assert rows[second.title].progress == "done"
    assert rows[third.title].progress == "not-started"
    counts = {lb.key: n for lb, n in rows[first.title].label_counts}
    assert counts == {"attribution": 1, "unverified-claim": 1, "state-media-source": 0}
    assert reverse("annotate", args=[first.pk]) in response.content.decode()


def test_it_searches_title_and_text(analyst, articles):
    client = client_for(analyst)
    assert titles(client.get(url(articles[0].project, "?q=doha"))) == ["Ceasefire talks"]
    assert titles(client.get(url(articles[0].project, "?q=grain"))) == ["Grain deal"]


def test_it_filters_by_outlet_progress_and_label(analyst, articles):
    first = articles[0]
    quote_span(first, analyst, "attribution", "Officials")
    client = client_for(analyst)
    project = first.project
    assert titles(client.get(url(project, "?outlet=TASS"))) == ["Ceasefire talks"]
    assert titles(client.get(url(project, "?progress=in-progress"))) == [first.title]
    assert len(titles(client.get(url(project, "?progress=not-started")))) == 2
    assert titles(client.get(url(project, "?label=attribution"))) == [first.title]


def test_an_unknown_filter_value_filters_nothing(analyst, articles):
    response = client_for(analyst).get(url(articles[0].project, "?outlet=nope&progress=x"))
    assert response.status_code == 200
    assert len(titles(response)) == 3


def test_htmx_requests_get_only_the_results(analyst, articles):
    response = client_for(analyst).get(url(articles[0].project, "?q=doha"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results">')
    assert "<html" not in html


def test_it_paginates_with_a_bounded_number_of_queries(
    analyst, project, manager, django_assert_max_num_queries
):
    Article.objects.bulk_create(
        Article(
            project=project,
            title=f"Article {i}",
            text=f"Text {i}.",
            content_hash=content_hash(f"Text {i}."),
            outlet="RT",
        )
        for i in range(120)
    )
    for article in Article.objects.filter(project=project)[:30]:
        quote_span(article, analyst, "attribution", "Text")
    client = client_for(analyst)
    with django_assert_max_num_queries(11):  # 11th: the guidelines notice, one query
        response = client.get(url(project, "?page=2"))
    assert len(response.context["rows"]) == 50
    assert "Page 2 of 3" in response.content.decode()


def test_the_nav_shows_pages_by_role(analyst, manager, project):
    analyst_html = client_for(analyst).get(url(project)).content.decode()
    manager_html = client_for(manager).get(url(project)).content.decode()
    assert reverse("article-add", args=[project.pk]) not in analyst_html
    assert reverse("review-queue", args=[project.pk]) not in analyst_html
    assert reverse("article-add", args=[project.pk]) in manager_html
    assert reverse("project-dashboard", args=[project.pk]) in manager_html
