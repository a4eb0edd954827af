"""Relations drawn over the text, "Show all relations", drag handles and undo of a span's
relations, in a real browser with the user's keys and mouse."""

from __future__ import annotations

import pytest

from newsannot.annotations.models import Relation, Span
from newsannot.annotations.relations import relation_create
from newsannot.preferences.models import UserPreference
from tests.browser.test_annotate import drag_end_handle, open_article
from tests.conftest import quote_span

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each drawn connector: where its path starts and ends (in the viewport), and the first line box
# of the two highlights it joins.
GEOMETRY_JS = """
() => Array.from(document.querySelectorAll("#connectors .connector")).map(g => {
  const path = g.querySelector("path"), m = path.getScreenCTM();
  const at = (len) => {
    const p = path.getPointAtLength(len);
    return {x: p.x * m.a + p.y * m.c + m.e, y: p.x * m.b + p.y * m.d + m.f};
  };
  const box = (id) => {
    const r = document.querySelector(`#text [data-spans~="${id}"]`).getClientRects()[0];
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  };
  return {
    from: g.dataset.from, to: g.dataset.to, label: g.querySelector("text").textContent,
    start: at(0), end: at(path.getTotalLength()),
    fromBox: box(g.dataset.from), toBox: box(g.dataset.to),
  };
})
"""


@pytest.fixture
def page(page):
    """The page, counting its requests in flight (see quiet)."""
    inflight: set = set()
    page.on("request", lambda r: inflight.add(r))
    page.on("requestfinished", lambda r: inflight.discard(r))
    page.on("requestfailed", lambda r: inflight.discard(r))
    page.inflight = inflight
    return page


def quiet(page) -> None:
    """Wait until the page has had no request in flight for 300 ms. The test reads the database
    only then: SQLite's shared in-memory database refuses a reader while the live server writes
    (and the other way round), and each write here sets off more requests (the suggestions
    panel reloads after it)."""
    calm = 0
    while calm < 3:
        page.wait_for_timeout(100)
        calm = calm + 1 if not page.inflight else 0


def touches(point: dict, box: dict, slack: float = 4) -> bool:
    return (
        box["left"] - slack <= point["x"] <= box["right"] + slack
        and box["top"] - slack <= point["y"] <= box["bottom"] + slack
    )


@pytest.fixture
def linked(article, analyst):
    said = quote_span(article, analyst, "attribution", "spokesman Zhao told a media briefing")
    false = quote_span(article, analyst, "unverified-claim", "the claims were false")
    strikes = quote_span(
        article, analyst, "unverified-claim", "the strikes hit only militant targets"
    )
    rt = quote_span(article, analyst, "state-media-source", "RT")
    relation_create(
        article=article, type="attributes", from_span=said, to_span=false, annotator=analyst
    )
    relation_create(
        article=article, type="via-outlet", from_span=strikes, to_span=rt, annotator=analyst
    )
    return said, false, strikes, rt


def test_the_open_spans_relation_joins_its_highlights_and_v_shows_all_remembered(
    page, analyst, article, linked
):
    said, false, strikes, rt = linked
    open_article(page, article, analyst)
    page.click(f'.span-item[data-span="{said.pk}"]')
    page.wait_for_selector("#connectors .connector")
    drawn = page.evaluate(GEOMETRY_JS)
    assert len(drawn) == 1
    (c,) = drawn
    assert (c["from"], c["to"], c["label"]) == (str(said.pk), str(false.pk), "Attributes")
    assert touches(c["start"], c["fromBox"]) and touches(c["end"], c["toBox"])
    # The layer never takes the mouse: selecting and clicking the text go through it.
    assert page.eval_on_selector("#connectors", "e => getComputedStyle(e).pointerEvents") == "none"

    page.keyboard.press("v")
    page.wait_for_function("document.querySelectorAll('#connectors .connector').length === 2")
    via = next(d for d in page.evaluate(GEOMETRY_JS) if d["from"] == str(strikes.pk))
    assert via["to"] == str(rt.pk) and via["label"] == "Via outlet"
    assert touches(via["start"], via["fromBox"]) and touches(via["end"], via["toBox"])
    page.screenshot(path="/tmp/connectors-all.png")
    quiet(page)
    assert UserPreference.objects.get(user=analyst).show_all_relations

    page.goto(f"/a/{article.pk}/")  # remembered for the person: all drawn on the next visit
    page.wait_for_function("document.querySelectorAll('#connectors .connector').length === 2")
    assert page.is_checked("#show-relations")
    page.keyboard.press("v")
    page.wait_for_function("document.querySelectorAll('#connectors .connector').length === 0")
    quiet(page)


def test_dragging_the_end_handle_moves_the_end_to_the_word_under_the_pointer(
    page, analyst, article
):
    span = quote_span(article, analyst, "unverified-claim", "the strikes hit only militant targets")
    open_article(page, article, analyst)
    # The middle of "only"'s "n": word snapping takes the end to the end of "only".
    drag_end_handle(page, span, "only")
    # While dragging, what the span would become is shown ("the strikes hit only").
    page.wait_for_function(
        "CSS.highlights.has('bound-preview') && "
        "[...CSS.highlights.get('bound-preview')][0].toString() === 'the strikes hit only'"
    )
    page.screenshot(path="/tmp/drag-preview.png")
    page.mouse.up()
    page.wait_for_function(
        "document.querySelector('#detail blockquote').textContent === 'the strikes hit only'"
    )
    quiet(page)
    span.refresh_from_db()
    assert (span.quote, span.version) == ("the strikes hit only", 2)
    assert page.evaluate("window.getSelection().isCollapsed")  # the drag selected nothing
    quiet(page)


def test_ctrl_z_after_deleting_a_span_brings_back_its_relation_and_connector(
    page, analyst, article, linked
):
    said, false, *_ = linked
    open_article(page, article, analyst)
    page.click(f'.span-item[data-span="{said.pk}"]')
    page.wait_for_selector("#connectors .connector")
    page.click("#detail form.span-delete button")
    page.wait_for_selector("#notice p:has-text('Deleted Attribution')")
    quiet(page)
    assert not Relation.objects.filter(from_span_id=said.pk).exists()
    page.keyboard.press("Control+z")
    page.wait_for_selector("#notice p:has-text('Undone: deleted Attribution')")
    quiet(page)
    assert Span.objects.filter(pk=said.pk).exists()
    assert Relation.objects.get(from_span_id=said.pk).to_span_id == false.pk
    page.click(f'.span-item[data-span="{said.pk}"]')
    page.wait_for_selector(f'#relations li.relation[data-to="{false.pk}"]')
    page.wait_for_selector(f'#connectors .connector[data-to="{false.pk}"]')
    quiet(page)


def test_linking_from_the_page_is_undone_with_ctrl_z(page, analyst, article):
    said = quote_span(article, analyst, "attribution", "spokesman Zhao told a media briefing")
    quote_span(article, analyst, "unverified-claim", "the claims were false")
    open_article(page, article, analyst)
    page.click(f'.span-item[data-span="{said.pk}"]')
    page.wait_for_selector("#detail[data-open]")
    page.keyboard.press("l")
    page.wait_for_selector("#relation-picker:not([hidden])")
    page.keyboard.press("Enter")
    page.wait_for_selector("#notice p:has-text('Linked Attributes')")
    page.wait_for_selector("#connectors .connector")
    quiet(page)
    assert Relation.objects.count() == 1
    page.keyboard.press("Control+z")
    page.wait_for_selector("#notice p:has-text('Undone: linked Attributes')")
    page.wait_for_function("document.querySelectorAll('#connectors .connector').length === 0")
    quiet(page)
    assert not Relation.objects.exists()
    page.keyboard.press("Control+Shift+z")
    page.wait_for_selector("#notice p:has-text('Redone: linked Attributes')")
    quiet(page)
    assert Relation.objects.count() == 1
