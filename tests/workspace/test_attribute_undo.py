"""Undoing an attribute change takes the attribute back (a new version and a history row), and
an undo that changes nothing says so instead of "Undone".

(Once, "Undone: Attribution ..." was shown while the span kept its attribute: the undo restored
label, note and boundaries, never attributes, and the view reported success all the same.)
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from newsannot.annotations.models import Action, Span, SpanHistory
from newsannot.annotations.services import snapshot, span_delete, span_undo
from tests.conftest import client_for, quote_span, undo_id_in

pytestmark = pytest.mark.django_db


def test_undoing_an_attribute_change_takes_the_attribute_back(article, analyst):
    said = quote_span(article, analyst, "attribution", "spokesman Zhao")
    client = client_for(analyst)
    html = client.post(
        reverse("span-edit", args=[article.pk, said.pk]),
        {"attributes": "1", "version": 1, "attr-source_type": "official-body"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert Span.objects.get().attributes == {"source_type": "official-body"}
    row = undo_id_in(html)

    response = client.post(
        reverse("span-undo", args=[article.pk]),
        {"history": row, "mode": "undo"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert (
        "Undone: changed Attribution “spokesman Zhao”" in response.content.decode()
    )  # what the analyst is told
    span = Span.objects.get()
    assert span.attributes == {}, "told 'Undone', but the attribute is still set"
    assert span.version == 3
    assert SpanHistory.objects.filter(span_id=span.pk).count() == 3


def test_an_undo_that_would_change_nothing_is_refused_not_called_undone(article, analyst):
    said = quote_span(article, analyst, "attribution", "spokesman Zhao")
    # A change row whose "before" is what the span is now (as a bulk write can leave): its
    # reversal has nothing to write.
    row = SpanHistory.objects.create(
        span_id=said.pk,
        project_id=said.project_id,
        article_id=said.article_id,
        actor=analyst,
        action=Action.UPDATE,
        before=snapshot(said),
        after=snapshot(said),
    )
    response = client_for(analyst).post(
        reverse("span-undo", args=[article.pk]),
        {"history": row.pk, "mode": "undo"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 409
    assert "Nothing was undone" in response.content.decode()
    assert "Undone:" not in response.content.decode()


def test_undoing_a_delete_brings_the_attributes_back(article, analyst):
    said = quote_span(
        article,
        analyst,
        "attribution",
        "spokesman Zhao",
        attributes={"source_type": "official-body"},
    )
    span_delete(span=said, actor=analyst)
    span_undo(actor=analyst, history=SpanHistory.objects.order_by("-id").first())
    assert Span.objects.get(pk=said.pk).attributes == {"source_type": "official-body"}
