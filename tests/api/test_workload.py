"""The workload API: project settings, next, assignments, done, release, and who sees what."""

from __future__ import annotations

import pytest

from newsannot.corpus.services import article_create
from newsannot.workload.models import Assignment, AssignmentStatus
from tests.conftest import make_user, quote_span

pytestmark = pytest.mark.django_db


def _articles(project, manager, n: int) -> list:
    return [
        article_create(
            project=project, title=f"Article {i}", text=f"Text number {i}.", created_by=manager
        ).article
        for i in range(n)
    ]


@pytest.fixture
def assigned(project, manager, api):
    """An `assigned` project with overlap 2 and three articles, set through the API."""
    response = api(manager).patch(
        f"/api/v1/projects/{project.pk}/", {"assignment": "assigned", "overlap": 2}
    )
    assert response.status_code == 200, response.json()
    project.refresh_from_db()
    return project


def _next(api, user, project):
    return api(user).post(f"/api/v1/projects/{project.pk}/next/")


def test_the_project_carries_its_workload_settings(project, analyst, api):
    body = api(analyst).get(f"/api/v1/projects/{project.pk}/").json()
    assert (body["assignment"], body["overlap"]) == ("open", 1)


def test_managers_change_them_and_bad_values_are_named(project, manager, api):
    url = f"/api/v1/projects/{project.pk}/"
    assert api(manager).patch(url, {"overlap": 3}).json()["overlap"] == 3
    for bad in ({"overlap": 0}, {"overlap": 6}, {"overlap": "two"}, {"overlap": True}):
        response = api(manager).patch(url, bad)
        assert response.status_code == 400, bad
        assert "overlap" in str(response.json())
    response = api(manager).patch(url, {"assignment": "random"})
    assert response.status_code == 400
    assert "open, assigned" in str(response.json())


def test_analysts_cannot_change_them(project, analyst, reviewer, api):
    for user in (analyst, reviewer):
        response = api(user).patch(f"/api/v1/projects/{project.pk}/", {"overlap": 2})
        assert response.status_code == 403
    project.refresh_from_db()
    assert project.overlap == 1


def test_next_gives_the_oldest_open_article_then_the_same_until_done(
    assigned, manager, analyst, api
):
    first, second, _ = _articles(assigned, manager, 3)
    body = _next(api, analyst, assigned).json()
    assert body["article"]["id"] == first.pk
    assert body["article"]["text"] == "Text number 0."
    assert _next(api, analyst, assigned).json()["article"]["id"] == first.pk  # unfinished
    done = api(analyst).post(f"/api/v1/articles/{first.pk}/done/")
    assert done.json()["status"] == "done" and done.json()["done_at"]
    assert _next(api, analyst, assigned).json()["article"]["id"] == second.pk


def test_overlap_two_gives_an_article_to_two_analysts_and_not_a_third(
    assigned, manager, analyst, analyst2, api
):
    first, second = _articles(assigned, manager, 2)
    third = make_user("ana")
    api(manager).post(
        f"/api/v1/projects/{assigned.pk}/members/", {"username": "ana", "role": "analyst"}
    )
    assert _next(api, analyst, assigned).json()["article"]["id"] == first.pk
    assert _next(api, analyst2, assigned).json()["article"]["id"] == first.pk
    assert _next(api, third, assigned).json()["article"]["id"] == second.pk


def test_nothing_left_is_204(assigned, manager, analyst, api):
    (only,) = _articles(assigned, manager, 1)
    assert _next(api, analyst, assigned).json()["article"]["id"] == only.pk
    api(analyst).post(f"/api/v1/articles/{only.pk}/done/")
    response = _next(api, analyst, assigned)
    assert response.status_code == 204


def test_outsiders_get_no_next(assigned, outsider, api):
    assert _next(api, outsider, assigned).status_code in (403, 404)


def test_analysts_see_only_their_articles_in_an_assigned_project(
    assigned, manager, analyst, reviewer, api
):
    first, second = _articles(assigned, manager, 2)
    _next(api, analyst, assigned)
    listed = api(analyst).get(f"/api/v1/projects/{assigned.pk}/articles/").json()["results"]
    assert [a["id"] for a in listed] == [first.pk]
    assert api(analyst).get(f"/api/v1/articles/{second.pk}/").status_code == 404
    response = api(analyst).post(
        f"/api/v1/articles/{second.pk}/spans/",
        {"label": "attribution", "start": 0, "end": 4, "quote": "Text"},
    )
    assert response.status_code == 404
    assert api(analyst).post(f"/api/v1/articles/{second.pk}/done/").status_code == 404
    everything = api(reviewer).get(f"/api/v1/projects/{assigned.pk}/articles/").json()
    assert len(everything["results"]) == 2


def test_in_an_open_project_analysts_see_everything_and_done_records_it(
    project, manager, analyst, api
):
    _first, second = _articles(project, manager, 2)
    listed = api(analyst).get(f"/api/v1/projects/{project.pk}/articles/").json()["results"]
    assert len(listed) == 2
    assert api(analyst).post(f"/api/v1/articles/{second.pk}/done/").status_code == 200
    row = Assignment.objects.get(analyst=analyst)
    assert (row.article_id, row.status) == (second.pk, AssignmentStatus.DONE)
    again = api(analyst).post(f"/api/v1/articles/{second.pk}/done/", {"done": False})
    assert again.json()["status"] == "assigned" and again.json()["done_at"] is None


def test_managers_assign_list_filter_and_delete(assigned, manager, analyst, analyst2, api):
    first, second = _articles(assigned, manager, 2)
    url = f"/api/v1/projects/{assigned.pk}/assignments/"
    made = api(manager).post(url, {"article": first.pk, "analyst": "alice"})
    assert made.status_code == 201
    assert made.json()["analyst"] == "alice" and made.json()["status"] == "assigned"
    assert made.json()["assigned_by"] == "mona"
    assert api(manager).post(url, {"article": first.pk, "analyst": "alice"}).status_code == 409
    api(manager).post(url, {"article": second.pk, "analyst": "amir"})
    assert len(api(manager).get(url).json()["results"]) == 2
    assert [r["article"] for r in api(manager).get(url, analyst="amir").json()["results"]] == [
        second.pk
    ]
    assert api(manager).get(url, article=first.pk).json()["results"][0]["analyst"] == "alice"
    assert api(manager).get(url, status="done").json()["results"] == []
    assert api(manager).get(url, status="finished").status_code == 400
    assert api(manager).get(url, article="x").status_code == 400
    # An analyst sees their own rows only, and cannot assign.
    assert [r["analyst"] for r in api(analyst).get(url).json()["results"]] == ["alice"]
    assert api(analyst).post(url, {"article": second.pk, "analyst": "alice"}).status_code == 403
    deleted = api(manager).delete(f"/api/v1/assignments/{made.json()['id']}/")
    assert deleted.status_code == 204
    assert api(analyst).get(url).json()["results"] == []
    assert api(manager).delete(f"/api/v1/assignments/{made.json()['id']}/").status_code == 404


def test_assigning_to_a_non_member_or_a_foreign_article_is_a_400(
    assigned, other_project, manager, outsider, api
):
    (mine,) = _articles(assigned, manager, 1)
    url = f"/api/v1/projects/{assigned.pk}/assignments/"
    response = api(manager).post(url, {"article": mine.pk, "analyst": "otto"})
    assert response.status_code == 400 and "not a member" in response.json()["detail"]
    foreign = article_create(project=other_project, title="F", text="Foreign.").article
    response = api(manager).post(url, {"article": foreign.pk, "analyst": "mona"})
    assert response.status_code == 400
    assert api(manager).post(url, {"article": "1", "analyst": 3}).status_code == 400


def test_release_returns_unfinished_work_and_keeps_spans_and_done(
    assigned, manager, analyst, analyst2, api
):
    first, second, _third = _articles(assigned, manager, 3)
    url = f"/api/v1/projects/{assigned.pk}/assignments/"
    for article in (first, second):
        api(manager).post(url, {"article": article.pk, "analyst": "alice"})
    api(analyst).post(f"/api/v1/articles/{first.pk}/done/")
    quote_span(second, analyst, "attribution", "Text")
    response = api(manager).post(url + "release/", {"analyst": "alice"})
    assert response.json() == {"released": 1}
    assert list(Assignment.objects.values_list("article_id", "status")) == [(first.pk, "done")]
    assert second.spans.count() == 1
    # the released article goes to the next analyst who asks
    assert _next(api, analyst2, assigned).json()["article"]["id"] == first.pk  # overlap 2
    assert api(analyst).post(url + "release/", {"analyst": "amir"}).status_code == 403


def test_a_cursor_page_of_assignments(assigned, manager, analyst, api):
    articles = _articles(assigned, manager, 3)
    url = f"/api/v1/projects/{assigned.pk}/assignments/"
    for article in articles:
        api(manager).post(url, {"article": article.pk, "analyst": "alice"})
    page = api(manager).get(url, page_size=2).json()
    assert len(page["results"]) == 2 and page["next"]
    rest = api(manager).client.get(page["next"]).json()
    assert [r["article"] for r in rest["results"]] == [articles[2].pk]


def test_approved_spans_on_others_articles_stay_hidden_in_an_assigned_project(
    assigned, manager, analyst, analyst2, reviewer, api
):
    from newsannot.annotations.services import span_review

    _first, second = _articles(assigned, manager, 2)
    api(manager).post(
        f"/api/v1/projects/{assigned.pk}/assignments/", {"article": second.pk, "analyst": "amir"}
    )
    theirs = quote_span(second, analyst2, "attribution", "Text")
    span_review(span=theirs, reviewer=reviewer, decision="approve", version=1)
    listed = api(analyst).get(f"/api/v1/projects/{assigned.pk}/spans/").json()["results"]
    assert listed == []
    assert api(analyst).get(f"/api/v1/spans/{theirs.pk}/").status_code == 404
    # once the article is alice's too, its approved spans show
    api(manager).post(
        f"/api/v1/projects/{assigned.pk}/assignments/", {"article": second.pk, "analyst": "alice"}
    )
    listed = api(analyst).get(f"/api/v1/projects/{assigned.pk}/spans/").json()["results"]
    assert [s["id"] for s in listed] == [theirs.pk]


def test_managers_set_what_selections_snap_to_through_the_same_validator(project, manager, api):
    url = f"/api/v1/projects/{project.pk}/"
    assert api(manager).get(url).json()["granularity"] == "word"
    response = api(manager).patch(url, {"granularity": "character"})
    assert response.status_code == 200, response.json()
    assert response.json()["granularity"] == "character"
    for bad in ("sentence", 1, None, ["word"]):
        response = api(manager).patch(url, {"granularity": bad})
        assert response.status_code == 400, bad
        assert "granularity must be one of word, character" in response.json()["detail"]
    project.refresh_from_db()
    assert project.granularity == "character"
