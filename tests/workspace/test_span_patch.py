"""After a change to one span, the annotate view sends back the lines it touched, not the text.

The answer's size and cost depend on the changed span's paragraph, never on the article's length
or its number of spans.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from newsannot.annotations.models import Span, SpanHistory
from newsannot.corpus.services import article_create
from newsannot.workspace.views import WHOLE_LIST
from tests.conftest import client_for, quote_span

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def paragraph(i: int) -> str:
    # An emoji first: offsets are code points, a browser's UTF-16 would be off by one a line.
    return f"🚀 Paragraph {i} says the minister spoke to reporters about item {i}.\n"


def long_article(project, manager, paragraphs: int, external_id: str):
    text = "".join(paragraph(i) for i in range(paragraphs))
    return article_create(
        project=project,
        title=f"Long {paragraphs}",
        text=text,
        external_id=external_id,
        created_by=manager,
    ).article


def with_spans(article, analyst, n: int):
    for i in range(0, 2 * n, 2):  # every other paragraph
        quote_span(article, analyst, "unverified-claim", f"Paragraph {i} says")


def create(client, article, quote: str):
    start = article.text.index(quote)
    data = {"label": "attribution", "start": start, "end": start + len(quote), "quote": quote}
    return client.post(reverse("span-add", args=[article.pk]), data, **HTMX)


def test_a_new_span_brings_back_its_paragraph_and_its_list_item_only(project, manager, analyst):
    article = long_article(project, manager, 1_500, "long-1")  # ≈ 105,000 characters
    with_spans(article, analyst, WHOLE_LIST + 10)
    client = client_for(analyst)
    response = create(client, article, "the minister spoke")
    assert response.status_code == 200
    assert response["HX-Reswap"] == "none"
    html = response.content.decode()
    span = Span.objects.get(label__key="attribution")
    line = paragraph(0)
    patch = re.search(r'<div id="text-patch"[^>]*data-from="(\d+)" data-to="(\d+)">', html)
    assert (int(patch[1]), int(patch[2])) == (0, len(line))  # code points, the first line
    highlighted = re.findall(rf'data-spans=("[^"]*\b{span.pk}\b[^"]*"|{span.pk}>)([^<]*)<', html)
    assert "".join(text for _, text in highlighted) == "the minister spoke"
    # The rules and tooltips of the classes it uses, escaped into an attribute.
    assert "<style data-labels='{\"h" in html and '"Attribution"}' in html
    # Its list item, to go before the next span's (paragraph 2), and the new count.
    after = Span.objects.get(quote="Paragraph 2 says")
    assert f'data-span="{span.pk}" data-before="{after.pk}"' in html
    assert html.count('class="span-item') == 1
    assert f'id="span-count" hx-swap-oob="true">{WHOLE_LIST + 11}<' in html
    assert 'id="text"' not in html and "Paragraph 1 says" not in html
    assert len(html) < 10_000  # the open span's panel (relations, attributes) is most of it


def test_the_answer_does_not_grow_with_the_article(project, manager, analyst):
    sizes = []
    for paragraphs in (200, 2_000):
        article = long_article(project, manager, paragraphs, f"long-{paragraphs}")
        with_spans(article, analyst, WHOLE_LIST + 5)
        response = create(client_for(analyst), article, "Paragraph 151 says")
        assert response.status_code == 200
        sizes.append(len(response.content))
    assert abs(sizes[0] - sizes[1]) < 40, sizes  # only the ids' digits differ


def test_undo_of_a_new_span_takes_its_highlight_and_item_away(project, manager, analyst):
    article = long_article(project, manager, 1_000, "long-undo")
    with_spans(article, analyst, WHOLE_LIST + 10)
    client = client_for(analyst)
    assert create(client, article, "Paragraph 301 says").status_code == 200
    span = Span.objects.get(label__key="attribution")
    row = SpanHistory.objects.filter(span_id=span.pk).latest("id")
    url = reverse("span-undo", args=[article.pk])
    response = client.post(url, {"history": row.pk, "mode": "undo"}, **HTMX)
    assert response.status_code == 200
    assert not Span.objects.filter(pk=span.pk).exists()
    html = response.content.decode()
    start = article.text.index(paragraph(301))
    assert f'data-from="{start}" data-to="{start + len(paragraph(301))}"' in html
    assert not re.search(rf'data-spans=("[^"]*)?\b{span.pk}\b', html)
    assert f'<div id="list-patch" hidden hx-swap-oob="true" data-span="{span.pk}"' in html
    assert "span-item" not in html
    assert f'id="span-count" hx-swap-oob="true">{WHOLE_LIST + 10}<' in html
    assert len(html) < 4_000


def test_undoing_a_new_span_in_a_long_list_costs_a_few_queries(
    project, manager, analyst, django_assert_max_num_queries
):
    article = long_article(project, manager, 1_000, "long-undo-queries")
    with_spans(article, analyst, WHOLE_LIST + 10)
    client = client_for(analyst)
    assert create(client, article, "Paragraph 301 says").status_code == 200
    span = Span.objects.get(label__key="attribution")
    row = SpanHistory.objects.filter(span_id=span.pk).latest("id")
    url = reverse("span-undo", args=[article.pk])
    # session, user, article with the role, the row (with its span's latest row's id); the
    # transaction (2) and in it the span, its relations, the deletion (the span read, its
    # relations and dismissals, the span) and its row; then the labels (the notice names the
    # label), the list's count and the changed line's spans. The latest row is not read again,
    # there is no savepoint inside, and the row left is not read back.
    with django_assert_max_num_queries(16):
        response = client.post(url, {"history": row.pk, "mode": "undo"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Undone: created Attribution “Paragraph 301 says”" in html
    undone = SpanHistory.objects.filter(span_id=span.pk).latest("id")
    assert undone.action == "delete" and f'data-history="{undone.pk}"' in html
    assert f'id="span-count" hx-swap-oob="true">{WHOLE_LIST + 10}<' in html


def test_a_short_list_is_still_sent_whole(analyst, article):
    response = create(client_for(analyst), article, "said the strikes")
    html = response.content.decode()
    assert 'id="spans" class="span-list" hx-swap-oob="true"' in html
    assert 'id="list-patch"' in html  # the empty holder, inside the list


def test_a_long_list_comes_a_page_at_a_time_in_order_and_bad_keys_are_400(
    project, manager, analyst
):
    from newsannot.workspace.views import LIST_FIRST, LIST_MORE

    article = long_article(project, manager, 2 * (LIST_FIRST + LIST_MORE) + 20, "long-list")
    with_spans(article, analyst, LIST_FIRST + LIST_MORE + 5)
    client = client_for(analyst)
    page = client.get(reverse("annotate", args=[article.pk])).content.decode()
    assert page.count('class="span-item') == LIST_FIRST
    more = re.search(r'hx-get="([^"]+)"[^>]*>More spans', page)[1].replace("&amp;", "&")
    first = client.get(more, **HTMX).content.decode()
    quotes = re.findall(r"<q>Paragraph (\d+) says</q>", first)
    assert [int(q) for q in quotes] == list(range(2 * LIST_FIRST, 2 * (LIST_FIRST + LIST_MORE), 2))
    last = re.search(r'hx-get="([^"]+)"[^>]*>More spans', first)[1].replace("&amp;", "&")
    rest = client.get(last, **HTMX).content.decode()
    assert rest.count('class="span-item') == 5 and "More spans" not in rest
    # Without script, the link shows the whole list.
    whole = client.get(reverse("annotate", args=[article.pk]) + "?list=all").content.decode()
    assert whole.count('class="span-item') == LIST_FIRST + LIST_MORE + 5
    url = reverse("span-list-more", args=[article.pk])
    assert client.get(url + "?s=1&e=x&i=3", **HTMX).status_code == 400
    assert client.get(url + "?s=1", **HTMX).status_code == 400
    # Someone else's spans are not in the analyst's list, nor for another analyst.
    assert client_for(manager).get(more, **HTMX).content.decode().count("span-item") == 0
