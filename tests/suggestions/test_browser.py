"""The panel in the annotate view: Enter accepts, x dismisses, the text is redrawn."""

from __future__ import annotations

import pytest
from django.urls import reverse

from newsannot.annotations.models import Origin, Span
from newsannot.suggestions.models import Dismissal
from tests.browser.conftest import browser, login, page  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_enter_accepts_and_x_dismisses_a_suggestion(page, suggested, analyst):  # noqa: F811
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
