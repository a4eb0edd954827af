"""Hostile titles, texts, notes, outlets, URLs, project and label names render inert on every page
where they appear: no dialog, no injected element, no request to another origin."""

from __future__ import annotations

import pytest

from newsannot.corpus.models import Article
from newsannot.corpus.services import article_create, membership_set
from newsannot.guidelines.services import guidelines_update
from tests.browser.conftest import login
from tests.conftest import make_user, quote_span

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XSS = (
    "<script>window.__pwned=1;alert(1)</script>"
    "<img src=//evil.example/x.png onerror=alert(2)>"
    "<svg onload=alert(3)><a href=javascript:alert(4)>x</a></svg>"
    '"><iframe src=javascript:alert(5)>'
)

# What a payload would add to the page if it were parsed as HTML rather than shown as text.
INJECTED = r"""() => ({
  scripts: [...document.scripts].filter(s => !s.src).length,
  handlers: document.querySelectorAll("[onerror],[onload],[onmouseover]").length,
  svg: document.querySelectorAll("svg[onload]").length,
  iframes: document.querySelectorAll("iframe").length,
  jsLinks: [...document.querySelectorAll("a[href]")]
      .filter(a => /^\s*javascript:/i.test(a.getAttribute("href") || "")).length,
  pwned: window.__pwned === 1,
})"""
CLEAN = {"scripts": 0, "handlers": 0, "svg": 0, "iframes": 0, "jsLinks": 0, "pwned": False}


@pytest.fixture
def hostile(project, analyst, reviewer, manager):
    project.name = "Project " + XSS
    project.description = XSS
    project.save()
    # Label names hold 100 characters: a short payload there.
    project.labels.filter(key="unverified-claim").update(
        name="Claim <img src=x onerror=alert(6)><script>alert(7)</script>", guideline=XSS
    )
    article = article_create(
        project=project,
        title="Title " + XSS,
        text="Officials said " + XSS + " and more.\n\nSource: " + XSS + "\n",
        outlet="Outlet " + XSS[:150],
        created_by=manager,
    ).article
    # Every path refuses such an address now; a row stored before they did may still hold one.
    Article.objects.filter(pk=article.pk).update(url="javascript:alert('url')")
    quote_span(article, analyst, "unverified-claim", XSS, note="Note " + XSS)
    quote_span(article, manager, "unverified-claim", XSS)
    return article


def test_hostile_content_is_inert_on_every_page(page, live_server, hostile, project, reviewer):
    foreign: list[str] = []
    page.on(
        "request",
        lambda r: foreign.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    login(page, "rita", "rita-pw")
    pages = [
        "/",
        f"/p/{project.pk}/",
        f"/p/{project.pk}/review/",
        f"/p/{project.pk}/dashboard/",
        f"/a/{hostile.pk}/",
        f"/a/{hostile.pk}/?who=all",
        f"/a/{hostile.pk}/review/",
    ]
    for path in pages:
        response = page.goto(path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        assert page.evaluate(INJECTED) == CLEAN, path
    # The payload is there, as text a person can read.
    page.goto(f"/p/{project.pk}/review/")
    assert "<script>window.__pwned=1" in page.inner_text("main")
    assert page.dialogs == []
    assert foreign == []


def test_hostile_content_is_inert_on_the_managers_console(page, live_server, hostile, project):
    manager = project.memberships.get(role="manager").user
    membership_set(project=project, user=make_user("<img src=x onerror=alert(8)>"), role="analyst")
    guidelines_update(
        project=project,
        text=XSS + "\n\n[click](javascript:alert(9)) <a href=javascript:alert(10)>a</a>",
        actor=manager,
    )
    login(page, "mona", "mona-pw")
    for path in ("members", "labels", "guidelines", "guidelines/edit", "export"):
        response = page.goto(f"/p/{project.pk}/{path}/")
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        assert page.evaluate(INJECTED) == CLEAN, path
    page.goto(f"/p/{project.pk}/guidelines/")
    assert "<script>window.__pwned=1" in page.inner_text("article.guidelines-text")
    assert page.dialogs == []
