"""Ctrl+Z pressed again and again walks back through the person's own changes, newest first,
and Ctrl+Shift+Z walks forward again; someone else's later change still stops it (a 409).

(Once, the second Ctrl+Z answered 409 "This span was changed by <you> since": an undo took
only the span's latest history row, and the first undo's own row had become the latest.)
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from newsannot.annotations.models import Span
from tests.conftest import client_for, undo_id_in

pytestmark = pytest.mark.django_db


def test_a_second_undo_takes_back_the_change_before_the_one_just_undone(analyst, article):
    client = client_for(analyst)
    quote = "said the strikes"
    start = article.text.index(quote)
    html = client.post(
        reverse("span-add", args=[article.pk]),
        {"label": "attribution", "start": start, "end": start + len(quote), "quote": quote},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    span = Span.objects.get()
    edit = reverse("span-edit", args=[article.pk, span.pk])
    relabel = client.post(
        edit, {"version": 1, "label": "unverified-claim", "note": ""}, HTTP_HX_REQUEST="true"
    ).content.decode()
    noted = client.post(
        edit, {"version": 2, "label": "unverified-claim", "note": "ask"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    undo = reverse("span-undo", args=[article.pk])

    # The page's undo stack holds the three rows; Ctrl+Z sends the newest first.
    first = client.post(
        undo, {"history": undo_id_in(noted), "mode": "undo"}, HTTP_HX_REQUEST="true"
    )
    assert first.status_code == 200
    second = client.post(
        undo, {"history": undo_id_in(relabel), "mode": "undo"}, HTTP_HX_REQUEST="true"
    )
    assert second.status_code == 200, second.content.decode()[:300]
    assert Span.objects.get().label.key == "attribution"
    third = client.post(undo, {"history": undo_id_in(html), "mode": "undo"}, HTTP_HX_REQUEST="true")
    assert third.status_code == 200, third.content.decode()[:300]
    assert not Span.objects.exists()


def add_and_relabel(client, article) -> tuple[str, str]:
    """A span saved and relabelled from the page: the two notices' undo rows."""
    quote = "said the strikes"
    start = article.text.index(quote)
    created = client.post(
        reverse("span-add", args=[article.pk]),
        {"label": "attribution", "start": start, "end": start + len(quote), "quote": quote},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    span = Span.objects.get()
    relabelled = client.post(
        reverse("span-edit", args=[article.pk, span.pk]),
        {"version": 1, "label": "unverified-claim", "note": ""},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    return undo_id_in(created), undo_id_in(relabelled)


def test_two_redos_after_two_undos_bring_the_span_back_with_its_new_label(analyst, article):
    client = client_for(analyst)
    created, relabelled = add_and_relabel(client, article)
    undo = reverse("span-undo", args=[article.pk])
    first = client.post(undo, {"history": relabelled, "mode": "undo"}, HTTP_HX_REQUEST="true")
    second = client.post(undo, {"history": created, "mode": "undo"}, HTTP_HX_REQUEST="true")
    assert not Span.objects.exists()

    # The redo stack holds the undos' rows: the newest (the deletion) is redone first.
    again = client.post(
        undo,
        {"history": undo_id_in(second.content.decode()), "mode": "redo"},
        HTTP_HX_REQUEST="true",
    )
    assert again.status_code == 200, again.content.decode()[:300]
    assert "Redone: created Attribution" in again.content.decode()
    last = client.post(
        undo,
        {"history": undo_id_in(first.content.decode()), "mode": "redo"},
        HTTP_HX_REQUEST="true",
    )
    assert last.status_code == 200, last.content.decode()[:300]
    assert "Redone: changed Unverified claim" in last.content.decode()
    assert Span.objects.get().label.key == "unverified-claim"


def test_an_older_change_waits_until_the_later_ones_are_undone(analyst, article):
    client = client_for(analyst)
    created, _ = add_and_relabel(client, article)
    response = client.post(
        reverse("span-undo", args=[article.pk]),
        {"history": created, "mode": "undo"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 409
    assert "You changed this span again" in response.content.decode()
    assert Span.objects.get().label.key == "unverified-claim"
