import pytest
from django.contrib.auth.models import AnonymousUser

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
    assert roles.can_view(user, project) is view
    assert roles.can_annotate(user, project) is annotate
    assert roles.can_review(user, project) is review
    assert roles.can_manage(user, project) is manage


def test_an_anonymous_visitor_may_do_nothing(project):
    anonymous = AnonymousUser()
    assert not roles.can_view(anonymous, project)
    assert list(roles.visible_projects(anonymous)) == []


def test_an_inactive_member_may_do_nothing(project, manager):
    manager.is_active = False
    assert not roles.can_manage(manager, project)


def test_a_member_sees_only_their_projects(project, other_project, analyst, outsider, site_admin):
    assert list(roles.visible_projects(analyst)) == [project]
    assert list(roles.visible_projects(outsider)) == [other_project]
    assert set(roles.visible_projects(site_admin)) == {project, other_project}
