"""Comfort keys in the annotate view (issue 17): `d` marks the article done, Enter accepts the
suggestion under the caret in the text; both in the help dialog. Real keys only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from newsannot.annotations.models import Origin, Span
from newsannot.corpus.models import Label
from newsannot.corpus.services import article_create
from newsannot.outlets.models import Outlet
from newsannot.outlets.services import outlet_save
from newsannot.suggestions.services import suggest_for_articles
from newsannot.workload.models import Assignment, AssignmentStatus
from tests.browser.test_annotate import hold_requests_until, open_article
from tests.browser.test_keyboard import tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_d_marks_the_article_done_and_goes_to_the_next(page, analyst, article, project, manager):
    nxt = article_create(project=project, title="Next one", text="Next text.", created_by=manager)
    open_article(page, article, analyst)
    page.keyboard.press("?")
    help_text = page.inner_text("#help")
    assert "Mark this article done and go to the next" in help_text
    assert "With the caret in a suggestion in the text (dashed underline): accept it" in help_text
    page.keyboard.press("Escape")
    tab_to(page, "text")
    page.keyboard.press("d")
    page.wait_for_url(f"**{reverse('annotate', args=[nxt.article.pk])}")
    assert Assignment.objects.get(article=article, analyst=analyst).status == AssignmentStatus.DONE
    assert page.inner_text(".messages") == f"Marked “{article.title}” done."


def test_enter_accepts_the_suggestion_under_the_caret_and_the_caret_stays(page, analyst, article):
    if not Outlet.objects.filter(name="RT").exists():  # flushed after transactional tests
        outlet_save(name="RT", country="Russia", typology="SC", domains=["rt.com"])
    suggest_for_articles([article])
    open_article(page, article, analyst)
    items = page.locator("#suggestions-panel .suggestion")
    items.first.wait_for()
    count = items.count()
    tab_to(page, "text")
    # The caret into "Source: RT", at the end of the text: Ctrl+End, then two to the left.
    page.keyboard.press("Control+End")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"document.querySelectorAll('#suggestions-panel .suggestion').length == {count - 1}"
    )
    span = Span.objects.get(annotator=analyst)
    assert (span.quote, span.origin) == ("Source: RT", Origin.SUGGESTED)
    page.locator("#text .hl").first.wait_for()
    page.wait_for_function("document.activeElement && document.activeElement.id === 'text'")
    # The caret is where it was: inside what is now the span.
    at = page.evaluate("NewsannotOffsets.caretOffset(document.getElementById('text'))")
    assert span.start <= at <= span.end
    # With the caret on no suggestion (after the first line's full stop), Enter says so and
    # accepts nothing.
    page.keyboard.press("Control+Home")
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.wait_for_selector(".suggestions-status:has-text('No suggestion at the caret.')")
    assert Span.objects.count() == 1


def test_d_stays_a_labels_key_where_one_has_it(page, analyst, article, project, manager):
    # A label given d before d was kept from labels (the shortcut check refuses it now).
    Label.objects.filter(project=project, key="attribution").update(shortcut="d")
    article_create(project=project, title="Next one", text="Next text.", created_by=manager)
    open_article(page, article, analyst)
    assert page.inner_text("[data-mark-done]").strip() == "Mark done & next"
    page.keyboard.press("?")
    assert "Mark this article done" not in page.inner_text("#help")
    page.keyboard.press("Escape")
    tab_to(page, "text")
    page.keyboard.press("d")  # nothing selected: not a label, and not "done" either
    page.wait_for_timeout(500)
    assert page.url.endswith(reverse("annotate", args=[article.pk]))
    assert not Assignment.objects.filter(article=article, status=AssignmentStatus.DONE).exists()


def test_enter_keeps_the_caret_when_another_panel_request_settles_while_the_accept_is_on_its_way(
    page, analyst, article
):
    """Enter in the text accepts the suggestion under the caret, and the caret stays (above).
    The panel remembered that in one flag for all requests: another answer settling in the
    panel while the accept was on its way (a job-state poll; here a load of the status line,
    the accept held in the page until it has settled, as on a slow network) used it up, and
    the accept's own answer then took focus out of the text to a card."""
    if not Outlet.objects.filter(name="RT").exists():  # flushed after transactional tests
        outlet_save(name="RT", country="Russia", typology="SC", domains=["rt.com"])
    suggest_for_articles([article])
    open_article(page, article, analyst)
    items = page.locator("#suggestions-panel .suggestion")
    items.first.wait_for()
    count = items.count()
    page.wait_for_function("!document.querySelector('.htmx-request, .htmx-settling')")
    tab_to(page, "text")
    page.keyboard.press("Control+End")
    for _ in range(3):
        page.keyboard.press("ArrowLeft")
    page.evaluate(
        """() => document.addEventListener("htmx:afterSettle", e => {
          if (e.detail.elt.matches(".suggestions-status")) window.statusSettled = true;
        })"""
    )

    hold_requests_until(page, "/accept/", "statusSettled")
    page.keyboard.press("Enter")
    page.evaluate(
        "htmx.ajax('GET', location.pathname + 'suggestions/',"
        " {target: '#suggestions-panel .suggestions-status', select: '.suggestions-status',"
        " swap: 'outerHTML'})"
    )
    page.wait_for_function("window.statusSettled === true")
    page.wait_for_function(
        f"document.querySelectorAll('#suggestions-panel .suggestion').length == {count - 1}"
    )
    page.locator("#text .hl").first.wait_for()
    page.wait_for_function("!document.querySelector('.htmx-request, .htmx-settling')")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'text'")
