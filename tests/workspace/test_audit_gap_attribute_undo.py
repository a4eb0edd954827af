"""Audit gap (issue 17, undo of "attribute"): undoing an attribute change says "Undone" and
changes nothing.

Found in Chromium: open an attribution span, press 1 (source type "named person"): "Saved".
Ctrl+Z: the notice says "Undone: Attribution ..." with a Redo link, but the span keeps its
attribute, its version stays, and no history row is written. `span_undo` restores label, note
and boundaries from the row's "before", never `attributes`, so span_update sees no change and
returns quietly; the view then reports success. A reversal that did nothing is shown as done.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from newsannot.annotations.models import Span, SpanHistory
from tests.conftest import client_for, quote_span

pytestmark = pytest.mark.django_db


def test_gap_undoing_an_attribute_change_takes_the_attribute_back(article, analyst):
    said = quote_span(article, analyst, "attribution", "spokesman Zhao")
    client = client_for(analyst)
    html = client.post(
        reverse("span-edit", args=[article.pk, said.pk]),
        {"attributes": "1", "version": 1, "attr-source_type": "official-body"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert Span.objects.get().attributes == {"source_type": "official-body"}
    row = re.search(r'data-undo="(\d+)"', html).group(1)

    response = client.post(
        reverse("span-undo", args=[article.pk]),
        {"history": row, "mode": "undo"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Undone: Attribution" in response.content.decode()  # what the analyst is told
    span = Span.objects.get()
    assert span.attributes == {}, "told 'Undone', but the attribute is still set"
    assert span.version == 3
    assert SpanHistory.objects.filter(span_id=span.pk).count() == 3
