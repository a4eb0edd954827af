"""The dashboard shows how good each suggester is; the article page shows the article's outlet."""

from __future__ import annotations

from django.urls import reverse

from newsannot.annotations.services import span_review
from newsannot.corpus.services import article_create
from newsannot.outlets.models import ArticleOutlet
from newsannot.outlets.services import outlet_save
from tests.conftest import client_for, quote_span


def dashboard(user, project) -> str:
    response = client_for(user).get(reverse("project-dashboard", args=[project.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_dashboard_lists_each_suggesters_precision_and_recall(
    project, article, analyst, reviewer, manager
):
    # The article's suggesters ran when it was created; "Source: RT" was suggested.
    span = quote_span(article, analyst, "state-media-source", "Source: RT")
    span_review(span=span, reviewer=reviewer, decision="approve", version=1)
    body = dashboard(manager, project)
    assert "<h2>Suggesters</h2>" in body
    row = body[body.index("<td>source-line</td>") :].split("</tr>")[0]
    assert "<td>state-media-source</td>" in row
    assert '<td class="num">100%</td>' in row  # precision and recall: the one right answer


def test_the_dashboard_says_so_when_nothing_is_measured_yet(project, article, manager):
    assert "No approved spans on articles with suggestions yet." in dashboard(manager, project)


def test_the_dashboard_query_count_with_suggestions_does_not_grow(
    project, article, analyst, reviewer, manager, django_assert_max_num_queries
):
    quote_span(article, analyst, "state-media-source", "Source: RT")
    client = client_for(manager)
    url = reverse("project-dashboard", args=[project.pk])
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    for i in range(12):
        extra = article_create(
            project=project, title=f"M{i}", text=f"Story {i} said.\nSource: TASS"
        ).article
        span = quote_span(extra, analyst, "state-media-source", "Source: TASS")
        span_review(span=span, reviewer=reviewer, decision="approve", version=1)
    with django_assert_max_num_queries(len(small.captured_queries)):
        body = client.get(url).content.decode()
    assert "<td>source-line</td>" in body


def test_the_article_review_page_shows_the_detected_outlet_and_typology(article, reviewer):
    response = client_for(reviewer).get(reverse("article-review", args=[article.pk]))
    body = response.content.decode()
    assert 'class="article-outlet typology-sc"' in body
    assert "<strong>RT</strong>" in body and "State-controlled" in body
    assert "from a “Source:” or “via” line" in body


def test_an_article_with_no_known_outlet_shows_none(project, manager, reviewer):
    plain = article_create(project=project, title="Plain", text="Nothing here.").article
    response = client_for(reviewer).get(reverse("article-review", args=[plain.pk]))
    assert "article-outlet" not in response.content.decode()


def test_a_hostile_outlet_name_is_escaped(project, manager, reviewer):
    evil = outlet_save(name="<script>alert(1)</script>", country="Nowhere", typology="SC")
    hostile = article_create(project=project, title="H", text="Claims.").article
    ArticleOutlet.objects.create(article=hostile, outlet=evil, how="name")
    body = client_for(reviewer).get(reverse("article-review", args=[hostile.pk])).content.decode()
    assert "<strong>&lt;script&gt;alert(1)&lt;/script&gt;</strong>" in body
    assert "<script>alert(1)</script>" not in body
