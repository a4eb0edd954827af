"""A long article in a real browser: a new span is highlighted without the text being redrawn."""

from __future__ import annotations

import pytest

from newsannot.annotations.models import Span
from newsannot.workspace.views import LIST_FIRST
from tests.browser.test_annotate import open_article, select_with_mouse
from tests.workspace.test_span_patch import long_article, with_spans

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_new_span_on_a_long_article_is_highlighted_in_place_and_undone(
    page, project, manager, analyst
):
    article = long_article(project, manager, 1_500, "long-browser")  # ≈ 105,000 characters
    with_spans(article, analyst, 120)  # more than the list's first page
    open_article(page, article, analyst)
    # A mark on the text element: were it re-rendered, the mark would be gone.
    page.evaluate("document.getElementById('text').dataset.mark = 'kept'")
    segments = page.locator("#text .seg").count()

    select_with_mouse(page, "minister spoke to reporters about item 3")
    page.keyboard.press("a")
    page.wait_for_selector("#notice p:has-text('Created Attribution')")
    span = Span.objects.get(label__key="attribution")
    highlighted = page.eval_on_selector_all(
        f'#text [data-spans~="{span.pk}"]', "els => els.map(e => e.textContent).join('')"
    )
    assert highlighted == "minister spoke to reporters about item 3"
    assert page.get_attribute("#text", "data-mark") == "kept"
    assert page.locator("#text .seg").count() == segments + 2  # the span's own boundaries
    # Drawn in its label's colour, by a class the patch brought.
    colour = page.eval_on_selector(
        f'#text [data-spans~="{span.pk}"]', "el => getComputedStyle(el).backgroundImage"
    )
    assert colour.startswith("linear-gradient")
    # Its labels as the tooltip, once the mouse is over it (a class the patch brought too).
    page.hover(f'#text [data-spans~="{span.pk}"] >> nth=0')
    tooltip = page.get_attribute(f'#text [data-spans~="{span.pk}"] >> nth=0', "title")
    assert tooltip == "Attribution"
    # Its item sits in list order, between paragraphs 2 and 4, and the count follows.
    order = page.eval_on_selector_all(
        "#spans .span-item", "els => els.slice(0, 4).map(e => e.querySelector('q').textContent)"
    )
    assert order == [
        "Paragraph 0 says",
        "Paragraph 2 says",
        "minister spoke to reporters about item 3",
        "Paragraph 4 says",
    ]
    assert page.inner_text("#span-count") == "121"

    page.locator("#text").focus()
    page.keyboard.press("Control+z")
    page.wait_for_selector("#notice p:has-text('Undone: created Attribution')")
    assert page.locator(f'#text [data-spans~="{span.pk}"]').count() == 0
    assert page.locator(f'.span-item[data-span="{span.pk}"]').count() == 0
    assert page.locator("#text .seg").count() == segments
    assert page.inner_text("#span-count") == "120"
    assert page.get_attribute("#text", "data-mark") == "kept"

    # The rest of the list comes when its end is scrolled to.
    assert page.locator("#spans .span-item").count() == LIST_FIRST
    page.hover("#spans .span-item >> nth=0")
    for _ in range(60):  # the wheel, until the list's end comes into view and brings the rest
        if page.locator("#spans .span-item").count() == 120:
            break
        page.mouse.wheel(0, 800)
        page.wait_for_timeout(100)
    assert page.locator("#spans .span-item").count() == 120
    assert page.locator("#spans li.more").count() == 0
