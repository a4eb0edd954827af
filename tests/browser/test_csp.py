"""With the Content Security Policy enforced, the product still works and nothing is refused."""

from __future__ import annotations

import pytest

from newsannot.annotations.models import Span, Status
from tests.browser.conftest import login
from tests.browser.test_annotate import select_with_mouse
from tests.conftest import quote_span

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_response_carries_a_nonce_policy_without_eval(client, analyst, article):
    client.force_login(analyst)
    response = client.get(f"/a/{article.pk}/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'nonce-" in policy
    assert "unsafe-eval" not in policy and "frame-ancestors 'none'" in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    scripts = response.content.decode().count("<script ")
    assert scripts >= 3
    assert response.content.decode().count(f'nonce="{nonce}"') == scripts


def test_annotating_works_under_the_policy(strict_page, analyst, article):
    page = strict_page
    login(page, "alice", "alice-pw")
    page.goto(f"/a/{article.pk}/")
    page.wait_for_load_state("networkidle")
    select_with_mouse(page, "said the strikes")
    page.wait_for_selector("#picker:not([hidden])")
    page.keyboard.press("a")
    page.wait_for_selector(".span-item")
    span = Span.objects.get()
    assert (span.quote, span.label.key) == ("said the strikes", "attribution")
    assert page.csp_errors == []


def test_reviewing_works_under_the_policy(strict_page, project, article, analyst, reviewer):
    span = quote_span(article, analyst, "unverified-claim", "the strikes hit only militant targets")
    page = strict_page
    login(page, "rita", "rita-pw")
    page.goto(f"/p/{project.pk}/review/")
    page.wait_for_selector(f"#item-{span.pk}")
    page.wait_for_load_state("networkidle")
    page.keyboard.press("a")
    page.wait_for_selector(f"#item-{span.pk}.is-decided")
    assert Span.objects.get(pk=span.pk).status == Status.APPROVED
    assert page.csp_errors == []


def test_every_main_page_loads_without_a_refused_resource(
    strict_page, project, article, span, manager
):
    page = strict_page
    login(page, "mona", "mona-pw")
    for path in [
        "/",
        f"/p/{project.pk}/",
        f"/p/{project.pk}/articles/add/",
        f"/p/{project.pk}/review/",
        f"/p/{project.pk}/dashboard/",
        f"/a/{article.pk}/",
        f"/a/{article.pk}/review/",
        "/api/docs/",
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    page.wait_for_selector("#swagger-ui .info", timeout=10_000)  # Swagger UI rendered itself
    assert page.csp_errors == []
