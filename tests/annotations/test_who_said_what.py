"""Who said what: approved attributions by source, their claims and the outlets carrying them."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from newsannot.annotations.models import Span
from newsannot.annotations.relations import relation_create, relation_review
from newsannot.annotations.services import span_review
from newsannot.corpus.services import article_create
from tests.api.conftest import Api
from tests.conftest import client_for, quote_span

TEXT = (
    "Russian strikes hit only militant targets, the Defence  Ministry said. "
    "Medvedev said in an interview for Rossiya channel that talks were over."
)
OTHER = "Hundreds of terrorists were destroyed, the defence ministry said."


def approve(reviewer, *things):
    for thing in things:
        if hasattr(thing, "type_id"):
            relation_review(relation=thing, reviewer=reviewer, decision="approve", version=1)
        else:
            span_review(span=thing, reviewer=reviewer, decision="approve", version=1)


@pytest.fixture
def corpus(project, manager, analyst, reviewer):
    first = article_create(project=project, title="Strikes", text=TEXT, created_by=manager).article
    second = article_create(project=project, title="More", text=OTHER, created_by=manager).article
    ministry = quote_span(first, analyst, "attribution", "the Defence  Ministry said")
    claim = quote_span(
        first, analyst, "unverified-claim", "Russian strikes hit only militant targets"
    )
    medvedev = quote_span(first, analyst, "attribution", "Medvedev said in an interview for")
    rossiya = quote_span(first, analyst, "state-media-source", "Rossiya channel")
    talks = quote_span(first, analyst, "unverified-claim", "talks were over")
    again = quote_span(second, analyst, "attribution", "the defence ministry said")
    hundreds = quote_span(
        second, analyst, "unverified-claim", "Hundreds of terrorists were destroyed"
    )
    approve(reviewer, ministry, claim, medvedev, rossiya, talks, again, hundreds)

    def link(kind, a, b, article):
        return relation_create(
            article=article, type=kind, from_span=a, to_span=b, annotator=analyst
        )

    approve(
        reviewer,
        link("attributes", ministry, claim, first),
        link("attributes", medvedev, talks, first),
        link("via-outlet", medvedev, rossiya, first),
        link("attributes", again, hundreds, second),
    )
    return first, second


def test_the_ministry_is_one_source_across_case_and_spacing(project, analyst, corpus):
    body = Api(analyst).get(f"/api/v1/projects/{project.pk}/who-said-what/").json()
    by_name = {s["source"]: s for s in body["sources"]}
    ministry = by_name["the defence ministry said"]
    assert ministry["attributions"] == 2
    assert {c["quote"] for c in ministry["claims"]} == {
        "Russian strikes hit only militant targets",
        "Hundreds of terrorists were destroyed",
    }
    medvedev = by_name["medvedev said in an interview for"]
    assert medvedev["claims"][0]["quote"] == "talks were over"
    # "Rossiya channel" is a name the registry knows: the outlet is named as the registry has it.
    rossiya = Span.objects.get(quote="Rossiya channel")
    assert rossiya.outlet is not None
    assert medvedev["claims"][0]["outlets"] == [rossiya.outlet.name]
    assert medvedev["outlets"] == [rossiya.outlet.name]


def test_pending_work_is_left_out(project, analyst, manager, corpus):
    first, _ = corpus
    quote_span(first, analyst, "attribution", "Medvedev said")  # pending
    names = [
        s["source"]
        for s in Api(analyst).get(f"/api/v1/projects/{project.pk}/who-said-what/").json()["sources"]
    ]
    assert "medvedev said" not in names


def test_filters_and_csv(project, manager, corpus):
    url = f"/api/v1/projects/{project.pk}/who-said-what/"
    carrier = Span.objects.get(quote="Rossiya channel").outlet.name  # as the registry names it
    only = Api(manager).get(url, outlet=carrier.upper()).json()["sources"]
    assert [s["source"] for s in only] == ["medvedev said in an interview for"]
    response = Api(manager).get(url, format="csv", claim="hundreds")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["source", "attribution", "claim"]
    assert rows[1][2] == "Hundreds of terrorists were destroyed" and len(rows) == 2


def test_a_manager_merges_two_sources_into_one_named_source(project, manager, analyst, corpus):
    url = reverse("who-said-what", args=[project.pk])
    data = {
        "variants": ["the defence ministry said", "medvedev said in an interview for"],
        "name": "Russian government",
    }
    assert client_for(analyst).post(url, data).status_code == 403
    assert client_for(manager).post(url, data).status_code == 302
    page = client_for(analyst).get(url).content.decode()
    assert "<b>Russian government</b>" in page and "talks were over" in page
