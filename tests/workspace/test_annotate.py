from __future__ import annotations

import re

import pytest
from django.urls import reverse

from newsannot.annotations.models import Span
from newsannot.corpus.models import Article
from newsannot.corpus.services import article_create
from newsannot.workspace.views import LIST_FIRST
from tests.conftest import client_for, quote_span

pytestmark = pytest.mark.django_db


def url(article):
    return reverse("annotate", args=[article.pk])


def test_it_redirects_anonymous_users_to_login(client, article):
    response = client.get(url(article))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_it_hides_the_article_from_outsiders(outsider, article):
    assert client_for(outsider).get(url(article)).status_code == 404


def test_it_renders_segments_that_add_up_to_the_text(analyst, article, span):
    response = client_for(analyst).get(url(article))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"data-spans={span.pk}>" in html
    assert "Unverified claim" in html
    assert 'id="new-span"' in html
    assert "{% block" not in html


def test_an_analyst_sees_only_their_own_spans(analyst, analyst2, article, span):
    other = quote_span(article, analyst2, "attribution", "Zhao told a media briefing")
    html = client_for(analyst).get(url(article) + "?who=all").content.decode()
    assert f'data-span="{span.pk}"' in html
    assert f'data-span="{other.pk}"' not in html
    assert "All annotators" not in html


def test_a_reviewer_can_switch_to_all_annotators(reviewer, analyst, analyst2, article, span):
    other = quote_span(article, analyst2, "attribution", "Zhao told a media briefing")
    mine = client_for(reviewer).get(url(article)).content.decode()
    assert f'data-span="{span.pk}"' not in mine
    everyone = client_for(reviewer).get(url(article) + "?who=all").content.decode()
    assert f'data-span="{span.pk}"' in everyone
    assert f'data-span="{other.pk}"' in everyone


def test_it_renders_with_a_bounded_number_of_queries(
    analyst, article, django_assert_max_num_queries
):
    text = article.text
    for label in ("attribution", "unverified-claim", "state-media-source"):
        for start in range(0, 40, 2):
            Span.objects.create(
                project=article.project,
                article=article,
                label=article.project.labels.get(key=label),
                start=start,
                end=start + 10,
                quote=text[start : start + 10],
                annotator=analyst,
            )
    client = client_for(analyst)
    with django_assert_max_num_queries(11):  # the role is read with the article
        response = client.get(url(article))
    assert response.content.decode().count('class="span-item') == min(60, LIST_FIRST)


def test_hostile_article_content_is_shown_as_text(manager, project):
    hostile = article_create(
        project=project,
        title="<script>alert('title')</script>",
        text=(
            "<img src=x onerror=alert(1)> <script>alert(2)</script> "
            '<a href="javascript:alert(3)">x</a>\n'
        ),
        outlet="<b>Outlet</b>",
        created_by=manager,
    ).article
    # Every path refuses such an address now; a row stored before they did may still hold one.
    Article.objects.filter(pk=hostile.pk).update(url="javascript:alert(4)")
    html = client_for(manager).get(url(hostile)).content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'href="javascript:' not in html
    assert "<b>Outlet</b>" not in html


def test_it_opens_a_span_given_in_the_query(analyst, article, span):
    html = client_for(analyst).get(url(article) + f"?span={span.pk}").content.decode()
    assert f'data-open="{span.pk}"' in html
    assert "Delete span" in html


def test_it_links_previous_and_next_articles(analyst, article, manager, project):
    second = article_create(
        project=project, title="Second", text="Second text.", created_by=manager
    )
    html = client_for(analyst).get(url(second.article)).content.decode()
    assert reverse("annotate", args=[article.pk]) in html
    assert 'id="next-article"' not in html


def test_a_long_article_with_2000_spans_renders_with_a_bounded_number_of_queries(
    analyst, project, manager, django_assert_max_num_queries
):
    # How fast it renders is measured in bench/ (make bench), never timed in a unit test.
    text = ("The ministry said the strikes hit only militant targets. " * 6 + "\n\n") * 300
    long_article = article_create(
        project=project, title="Long", text=text, created_by=manager
    ).article
    label = project.labels.get(key="attribution")
    Span.objects.bulk_create(
        Span(
            project=project,
            article=long_article,
            label=label,
            annotator=analyst,
            start=(i * 47) % 99_000,
            end=(i * 47) % 99_000 + 60,
            quote=long_article.text[(i * 47) % 99_000 : (i * 47) % 99_000 + 60],
        )
        for i in range(2000)
    )
    assert len(long_article.text) > 100_000
    client = client_for(analyst)
    with django_assert_max_num_queries(12):
        response = client.get(url(long_article))
    # Every span highlighted; the list's first page, and the rest as it is scrolled.
    html = response.content.decode()
    assert html.count('class="span-item') == LIST_FIRST and "More spans" in html
    assert len(set(re.findall(r"data-spans=(\d+)>", html))) == 2000
    with django_assert_max_num_queries(12):
        response = client.get(url(long_article) + "?list=all")
    assert response.content.decode().count('class="span-item') == 2000
