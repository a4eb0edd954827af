"""Screenshots of the article list and the annotate view on the demo data, for docs/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from newsannot.corpus.models import Article, Project
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OUT = Path(os.environ.get("SCREENSHOT_DIR", "/tmp"))


def test_screenshots_of_the_list_and_the_annotate_view(page):
    call_command("load_demo", verbosity=0)
    project = Project.objects.get(name__startswith="Demo")
    article = Article.objects.filter(project=project, spans__isnull=False).order_by("id").first()
    login(page, "reviewer", "reviewer-demo")

    page.goto(f"/p/{project.pk}/")
    page.wait_for_selector("table.articles")
    page.evaluate("document.activeElement.blur()")
    page.screenshot(path=str(OUT / "articles.png"))

    page.goto(f"/a/{article.pk}/?who=all")
    page.wait_for_selector(".span-item")
    page.locator(".span-item").nth(1).click()
    page.wait_for_selector("#detail[data-open]")
    page.wait_for_timeout(400)
    page.screenshot(path=str(OUT / "annotate.png"))
    assert page.dialogs == []
