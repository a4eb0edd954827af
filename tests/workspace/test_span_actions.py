"""Creating, changing and deleting spans from the annotate view, as htmx sends them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from newsannot.annotations.models import Span, SpanHistory, Status
from newsannot.annotations.services import span_review
from tests.conftest import client_for, quote_span

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def add(client, article, **data):
    return client.post(reverse("span-add", args=[article.pk]), data, **HTMX)


def fields(article, quote, label="attribution"):
    start = article.text.index(quote)
    return {"label": label, "start": start, "end": start + len(quote), "quote": quote}


def test_it_saves_a_span_after_an_emoji_and_swaps_text_and_list(analyst, article):
    response = add(client_for(analyst), article, **fields(article, "said the strikes"))
    assert response.status_code == 200
    span = Span.objects.get()
    assert (span.start, span.end, span.quote) == (12, 28, "said the strikes")
    html = response.content.decode()
    # The line it is on, out of band (the text element itself stays on the page).
    assert html.startswith('<div id="text-patch" hidden hx-swap-oob="true" data-from="0"')
    assert response["HX-Reswap"] == "none"
    assert 'id="spans" class="span-list" hx-swap-oob="true"' in html
    assert f'data-open="{span.pk}"' in html


def test_it_saves_a_span_after_cjk_and_a_combining_accent(analyst, article):
    client = client_for(analyst)
    assert add(client, article, **fields(article, "spokesman Zhao")).status_code == 200
    assert add(client, article, **fields(article, "owners disagreed")).status_code == 200
    quotes = {s.quote: s.start for s in Span.objects.all()}
    assert quotes["owners disagreed"] == article.text.index("owners disagreed")


def test_it_refuses_a_quote_that_does_not_match(analyst, article):
    data = fields(article, "said the strikes") | {"quote": "said the strike"}
    response = add(client_for(analyst), article, **data)
    assert response.status_code == 400
    assert response["HX-Retarget"] == "#flash"
    assert "quote does not match the text" in response.content.decode()
    assert not Span.objects.exists()


def test_it_refuses_offsets_outside_the_text(analyst, article):
    response = add(client_for(analyst), article, label="attribution", start=5, end=99999, quote="x")
    assert response.status_code == 400
    assert "past the end of the text" in response.content.decode()
    assert not Span.objects.exists()


def test_it_refuses_offsets_that_are_not_numbers(analyst, article):
    response = add(client_for(analyst), article, label="attribution", start="1a", end=3, quote="x")
    assert response.status_code == 400
    assert "start must be a whole number" in response.content.decode()


def test_it_refuses_a_label_of_another_project(analyst, article, other_project):
    other_project.labels.create(key="elsewhere", name="Elsewhere")
    response = add(client_for(analyst), article, **fields(article, "Officials", "elsewhere"))
    assert response.status_code == 400
    assert "Unknown label" in response.content.decode()
    assert not Span.objects.exists()


def test_it_refuses_a_duplicate_span_with_409(analyst, article):
    client = client_for(analyst)
    add(client, article, **fields(article, "Officials"))
    response = add(client, article, **fields(article, "Officials"))
    assert response.status_code == 409
    assert Span.objects.count() == 1


def test_an_outsider_cannot_add_spans(outsider, article):
    response = add(client_for(outsider), article, **fields(article, "Officials"))
    assert response.status_code == 404
    assert not Span.objects.exists()


def test_anonymous_users_are_sent_to_login(client, article):
    response = client.post(reverse("span-add", args=[article.pk]), fields(article, "Officials"))
    assert response.status_code == 302
    assert not Span.objects.exists()


def test_csrf_is_required(analyst, article):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(analyst)
    response = add(client, article, **fields(article, "Officials"))
    assert response.status_code == 403
    assert not Span.objects.exists()


def test_without_htmx_errors_come_back_as_a_message(analyst, article):
    client = client_for(analyst)
    data = fields(article, "Officials") | {"quote": "nope"}
    response = client.post(reverse("span-add", args=[article.pk]), data, follow=True)
    assert "quote does not match" in response.content.decode()


def test_it_opens_a_span_with_its_history(analyst, article, span):
    response = client_for(analyst).get(reverse("span-detail", args=[article.pk, span.pk]), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="detail"')
    assert "History (1)" in html
    assert "Delete span" in html


def test_an_analyst_cannot_open_another_analysts_span(analyst2, article, span):
    url = reverse("span-detail", args=[article.pk, span.pk])
    assert client_for(analyst2).get(url, **HTMX).status_code == 404


def test_it_changes_the_label_and_note(analyst, article, span):
    url = reverse("span-edit", args=[article.pk, span.pk])
    response = client_for(analyst).post(
        url, {"label": "attribution", "note": "<b>check</b>", "version": span.version}, **HTMX
    )
    assert response.status_code == 200
    span.refresh_from_db()
    assert (span.label.key, span.note, span.version) == ("attribution", "<b>check</b>", 2)
    assert "&lt;b&gt;check&lt;/b&gt;" in response.content.decode()
    assert SpanHistory.objects.filter(span_id=span.pk).count() == 2


def test_a_stale_version_is_refused_with_409(analyst, article, span):
    url = reverse("span-edit", args=[article.pk, span.pk])
    response = client_for(analyst).post(url, {"label": "attribution", "version": 7}, **HTMX)
    assert response.status_code == 409
    span.refresh_from_db()
    assert span.label.key == "unverified-claim"


def test_approved_spans_are_read_only_to_their_analyst(analyst, reviewer, article, span):
    span_review(span=span, reviewer=reviewer, decision="approve", version=span.version)
    client = client_for(analyst)
    detail = client.get(reverse("span-detail", args=[article.pk, span.pk]), **HTMX)
    assert "read-only" in detail.content.decode()
    assert "Delete span" not in detail.content.decode()
    response = client.post(reverse("span-delete", args=[article.pk, span.pk]), **HTMX)
    assert response.status_code == 403
    assert Span.objects.filter(pk=span.pk, status=Status.APPROVED).exists()


def test_it_deletes_an_own_pending_span(analyst, article, span):
    url = reverse("span-delete", args=[article.pk, span.pk])
    response = client_for(analyst).post(url, {"version": span.version}, **HTMX)
    assert response.status_code == 200
    assert not Span.objects.exists()
    assert "No spans yet" in response.content.decode()


def test_a_manager_can_delete_anyones_span(manager, article, span):
    url = reverse("span-delete", args=[article.pk, span.pk]) + "?who=all"
    assert client_for(manager).post(url, {"version": span.version}, **HTMX).status_code == 200
    assert not Span.objects.exists()


def test_a_reviewer_cannot_delete_an_analysts_span(reviewer, article, span):
    url = reverse("span-delete", args=[article.pk, span.pk])
    assert client_for(reviewer).post(url, **HTMX).status_code == 403
    assert Span.objects.exists()


def test_overlapping_spans_share_segments(analyst, article):
    a = quote_span(article, analyst, "unverified-claim", "the strikes hit only militant targets")
    b = quote_span(article, analyst, "attribution", "Officials 🚀 said the strikes")
    html = client_for(analyst).get(reverse("annotate", args=[article.pk])).content.decode()
    assert f'data-spans="{b.pk} {a.pk}"' in html
