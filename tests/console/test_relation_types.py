"""Managers add and retire relation types on the labels page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from newsannot.annotations.models import RelationType
from newsannot.annotations.relations import relation_create
from newsannot.lib.errors import Invalid
from tests.conftest import client_for, quote_span

pytestmark = pytest.mark.django_db


def test_a_manager_adds_a_type_with_its_labels_and_sees_it_listed(project, manager):
    url = reverse("console-relation-types", args=[project.pk])
    data = {
        "key": "contradicts",
        "name": "Contradicts",
        "from_labels": ["unverified-claim"],
        "to_labels": ["unverified-claim"],
        "shortcut": "c",
    }
    assert client_for(manager).post(url, data).status_code == 302
    kind = RelationType.objects.get(project=project, key="contradicts")
    assert (kind.from_labels, kind.to_labels, kind.shortcut) == (
        ["unverified-claim"],
        ["unverified-claim"],
        "c",
    )
    page = client_for(manager).get(reverse("console-labels", args=[project.pk])).content.decode()
    assert "<b>Contradicts</b>" in page
    again = client_for(manager).post(url, data)
    assert again.status_code == 409 and "already" in again.content.decode()
    bad = client_for(manager).post(url, {**data, "key": "x-2", "to_labels": ["nope"]})
    assert bad.status_code == 400 and "no label" in bad.content.decode()


def test_an_analyst_cannot_add_one(project, analyst):
    url = reverse("console-relation-types", args=[project.pk])
    assert client_for(analyst).post(url, {"key": "mine"}).status_code == 403
    assert not RelationType.objects.filter(key="mine").exists()


def test_a_retired_type_keeps_its_relations_and_takes_no_new_ones(
    project, article, manager, analyst
):
    said = quote_span(article, analyst, "attribution", "spokesman Zhao told")
    claim = quote_span(article, analyst, "unverified-claim", "the claims were false")
    kept = relation_create(
        article=article, type="attributes", from_span=said, to_span=claim, annotator=analyst
    )
    kind = RelationType.objects.get(project=project, key="attributes")
    url = reverse("console-relation-type-retire", args=[project.pk, kind.pk])
    assert client_for(manager).post(url, {"retired": "1"}).status_code == 302
    kind.refresh_from_db()
    assert kind.retired and type(kept).objects.filter(pk=kept.pk).exists()
    other = quote_span(
        article, analyst, "unverified-claim", "the strikes hit only militant targets"
    )
    with pytest.raises(Invalid, match="retired"):
        relation_create(
            article=article, type="attributes", from_span=said, to_span=other, annotator=analyst
        )
