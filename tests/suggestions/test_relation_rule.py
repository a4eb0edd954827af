"""The suggested `attributes` relation: an attribution and the claim in or next to its sentence."""

from __future__ import annotations

import pytest
from django.urls import reverse

from newsannot.annotations.models import Origin, Relation
from newsannot.corpus.services import article_create
from newsannot.suggestions.relations import (
    relation_suggestion_decide,
    relation_suggestion_quality,
    relation_suggestions,
)
from tests.conftest import client_for, quote_span, undo_id_in

TEXT = (
    "Russian strikes hit only militant targets, Kartapolov said. "
    "The majority of armed gangs are demoralized. "
    "He told a media briefing on Friday.\n"
    "Medvedev said talks were over. Prices rose."
)


@pytest.fixture
def story(project, manager, analyst):
    article = article_create(project=project, title="T", text=TEXT, created_by=manager).article
    q = lambda label, quote: quote_span(article, analyst, label, quote)  # noqa: E731
    return article, {
        "strikes": q("unverified-claim", "Russian strikes hit only militant targets"),
        "kartapolov": q("attribution", "Kartapolov said"),
        "gangs": q("unverified-claim", "The majority of armed gangs are demoralized"),
        "briefing": q("attribution", "He told a media briefing"),
        "medvedev": q("attribution", "Medvedev said"),
        "talks": q("unverified-claim", "talks were over"),
        "prices": q("unverified-claim", "Prices rose"),
    }


def pairs(article, user, spans):
    names = {s.pk: n for n, s in spans.items()}
    return {
        (names[p.source.pk], names[p.target.pk])
        for p in relation_suggestions(article=article, user=user)
    }


def test_it_pairs_each_attribution_with_its_sentences_claim_or_the_adjacent_one(story, analyst):
    article, spans = story
    assert pairs(article, analyst, spans) == {
        ("kartapolov", "strikes"),  # same sentence
        ("briefing", "gangs"),  # the sentence before, which has no attribution of its own
        ("medvedev", "talks"),  # same sentence; "Prices rose" is not taken
    }


def test_accepting_makes_the_users_relation_and_dismissing_remembers(story, analyst, manager):
    article, spans = story
    relation = relation_suggestion_decide(
        article=article,
        user=analyst,
        source=spans["kartapolov"].pk,
        target=spans["strikes"].pk,
        accept=True,
    )
    assert (relation.type.key, relation.origin, relation.annotator) == (
        "attributes",
        Origin.SUGGESTED,
        analyst,
    )
    relation_suggestion_decide(
        article=article,
        user=analyst,
        source=spans["medvedev"].pk,
        target=spans["talks"].pk,
        accept=False,
    )
    assert pairs(article, analyst, spans) == {("briefing", "gangs")}
    quality = relation_suggestion_quality(article.project)
    assert (quality["n"], quality["precision"]) == (2, 0.5)


def test_a_pair_the_rule_does_not_propose_is_refused(story, analyst):
    article, spans = story
    from newsannot.lib.errors import Invalid

    with pytest.raises(Invalid, match="no such suggestion"):
        relation_suggestion_decide(
            article=article,
            user=analyst,
            source=spans["medvedev"].pk,
            target=spans["prices"].pk,
            accept=True,
        )
    assert not Relation.objects.exists()


def test_the_panel_offers_it_and_links_on_a_click(story, analyst):
    article, spans = story
    client = client_for(analyst)
    page = client.get(reverse("annotate", args=[article.pk]), {"span": spans["briefing"].pk})
    assert (
        "Suggested:" in page.content.decode()
        and "The majority of armed gangs" in page.content.decode()
    )
    data = {
        "from": spans["briefing"].pk,
        "to": spans["gangs"].pk,
        "decision": "accept",
        "open": spans["briefing"].pk,
    }
    response = client.post(
        reverse("relation-suggestion", args=[article.pk]), data, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert Relation.objects.get().origin == Origin.SUGGESTED


def test_an_article_with_a_dismissed_suggestion_can_still_be_deleted(story, analyst, manager):
    from newsannot.corpus.models import Article
    from newsannot.corpus.services import article_delete
    from newsannot.suggestions.models import RelationDismissal

    article, spans = story
    relation_suggestion_decide(
        article=article,
        user=analyst,
        source=spans["medvedev"].pk,
        target=spans["talks"].pk,
        accept=False,
    )
    article_delete(article=article, actor=manager)
    assert not Article.objects.filter(pk=article.pk).exists()
    assert not RelationDismissal.objects.exists()


def test_a_linked_suggestion_says_so_and_comes_back_suggested_after_undo_and_redo(story, analyst):

    from tests.conftest import client_for

    article, spans = story
    client = client_for(analyst)
    data = {
        "from": spans["briefing"].pk,
        "to": spans["gangs"].pk,
        "decision": "accept",
        "open": spans["briefing"].pk,
    }
    html = client.post(
        reverse("relation-suggestion", args=[article.pk]), data, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Linked Attributes" in html
    undo = undo_id_in(html, relation=True)
    url = reverse("span-undo", args=[article.pk])
    html = client.post(url, {"history": undo}, HTTP_HX_REQUEST="true").content.decode()
    assert not Relation.objects.exists()
    redo = undo_id_in(html, relation=True)
    client.post(url, {"history": redo, "mode": "redo"}, HTTP_HX_REQUEST="true")
    assert Relation.objects.get().origin == Origin.SUGGESTED


def test_the_open_spans_proposals_are_those_of_the_whole_article(project, manager, analyst):
    # Many sentences, attributions and claims in every arrangement the rule looks at (same
    # sentence, the one before or after, a neighbour with its own attribution): the proposals
    # read for one span alone, from the sentences near it, are exactly the whole article's
    # proposals that involve it.
    sentences = [
        "A said it.",
        "Prices rose.",
        "B said so.",
        "Talks ended.",
        "Rain fell.",
        "C said that.",
        "Gas is free.",
        "D said this.",
        "E said more.",
        "Oil is cheap.",
        "Nothing here.",
        "F said again.",
    ]
    article = article_create(
        project=project, title="Long", text=" ".join(sentences), created_by=manager
    ).article
    labels = {"said": "attribution"}
    spans = [
        quote_span(article, analyst, labels.get(s.split()[1], "unverified-claim"), s[:-1])
        for s in sentences
        if s != "Rain fell." and s != "Nothing here."
    ]
    everything = [
        (p.source.pk, p.target.pk, p.why)
        for p in relation_suggestions(article=article, user=analyst)
    ]
    assert len(everything) >= 4
    for span in spans:
        alone = [
            (p.source.pk, p.target.pk, p.why)
            for p in relation_suggestions(article=article, user=analyst, involving=span)
        ]
        assert alone == [p for p in everything if span.pk in p[:2]], span.quote
