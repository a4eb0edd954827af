"""The text-size menu, as a person uses it: the text grows, and stays so on the next page."""

from __future__ import annotations

import pytest

from tests.browser.test_annotate import open_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZE = "parseFloat(getComputedStyle(document.getElementById('text')).fontSize)"


def test_choosing_large_text_enlarges_the_article_and_is_remembered(page, analyst, article):
    open_article(page, article, analyst)
    before = page.evaluate(SIZE)
    page.click("details.text-size summary")
    page.click("details.text-size button[value=large]")
    page.wait_for_selector("body.text-large #text")
    assert page.url.endswith(f"/a/{article.pk}/")  # back where it was chosen
    assert page.evaluate(SIZE) >= before * 1.15
    page.goto(f"/p/{article.project_id}/")
    assert "text-large" in page.get_attribute("body", "class")
