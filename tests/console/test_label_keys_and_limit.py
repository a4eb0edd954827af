"""A label's or relation type's shortcut may not be a key the annotate page keeps for itself,
and a project has at most MAX_LABELS_PER_PROJECT labels: one check each, refused with a 400
naming the key or the limit on every path (the labels page, the API, a project created with
its labels through the API)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from newsannot.annotations.models import RelationType
from newsannot.corpus.models import Label, Project
from tests.api.conftest import Api
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

NAMED = "The key &#x27;{key}&#x27; is taken by the annotate page"


@pytest.mark.parametrize("key", ["j", "k", "?"])
def test_the_labels_page_refuses_a_relation_type_on_a_reserved_key(project, manager, key):
    url = reverse("console-relation-types", args=[project.pk])
    data = {"key": "contradicts", "name": "Contradicts", "shortcut": key}
    response = client_for(manager).post(url, data)
    assert response.status_code == 400
    assert NAMED.format(key=key) in response.content.decode()
    assert not RelationType.objects.filter(key="contradicts").exists()


def test_the_labels_page_refuses_a_label_on_a_reserved_key(project, manager):
    url = reverse("console-labels", args=[project.pk])
    data = {"key": "loaded", "name": "Loaded", "shortcut": "n"}
    response = client_for(manager).post(url, data)
    assert response.status_code == 400
    assert NAMED.format(key="n") in response.content.decode()
    assert not Label.objects.filter(key="loaded").exists()


def test_the_api_refuses_a_label_on_a_reserved_key_naming_it(project, manager):
    url = f"/api/v1/projects/{project.pk}/labels/"
    response = Api(manager).post(url, {"key": "loaded", "shortcut": "?"})
    assert response.status_code == 400
    assert response.json()["field"] == "shortcut"
    assert "The key '?' is taken by the annotate page" in response.json()["detail"]


def test_a_project_created_with_its_labels_refuses_a_reserved_key(site_admin):
    labels = [{"key": "claim", "name": "Claim", "shortcut": "c"}, {"key": "x", "shortcut": "]"}]
    response = Api(site_admin).post("/api/v1/projects/", {"name": "P", "labels": labels})
    assert response.status_code == 400
    assert "The key ']' is taken by the annotate page" in response.json()["detail"]
    assert not Project.objects.filter(name="P").exists()


def test_a_label_that_had_a_key_before_it_was_reserved_keeps_it_when_renamed(project, manager):
    label = project.labels.get(key="unverified-claim")
    Label.objects.filter(pk=label.pk).update(shortcut="d")  # given before d was kept
    response = client_for(manager).post(
        reverse("console-label-edit", args=[project.pk, label.pk]),
        {"name": "Claim", "color": label.color, "shortcut": "d", "guideline": ""},
    )
    assert response.status_code == 302
    label.refresh_from_db()
    assert (label.name, label.shortcut) == ("Claim", "d")


@pytest.fixture
def five(settings):
    settings.MAX_LABELS_PER_PROJECT = 5


def test_the_labels_page_refuses_a_label_past_the_limit_naming_it(project, manager, five):
    url = reverse("console-labels", args=[project.pk])
    client = client_for(manager)
    for key in ("one", "two"):  # the project starts with three
        assert client.post(url, {"key": key}).status_code == 302
    response = client.post(url, {"key": "six"})
    assert response.status_code == 400
    assert "A project has at most 5 labels" in response.content.decode()
    assert project.labels.count() == 5


def test_retired_labels_count_and_the_api_refuses_past_the_limit(project, manager, five):
    url = f"/api/v1/projects/{project.pk}/labels/"
    api = Api(manager)
    assert api.post(url, {"key": "one"}).status_code == 201
    label = api.post(url, {"key": "two"}).json()
    assert api.patch(f"{url}{label['id']}/", {"retired": True}).status_code == 200
    response = api.post(url, {"key": "six"})
    assert response.status_code == 400
    assert "A project has at most 5 labels" in response.json()["detail"]


def test_a_project_created_with_too_many_labels_is_refused_whole(site_admin, five):
    labels = [{"key": f"label-{i}"} for i in range(6)]
    response = Api(site_admin).post("/api/v1/projects/", {"name": "P", "labels": labels})
    assert response.status_code == 400
    assert "A project has at most 5 labels" in response.json()["detail"]
    assert not Project.objects.filter(name="P").exists()
