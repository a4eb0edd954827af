"""The workload in the browser: next article, an assigned project's article list and annotate
page, the manager's assign / spread / release / settings forms, and the list's filters."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from newsannot.corpus.models import Article, AssignmentMode
from newsannot.lib.text import content_hash
from newsannot.workload.models import Assignment, AssignmentStatus
from newsannot.workload.services import article_done, assign_many, next_article
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned(project, manager):
    project.assignment, project.overlap = AssignmentMode.ASSIGNED, 2
    project.save()
    Article.objects.bulk_create(
        Article(
            project=project,
            title=f"Article {i}",
            text=f"Text {i}.",
            content_hash=content_hash(f"Text {i}."),
        )
        for i in range(3)
    )
    return project


def _list(user, project, query=""):
    return client_for(user).get(reverse("article-list", args=[project.pk]) + query)


def _ids(project):
    return list(Article.objects.filter(project=project).order_by("id").values_list("id", flat=True))


def test_next_takes_the_analyst_to_their_article(assigned, analyst):
    first = _ids(assigned)[0]
    response = client_for(analyst).post(reverse("next-article", args=[assigned.pk]))
    assert response["Location"] == reverse("annotate", args=[first])
    page = client_for(analyst).get(response["Location"]).content.decode()
    assert 'id="next-assigned"' in page and "Mark done &amp; next" in page


def test_an_analyst_sees_only_their_articles_in_an_assigned_project(assigned, analyst):
    first, second, _ = _ids(assigned)
    assert "0 articles" in _list(analyst, assigned).content.decode()
    next_article(project=assigned, analyst=analyst)
    html = _list(analyst, assigned).content.decode()
    assert "Article 0" in html and "Article 1" not in html
    assert client_for(analyst).get(reverse("annotate", args=[second])).status_code == 404
    response = client_for(analyst).post(
        reverse("span-add", args=[second]),
        {"label": "attribution", "start": 0, "end": 4, "quote": "Text"},
    )
    assert response.status_code == 404
    assert client_for(analyst).get(reverse("annotate", args=[first])).status_code == 200


def test_mark_done_and_next_goes_to_new_work_then_back_to_the_list(assigned, analyst):
    _first, second, third = _ids(assigned)
    client = client_for(analyst)
    for expected in (second, third):
        current = next_article(project=assigned, analyst=analyst)
        response = client.post(reverse("article-done", args=[current.pk]), {"next": "1"})
        assert response["Location"] == reverse("annotate", args=[expected])
    response = client.post(reverse("article-done", args=[third]), {"next": "1"})
    assert response["Location"] == reverse("article-list", args=[assigned.pk])
    assert Assignment.objects.filter(analyst=analyst, status=AssignmentStatus.DONE).count() == 3


def test_the_manager_sees_who_works_on_what(assigned, manager, analyst, analyst2):
    first = _ids(assigned)[0]
    next_article(project=assigned, analyst=analyst)
    next_article(project=assigned, analyst=analyst2)
    article_done(article=Article.objects.get(pk=first), user=analyst)
    html = _list(manager, assigned).content.decode()
    assert 'title="alice: done">alice ✓</span>' in html
    assert 'title="amir: assigned">amir</span>' in html
    # an analyst sees the column's facts for themselves only: no colleague's name
    assert "amir" not in _list(analyst, assigned).content.decode()


def test_the_manager_assigns_ticked_articles_spreads_and_releases(
    assigned, manager, analyst, analyst2
):
    first, second, _third = _ids(assigned)
    client = client_for(manager)
    response = client.post(
        reverse("workload-assign", args=[assigned.pk]),
        {"article": [first, second], "analyst": analyst.pk},
    )
    assert response.status_code == 302
    assert "2 assignments made." in client.get(response["Location"]).content.decode()
    client.post(reverse("workload-spread", args=[assigned.pk]))
    assert Assignment.objects.count() == 6  # three articles, two analysts each
    response = client.post(reverse("workload-release", args=[assigned.pk]), {"analyst": analyst.pk})
    assert "3 unfinished articles released." in client.get(response["Location"]).content.decode()
    assert not Assignment.objects.filter(analyst=analyst).exists()


def test_analysts_cannot_use_the_managers_forms(assigned, analyst):
    client = client_for(analyst)
    for name, data in [
        ("workload-assign", {"article": _ids(assigned), "analyst": analyst.pk}),
        ("workload-spread", {}),
        ("workload-release", {"analyst": analyst.pk}),
        ("workload-settings", {"overlap": "1"}),
    ]:
        assert client.post(reverse(name, args=[assigned.pk]), data).status_code == 403, name
    assert not Assignment.objects.exists()
    assigned.refresh_from_db()
    assert assigned.overlap == 2


def test_the_settings_form_names_a_bad_value(project, manager):
    client = client_for(manager)
    url = reverse("workload-settings", args=[project.pk])
    client.post(url, {"assignment": "assigned", "overlap": "3"})
    project.refresh_from_db()
    assert (project.assignment, project.overlap) == ("assigned", 3)
    response = client.post(url, {"overlap": "9"}, follow=True)
    assert "overlap must be a whole number from 1 to 5" in response.content.decode()


@pytest.mark.parametrize(
    "work, expected",
    [("mine", [0]), ("unassigned", [2]), ("needs-analyst", [1, 2]), ("done-by-all", [0])],
)
def test_the_workload_filters(assigned, manager, analyst, analyst2, work, expected):
    ids = _ids(assigned)
    assign_many(project=assigned, article_ids=ids[:1], analysts=[analyst, analyst2], actor=manager)
    assign_many(project=assigned, article_ids=ids[1:2], analysts=[analyst2], actor=manager)
    for user in (analyst, analyst2):
        article_done(article=Article.objects.get(pk=ids[0]), user=user)
    viewer = analyst if work == "mine" else manager
    rows = _list(viewer, assigned, f"?work={work}").context["rows"]
    assert [a.pk for a in rows] == [ids[i] for i in expected]


def test_the_list_reads_a_fixed_number_of_queries(
    assigned, manager, analyst, analyst2, django_assert_num_queries
):
    client = client_for(manager)
    client.get(reverse("article-list", args=[assigned.pk]))  # warm: session, content types

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("article-list", args=[assigned.pk])).status_code == 200
        return len(captured)

    few = count()
    Article.objects.bulk_create(
        Article(
            project=assigned,
            title=f"More {i}",
            text=f"More {i}.",
            content_hash=content_hash(f"More {i}."),
        )
        for i in range(40)
    )
    assign_many(
        project=assigned, article_ids=_ids(assigned), analysts=[analyst, analyst2], actor=manager
    )
    for user in get_user_model().objects.filter(username__in=["alice", "amir"]):
        for article in Article.objects.filter(project=assigned)[:10]:
            article_done(article=article, user=user)
    assert count() == few


def test_the_suggestion_panel_of_an_article_not_assigned_is_not_there(assigned, analyst):
    first = _ids(assigned)[0]
    response = client_for(analyst).get(reverse("suggestion-panel", args=[first]))
    assert response.status_code == 404
    next_article(project=assigned, analyst=analyst)
    assert client_for(analyst).get(reverse("suggestion-panel", args=[first])).status_code == 200


def test_a_manager_sets_what_selections_snap_to_on_the_settings_form(project, manager, article):
    client = client_for(manager)
    page = _list(manager, project).content.decode()
    assert '<select name="granularity">' in page and "selections snap to whole words" in page
    url = reverse("workload-settings", args=[project.pk])
    response = client.post(url, {"granularity": "character"}, follow=True)
    assert "Project settings saved." in response.content.decode()
    annotate = client.get(reverse("annotate", args=[article.pk])).content.decode()
    assert 'data-granularity="character"' in annotate
    response = client.post(url, {"granularity": "sentence"}, follow=True)
    assert "granularity must be one of word, character, not &#x27;sentence&#x27;." in (
        response.content.decode()
    )
    project.refresh_from_db()
    assert project.granularity == "character"


def test_release_is_offered_only_when_someone_has_unfinished_articles(assigned, manager, analyst):
    # With nothing assigned, the form was an empty select and a Release button that failed.
    page = client_for(manager).get(reverse("article-list", args=[assigned.pk])).content.decode()
    assert 'id="release-analyst"' not in page
    assert "No analyst has unfinished articles to release." in page
    first, _second, _third = _ids(assigned)
    assign_many(project=assigned, article_ids=[first], analysts=[analyst], actor=manager)
    page = client_for(manager).get(reverse("article-list", args=[assigned.pk])).content.decode()
    assert 'id="release-analyst"' in page and "(1 open, 0 done)" in page
    assert "No analyst has unfinished articles" not in page
