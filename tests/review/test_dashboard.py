"""The project dashboard: progress, spans by status and label, analysts, agreement, in SVG."""

from __future__ import annotations

import pytest
from django.urls import reverse

from newsannot.annotations.services import span_review
from newsannot.corpus.services import article_create
from newsannot.review import selectors
from newsannot.workload.services import article_done
from tests.conftest import client_for, quote_span

CLAIM = "the strikes hit only militant targets"


@pytest.fixture
def worked(project, article, analyst, analyst2, reviewer, manager):
    """Article 1: both analysts, done by alice; article 2: nothing; article 3: amir in progress."""
    article_create(project=project, title="Empty", text="Nothing here yet.", created_by=manager)
    third = article_create(
        project=project, title="Third", text="It said so. Source: TASS", created_by=manager
    ).article
    a1 = quote_span(article, analyst, "unverified-claim", CLAIM)
    quote_span(article, analyst2, "unverified-claim", CLAIM)
    a2 = quote_span(article, analyst, "state-media-source", "Source: RT")
    quote_span(third, analyst2, "state-media-source", "Source: TASS")
    article_done(article=article, user=analyst)
    span_review(span=a1, reviewer=reviewer, decision="approve", version=1)
    span_review(span=a2, reviewer=reviewer, decision="reject", version=1)
    return article


def test_progress_counts_done_in_progress_and_not_started(project, worked):
    data = selectors.dashboard(project)
    assert data.progress == {"done": 1, "in_progress": 1, "not_started": 1, "total": 3}


def test_spans_by_label_and_status_and_acceptance_per_analyst(project, worked):
    data = selectors.dashboard(project)
    by_key = {label.key: data.by_label[label.pk] for label in data.labels}
    assert by_key["unverified-claim"] == {"pending": 1, "approved": 1, "rejected": 0}
    assert by_key["state-media-source"] == {"pending": 1, "approved": 0, "rejected": 1}
    alice, amir = data.analysts
    assert (alice.username, alice.total, alice.acceptance) == ("alice", 2, 0.5)
    assert (amir.username, amir.total, amir.acceptance) == ("amir", 2, None)
    keys = [label.key for label in data.labels]
    assert alice.label_rates[keys.index("unverified-claim")] == 1.0
    assert alice.label_rates[keys.index("state-media-source")] == 0.0


def test_agreement_between_the_two_analysts_on_the_shared_article(project, worked):
    data = selectors.dashboard(project)
    rows = {row.label.key: row for row in data.agreement_rows}
    assert rows["unverified-claim"].exact_f1 == 1.0
    assert rows["unverified-claim"].alpha == 1.0
    assert rows["state-media-source"].exact_f1 == 0.0  # alice marked RT, amir did not
    assert data.agreement_overall.docs == 1
    # Exact, overall: alice 2 spans, amir 1, one match: P = 1, R = 1/2, F1 = 2/3.
    assert data.agreement_overall.exact_f1 == pytest.approx(2 / 3)


def test_the_page_draws_svg_bars(project, worked, manager):
    response = client_for(manager).get(reverse("project-dashboard", args=[project.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<svg") >= 4
    assert 'class="st-approved"' in body and "<title>Approved: 1</title>" in body


@pytest.mark.parametrize("who", ["analyst", "outsider"])
def test_analysts_and_outsiders_cannot_see_it(request, project, who):
    response = client_for(request.getfixturevalue(who)).get(
        reverse("project-dashboard", args=[project.pk])
    )
    assert response.status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, project):
    assert client.get(reverse("project-dashboard", args=[project.pk])).status_code == 302


def test_the_dashboard_query_count_does_not_grow_with_the_project(
    project, worked, manager, analyst, django_assert_max_num_queries
):
    client = client_for(manager)
    # 19: two of them count the suggested relations accepted and dismissed, three read the
    # relation types, the relations and the label attributes for their agreement
    with django_assert_max_num_queries(19) as small:
        client.get(reverse("project-dashboard", args=[project.pk]))
    for i in range(15):
        extra = article_create(
            project=project, title=f"More {i}", text=f"Story {i}. Source: RT", created_by=manager
        ).article
        quote_span(extra, analyst, "state-media-source", "Source: RT")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("project-dashboard", args=[project.pk]))
