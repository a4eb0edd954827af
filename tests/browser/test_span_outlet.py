"""The analyst picks the outlet of a state-media-source span whose name two outlets share."""

from __future__ import annotations

import pytest

from newsannot.annotations.models import Span
from newsannot.corpus.services import article_create
from newsannot.outlets.models import Outlet
from tests.browser.conftest import login
from tests.conftest import quote_span

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_ambiguous_outlet_is_picked_from_the_span_panel_with_the_keyboard(
    page, project, manager, analyst
):
    # Our own two outlets (a transactional test may not see the seeded registry).
    Outlet.objects.create(name="Volna Television", country="Ruritania", aliases=["VLTV"])
    borduria = Outlet.objects.create(
        name="Volna Broadcasting", country="Borduria", aliases=["VLTV"]
    )
    story = article_create(
        project=project,
        title="Volna",
        text="The strike was shown.\nSource: VLTV\n",
        created_by=manager,
    ).article
    span = quote_span(story, analyst, "state-media-source", "Source: VLTV")
    assert span.outlet_id is None
    login(page, "alice", "alice-pw")
    page.goto(f"/a/{story.pk}/?span={span.pk}")
    panel = page.wait_for_selector("#detail .span-outlet")
    assert "ambiguous" in panel.inner_text()
    assert "Volna Broadcasting (Borduria)" in panel.inner_text()
    page.wait_for_function("window.htmx && window.NewsannotOffsets")
    page.focus("#detail select[name=outlet]")
    chosen = "document.querySelector('#detail select[name=outlet]').selectedOptions[0].text"
    for _ in range(4):
        if "Borduria" in page.evaluate(chosen):
            break
        page.keyboard.press("ArrowDown")
    assert "Borduria" in page.evaluate(chosen)
    page.click("#detail button.primary")
    page.wait_for_selector("#detail .span-outlet:has-text('chosen by hand')")
    assert "Volna Broadcasting" in page.inner_text("#detail .span-outlet")
    span = Span.objects.get(pk=span.pk)
    assert (span.outlet_id, span.outlet_by_hand) == (borduria.pk, True)
