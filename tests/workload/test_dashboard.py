"""The dashboard's work distribution: throughput, time per article, stalled work, double
annotation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from newsannot.annotations.models import SpanHistory
from newsannot.corpus.services import article_create
from newsannot.workload.models import Assignment
from newsannot.workload.selectors import team_work
from newsannot.workload.services import article_done, assign_many
from tests.conftest import client_for, quote_span

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(project, article, manager, analyst, analyst2):
    """`article` done by both (alice took 30 minutes on it); a second one assigned to amir
    ten days ago and not touched since."""
    second = article_create(project=project, title="Second", text="Still open.", created_by=manager)
    quote_span(article, analyst, "attribution", "Officials")
    quote_span(article, analyst, "unverified-claim", "the strikes hit only militant targets")
    history = SpanHistory.objects.filter(actor=analyst).order_by("id")
    start = timezone.now() - dt.timedelta(minutes=40)
    history.filter(pk=history[0].pk).update(at=start)
    history.filter(pk=history[1].pk).update(at=start + dt.timedelta(minutes=30))
    article_done(article=article, user=analyst)
    article_done(article=article, user=analyst2)
    assign_many(
        project=project, article_ids=[second.article.pk], analysts=[analyst2], actor=manager
    )
    Assignment.objects.filter(article=second.article).update(
        assigned_at=timezone.now() - dt.timedelta(days=10)
    )
    return second.article


def test_it_counts_throughput_time_stalled_and_double_annotation(project, team):
    work = team_work(project, stalled_days=3)
    alice, amir = work.analysts
    assert (alice.username, alice.done, alice.open, alice.last_days[-1]) == ("alice", 1, 0, 1)
    assert alice.per_day == pytest.approx(1 / 7)
    assert alice.median_minutes == pytest.approx(30, abs=0.1)
    assert (amir.done, amir.open, amir.median_minutes) == (1, 1, None)
    assert [(s.analyst, s.title) for s in work.stalled] == [("amir", "Second")]
    assert (work.done_articles, work.double_annotated, work.double_share) == (1, 1, 1.0)
    assert team_work(project, stalled_days=30).stalled == []


def test_the_dashboard_shows_it_and_releases_a_stalled_analyst(project, team, manager):
    client = client_for(manager)
    html = client.get(reverse("project-dashboard", args=[project.pk])).content.decode()
    assert "100%</strong> of finished articles double-annotated (1 of 1)" in html
    assert "Release amir's unfinished articles" in html
    amir = Assignment.objects.get(article=team).analyst
    client.post(reverse("workload-release", args=[project.pk]), {"analyst": amir.pk})
    assert not Assignment.objects.filter(article=team).exists()
