"""The review queue: who may see it, what it lists, how it filters."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import client_for, quote_span


def url(project, **query):
    base = reverse("review-queue", args=[project.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_it_sends_anonymous_visitors_to_log_in(client, project):
    response = client.get(url(project))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("who", ["analyst", "outsider"])
def test_it_refuses_analysts_and_outsiders(request, project, who):
    response = client_for(request.getfixturevalue(who)).get(url(project))
    assert response.status_code == 403
    assert b"Only reviewers and managers" in response.content


@pytest.mark.parametrize("who", ["reviewer", "manager", "site_admin"])
def test_it_shows_pending_spans_to_reviewers_managers_and_admins(request, project, span, who):
    response = client_for(request.getfixturevalue(who)).get(url(project))
    assert response.status_code == 200
    assert f'id="item-{span.pk}"' in response.content.decode()


def test_it_shows_the_quote_in_its_sentence_and_the_note(project, article, analyst, reviewer):
    quote_span(article, analyst, "attribution", "Zhao told a media briefing", note="Who is Zhao?")
    body = client_for(reviewer).get(url(project)).content.decode()
    assert "外交部 spokesman <mark" in body
    assert ">Zhao told a media briefing</mark> that the claims were false." in body
    assert "Who is Zhao?" in body


def test_it_leaves_out_the_reviewers_own_spans_and_says_how_many(project, article, reviewer, span):
    own = quote_span(article, reviewer, "state-media-source", "Source: RT")
    body = client_for(reviewer).get(url(project)).content.decode()
    assert f'id="item-{span.pk}"' in body
    assert f'id="item-{own.pk}"' not in body
    assert "1 of yours waits for another reviewer" in body


def test_it_filters_by_label_analyst_article_and_outlet(
    project, article, analyst, analyst2, reviewer, span
):
    other = quote_span(article, analyst2, "state-media-source", "Source: RT")
    client = client_for(reviewer)

    def shown(**query):
        body = client.get(url(project, **query)).content.decode()
        return {s.pk for s in (span, other) if f'id="item-{s.pk}"' in body}

    assert shown(label="state-media-source") == {other.pk}
    assert shown(analyst="alice") == {span.pk}
    assert shown(article=article.pk) == {span.pk, other.pk}
    assert shown(article=article.pk + 1000) == set()
    assert shown(outlet="RT") == {span.pk, other.pk}
    assert shown(outlet="BBC") == set()


def test_it_refuses_an_article_filter_that_is_not_a_number(project, reviewer):
    response = client_for(reviewer).get(url(project, article="abc"))
    assert response.status_code == 400
    assert b"The article filter must be a whole number" in response.content


def test_it_answers_404_for_a_project_that_does_not_exist(reviewer):
    assert client_for(reviewer).get("/p/99999/review/").status_code == 404


def test_it_escapes_hostile_notes_titles_and_text(project, manager, analyst, reviewer):
    from newsannot.corpus.services import article_create

    hostile = article_create(
        project=project,
        title="<script>alert('t')</script>",
        text="Before. <img src=x onerror=alert(1)> said so. After.",
        created_by=manager,
    ).article
    quote_span(hostile, analyst, "attribution", "<img src=x onerror=alert(1)>", note="<b>n</b>")
    body = client_for(reviewer).get(url(project)).content.decode()
    assert "<img src=x" not in body and "<script>alert" not in body and "<b>n</b>" not in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body


def test_the_queue_makes_a_bounded_number_of_queries(
    project, article, analyst, analyst2, reviewer, django_assert_max_num_queries
):
    from newsannot.annotations.relations import relation_create

    spans = [
        quote_span(article, analyst if i % 2 else analyst2, "attribution", quote)
        for i, quote in enumerate(["Officials", "said", "strikes", "militant", "targets", "Zhao"])
    ]
    for target in (spans[3], spans[5]):
        relation_create(
            article=article,
            type="attributes",
            from_span=spans[1],
            to_span=target,
            annotator=analyst,
        )
    client = client_for(reviewer)
    # 14: two read the pending relations and the titles of their articles
    with django_assert_max_num_queries(14):
        response = client.get(url(project))
    body = response.content.decode()
    assert body.count('class="item is-pending') == 6
    assert "<strong>2</strong> pending relations to decide" in body
