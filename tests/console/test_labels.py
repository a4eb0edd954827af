"""Labels from the page and the API: add, rename, recolour, shortcut, guideline, retire; the
colour checked by one validator and by the database."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from newsannot.corpus.models import Label
from newsannot.corpus.services import label_create, label_update
from newsannot.lib.colours import normalised
from newsannot.lib.errors import Conflict, Forbidden, Invalid
from newsannot.suggestions.models import Suggestion
from newsannot.suggestions.services import open_suggestions
from tests.api.test_import import ONE, post
from tests.conftest import client_for, quote_span

HOSTILE = ["red", "#12345g", "#1234567", "#fff", "#abc;x", '"><script>', "", " #abcdef"]


@pytest.mark.parametrize("colour", HOSTILE)
def test_the_database_refuses_any_colour_but_rrggbb(project, colour):
    label = project.labels.first()
    # PostgreSQL refuses an eight-character one by its column length: DataError.
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        Label.objects.filter(pk=label.pk).update(color=colour)  # past every Python check


@pytest.mark.parametrize("colour", [c for c in HOSTILE if c])  # blank: Django's own message
def test_the_model_and_the_service_refuse_it_with_the_same_message(project, manager, colour):
    label = project.labels.first()
    label.color = colour
    with pytest.raises(ValidationError) as model_says:
        label.full_clean()
    with pytest.raises(Invalid) as service_says:
        label_update(label=project.labels.first(), actor=manager, color=colour)
    assert service_says.value.message == model_says.value.message_dict["color"][0]
    assert "must be written #rrggbb" in service_says.value.message


def test_upper_and_lower_case_hex_are_both_colours(project, manager):
    label = label_update(label=project.labels.first(), actor=manager, color="#A1B2C3")
    assert label.color == "#a1b2c3"
    Label.objects.filter(pk=label.pk).update(color="#ABCDEF")  # the database takes either case


def test_a_manager_adds_a_label_on_the_page(project, manager):
    response = client_for(manager).post(
        f"/p/{project.pk}/labels/",
        {"key": "loaded-language", "name": "Loaded language", "color": "#1e8449", "shortcut": "l"},
        follow=True,
    )
    assert "Label “Loaded language” added." in response.text
    assert '<section class="label-card" id="label-' in response.text
    label = project.labels.get(key="loaded-language")
    assert (label.color, label.shortcut) == ("#1e8449", "l")


def test_a_taken_shortcut_is_refused_on_the_page_and_what_was_typed_stays(project, manager):
    label = project.labels.get(key="unverified-claim")
    response = client_for(manager).post(
        f"/p/{project.pk}/labels/{label.pk}/",
        {"name": "Claim, renamed", "color": "#c0392b", "shortcut": "a", "guideline": "x"},
    )
    assert response.status_code == 409
    said = "The shortcut &#x27;a&#x27; is taken by the label &#x27;Attribution&#x27;"
    assert said in response.text
    assert 'value="Claim, renamed"' in response.text
    assert project.labels.get(pk=label.pk).name == "Unverified claim"


@pytest.mark.parametrize(
    ("shortcut", "message"),
    [
        ("ab", "one key"),
        ("j", "taken by the annotate page"),
        ("d", "taken by the annotate page"),
        (" ", "a letter, digit or sign"),
    ],
)
def test_shortcut_rules(project, manager, shortcut, message):
    with pytest.raises(Invalid, match=message):
        label_create(project=project, key="x", shortcut=shortcut, actor=manager)


def test_rename_recolour_rekey_and_write_the_guideline(project, manager):
    label = project.labels.get(key="attribution")
    client_for(manager).post(
        f"/p/{project.pk}/labels/{label.pk}/",
        {"name": "Source", "color": "#117a65", "shortcut": "o", "guideline": "Who said it."},
    )
    label.refresh_from_db()
    assert (label.key, label.name, label.color, label.shortcut, label.guideline) == (
        "attribution",
        "Source",
        "#117a65",
        "o",
        "Who said it.",
    )


def test_only_managers_change_labels(project, analyst, reviewer):
    for user in (analyst, reviewer):
        with pytest.raises(Forbidden):
            label_update(label=project.labels.first(), actor=user, name="Mine")
        with pytest.raises(Forbidden):
            label_create(project=project, key="mine", actor=user)


def test_a_retired_label_is_offered_for_no_new_span_but_its_spans_stay(
    project, manager, analyst, article
):
    span = quote_span(article, analyst, "attribution", "spokesman Zhao")
    label = project.labels.get(key="attribution")
    client_for(manager).post(f"/p/{project.pk}/labels/{label.pk}/retire/", {"retired": "1"})
    label.refresh_from_db()
    assert label.retired
    with pytest.raises(Invalid, match="retired"):
        quote_span(article, analyst, "attribution", "Officials")
    page = client_for(analyst).get(f"/a/{article.pk}/").text
    assert 'data-label="attribution"' not in page  # the picker
    assert 'data-label="unverified-claim"' in page
    api = client_for(analyst).post(
        f"/api/v1/articles/{article.pk}/spans/",
        json.dumps({"label": "attribution", "start": 0, "end": 9, "quote": "Officials"}),
        "application/json",
    )
    assert api.status_code == 400
    assert "retired" in api.json()["detail"]
    assert span.__class__.objects.filter(pk=span.pk, label=label).exists()
    exported = client_for(manager).get(
        f"/api/v1/projects/{project.pk}/export/", {"status": "pending"}
    )
    assert b'"attribution"' in b"".join(exported.streaming_content)


def test_a_retired_labels_shortcut_is_free_and_using_it_again_checks_it(project, manager):
    attribution = project.labels.get(key="attribution")
    label_update(label=attribution, actor=manager, retired=True)
    label_create(project=project, key="source", shortcut="a", actor=manager)
    with pytest.raises(Conflict, match="taken by the label 'Source'"):
        label_update(label=attribution, actor=manager, retired=False)
    label_update(label=attribution, actor=manager, retired=False, shortcut="b")


def test_the_api_creates_lists_and_changes_labels(project, manager, analyst):
    client = client_for(manager)
    url = f"/api/v1/projects/{project.pk}/labels/"
    body = {"key": "loaded", "name": "Loaded", "color": "#b9770e", "shortcut": "l"}
    created = client.post(url, body, "application/json")
    assert created.status_code == 201, created.content
    label_id = created.json()["id"]
    assert created.json()["retired"] is False
    bad = client.patch(f"{url}{label_id}/", {"color": "javascript:x"}, "application/json")
    assert bad.status_code == 400
    assert bad.json()["field"] == "color"
    done = client.patch(f"{url}{label_id}/", {"retired": True, "name": "Old"}, "application/json")
    assert done.json()["retired"] is True and done.json()["name"] == "Old"
    refused = client_for(analyst).patch(f"{url}{label_id}/", {"name": "x"}, "application/json")
    assert refused.status_code == 403
    keys = [row["key"] for row in client_for(analyst).get(url).json()]
    assert "loaded" in keys


def test_a_new_project_still_gets_its_labels_without_an_actor(db):
    from newsannot.corpus.services import project_create

    assert project_create(name="P").labels.count() == 3


@pytest.mark.parametrize(
    ("stored", "becomes"),
    [("abc123", "#abc123"), ("#ABC", "#aabbcc"), (" #A1B2C3 ", "#a1b2c3"), ("red", "#888888")],
)
def test_bad_colours_are_read_as_meant(stored, becomes):
    assert normalised(stored) == becomes


@pytest.mark.django_db(transaction=True)
def test_the_migration_normalises_the_colours_already_stored(project):
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate([("corpus", "0006_article_project_id_order")])
    try:
        executor.loader.build_graph()
        apps = executor.loader.project_state(("corpus", "0006_article_project_id_order")).apps
        OldLabel = apps.get_model("corpus", "Label")
        OldLabel.objects.filter(project_id=project.pk, key="attribution").update(color="abc123")
        OldLabel.objects.filter(project_id=project.pk, key="unverified-claim").update(color="x;y")
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(leaves)
    colours = dict(project.labels.values_list("key", "color"))
    assert colours["attribution"] == "#abc123"
    assert colours["unverified-claim"] == "#888888"
    assert colours["state-media-source"] == "#7d3c98"  # a good colour is left alone


def test_each_change_to_a_label_is_kept_with_who_and_when(project, manager):
    label = project.labels.get(key="attribution")
    label_update(label=label, actor=manager, color="#117a65", name="Source")
    label_update(label=label, actor=manager, retired=True)
    label_update(label=label, actor=manager, retired=True)  # no change: nothing recorded
    page = client_for(manager).get(f"/p/{project.pk}/labels/").text
    recent = page.split("Recent changes")[1]
    assert "label “Source” (attribution): retired" in recent
    assert "name Attribution → Source, color #2f6db5 → #117a65" in recent
    assert recent.count("<li>") == 2


def test_a_retired_label_is_suggested_no_more(project, manager, analyst, article):
    keys = {s.label.key for s in Suggestion.objects.filter(article=article)}
    assert "state-media-source" in keys  # "Source: RT"
    label_update(label=project.labels.get(key="state-media-source"), actor=manager, retired=True)
    still = open_suggestions(article=article, user=analyst)
    assert "state-media-source" not in {s.label.key for s in still}


def test_an_import_keeps_the_spans_of_a_retired_label(project, manager):
    label_update(label=project.labels.get(key="attribution"), actor=manager, retired=True)
    response = post(manager, project, [ONE])
    assert response.status_code in {200, 201}, response.content
    assert project.spans.filter(label__key="attribution", quote="told").exists()
