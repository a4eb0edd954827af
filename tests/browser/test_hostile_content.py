"""Hostile article content, titles, notes and label names are shown as text and run nothing."""

from __future__ import annotations

import pytest

from newsannot.annotations.services import span_create
from newsannot.corpus.models import Article
from newsannot.corpus.services import article_create
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOAD = (
    "<script>window.__pwned = 'script'; alert('script')</script> "
    "<img src=x onerror=\"window.__pwned = 'img'; alert('img')\"> "
    '<a href="javascript:alert(\'link\')" id="evil-link">click me</a> '
    "<svg onload=alert('svg')></svg>\n\n"
)


def test_a_hostile_article_runs_no_script(page, project, analyst, manager):
    project.labels.filter(key="attribution").update(name="<img src=x onerror=alert('label')>")
    article = article_create(
        project=project,
        title="<script>alert('title')</script><img src=x onerror=alert('title-img')>",
        text=PAYLOAD + ("A very long line without breaks " * 2000) + "\n",
        outlet="<b onmouseover=alert('outlet')>Outlet</b>",
        created_by=manager,
    ).article
    # Every path refuses such an address now; a row stored before they did may still hold one.
    Article.objects.filter(pk=article.pk).update(url="javascript:alert('url')")
    quote = "<img src=x onerror=\"window.__pwned = 'img'; alert('img')\">"
    start = article.text.index(quote)
    span_create(
        article=article,
        label="attribution",
        start=start,
        end=start + len(quote),
        quote=quote,
        annotator=analyst,
        note="<script>alert('note')</script>",
    )
    login(page, "alice", "alice-pw")
    for path in (f"/a/{article.pk}/", f"/p/{project.pk}/"):
        page.goto(path)
        page.wait_for_load_state("load")
    page.goto(f"/a/{article.pk}/")
    page.click(".span-item")
    page.wait_for_selector("#detail[data-open]")
    page.wait_for_timeout(300)

    assert page.dialogs == []
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#text img, #text script, #text svg, #text a").count() == 0
    assert page.locator("#detail script, .panel img, h1 img, h1 script").count() == 0
    assert "<script>window.__pwned" in page.locator("#text").inner_text()
    assert page.locator("a[href^=javascript]").count() == 0
    # The long line wraps inside the reading column instead of widening the page.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
