"""Members, from the page and the API: add by username, change a role, remove; the last
manager stays; a removed member's spans stay."""

from __future__ import annotations

import pytest

from newsannot.annotations.models import Span
from newsannot.corpus import members
from newsannot.corpus.models import Membership
from newsannot.lib.errors import Conflict, Forbidden, Invalid
from tests.conftest import client_for, make_user, quote_span


def test_a_manager_adds_an_existing_user_from_the_page(project, manager):
    make_user("newbie")
    response = client_for(manager).post(
        f"/p/{project.pk}/members/", {"username": "newbie", "role": "reviewer"}, follow=True
    )
    assert "newbie joined the project as reviewer." in response.text
    assert '<tr data-username="newbie">' in response.text
    assert Membership.objects.get(project=project, user__username="newbie").role == "reviewer"


def test_an_unknown_username_is_said_on_the_page(project, manager):
    response = client_for(manager).post(
        f"/p/{project.pk}/members/", {"username": "ghost", "role": "analyst"}
    )
    assert response.status_code == 400
    assert "There is no user named &#x27;ghost&#x27;" in response.text
    assert 'value="ghost"' in response.text  # what they typed stays in the box


def test_a_manager_changes_a_role_and_removes_a_member_whose_spans_stay(
    project, manager, analyst, article
):
    span = quote_span(article, analyst, "attribution", "spokesman Zhao")
    client = client_for(manager)
    response = client.post(
        f"/p/{project.pk}/members/{analyst.pk}/role/", {"role": "reviewer"}, follow=True
    )
    assert "alice is now reviewer." in response.text
    response = client.post(f"/p/{project.pk}/members/{analyst.pk}/remove/", follow=True)
    assert "Their spans and history stay" in response.text
    assert 'data-username="alice"' not in response.text
    assert Span.objects.filter(pk=span.pk, annotator=analyst).exists()


@pytest.mark.parametrize("how", ["demote", "remove"])
def test_the_last_manager_cannot_be_demoted_or_removed(project, manager, how):
    client = client_for(manager)
    if how == "demote":
        response = client.post(f"/p/{project.pk}/members/{manager.pk}/role/", {"role": "analyst"})
    else:
        response = client.post(f"/p/{project.pk}/members/{manager.pk}/remove/")
    assert response.status_code == 409
    assert "mona is this project&#x27;s last manager" in response.text
    assert Membership.objects.get(project=project, user=manager).role == "manager"


def test_with_a_second_manager_one_may_step_down(project, manager):
    second = make_user("max")
    members.member_add(project=project, username="max", role="manager", actor=manager)
    members.member_set_role(project=project, user_id=manager.pk, role="analyst", actor=second)
    with pytest.raises(Conflict):
        members.member_remove(project=project, user_id=second.pk, actor=second)


def test_services_refuse_non_managers_and_bad_roles(project, manager, reviewer, analyst):
    with pytest.raises(Forbidden):
        members.member_set_role(project=project, user_id=analyst.pk, role="manager", actor=reviewer)
    with pytest.raises(Invalid, match="Unknown role"):
        members.member_set_role(project=project, user_id=analyst.pk, role="boss", actor=manager)


@pytest.mark.parametrize("user", ["analyst", "reviewer", "outsider"])
def test_only_managers_see_the_members_page(request, project, user):
    response = client_for(request.getfixturevalue(user)).get(f"/p/{project.pk}/members/")
    assert response.status_code == (404 if user == "outsider" else 403)


def test_the_api_changes_and_removes_members(project, manager, analyst):
    client = client_for(manager)
    url = f"/api/v1/projects/{project.pk}/members/"
    listed = client.get(url).json()
    assert {"user_id": analyst.pk, "username": "alice", "role": "analyst"} in listed
    response = client.patch(f"{url}{analyst.pk}/", {"role": "reviewer"}, "application/json")
    assert response.status_code == 200, response.content
    assert response.json() == {"user_id": analyst.pk, "username": "alice", "role": "reviewer"}
    response = client.patch(f"{url}{manager.pk}/", {"role": "analyst"}, "application/json")
    assert response.status_code == 409
    assert "last manager" in response.json()["detail"]
    assert client.delete(f"{url}{analyst.pk}/").status_code == 204
    assert client.delete(f"{url}{analyst.pk}/").status_code == 404
    assert client_for(analyst).get(f"/api/v1/projects/{project.pk}/").status_code == 403


def test_each_change_to_the_team_is_kept_with_who_and_when(project, manager, analyst):
    client = client_for(manager)
    make_user("newbie")
    client.post(f"/p/{project.pk}/members/", {"username": "newbie", "role": "analyst"})
    client.post(f"/p/{project.pk}/members/{analyst.pk}/role/", {"role": "reviewer"})
    client.post(f"/p/{project.pk}/members/{analyst.pk}/remove/")
    page = client.get(f"/p/{project.pk}/members/").text
    recent = page.split("Recent changes")[1]
    assert recent.index("alice removed (was reviewer)") < recent.index("alice: analyst → reviewer")
    assert recent.index("alice: analyst → reviewer") < recent.index("newbie added as analyst")
    assert "· mona ·" in recent
