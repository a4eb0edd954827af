import pytest
from django.contrib.auth.models import AnonymousUser

from newsannot import policy
from newsannot.corpus import roles


@pytest.mark.parametrize(
    ("who", "view", "annotate", "review", "manage"),
    [
        ("analyst", True, True, False, False),
        ("reviewer", True, True, True, False),
        ("manager", True, True, True, True),
        ("outsider", False, False, False, False),
        ("site_admin", True, True, True, True),
    ],
)
def test_who_may_do_what_in_a_project(request, project, who, view, annotate, review, manage):
    user = request.getfixturevalue(who)
    assert policy.allowed(user, "project.view", project) is view
    assert policy.allowed(user, "span.create", project) is annotate
    assert policy.allowed(user, "span.review", project) is review
    assert policy.allowed(user, "project.manage", project) is manage


def test_an_anonymous_visitor_may_do_nothing(project):
    anonymous = AnonymousUser()
    assert not any(policy.allowed(anonymous, action, project) for action in policy.ACTIONS)
    assert list(roles.visible_projects(anonymous)) == []


def test_an_inactive_member_may_do_nothing(project, manager):
    manager.is_active = False
    assert not any(policy.allowed(manager, action, project) for action in policy.ACTIONS)


def test_a_member_sees_only_their_projects(project, other_project, analyst, outsider, site_admin):
    assert list(roles.visible_projects(analyst)) == [project]
    assert list(roles.visible_projects(outsider)) == [other_project]
    assert set(roles.visible_projects(site_admin)) == {project, other_project}


def test_an_unknown_action_is_a_programming_error_not_a_refusal(project, manager):
    with pytest.raises(KeyError):
        policy.allowed(manager, "span.teleport", project)
