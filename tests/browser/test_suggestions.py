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


def test_the_panel_drops_what_the_analyst_draws_and_a_refused_accept_hides_nothing(
    page, suggested, analyst
):
    from tests.browser.test_annotate import select_with_mouse

    login(page, "alice", "alice-pw")
    page.goto(reverse("annotate", args=[suggested.pk]))
    items = page.locator("#suggestions-panel .suggestion")
    items.first.wait_for()
    count = items.count()
    assert items.filter(has_text="Source: RT").count() == 1
    # The analyst draws the suggested span themselves: the panel stops offering it.
    select_with_mouse(page, "Source: RT")
    page.keyboard.press("s")
    page.wait_for_function(
        f"document.querySelectorAll('#suggestions-panel .suggestion').length == {count - 1}"
    )
    assert items.filter(has_text="Source: RT").count() == 0
    assert Span.objects.get(annotator=analyst).quote == "Source: RT"
    # The caret stays in the text: the panel's reload does not take the focus.
    assert page.evaluate("!document.activeElement.closest('#suggestions-panel')")

    # From a panel drawn before a span made elsewhere (another tab), accepting is refused: the
    # message appears in that suggestion, with the label's name, and the others stay.
    claim = items.filter(has_text="the strikes hit only militant targets")
    if claim.count() == 0:
        claim = items.first
    quote = suggested.text[
        int(claim.first.get_attribute("data-start")) : int(claim.first.get_attribute("data-end"))
    ]
    label = claim.first.get_attribute("data-label")
    quote_span(suggested, analyst, label, quote)
    claim.first.focus()
    page.keyboard.press("Enter")
    error = page.locator("#suggestions-panel .suggestion.has-error .suggestion-error")
    error.wait_for()
    assert "You already have a “" in error.inner_text()
    assert label not in error.inner_text()  # the name, not the key
    assert items.count() == count - 1  # nothing else went away
    assert page.dialogs == []


def test_a_long_articles_suggestions_run_in_the_background_and_appear_without_reload(
    page, rt, project, manager, analyst
):
    from newsannot.corpus.services import article_create
    from newsannot.suggestions.services import RUN_INLINE_MAX_CHARS
    from tests.conftest import ARTICLE_TEXT, drain_jobs

    filler = "The ministry said nothing more about it. " * (RUN_INLINE_MAX_CHARS // 40 + 1)
    article = article_create(
        project=project, title="Long", text=ARTICLE_TEXT + filler, created_by=manager
    ).article
    login(page, "alice", "alice-pw")
    page.goto(reverse("annotate", args=[article.pk]))
    status = page.locator("#suggestions-panel .suggestions-status")
    status.filter(has_text="The suggesters are running on this article").wait_for()
    assert page.locator("#suggestions-panel .suggestion").count() == 0
    assert drain_jobs() == 1  # the worker
    page.locator("#suggestions-panel .suggestion", has_text="Source: RT").wait_for(timeout=6000)
    assert "running" not in status.inner_text()


def test_a_focused_card_keeps_focus_while_a_run_again_job_is_running(
    page, rt, project, manager, analyst
):
    from newsannot.corpus.services import article_create
    from newsannot.suggestions.services import RUN_INLINE_MAX_CHARS, suggestions_run
    from tests.conftest import ARTICLE_TEXT, drain_jobs

    filler = "The ministry said nothing more about it. " * (RUN_INLINE_MAX_CHARS // 40 + 1)
    article = article_create(
        project=project, title="Long", text=ARTICLE_TEXT + filler, created_by=manager
    ).article
    suggest_for_articles([article])  # suggestions from an earlier run...
    suggestions_run(article=article, actor=manager)  # ...and "Run again" queued as a job
    login(page, "alice", "alice-pw")
    page.goto(reverse("annotate", args=[article.pk]))
    status = page.locator("#suggestions-panel .suggestions-status")
    status.filter(has_text="The suggesters are running on this article").wait_for()
    card = page.locator("#suggestions-panel .suggestion").first
    card.locator(".suggestion-quote").click()
    focused = "document.activeElement && document.activeElement.dataset.id"
    held = card.get_attribute("data-id")
    place = f"{card.get_attribute('data-start')}-{card.get_attribute('data-end')}"
    assert page.evaluate(focused) == held
    page.wait_for_timeout(4500)  # two polls of the job's state at least
    assert page.evaluate(focused) == held
    assert drain_jobs() == 1
    page.locator("#suggestions-panel .suggestions-head button", has_text="Run again").wait_for(
        timeout=6000
    )
    assert "running" not in status.inner_text()
    # The panel was replaced once, with the new run's suggestions: the same one keeps focus.
    active = "document.activeElement.dataset.start + '-' + document.activeElement.dataset.end"
    assert page.evaluate(active) == place
    assert page.evaluate(focused) != held  # a new run's row, in the same place
