"""Keyboard paths a screen-reader or keyboard-only user depends on: skip link, the help dialog's
focus, the label picker as a menu, visible focus rings."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from newsannot.annotations.models import Span
from tests.browser.test_annotate import open_article
from tests.browser.test_keyboard import tab_to
from tests.conftest import quote_span

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED = "document.activeElement && (document.activeElement.id || document.activeElement.tagName)"


def contrast(page, selector: str, prop: str) -> float:
    """WCAG contrast of an element's `prop` colour against the page background."""
    return page.evaluate(
        """([sel, prop]) => {
          const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
          const lum = c => { const [r, g, b] = c.map(v => { v /= 255;
            return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
          const a = lum(rgb(getComputedStyle(document.querySelector(sel))[prop]));
          const b = lum(rgb(getComputedStyle(document.body).backgroundColor));
          return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        }""",
        [selector, prop],
    )


def test_the_first_tab_is_a_skip_link_into_the_text_with_a_visible_ring(page, analyst, article):
    open_article(page, article, analyst)
    page.keyboard.press("Tab")
    link = page.locator(":focus")
    assert link.inner_text() == "Skip to the article text"
    assert link.is_visible() and link.bounding_box()["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED) == "text"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    assert contrast(page, "#text", "outlineColor") >= 3


def test_the_help_dialog_keeps_tab_inside_and_gives_focus_back(page, analyst, article):
    open_article(page, article, analyst)
    page.focus("button[data-help]")
    page.keyboard.press("Enter")
    page.wait_for_selector("#help:not([hidden])")
    for key in ["Tab", "Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab"]:
        page.keyboard.press(key)
        assert page.evaluate("document.getElementById('help').contains(document.activeElement)")
    page.keyboard.press("Escape")
    page.wait_for_selector("#help", state="hidden")
    assert page.evaluate("document.activeElement.matches('button[data-help]')")
    # Opened with "?" from the text: focus returns to the text.
    tab_to(page, "text")
    page.keyboard.press("?")
    page.wait_for_selector("#help:not([hidden])")
    page.keyboard.press("Enter")  # the focused Close button
    page.wait_for_selector("#help", state="hidden")
    assert page.evaluate(FOCUSED) == "text"


# Now and then the focus went back from the item the arrow moved to, to the text: the
# suggestions panel's load, sent while the caret was in the text and answered while the analyst
# walked the picker, put the caret back (annotate.js now leaves focus the person moved).
def test_the_label_picker_is_a_menu_walked_with_arrows(page, analyst, article):
    open_article(page, article, analyst)
    tab_to(page, "text")
    page.keyboard.press("Control+Home")
    page.keyboard.press("Control+Shift+ArrowRight")  # "Officials"
    page.wait_for_selector("#picker:not([hidden])")
    assert "Label menu" in page.inner_text("#picker-hint")  # a status region: announced
    items = page.locator("#picker [role=menuitem]")
    page.keyboard.press("ArrowDown")
    page.wait_for_function(
        "document.activeElement && document.activeElement.getAttribute('role') === 'menuitem'"
    )
    first = page.evaluate("document.activeElement.dataset.label")
    assert first == items.nth(0).get_attribute("data-label")
    page.keyboard.press("ArrowUp")  # wraps to the last
    last = items.last.get_attribute("data-label")
    # Waited for, not read at once: the selection's own events arrive after the key.
    page.wait_for_function(
        "label => document.activeElement && document.activeElement.dataset.label === label",
        arg=last,
    )
    page.keyboard.press("Escape")
    page.wait_for_selector("#picker", state="hidden")
    assert page.evaluate(FOCUSED) == "text"
    page.keyboard.press("Control+Home")
    page.keyboard.press("Control+Shift+ArrowRight")
    page.wait_for_selector("#picker:not([hidden])")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = page.evaluate("document.activeElement.dataset.label")
    page.keyboard.press("Enter")
    page.wait_for_selector(".span-item")
    span = Span.objects.get()
    assert (span.label.key, span.quote) == (second, "Officials")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'text'")


def test_the_span_lists_focus_ring_is_not_clipped(page, analyst, article):
    quote_span(article, analyst, "unverified-claim", "the strikes hit only militant targets")
    open_article(page, article, analyst)
    page.focus(".span-item")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus-visible, as the keyboard gives it
    ring = page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
          return [s.outlineStyle, parseFloat(s.outlineWidth), parseFloat(s.outlineOffset)]; }"""
    )
    assert ring[0] != "none" and ring[1] >= 2
    assert ring[2] <= -ring[1]  # drawn inside the item, which content-visibility clips to
    # Labels are told apart by more than colour: the legend's swatches carry a letter.
    letters = page.locator(".legend .swatch.lettered").all_inner_texts()
    assert all(letters) and len(set(letters)) == len(letters)


def test_moving_the_caret_into_a_span_says_its_label(page, analyst, article):
    quote_span(article, analyst, "attribution", "said")
    open_article(page, article, analyst)
    tab_to(page, "text")
    page.keyboard.press("Control+Home")
    region = page.locator("#text-where")
    assert region.get_attribute("role") == "status"
    for _ in range(13):  # past "Officials 🚀 " and into "said"
        page.keyboard.press("ArrowRight")
    expect(region).to_have_text("In: Attribution")
    for _ in range(6):  # out again, into " the strikes"
        page.keyboard.press("ArrowRight")
    expect(region).to_have_text("Outside the spans")
