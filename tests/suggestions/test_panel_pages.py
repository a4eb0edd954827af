"""The suggestions panel: the first 50 open suggestions in reading order, "Show more" adds 50."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from newsannot.annotations.models import Span
from newsannot.corpus.services import article_create
from newsannot.suggestions.models import Suggestion, SuggestionRun
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(project, manager):
    text = "".join(f"Claim number {i} came from RT today. " for i in range(130))
    article = article_create(project=project, title="Many", text=text, created_by=manager).article
    label = project.labels.get(key="state-media-source")
    Suggestion.objects.filter(article=article).delete()  # only the ones made below
    SuggestionRun.objects.filter(article=article).delete()
    rows = []
    for m in re.finditer("RT", text):
        rows.append(
            Suggestion(
                article=article,
                label=label,
                start=m.start(),
                end=m.end(),
                quote="RT",
                rule="r",
                score=0.9,
                why="w",
            )
        )
    Suggestion.objects.bulk_create(rows)
    SuggestionRun.objects.create(article=article)
    return article


def _starts(body: str) -> list[int]:
    return [int(s) for s in re.findall(r'class="suggestion"[^>]*data-start="(\d+)"', body)]


def test_the_panel_shows_the_first_50_in_reading_order_and_counts_them_all(many, analyst):
    body = client_for(analyst).get(reverse("suggestion-panel", args=[many.pk])).content.decode()
    starts = _starts(body)
    assert len(starts) == 50 and starts == sorted(starts)
    assert "(130)" in body and "Accept all 130" in body
    assert "Showing the first 50 of 130." in body and "Show 50 more" in body


def test_show_more_adds_50_and_then_the_rest(many, analyst):
    url = reverse("suggestion-panel", args=[many.pk])
    client = client_for(analyst)
    assert len(_starts(client.get(url, {"shown": 100}).content.decode())) == 100
    body = client.get(url, {"shown": 150}).content.decode()
    assert len(_starts(body)) == 130
    assert "All 130 shown." in body and "show-more" not in body


def test_a_nonsense_count_shows_the_first_page(many, analyst):
    url = reverse("suggestion-panel", args=[many.pk])
    client = client_for(analyst)
    assert len(_starts(client.get(url, {"shown": "lots"}).content.decode())) == 50
    assert len(_starts(client.get(url, {"shown": "-5"}).content.decode())) == 50


def test_an_action_keeps_the_number_shown(many, analyst):
    first = Suggestion.objects.filter(article=many).first()
    response = client_for(analyst).post(
        reverse("suggestion-dismiss", args=[first.pk]), {"shown": 100}
    )
    assert len(_starts(response.content.decode())) == 100


def test_accept_all_accepts_every_one_not_only_those_shown(many, analyst):
    response = client_for(analyst).post(
        reverse("suggestion-accept-all", args=[many.pk]), {"label": "state-media-source"}
    )
    assert response.status_code == 200
    assert Span.objects.filter(article=many, annotator=analyst).count() == 130


def test_the_panel_costs_a_fixed_number_of_queries(many, analyst, django_assert_max_num_queries):
    client = client_for(analyst)
    url = reverse("suggestion-panel", args=[many.pk])
    client.get(url)
    with django_assert_max_num_queries(12):
        client.get(url, {"shown": 150})
