"""The panel in the annotate view: Enter accepts, x dismisses, the text is redrawn."""

from __future__ import annotations

import pytest
from django.urls import reverse

from newsannot.annotations.models import Origin, Span
from newsannot.annotations.services import span_review
from newsannot.outlets.models import Outlet
from newsannot.outlets.services import outlet_save
from newsannot.suggestions.models import Dismissal
from newsannot.suggestions.services import suggest_for_articles
from tests.browser.conftest import login
from tests.conftest import quote_span

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def rt(transactional_db):
    """RT in the registry. It is seeded by a data migration, but the flush after every
    transactional test empties the table, so these tests make sure of it themselves."""
    return Outlet.objects.filter(name="RT").first() or outlet_save(
        name="RT", country="Russia", typology="SC", domains=["rt.com"]
    )


@pytest.fixture
def suggested(rt, article):
    suggest_for_articles([article])
    return article


def test_enter_accepts_and_x_dismisses_a_suggestion(page, suggested, analyst):
    login(page, "alice", "alice-pw")
    page.goto(reverse("annotate", args=[suggested.pk]))
    items = page.locator("#suggestions-panel .suggestion")
    items.first.wait_for()
    count = items.count()
    page.screenshot(path="/tmp/src-suggestions-panel.png", full_page=True)
    rt = items.filter(has_text="Source: RT")
    rt.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"document.querySelectorAll('#suggestions-panel .suggestion').length == {count - 1}"
    )
    span = Span.objects.get(annotator=analyst)
    assert (span.quote, span.origin) == ("Source: RT", Origin.SUGGESTED)
    page.locator("#text .hl").first.wait_for()
    page.locator("#suggestions-panel .suggestion").first.focus()
    page.keyboard.press("x")
    page.wait_for_function(
        f"document.querySelectorAll('#suggestions-panel .suggestion').length == {count - 2}"
    )
    assert Dismissal.objects.filter(user=analyst).count() == 1
    page.screenshot(path="/tmp/src-suggestions-after.png", full_page=True)
    assert page.dialogs == []


# The review side of sourcing: the outlet on the article page, the suggesters on the dashboard.
def test_a_reviewer_sees_the_outlet_and_the_suggester_quality(
    page,
    rt,
    article,
    analyst,
    reviewer,
    manager,
):
    suggest_for_articles([article])
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
