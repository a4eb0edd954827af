"""The text size: chosen from the menu, stored for the person, shown on every page."""

from __future__ import annotations

from django.test import Client

from newsannot.preferences.models import UserPreference
from tests.conftest import client_for


def test_it_stores_the_size_and_every_page_carries_it(analyst, project):
    client = client_for(analyst)
    back = f"/p/{project.pk}/"
    response = client.post("/preferences/font-size/", {"size": "large", "next": back})
    assert response.status_code == 302 and response["Location"] == f"/p/{project.pk}/"
    assert UserPreference.objects.get(user=analyst).font_size == "large"
    page = client.get(f"/p/{project.pk}/").content.decode()
    assert 'class="text-large ' in page
    assert 'value="large" aria-pressed="true"' in page


def test_it_is_remembered_at_the_next_login(analyst):
    client_for(analyst).post("/preferences/font-size/", {"size": "small"})
    fresh = Client()
    fresh.post("/login/", {"username": "alice", "password": "alice-pw"})
    assert 'class="text-small ' in fresh.get("/").content.decode()


def test_an_unknown_size_is_a_400_and_nothing_changes(analyst):
    response = client_for(analyst).post("/preferences/font-size/", {"size": "huge"})
    assert response.status_code == 400
    assert "Text size must be one of" in response.content.decode()
    assert not UserPreference.objects.exists()


def test_it_never_redirects_off_site_and_needs_a_login(analyst, db):
    response = client_for(analyst).post(
        "/preferences/font-size/", {"size": "large", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    assert Client().post("/preferences/font-size/", {"size": "large"}).status_code == 302
    assert UserPreference.objects.count() == 1
