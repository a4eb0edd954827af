from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_anonymous_users_are_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_it_lists_only_my_projects_with_my_role(analyst, project, other_project):
    response = client_for(analyst).get("/")
    html = response.content.decode()
    assert project.name in html
    assert other_project.name not in html
    assert reverse("article-list", args=[project.pk]) in html
    assert "analyst" in html


def test_a_site_admin_sees_every_project(site_admin, project, other_project):
    html = client_for(site_admin).get("/").content.decode()
    assert project.name in html and other_project.name in html
    assert "site admin" in html


def test_project_names_are_escaped(analyst, project):
    project.name = "<script>alert(1)</script>"
    project.save()
    html = client_for(analyst).get("/").content.decode()
    assert "<script>alert(1)</script>" not in html
