"""The annotate view in a real browser: mouse selection → offsets → span, and editing spans."""

from __future__ import annotations

import pytest

from newsannot.annotations.models import Span
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SELECT_JS = """
(quote) => {
  // The viewport rectangles of the first and last character of `quote` in the article text.
  const root = document.getElementById("text");
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = []; let all = "";
  while (walker.nextNode()) {
    nodes.push([walker.currentNode, all.length]);
    all += walker.currentNode.data;
  }
  const at = all.indexOf(quote);
  if (at < 0) return null;
  function point(i) {
    for (const [node, base] of nodes) {
      if (i < base + node.data.length) return [node, i - base];
    }
  }
  function rect(i) {
    const [node, off] = point(i);
    const r = document.createRange(); r.setStart(node, off); r.setEnd(node, off + 1);
    const b = r.getBoundingClientRect(); return {x: b.left, y: b.top, w: b.width, h: b.height};
  }
  return {first: rect(at), last: rect(at + quote.length - 1)};
}
"""


def select_with_mouse(page, quote: str) -> None:
    boxes = page.evaluate(SELECT_JS, quote)
    assert boxes, f"{quote!r} is not in the text"
    first, last = boxes["first"], boxes["last"]
    page.mouse.move(first["x"] + 1, first["y"] + first["h"] / 2)
    page.mouse.down()
    page.mouse.move(last["x"] + last["w"] / 2, last["y"] + last["h"] / 2, steps=5)
    page.mouse.move(last["x"] + last["w"] - 1, last["y"] + last["h"] / 2)
    page.mouse.up()


# The middle of `word`'s second character on screen: inside the word, off its edges.
INSIDE_WORD_JS = """
(word) => {
  const text = document.getElementById("text").textContent;
  const at = text.indexOf(word) + 1;
  const r = NewsannotOffsets.spanToRange(document.getElementById("text"), at, at + 1);
  const b = r.getBoundingClientRect();
  return {x: b.left + b.width / 2, y: b.top + b.height / 2};
}
"""


def drag_end_handle(page, span, word: str) -> None:
    """Open `span` from its list item, press the mouse on its end handle and move it, in steps,
    into `word` (word snapping takes the end to the end of the word). The button stays down:
    the caller looks at the preview, or lets go."""
    page.click(f'.span-item[data-span="{span.pk}"]')
    grab = page.wait_for_selector(".bound-end:not([hidden])").bounding_box()
    to = page.evaluate(INSIDE_WORD_JS, word)
    page.mouse.move(grab["x"] + grab["width"] / 2, grab["y"] + grab["height"] / 2)
    page.mouse.down()
    page.mouse.move(to["x"], to["y"], steps=8)


HOLD_JS = """
([part, method, ms]) => {
  const open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (verb, url, ...rest) {
    this.held = String(url).includes(part) && (!method || verb.toUpperCase() === method);
    return open.call(this, verb, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (body) {
    if (this.held) setTimeout(() => send.call(this, body), ms);
    else send.call(this, body);
  };
}
"""


def hold_requests(page, url_part: str, ms: int, method: str = "") -> None:
    """Requests to URLs containing `url_part` (and of `method`, if given) leave `ms` late: held
    in the page, as a slow network would; a Playwright route handler would hold the test too."""
    page.evaluate(HOLD_JS, [url_part, method, ms])


HOLD_UNTIL_JS = """
([part, flag]) => {
  const open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (verb, url, ...rest) {
    this.heldUntil = String(url).includes(part);
    return open.call(this, verb, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (body) {
    if (!this.heldUntil) return send.call(this, body);
    const go = () => (window[flag] ? send.call(this, body) : setTimeout(go, 10));
    go();
  };
}
"""


def hold_requests_until(page, url_part: str, flag: str) -> None:
    """Requests to URLs containing `url_part` leave only once `window[flag]` is set: a race
    made certain whatever the machine's load (a fixed hold can be outrun by a slow answer)."""
    page.evaluate(HOLD_UNTIL_JS, [url_part, flag])


def open_article(page, article, user) -> None:
    login(page, user.username, f"{user.username}-pw")
    page.goto(f"/a/{article.pk}/")
    page.wait_for_function("window.htmx && window.NewsannotOffsets")


def test_selecting_after_an_emoji_and_pressing_a_shortcut_saves_the_right_span(
    page, analyst, article
):
    open_article(page, article, analyst)
    select_with_mouse(page, "said the strikes")
    page.wait_for_selector("#picker:not([hidden])")
    page.screenshot(path="/tmp/annotate-picker.png")
    page.keyboard.press("a")
    page.wait_for_selector(".span-item")
    span = Span.objects.get()
    assert (span.label.key, span.start, span.end) == ("attribution", 12, 28)
    assert span.quote == "said the strikes" == article.text[12:28]
    highlighted = page.eval_on_selector_all(
        f'#text [data-spans~="{span.pk}"]', "els => els.map(e => e.textContent).join('')"
    )
    assert highlighted == "said the strikes"


@pytest.mark.parametrize("quote", ["spokesman Zhao told", "owners disagreed", "Cafe\u0301 owners"])
def test_selecting_after_cjk_and_combining_accents_stores_code_point_offsets(
    page, analyst, article, quote
):
    open_article(page, article, analyst)
    select_with_mouse(page, quote)
    page.keyboard.press("u")
    page.wait_for_selector(".span-item")
    span = Span.objects.get()
    expected = article.text.index(quote)
    assert span.start == expected
    assert article.text[span.start : span.end] == span.quote


def test_whitespace_at_the_ends_is_trimmed_and_selections_cross_paragraphs(page, analyst, article):
    open_article(page, article, analyst)
    select_with_mouse(page, " targets.\n\n外交部 ")
    page.keyboard.press("s")
    page.wait_for_selector(".span-item")
    span = Span.objects.get()
    assert span.quote == "targets.\n\n外交部"


def test_overlapping_spans_are_both_visible_and_can_be_relabelled_and_deleted(
    page, analyst, article
):
    open_article(page, article, analyst)
    select_with_mouse(page, "the strikes hit only militant targets")
    page.click("#picker [data-label=unverified-claim]")
    page.wait_for_selector(".span-item")
    select_with_mouse(page, "Officials 🚀 said the strikes")
    page.keyboard.press("a")
    page.wait_for_function("document.querySelectorAll('.span-item').length === 2")
    outer, inner = (
        Span.objects.get(label__key="unverified-claim"),
        Span.objects.get(label__key="attribution"),
    )
    both = page.locator(f'#text [data-spans="{inner.pk} {outer.pk}"]')
    assert both.inner_text() == "the strikes"

    # Open the attribution span from the list, relabel it and add a note.
    # The new span is open already: wait for the detail the click asks for, not for the old one.
    with page.expect_response(lambda r: f"/spans/{inner.pk}/" in r.url):
        page.click(f'.span-item[data-span="{inner.pk}"]')
    page.wait_for_selector(f'#detail[data-open="{inner.pk}"]')
    page.wait_for_load_state("networkidle")
    page.select_option("#detail select[name=label]", "state-media-source")
    page.fill("#detail textarea[name=note]", "Ministry <statement>")
    page.click("#detail button.primary")
    page.wait_for_selector(".span-item:has-text('State-media source')")
    inner.refresh_from_db()
    assert (inner.label.key, inner.note) == ("state-media-source", "Ministry <statement>")
    page.screenshot(path="/tmp/annotate-overlap.png", full_page=True)

    page.click("#detail button.danger")
    page.wait_for_function("document.querySelectorAll('.span-item').length === 1")
    assert list(Span.objects.values_list("pk", flat=True)) == [outer.pk]


def test_a_refused_span_shows_the_message_next_to_the_text(page, analyst, article):
    open_article(page, article, analyst)
    page.evaluate(
        """() => { const f = document.getElementById('new-span');
        f.elements.label.value = 'attribution'; f.elements.start.value = 0;
        f.elements.end.value = 9; f.elements.quote.value = 'Officialz'; f.requestSubmit(); }"""
    )
    flash = page.wait_for_selector("#flash .error")
    assert "quote does not match the text" in flash.inner_text()
    assert not Span.objects.exists()


def test_the_help_overlay_lists_the_shortcuts(page, analyst, article):
    open_article(page, article, analyst)
    page.keyboard.press("?")
    help_box = page.wait_for_selector("#help:not([hidden])")
    assert "Unverified claim" in help_box.inner_text()
    page.keyboard.press("Escape")
    page.wait_for_selector("#help", state="hidden")


CASES = [
    "plain ascii",
    "Officials 🚀 said",
    "外交部 spokesman",
    "Cafe\u0301 owners",
    "🚀🚀 two rockets 👩‍👩‍👧 family",
    "",
]


@pytest.mark.parametrize("text", CASES)
def test_the_script_converts_offsets_like_the_server(page, live_server, text):
    from newsannot.lib.errors import Invalid
    from newsannot.lib.offsets import utf16_length, utf16_to_codepoint

    page.goto("/login/")
    page.add_script_tag(path="static/newsannot/offsets.js")
    units = utf16_length(text)
    result = page.evaluate(
        """([text, units]) => {
          const O = window.NewsannotOffsets, out = [];
          for (let i = 0; i <= units; i++) out.push(O.utf16ToCodepoint(text, i));
          const n = O.cpLength(text), back = [];
          for (let i = 0; i <= n; i++) back.push(O.codepointToUtf16(text, i));
          return {length: n, offsets: out, back: back};
        }""",
        [text, units],
    )
    assert result["length"] == len(text)
    for i, got in enumerate(result["offsets"]):
        try:
            expected = utf16_to_codepoint(text, i)
        except Invalid:  # inside a surrogate pair: the server refuses, the script rounds down
            expected = utf16_to_codepoint(text, i - 1)
        assert got == expected
    assert result["back"] == [utf16_length(text[:i]) for i in range(len(text) + 1)]


def test_the_keyboard_alone_labels_a_selection_and_walks_the_spans(
    page, analyst, article, project, manager
):
    from newsannot.corpus.services import article_create

    nxt = article_create(project=project, title="Next one", text="Next text.", created_by=manager)
    open_article(page, article, analyst)
    # A selection made without the mouse (caret browsing, Shift + arrows) ends in a keyup.
    page.evaluate(
        """() => {
          const seg = [...document.querySelectorAll('#text .seg')]
            .find(s => s.textContent.includes('Source: RT'));
          const node = seg.firstChild, at = node.data.indexOf('Source: RT');
          window.getSelection().setBaseAndExtent(node, at, node, at + 'Source: RT'.length);
        }"""
    )
    page.keyboard.press("Shift+ArrowRight")  # the keyup shows the picker
    page.keyboard.press("s")
    page.wait_for_selector(".span-item")
    assert Span.objects.get().quote == "Source: RT"
    quote = "Officials"
    start = article.text.index(quote)
    Span.objects.create(
        project=project,
        article=article,
        label=project.labels.get(key="attribution"),
        start=start,
        end=start + len(quote),
        quote=quote,
        annotator=analyst,
    )
    page.reload()
    page.wait_for_function("window.htmx && window.NewsannotOffsets")
    page.keyboard.press("j")
    page.wait_for_selector("#detail[data-open] blockquote:has-text('Officials')")
    page.keyboard.press("j")
    page.wait_for_selector("#detail[data-open] blockquote:has-text('Source: RT')")
    # The open span's segments are marked once htmx settles the swap.
    page.wait_for_function(
        "[...document.querySelectorAll('#text .seg.active')].map(e => e.textContent).join('')"
        " === 'Source: RT'"
    )
    # Clicking a highlight opens its span.
    page.click("#text .hl >> nth=0")
    page.wait_for_selector("#detail[data-open] blockquote:has-text('Officials')")
    page.keyboard.press("]")
    page.wait_for_url(f"**/a/{nxt.article.pk}/")


def test_j_walks_on_when_another_panel_settles_before_the_span_it_opened(
    page, analyst, article, project
):
    """Seen in CI: the suggestions panel's load settled while the first j's detail was on its
    way, marked the spans from the detail as it was (none open), and a second j pressed before
    the detail had settled opened the first span again."""
    for quote, key in (("Officials", "attribution"), ("Source: RT", "state-media-source")):
        start = article.text.index(quote)
        Span.objects.create(
            project=project,
            article=article,
            label=project.labels.get(key=key),
            start=start,
            end=start + len(quote),
            quote=quote,
            annotator=analyst,
        )
    open_article(page, article, analyst)
    page.wait_for_selector("#suggestions-panel.suggestions-panel")
    page.evaluate(
        """() => {
          htmx.config.defaultSettleDelay = 300;
          document.addEventListener("htmx:afterSettle", e => {
            if (e.detail.elt.id === "suggestions-panel") window.panelSettled = true;
          });
        }"""
    )

    hold_requests_until(page, "/spans/", "panelSettled")
    page.keyboard.press("j")
    page.evaluate(
        "htmx.ajax('GET', location.pathname + 'suggestions/',"
        " {target: '#suggestions-panel', swap: 'outerHTML'})"
    )
    page.wait_for_function("window.panelSettled === true")
    page.wait_for_selector("#detail[data-open] blockquote:has-text('Officials')")
    page.keyboard.press("j")
    page.wait_for_selector("#detail[data-open] blockquote:has-text('Source: RT')")
