"""The open span's panel: its relations (with delete) and its attributes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from newsannot.annotations.models import Relation, RelationHistory
from newsannot.annotations.relations import relation_create
from tests.conftest import client_for, quote_span

pytestmark = pytest.mark.django_db

SAID = "spokesman Zhao told a media briefing"


@pytest.fixture
def linked(article, analyst):
    said = quote_span(article, analyst, "attribution", SAID)
    claim = quote_span(article, analyst, "unverified-claim", "the claims were false")
    relation = relation_create(
        article=article, type="attributes", from_span=said, to_span=claim, annotator=analyst
    )
    return said, claim, relation


def test_the_panel_lists_the_open_spans_relations_both_ways(article, analyst, linked):
    said, claim, _ = linked
    client = client_for(analyst)
    page = client.get(reverse("annotate", args=[article.pk]), {"span": said.pk}).content.decode()
    assert "Attributes</b> →" in page and "<q>the claims were false</q>" in page
    assert 'name="attr-source_type"' in page and 'data-digit="1"' in page
    other = client.get(reverse("annotate", args=[article.pk]), {"span": claim.pk}).content.decode()
    assert "Attributes</b> ←" in other and SAID in other
    assert 'name="attr-source_type"' not in other  # a claim has no attributes


def test_attributes_are_set_from_the_panel_and_checked_by_the_service(article, analyst, linked):
    said, _, _ = linked
    url = reverse("span-edit", args=[article.pk, said.pk])
    client = client_for(analyst)
    data = {"attributes": "1", "version": 1, "attr-source_type": "official-body"}
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    said.refresh_from_db()
    assert (said.attributes, said.version) == ({"source_type": "official-body"}, 2)
    bad = {"attributes": "1", "version": 2, "attr-source_type": "gossip"}
    refused = client.post(url, bad, HTTP_HX_REQUEST="true")
    assert refused.status_code == 400
    assert "source_type is one of" in refused.content.decode()


def test_a_relation_is_deleted_from_the_panel_with_history(article, analyst, linked):
    said, _, relation = linked
    url = reverse("relation-delete", args=[article.pk, relation.pk])
    response = client_for(analyst).post(
        url, {"version": 1, "open": said.pk}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert not Relation.objects.exists()
    assert RelationHistory.objects.filter(relation_id=relation.pk, action="delete").exists()


def test_a_colleague_cannot_delete_my_relation(article, analyst, analyst2, linked):
    _, _, relation = linked
    url = reverse("relation-delete", args=[article.pk, relation.pk])
    assert client_for(analyst2).post(url, {"version": 1}).status_code == 404  # not visible
    assert Relation.objects.count() == 1


def test_a_malformed_open_span_is_refused_in_the_flash_not_over_the_text(article, analyst, linked):
    # The delete form swaps its answer into #text: a refusal must go to the flash, next to
    # the text, like every other refused write of the annotate view (htmx_errors).
    *_, relation = linked
    url = reverse("relation-delete", args=[article.pk, relation.pk])
    response = client_for(analyst).post(
        url, {"version": 1, "open": "first"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert response["HX-Retarget"] == "#flash"
    assert "Nothing was saved." in response.content.decode()
    assert Relation.objects.count() == 1


def test_the_link_button_is_in_the_panel_a_list_click_or_a_change_swaps_in(
    article, analyst, linked
):
    said, _, _ = linked
    detail = reverse("span-detail", args=[article.pk, said.pk])
    opened = client_for(analyst).get(detail, HTTP_HX_REQUEST="true").content.decode()
    assert "data-link-start" in opened
    edit = reverse("span-edit", args=[article.pk, said.pk])
    saved = client_for(analyst).post(edit, {"version": 1, "note": "n"}, HTTP_HX_REQUEST="true")
    assert "data-link-start" in saved.content.decode()
