import pytest

from newsannot.corpus.services import label_create, membership_add_by_username, project_create
from newsannot.lib.errors import Conflict, Forbidden, Invalid


def test_a_new_project_starts_with_the_three_labels(db):
    project = project_create(name="Fresh")
    labels = list(project.labels.values_list("key", "shortcut"))
    assert labels == [("attribution", "a"), ("unverified-claim", "u"), ("state-media-source", "s")]
    assert all(label.guideline for label in project.labels.all())


def test_a_project_may_bring_its_own_labels(db):
    project = project_create(name="Custom", labels=[{"key": "loaded-language", "name": "Loaded"}])
    assert list(project.labels.values_list("key", flat=True)) == ["loaded-language"]


def test_project_names_are_unique(project):
    with pytest.raises(Conflict, match="exists already"):
        project_create(name="Test project")


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"key": "Bad Key"}, "must be a slug"),
        ({"key": "attribution"}, "has a label 'attribution' already"),
        ({"key": "x", "shortcut": "a"}, "shortcut 'a' is taken"),
        ({"key": "x", "color": "red"}, "must be written #rrggbb"),
        ({"key": "x", "shortcut": "ab"}, "one key"),
    ],
)
def test_label_rules(project, spec, message):
    with pytest.raises((Invalid, Conflict), match=message):
        label_create(project=project, **spec)


def test_adding_a_member_by_an_unknown_name_says_so(project, manager):
    with pytest.raises(Invalid, match="no user named 'ghost'"):
        membership_add_by_username(project=project, username="ghost", role="analyst", actor=manager)


def test_an_unknown_role_is_refused(project, analyst, manager):
    with pytest.raises(Invalid, match="Unknown role 'boss'"):
        membership_add_by_username(project=project, username="alice", role="boss", actor=manager)


def test_only_managers_add_members(project, analyst, reviewer):
    for user in (analyst, reviewer):
        with pytest.raises(Forbidden):
            membership_add_by_username(
                project=project, username="alice", role="manager", actor=user
            )
