"""What a reviewer sees: the outlet on the article page, the suggesters on the dashboard."""

from __future__ import annotations

import pytest
from django.urls import reverse

from newsannot.annotations.services import span_review
from tests.browser.conftest import browser, login, page  # noqa: F401  (fixtures)
from tests.conftest import quote_span

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reviewer_sees_the_outlet_and_the_suggester_quality(
    page,  # noqa: F811
    article,
    analyst,
    reviewer,
    manager,
):
    span = quote_span(article, analyst, "state-media-source", "Source: RT")
    span_review(span=span, reviewer=reviewer, decision="approve", version=1)
    login(page, "mona", "mona-pw")
    page.goto(reverse("article-review", args=[article.pk]))
    outlet = page.locator(".article-outlet")
    assert "RT" in outlet.inner_text() and "State-controlled" in outlet.inner_text()
    page.screenshot(path="/tmp/int-article-review.png", full_page=True)
    page.goto(reverse("project-dashboard", args=[article.project_id]))
    quality = page.locator(".suggester-quality")
    assert "source-line" in quality.inner_text()
    quality.scroll_into_view_if_needed()
    page.screenshot(path="/tmp/int-dashboard.png", full_page=True)
