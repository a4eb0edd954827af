"""A state-media-source span keeps the outlet its quote names: found when the span is written or
relabelled, found again when the registry changes, never overwritten when a person chose it."""

from __future__ import annotations

import json

import pytest

from newsannot.annotations.models import Span
from newsannot.annotations.services import span_review, span_update
from newsannot.corpus.services import article_create
from newsannot.ingest.jsonl import import_jsonl
from newsannot.outlets import registry as registry_module
from newsannot.outlets.models import Outlet
from newsannot.outlets.services import (
    outlet_save,
    outlets_import_csv,
    spans_detect_outlets,
)
from newsannot.suggestions.models import Suggestion
from newsannot.suggestions.services import suggestion_accept
from tests.conftest import quote_span
from tests.exporters.conftest import export_bytes

TEXT = (
    "The ministry said the convoy carried aid, Volna Herald reported.\n"
    "Officials told Volna-TV the same.\n"
    "Source: RT\n"
)


@pytest.fixture
def story(project, manager):
    return article_create(project=project, title="Convoy", text=TEXT, created_by=manager).article


def outlet_of(span) -> str | None:
    span = Span.objects.select_related("outlet").get(pk=span.pk)
    return span.outlet.name if span.outlet else None


def test_a_new_state_media_span_stores_the_outlet_its_quote_names(story, analyst):
    assert outlet_of(quote_span(story, analyst, "state-media-source", "Source: RT")) == "RT"
    assert outlet_of(quote_span(story, analyst, "state-media-source", "Volna Herald")) is None
    # Other labels never name one, whatever their quote says.
    assert outlet_of(quote_span(story, analyst, "attribution", "Source: RT")) is None


def test_relabelling_finds_the_outlet_again_or_drops_it(story, analyst, manager, reviewer):
    span = quote_span(story, analyst, "attribution", "Source: RT")
    span = span_update(span=span, actor=analyst, label="state-media-source")
    assert outlet_of(span) == "RT"
    Span.objects.filter(pk=span.pk).update(outlet_by_hand=True)
    span = span_update(span=Span.objects.get(pk=span.pk), actor=manager, label="attribution")
    assert outlet_of(span) is None and span.outlet_by_hand is False
    # A reviewer who relabels while approving.
    span = span_review(
        span=span,
        reviewer=reviewer,
        decision="approve",
        version=span.version,
        label="state-media-source",
    )
    assert outlet_of(span) == "RT"


def test_an_accepted_suggestion_stores_its_outlet(story, analyst):
    label = story.project.labels.get(key="state-media-source")
    start = TEXT.index("RT")
    suggestion = Suggestion.objects.create(
        article=story,
        label=label,
        start=start,
        end=start + 2,
        quote="RT",
        score=0.9,
        rule="test",
        why="x",
    )
    assert outlet_of(suggestion_accept(suggestion=suggestion, user=analyst)) == "RT"


def test_an_import_stores_the_outlets_its_spans_name(project, manager):
    start = TEXT.index("Source: RT")
    spans = [
        {"start": start, "end": start + 10, "label": "state-media-source"},
        {"start": start, "end": start + 10, "label": "attribution"},
    ]
    line = json.dumps({"title": "Convoy", "text": TEXT, "spans": spans}).encode()
    import_jsonl(project=project, lines=[line], actor=manager)
    stored = dict(Span.objects.values_list("label__key", "outlet__name"))
    assert stored == {"state-media-source": "RT", "attribution": None}


def test_a_new_outlet_is_found_in_the_spans_that_name_it(story, analyst):
    herald = quote_span(story, analyst, "state-media-source", "Volna Herald")
    tv = quote_span(story, analyst, "state-media-source", "Volna-TV")
    rt = quote_span(story, analyst, "state-media-source", "Source: RT")
    outlet = outlet_save(name="Volna Herald", country="Ruritania", typology="SC")
    assert outlet_of(herald) == "Volna Herald"
    assert outlet_of(tv) is None and outlet_of(rt) == "RT"
    # An alias added later, and a name given up.
    outlet_save(
        outlet=outlet, name="Volna Media", country="Ruritania", typology="SC", aliases="Volna-TV"
    )
    assert (outlet_of(herald), outlet_of(tv)) == (None, "Volna Media")


def test_a_registry_change_never_overwrites_a_persons_choice(story, analyst):
    chosen = quote_span(story, analyst, "state-media-source", "Volna Herald")
    rt = Outlet.objects.get(name="RT", country="Russia")
    Span.objects.filter(pk=chosen.pk).update(outlet=rt, outlet_by_hand=True)
    outlet_save(name="Volna Herald", country="Ruritania", typology="SC")
    assert spans_detect_outlets() == 0
    assert outlet_of(chosen) == "RT"


def test_a_csv_import_detects_once_for_the_whole_file(story, analyst, monkeypatch):
    herald = quote_span(story, analyst, "state-media-source", "Volna Herald")
    tv = quote_span(story, analyst, "state-media-source", "Volna-TV")
    calls = []
    real = registry_module.Registry.resolve_in

    def counted(self, quote, *args):
        calls.append(quote)
        return real(self, quote, *args)

    monkeypatch.setattr(registry_module.Registry, "resolve_in", counted)
    outlets_import_csv(
        "name,country,typology,aliases\n"
        "Volna Herald,Ruritania,SC,\n"
        "Volna Television,Ruritania,SC,Volna-TV\n"
    )
    assert (outlet_of(herald), outlet_of(tv)) == ("Volna Herald", "Volna Television")
    assert sorted(calls) == ["Volna Herald", "Volna-TV"]  # each quote once, not once a row


def test_deleting_an_outlet_leaves_its_spans_without_it(story, analyst):
    herald = quote_span(story, analyst, "state-media-source", "Volna Herald")
    outlet = outlet_save(name="Volna Herald", country="Ruritania", typology="SC")
    assert outlet_of(herald) == "Volna Herald"
    outlet.delete()
    assert outlet_of(herald) is None


def test_detecting_again_writes_only_spans_whose_outlet_changed(story, analyst):
    quote_span(story, analyst, "state-media-source", "Source: RT")
    quote_span(story, analyst, "state-media-source", "Volna Herald")
    assert spans_detect_outlets() == 0
    Span.objects.update(outlet=None)
    assert spans_detect_outlets() == 1


def test_the_export_reads_stored_outlets_and_looks_nothing_up(story, analyst, monkeypatch):
    quote_span(story, analyst, "state-media-source", "Source: RT")

    def refuse(self, quote):
        raise AssertionError(f"an export looked up {quote!r}")

    monkeypatch.setattr(registry_module.Registry, "named_in", refuse)
    (line,) = export_bytes(story.project, "jsonl", status="all").splitlines()
    assert json.loads(line)["spans"][0]["outlet"]["name"] == "RT"
    for name in ("csv", "doccano", "label-studio", "w3c"):
        assert b"RT" in export_bytes(story.project, name, status="all")


def test_an_outlet_changed_or_deleted_in_the_admin_is_detected_again(story, analyst, site_admin):
    from tests.conftest import client_for

    herald = quote_span(story, analyst, "state-media-source", "Volna Herald")
    outlet_save(name="Volna Group", country="Ruritania", typology="SC", aliases="Volna Herald")
    assert outlet_of(herald) == "Volna Group"
    client = client_for(site_admin)
    form = {
        "name": "Volna Herald",
        "aliases": "[]",
        "country": "Ruritania",
        "typology": "SC",
        "notes": "",
        "source": "",
        "domains-TOTAL_FORMS": "0",
        "domains-INITIAL_FORMS": "0",
    }
    response = client.post("/admin/outlets/outlet/add/", form)
    assert response.status_code == 302, response.content[:2000]
    assert outlet_of(herald) == "Volna Herald"  # an outlet's own name wins over an alias
    outlet = Outlet.objects.get(name="Volna Herald")
    client.post(f"/admin/outlets/outlet/{outlet.pk}/delete/", {"post": "yes"})
    assert not Outlet.objects.filter(pk=outlet.pk).exists()
    assert outlet_of(herald) == "Volna Group"
