"""A name several outlets share ("NTV": Russia's Gazprom Media, Nepal Television, Turkey's Dogus)
is never given to one of them silently: the article decides it, or the analyst picks one of the
candidates in the annotate view's span panel."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from newsannot.annotations.models import Span, SpanHistory
from newsannot.annotations.services import span_undo, span_update
from newsannot.corpus.services import article_create
from newsannot.lib.errors import Invalid
from newsannot.outlets.models import Outlet
from newsannot.outlets.selectors import span_outlet_choices
from tests.conftest import client_for, quote_span


def _article(project, manager, text):
    return article_create(project=project, title="Strike", text=text, created_by=manager).article


def _outlet(span) -> tuple[str, str] | None:
    span = Span.objects.select_related("outlet").get(pk=span.pk)
    return (span.outlet.name, span.outlet.country) if span.outlet else None


@pytest.fixture
def lone(project, manager):
    return _article(project, manager, "The strike was shown on television.\nSource: NTV\n")


def test_an_ambiguous_name_leaves_the_outlet_empty_and_offers_the_candidates(lone, analyst):
    span = quote_span(lone, analyst, "state-media-source", "Source: NTV")
    assert _outlet(span) is None
    choices = span_outlet_choices(Span.objects.get(pk=span.pk))
    assert {c.country for c in choices.candidates} >= {"Russia", "Nepal", "Turkey"}


def test_the_other_outlets_an_article_names_decide(project, manager, analyst):
    story = _article(project, manager, "RIA Novosti and NTV reported the strike.\n")
    span = quote_span(story, analyst, "state-media-source", "NTV")
    assert _outlet(span) == ("Gazprom Media", "Russia")


def test_the_analyst_picks_a_candidate_and_undo_takes_it_back(lone, analyst):
    span = quote_span(lone, analyst, "state-media-source", "Source: NTV")
    nepal = Outlet.objects.get(country="Nepal", aliases__icontains="NTV")
    span = span_update(span=span, actor=analyst, outlet=str(nepal.pk), version=span.version)
    assert _outlet(span) == (nepal.name, "Nepal") and span.outlet_by_hand
    row = SpanHistory.objects.filter(span_id=span.pk).last()
    assert (row.before["outlet"], row.after["outlet"]) == (None, nepal.pk)
    span_undo(actor=analyst, history=row)
    span = Span.objects.get(pk=span.pk)
    assert span.outlet_id is None and not span.outlet_by_hand


def test_an_outlet_is_picked_only_for_a_state_media_span_and_from_the_registry(lone, analyst):
    span = quote_span(lone, analyst, "state-media-source", "Source: NTV")
    with pytest.raises(Invalid):
        span_update(span=span, actor=analyst, outlet="999999")
    other = quote_span(lone, analyst, "attribution", "Source: NTV")
    with pytest.raises(Invalid):
        span_update(span=other, actor=analyst, outlet=str(span.pk))


def test_the_span_panel_shows_the_candidates_and_saves_the_pick(lone, analyst):
    span = quote_span(lone, analyst, "state-media-source", "Source: NTV")
    client = client_for(analyst)
    page = client.get(reverse("annotate", args=[lone.pk]) + f"?span={span.pk}").content.decode()
    assert "ambiguous" in page
    options = dict(re.findall(r'<option value="(\d+)">([^<]*)</option>', page))
    russia = Outlet.objects.get(name="Gazprom Media")
    assert "Gazprom Media (Russia" in options[str(russia.pk)]
    assert any("Nepal" in label for label in options.values())
    response = client.post(
        reverse("span-edit", args=[lone.pk, span.pk]),
        {"version": span.version, "outlet": russia.pk, "note": "", "label": "state-media-source"},
    )
    assert response.status_code in (200, 302)
    assert _outlet(span) == ("Gazprom Media", "Russia")
    page = client.get(reverse("annotate", args=[lone.pk]) + f"?span={span.pk}").content.decode()
    assert "chosen by hand" in page


def test_the_api_offers_the_candidates_and_takes_the_pick(lone, analyst):
    from tests.api.conftest import Api

    span = quote_span(lone, analyst, "state-media-source", "Source: NTV")
    body = Api(analyst).get(f"/api/v1/spans/{span.pk}/").json()
    assert body["outlet"] is None and body["outlet_by_hand"] is False
    russia = Outlet.objects.get(name="Gazprom Media")
    assert {"id": russia.pk, "name": "Gazprom Media", "country": "Russia", "typology": "CaPu"} in (
        body["outlet_candidates"]
    )
    response = Api(analyst).patch(
        f"/api/v1/spans/{span.pk}/", {"outlet": russia.pk, "version": body["version"]}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["outlet"], body["outlet_by_hand"], body["outlet_candidates"]) == (
        russia.pk,
        True,
        [],
    )
    response = Api(analyst).patch(
        f"/api/v1/spans/{span.pk}/", {"outlet": "nonsense", "version": body["version"]}
    )
    assert response.status_code == 400
