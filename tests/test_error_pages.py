"""400, 403 and 404: a page in the app's layout saying why, with a way back; JSON for the API."""

from __future__ import annotations

from django.test import Client, override_settings

from tests.conftest import client_for


def test_a_missing_page_is_shown_in_the_layout_with_a_way_back(analyst):
    response = client_for(analyst).get("/p/999999/", headers={"Referer": "http://testserver/"})
    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="topbar"' in html and "Not found" in html
    assert 'href="http://testserver/"' in html and 'href="/"' in html
    assert "javascript:" not in html


def test_the_way_back_never_leads_to_another_site(analyst):
    response = client_for(analyst).get("/p/999999/", headers={"Referer": "https://evil.example/"})
    assert "evil.example" not in response.content.decode()


def test_an_unknown_api_address_answers_json_with_a_detail(analyst):
    response = client_for(analyst).get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_a_refused_page_shows_the_reason_in_the_layout(project, analyst, article):
    response = client_for(analyst).get(f"/p/{project.pk}/articles/add/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Only managers of this project can add or import articles." in html
    assert 'class="topbar"' in html


def test_anonymous_visitors_are_sent_to_log_in_not_refused():
    assert Client().get("/p/1/").status_code == 302


@override_settings(ALLOWED_HOSTS=["testserver"])
def test_a_host_that_is_not_ours_gets_a_400_page_not_a_500():
    response = Client().get(
        "/", headers={"Referer": "http://evil.example/"}, HTTP_HOST="evil.example"
    )
    assert response.status_code == 400
    assert "The request could not be read" in response.content.decode()


def test_over_htmx_a_missing_article_is_a_message_not_a_page_inside_the_panel(article, analyst):
    """The suggestions panel polls its article; deleted meanwhile, the 404 was the whole error
    page (top bar and all), which htmx swapped in where the panel was."""
    url = f"/a/{article.pk}/suggestions/"
    article.delete()
    response = client_for(analyst).get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="topbar"' not in html and "<html" not in html
    assert html.strip().startswith('<p class="refusal" role="alert" data-status="404">')
    assert "There is nothing at this address" in html
