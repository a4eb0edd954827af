"""The annotate page's text and span list, built in Python: escaped, and as the template was."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from django.template import Context, Template

from newsannot.corpus.services import article_create
from newsannot.workspace import markup
from newsannot.workspace.segments import Layer, build_segments
from newsannot.workspace.selectors import SpanRow
from tests.conftest import quote_span

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(\"x\")</script> & 'quoted' Cafe\u0301 🚀"


def _hostile_article(project, manager):
    text = f"Officials said {HOSTILE} was fine.\n\nNothing else happened here at all."
    return article_create(project=project, title="t", text=text, created_by=manager).article


def test_the_text_is_escaped_and_keeps_every_character(project, manager, analyst):
    article = _hostile_article(project, manager)
    span = quote_span(article, analyst, "unverified-claim", HOSTILE)
    segments = build_segments(
        article.text, [span], {span.pk: Layer(span.pk, "#123456", "<b> it's")}
    )
    html, _, labels = markup.text_markup(segments)
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;quoted&#x27;" in html
    assert f"data-spans={span.pk}>" in html and "title=" not in html
    # The tooltip's labels, by class, escaped for a single-quoted attribute.
    name = re.search(r'class="seg hl (h[0-9a-zA-Z_-]+)"', html).group(1)
    assert "<" not in labels and "'" not in labels
    assert json.loads(unescape(labels)) == {name: "<b> it's"}


@pytest.mark.parametrize("everyone", [False, True])
def test_the_span_list_matches_what_the_template_wrote(project, manager, analyst, everyone):
    article = _hostile_article(project, manager)
    span = quote_span(article, analyst, "unverified-claim", HOSTILE)
    span.colour = "#123456"
    template = Template(
        "{% for s in spans %}"
        '<li><a href="?span={{ s.pk }}{% if everyone %}&amp;who=all{% endif %}" '
        'class="span-item{% if open == s.pk %} open{% endif %}" '
        'data-span="{{ s.pk }}" data-label-key="{{ s.label.key }}" data-start="{{ s.start }}" '
        'data-end="{{ s.end }}">'
        '<span class="swatch" style="background: {{ s.colour }}"></span>'
        '<span class="span-label">{{ s.label.name }}</span>'
        '<span class="status status-{{ s.status }}">{{ s.get_status_display }}</span>'
        '{% if everyone %}<span class="annotator muted">{{ s.annotator.get_username }}</span>'
        "{% endif %}"
        "<q>{{ s.quote|truncatechars:90 }}</q></a></li>{% endfor %}"
    )
    context = {"spans": [span], "article": article, "open": span.pk, "everyone": everyone}
    expected = template.render(Context(context))
    html = markup.span_items_html(
        [SpanRow.of(span)], article_id=article.pk, everyone=everyone, open_span_id=span.pk
    )
    assert html.strip() == expected.strip()
    assert "<script>" not in html


def test_the_detail_url_has_a_placeholder_the_script_replaces(project, manager):
    article = _hostile_article(project, manager)
    url = markup.detail_url(article.pk, everyone=True)
    assert url == f"/a/{article.pk}/spans/2147483647/?who=all"


def test_a_long_quote_is_cut_as_truncatechars_cuts_it(project, manager, analyst):
    assert markup._truncated("x" * 80) == "x" * 80  # the list shows 80; the detail all
    assert markup._truncated("x" * 81) == "x" * 79 + "…"
    assert markup._truncated("Cafe\u0301") == "Caf\u00e9"  # the filter composes to NFC


def test_highlights_share_one_class_per_underline_stack(project, manager, analyst):
    article = _hostile_article(project, manager)
    one = quote_span(article, analyst, "unverified-claim", "Officials")
    two = quote_span(article, analyst, "unverified-claim", "Nothing")
    layers = {s.pk: Layer(s.pk, "#123456", "x") for s in (one, two)}
    html, css, _ = markup.text_markup(build_segments(article.text, [one, two], layers))
    name = re.search(r'class="seg hl (h[0-9a-zA-Z_-]+)"', html).group(1)
    assert html.count(f'class="seg hl {name}"') == 2 and "style=" not in html
    assert css.startswith(f"#text .{name}{{--u1:#123456;--n:1}}")
    assert css.count("\n") == 1
    # Named after the style, so a patch rendered alone names the class the page did.
    segs = build_segments(article.text, [two], layers)
    assert f'class="seg hl {name}"' in markup.text_markup(segs)[0]
