"""Audit gap (issue 17, undo): Ctrl+Z pressed twice in a row walks back only one change.

Found by hand in Chromium: create a span, relabel it, write a note, then Ctrl+Z twice. The
first undo takes the note back; the second answers 409 "This span was changed by <you> ...
since", because `span_undo` accepts only the span's latest history row and the first undo's
own row is now the latest. These tests fail until an undo walks back through the person's own
changes (and their undos), refusing only when someone else changed the span since.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from newsannot.annotations.models import Span
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def undo_id_in(html: str) -> str:
    return re.search(r'data-undo="(\d+)"', html).group(1)


def test_gap_a_second_undo_takes_back_the_change_before_the_one_just_undone(analyst, article):
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
