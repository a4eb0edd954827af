from __future__ import annotations

import pytest

from newsannot.annotations.models import Origin, Span
from newsannot.lib.errors import Forbidden
from newsannot.outlets.selectors import outlets_for_articles
from newsannot.suggestions.models import Suggestion
from newsannot.suggestions.services import (
    open_suggestions,
    suggest_for_articles,
    suggestion_accept,
    suggestion_dismiss,
    suggestions_accept_all,
)


def test_suggesting_stores_suggestions_and_the_articles_outlet(suggested):
    quotes = set(Suggestion.objects.values_list("label__key", "quote"))
    assert ("state-media-source", "Source: RT") in quotes
    assert ("attribution", "外交部 spokesman Zhao told a media briefing") in quotes
    assert (
        outlets_for_articles([suggested.pk])[suggested.pk]["typology_label"] == "State-controlled"
    )


def test_accepting_makes_the_analysts_own_span_marked_suggested(suggested, analyst):
    suggestion = Suggestion.objects.get(quote="Source: RT")
    span = suggestion_accept(suggestion=suggestion, user=analyst)
    assert (span.annotator, span.origin, span.quote) == (analyst, Origin.SUGGESTED, "Source: RT")
    assert suggestion not in open_suggestions(article=suggested, user=analyst)


def test_a_dismissed_suggestion_does_not_come_back_for_that_user(suggested, analyst, analyst2):
    suggestion = Suggestion.objects.get(quote="Source: RT")
    suggestion_dismiss(suggestion=suggestion, user=analyst)
    suggest_for_articles([suggested])  # a re-run makes new rows
    mine = [s.quote for s in open_suggestions(article=suggested, user=analyst)]
    theirs = [s.quote for s in open_suggestions(article=suggested, user=analyst2)]
    assert "Source: RT" not in mine
    assert "Source: RT" in theirs


def test_accept_all_takes_every_open_suggestion_of_one_label(suggested, analyst):
    label = suggested.project.labels.get(key="attribution")
    spans = suggestions_accept_all(article=suggested, label=label, user=analyst)
    assert len(spans) >= 1
    assert set(Span.objects.values_list("label__key", flat=True)) == {"attribution"}


def test_an_outsider_cannot_dismiss(suggested, outsider):
    with pytest.raises(Forbidden):
        suggestion_dismiss(suggestion=Suggestion.objects.first(), user=outsider)
