from __future__ import annotations

import pytest
from django.urls import reverse

from newsannot.corpus.services import article_create
from newsannot.workload.models import Assignment, AssignmentStatus
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def url(article):
    return reverse("article-done", args=[article.pk])


def test_an_analyst_marks_an_article_done_and_goes_to_the_next(analyst, article, project, manager):
    nxt = article_create(project=project, title="Next", text="Next one.", created_by=manager)
    response = client_for(analyst).post(url(article), {"done": "1", "next": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("annotate", args=[nxt.article.pk])
    assert Assignment.objects.get(article=article, analyst=analyst).status == AssignmentStatus.DONE


def test_done_can_be_undone(analyst, article):
    client = client_for(analyst)
    client.post(url(article), {"done": "1"})
    response = client.post(url(article), {"done": "0"})
    assert response["Location"] == reverse("annotate", args=[article.pk])
    assert not Assignment.objects.filter(status=AssignmentStatus.DONE).exists()


def test_the_annotate_view_shows_done(analyst, article):
    client = client_for(analyst)
    client.post(url(article), {"done": "1"})
    html = client.get(reverse("annotate", args=[article.pk])).content.decode()
    assert "Not done after all" in html


def test_outsiders_cannot_mark_done(outsider, article):
    assert client_for(outsider).post(url(article)).status_code == 404
    assert not Assignment.objects.exists()


def test_it_needs_post(analyst, article):
    assert client_for(analyst).get(url(article)).status_code == 405
