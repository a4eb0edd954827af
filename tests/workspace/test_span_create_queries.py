"""Saving a span from the annotate view costs a fixed, small number of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from newsannot.annotations.models import Span, SpanHistory
from newsannot.annotations.services import span_create
from tests.conftest import client_for, quote_span

pytestmark = pytest.mark.django_db


def test_saving_a_span_costs_at_most_12_queries_however_many_spans_exist(
    analyst, article, django_assert_max_num_queries
):
    for quote in ["said the strikes", "Officials"]:
        if quote in article.text:
            quote_span(article, analyst, "unverified-claim", quote)
    client = client_for(analyst)
    client.get(reverse("annotate", args=[article.pk]))
    quote = "said the strikes"
    start = article.text.index(quote)
    data = {"label": "attribution", "start": start, "end": start + len(quote), "quote": quote}
    # session, user, article with the role, labels, BEGIN, span, history, COMMIT, spans, its
    # label's attributes, the relation suggestions' spans (a span just created has no
    # relations, links or dismissals yet, and its history is the row just written: none is
    # asked for)
    with django_assert_max_num_queries(12):
        response = client.post(reverse("span-add", args=[article.pk]), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert Span.objects.filter(annotator=analyst, label__key="attribution").count() == 1
    # The new attribution's suggested link to the claim in its sentence is still offered.
    html = response.content.decode()
    assert 'class="proposal"' in html and "<q>Officials</q>" in html
    # Its history is its creation, which the notice's "Undo" reverses.
    row = SpanHistory.objects.get(span__label__key="attribution")
    assert "History (1)" in html and "<b>Created</b> by alice" in html
    assert f'data-history="{row.pk}"' in html and f'data-undo="{row.pk}"' in html


def test_an_unknown_label_is_named_by_the_service_as_before(analyst, article):
    quote = "said the strikes"
    start = article.text.index(quote)
    data = {"label": "no-such-label", "start": start, "end": start + len(quote), "quote": quote}
    response = client_for(analyst).post(
        reverse("span-add", args=[article.pk]), data, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert "Unknown label &#x27;no-such-label&#x27;" in response.content.decode()
    assert Span.objects.count() == 0


def test_a_duplicate_is_still_refused_by_the_constraint_with_nothing_saved(analyst, article):
    quote = "said the strikes"
    start = article.text.index(quote)
    data = {"label": "attribution", "start": start, "end": start + len(quote), "quote": quote}
    client = client_for(analyst)
    url = reverse("span-add", args=[article.pk])
    assert client.post(url, data, HTTP_HX_REQUEST="true").status_code == 200
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    assert "already have" in response.content.decode()
    assert Span.objects.count() == 1


def test_a_span_saved_in_a_long_list_comes_back_alone_with_no_more_queries(
    analyst, article, django_assert_max_num_queries
):
    # 60 one-character spans ahead of the new one: the list is longer than a patch sends whole.
    # (Not on spaces: a span never covers whitespace alone.)
    for i in [i for i, c in enumerate(article.text) if not c.isspace()][:60]:
        span_create(
            article=article,
            label="unverified-claim",
            start=i,
            end=i + 1,
            quote=article.text[i],
            annotator=analyst,
        )
    client = client_for(analyst)
    quote = "said the strikes"
    start = article.text.index(quote)
    data = {"label": "attribution", "start": start, "end": start + len(quote), "quote": quote}
    # As above, with the list's length and the item the new one goes before told first (one
    # aggregate), then the spans of the changed line alone.
    with django_assert_max_num_queries(12):
        response = client.post(reverse("span-add", args=[article.pk]), data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    new = Span.objects.get(annotator=analyst, label__key="attribution")
    assert 'id="list-patch"' in html and html.count('class="span-item') == 1
    assert f'data-span="{new.pk}"' in html and ">61<" in html
    # Its item goes before the one-character span at its start (longer spans first).
    after = Span.objects.get(annotator=analyst, start=start, end=start + 1)
    assert f'data-span="{new.pk}" data-before="{after.pk}"' in html
