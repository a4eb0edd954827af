"""What the connectors over the text are drawn from: the open span's panel names each
relation's ends and type, "Show all relations" fetches the article's relations the user can
see, and the toggle is remembered for the person."""

from __future__ import annotations

import pytest
from django.urls import reverse

from newsannot.annotations.relations import relation_create
from newsannot.annotations.services import span_review
from newsannot.preferences.models import UserPreference
from tests.conftest import client_for, quote_span

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(article, analyst):
    said = quote_span(article, analyst, "attribution", "spokesman Zhao told a media briefing")
    claim = quote_span(article, analyst, "unverified-claim", "the claims were false")
    relation = relation_create(
        article=article, type="attributes", from_span=said, to_span=claim, annotator=analyst
    )
    return said, claim, relation


def test_the_open_spans_relations_carry_their_ends_and_type_name(article, analyst, linked):
    said, claim, relation = linked
    page = (
        client_for(analyst)
        .get(reverse("annotate", args=[article.pk]), {"span": said.pk})
        .content.decode()
    )
    assert (
        f'data-relation="{relation.pk}" data-from="{said.pk}" data-to="{claim.pk}" '
        'data-type-name="Attributes"'
    ) in page


def test_all_relations_are_only_ids_ends_and_type_names(article, analyst, linked):
    said, claim, relation = linked
    response = client_for(analyst).get(reverse("article-relations", args=[article.pk]))
    assert response.json() == {
        "relations": [{"id": relation.pk, "from": said.pk, "to": claim.pk, "type": "Attributes"}]
    }


def test_another_analyst_gets_only_approved_relations_between_approved_spans(
    article, analyst, analyst2, reviewer, linked
):
    said, claim, relation = linked
    url = reverse("article-relations", args=[article.pk])
    assert client_for(analyst2).get(url).json() == {"relations": []}
    for span in (said, claim):
        span_review(span=span, reviewer=reviewer, decision="approve", version=span.version)
    from newsannot.annotations.relations import relation_review

    relation_review(relation=relation, reviewer=reviewer, decision="approve", version=1)
    assert [r["id"] for r in client_for(analyst2).get(url).json()["relations"]] == [relation.pk]
    # A reviewer sees every relation.
    assert len(client_for(reviewer).get(url).json()["relations"]) == 1


def test_someone_outside_the_project_gets_a_404(article, outsider, linked):
    response = client_for(outsider).get(reverse("article-relations", args=[article.pk]))
    assert response.status_code == 404
    assert "Attributes" not in response.content.decode()


def test_the_toggle_is_stored_for_the_person_and_the_page_shows_it_on(article, analyst):
    client = client_for(analyst)
    page = client.get(reverse("annotate", args=[article.pk])).content.decode()
    assert 'id="show-relations">' in page  # off by default
    response = client.post(reverse("show-relations"), {"show": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert UserPreference.objects.get(user=analyst).show_all_relations
    page = client.get(reverse("annotate", args=[article.pk])).content.decode()
    assert 'id="show-relations" checked>' in page
    # Without JavaScript the form posts and comes back to the page.
    back = reverse("annotate", args=[article.pk])
    response = client.post(reverse("show-relations"), {"show": "0", "next": back})
    assert response.status_code == 302 and response["Location"] == back
    assert not UserPreference.objects.get(user=analyst).show_all_relations
