"""Linking an attribution to a claim, and setting its attributes, with the keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from newsannot.annotations.models import Relation, Span
from tests.browser.conftest import login
from tests.conftest import quote_span

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def target_text(page) -> str:
    return page.evaluate(
        "Array.from(document.querySelectorAll('#text .link-target'))"
        ".map(e => e.textContent).join('')"
    )


def test_l_then_j_k_a_type_key_and_enter_link_the_open_span(page, analyst, article):
    said = quote_span(article, analyst, "attribution", "spokesman Zhao told a media briefing")
    near = quote_span(article, analyst, "unverified-claim", "the claims were false")
    quote_span(article, analyst, "unverified-claim", "the strikes hit only militant targets")
    login(page, "alice", "alice-pw")
    page.goto(f"/a/{article.pk}/?span={said.pk}")
    page.wait_for_load_state("networkidle")
    page.keyboard.press("l")
    page.wait_for_selector("#relation-picker:not([hidden])")
    assert target_text(page) == "the claims were false"  # nearest first
    page.keyboard.press("j")
    assert target_text(page) == "the strikes hit only militant targets"
    page.keyboard.press("k")
    assert target_text(page) == "the claims were false"
    # `v` (via-outlet) does not fit a claim target: only `a` (attributes) is offered.
    assert page.is_hidden("#relation-picker [data-type=via-outlet]")
    page.keyboard.press("a")
    page.keyboard.press("Enter")
    page.wait_for_selector("#relations li.relation")
    relation = Relation.objects.get()
    assert (relation.type.key, relation.from_span_id, relation.to_span_id) == (
        "attributes",
        said.pk,
        near.pk,
    )
    assert "the claims were false" in page.inner_text("#relations")
    # A digit sets the open attribution's attribute value with that number (1: named person).
    # Its save's answer waited for: not "no .htmx-request in the page", which the link's answer
    # settling meanwhile wiped from the form (htmx puts a swapped element's attributes back at
    # the settle), nor networkidle, reached long before.
    with page.expect_response(lambda r: r.request.method == "POST" and "/edit/" in r.url):
        page.keyboard.press("1")
    expect(page.locator("#span-attributes select[data-attribute=source_type]")).to_have_value(
        "named-person"
    )
    assert Span.objects.get(pk=said.pk).attributes == {"source_type": "named-person"}


def test_l_with_nothing_to_link_to_says_so_as_an_error(page, analyst, article):
    alone = quote_span(article, analyst, "attribution", "spokesman Zhao told a media briefing")
    login(page, "alice", "alice-pw")
    page.goto(f"/a/{article.pk}/?span={alone.pk}")
    page.wait_for_load_state("networkidle")
    page.keyboard.press("l")
    page.wait_for_selector("#notice p.error:has-text('No span here can be linked from this one.')")
    assert page.is_hidden("#relation-picker")


def test_a_digit_pressed_before_the_opened_spans_detail_has_settled_sets_the_attribute(
    page, analyst, article
):
    """htmx wires up a swapped-in detail when it settles (20 ms on; 2 s here, as on a busy
    machine): a digit pressed before that changed the attribute's select unseen by htmx, and
    nothing was saved (seen under load, the digit right after a link's answer)."""
    said = quote_span(article, analyst, "attribution", "spokesman Zhao told a media briefing")
    login(page, "alice", "alice-pw")
    page.goto(f"/a/{article.pk}/")
    page.wait_for_load_state("networkidle")
    page.evaluate("htmx.config.defaultSettleDelay = 2000")
    page.locator("#text").focus()
    page.keyboard.press("j")
    page.wait_for_selector(f'#detail[data-open="{said.pk}"] #span-attributes')
    with page.expect_response(lambda r: r.request.method == "POST" and "/edit/" in r.url):
        page.keyboard.press("1")
    assert Span.objects.get(pk=said.pk).attributes == {"source_type": "named-person"}
