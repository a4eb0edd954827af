"""Names a manager teaches the registry on the outlets page: found at once in new spans and in
the spans written before, only managers may add them, and a duplicate is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from newsannot.annotations.models import Span
from newsannot.corpus.services import article_create
from newsannot.lib.errors import Conflict, Forbidden, Invalid
from newsannot.outlets.models import Outlet, OutletAlias
from newsannot.outlets.registry import registry
from newsannot.outlets.services import outlet_alias_add
from tests.conftest import client_for, quote_span

TEXT = "The anchor on Pervij Telekanal said so.\nSource: Pervij Telekanal\n"


@pytest.fixture
def channel_one(db):
    return Outlet.objects.get(name="Channel One Russia")


@pytest.fixture
def story(project, manager):
    return article_create(project=project, title="Anchor", text=TEXT, created_by=manager).article


def test_an_alias_a_manager_adds_is_found_in_spans_written_before(
    story, analyst, manager, channel_one
):
    span = quote_span(story, analyst, "state-media-source", "Source: Pervij Telekanal")
    assert Span.objects.get(pk=span.pk).outlet_id is None
    assert registry().named_in("Pervij Telekanal") is None
    client = client_for(manager)
    response = client.post(
        reverse("outlet-alias-add", args=[channel_one.pk]), {"alias": "Pervij Telekanal"}
    )
    assert response.status_code == 302
    assert registry().named_in("told Pervij Telekanal").name == "Channel One Russia"
    assert Span.objects.get(pk=span.pk).outlet_id == channel_one.pk
    page = client.get(reverse("outlet-edit", args=[channel_one.pk])).content.decode()
    assert "Pervij Telekanal" in page and "added by mona" in page
    # Removed again: the registry forgets it and so does the span.
    row = OutletAlias.objects.get(alias="Pervij Telekanal")
    client.post(reverse("outlet-alias-delete", args=[channel_one.pk, row.pk]))
    assert registry().named_in("Pervij Telekanal") is None
    assert Span.objects.get(pk=span.pk).outlet_id is None


def test_only_managers_add_aliases(analyst, channel_one):
    with pytest.raises(Forbidden):
        outlet_alias_add(outlet=channel_one, alias="1TV", actor=analyst)
    response = client_for(analyst).post(
        reverse("outlet-alias-add", args=[channel_one.pk]), {"alias": "1TV"}
    )
    assert response.status_code == 403
    assert not OutletAlias.objects.exists()


def test_a_blank_or_known_alias_is_refused_with_a_4xx(manager, channel_one):
    with pytest.raises(Invalid):
        outlet_alias_add(outlet=channel_one, alias="   ", actor=manager)
    outlet_alias_add(outlet=channel_one, alias="1TV", actor=manager)
    with pytest.raises(Conflict):
        outlet_alias_add(outlet=channel_one, alias="1TV", actor=manager)
    response = client_for(manager).post(
        reverse("outlet-alias-add", args=[channel_one.pk]), {"alias": "x" * 201}
    )
    assert response.status_code == 400
    assert "at most 200" in response.content.decode()
