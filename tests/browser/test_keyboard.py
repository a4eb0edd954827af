"""The annotate view with the keyboard alone: no mouse, no caret browsing, no scripted selection."""

from __future__ import annotations

import pytest

from newsannot.annotations.models import Span
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page, element_id: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} cannot be reached with Tab")


def text_content(page) -> str:
    return page.evaluate("document.getElementById('text').textContent")


def test_tab_into_the_text_select_words_with_shift_arrows_and_label_them(page, analyst, article):
    login(page, "alice", "alice-pw")
    page.goto(f"/a/{article.pk}/")
    page.wait_for_load_state("networkidle")
    tab_to(page, "text")
    page.keyboard.press("Control+Home")  # the caret at the start of the article
    page.keyboard.press("Control+Shift+ArrowRight")  # select "Officials"
    page.wait_for_selector("#picker:not([hidden])")
    page.keyboard.press("a")
    page.wait_for_selector(".span-item")
    span = Span.objects.get()
    assert (span.label.key, span.start, span.end, span.quote) == ("attribution", 0, 9, "Officials")


def test_typing_in_the_text_changes_nothing(page, analyst, article):
    login(page, "alice", "alice-pw")
    page.goto(f"/a/{article.pk}/")
    page.wait_for_load_state("networkidle")
    before = text_content(page)
    tab_to(page, "text")
    page.keyboard.press("Control+End")
    page.keyboard.type("qzv")  # not shortcut keys
    for key in ["Enter", "Backspace", "Delete", "Control+x", "Control+v"]:
        page.keyboard.press(key)
    page.keyboard.press("Control+Home")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Backspace")
    assert text_content(page) == before
    assert not Span.objects.exists()
