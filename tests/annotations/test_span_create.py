import pytest
from django.db import IntegrityError, transaction

from newsannot.annotations.models import Action, Origin, Span, SpanHistory, Status
from newsannot.annotations.services import span_create
from newsannot.lib.errors import Conflict, Forbidden, Invalid
from tests.conftest import quote_span


def test_it_stores_a_span_in_code_points_after_an_emoji(article, analyst):
    span = quote_span(article, analyst, "unverified-claim", "strikes hit only militant targets")
    assert span.start == article.text.index("strikes")
    assert article.text[span.start : span.end] == span.quote
    assert span.status == Status.PENDING
    assert span.origin == Origin.MANUAL
    assert span.version == 1
    assert span.project_id == article.project_id


def test_it_stores_cjk_and_combining_marks_exactly(article, analyst):
    cjk = quote_span(article, analyst, "attribution", "外交部 spokesman Zhao told a media briefing")
    accent = quote_span(article, analyst, "attribution", "Cafe\u0301 owners")
    assert accent.end - accent.start == 12  # "Cafe" + U+0301 + " owners": the accent counts
    assert article.text[cjk.start : cjk.end].startswith("外交部")


def test_it_writes_a_history_row_on_create(span, analyst):
    row = SpanHistory.objects.get(span_id=span.pk)
    assert row.action == Action.CREATE
    assert row.actor == analyst
    assert row.before is None
    assert row.after["quote"] == span.quote
    assert row.after["label"] == "unverified-claim"


def test_it_rejects_a_quote_that_does_not_match(article, analyst):
    start = article.text.index("strikes")
    with pytest.raises(Invalid, match="quote does not match"):
        span_create(
            article=article,
            label="attribution",
            start=start,
            end=start + 7,
            quote="Strikes",
            annotator=analyst,
        )
    assert not Span.objects.exists()


def test_it_trims_whitespace_at_the_edges_of_a_span(article, analyst):
    # As the browser sends a selection; the API may send one with its spaces.
    span = quote_span(article, analyst, "attribution", " said the strikes ")
    assert span.quote == "said the strikes"
    assert (span.start, span.end) == (12, 28)
    assert SpanHistory.objects.get(span_id=span.pk).after["quote"] == "said the strikes"


def test_it_refuses_a_span_of_whitespace_alone(article, analyst):
    with pytest.raises(Invalid, match="not a space"):
        quote_span(article, analyst, "attribution", "\n\n")
    assert not Span.objects.exists()


def test_it_rejects_offsets_past_the_text(article, analyst):
    with pytest.raises(Invalid, match="past the end of the text"):
        span_create(
            article=article,
            label="attribution",
            start=0,
            end=len(article.text) + 1,
            quote=article.text,
            annotator=analyst,
        )


def test_it_rejects_an_unknown_label_and_lists_the_known_ones(article, analyst):
    with pytest.raises(Invalid) as caught:
        span_create(
            article=article, label="opinion", start=0, end=9, quote="Officials", annotator=analyst
        )
    assert "Unknown label 'opinion'" in caught.value.message
    assert "attribution, unverified-claim, state-media-source" in caught.value.message


def test_it_rejects_a_label_of_another_project(article, analyst, other_project):
    foreign = other_project.labels.get(key="attribution")
    with pytest.raises(Invalid, match="belongs to another project"):
        span_create(
            article=article, label=foreign, start=0, end=9, quote="Officials", annotator=analyst
        )


def test_it_refuses_a_user_who_is_not_a_member(article, outsider):
    with pytest.raises(Forbidden, match="not a member of this project"):
        span_create(
            article=article,
            label="attribution",
            start=0,
            end=9,
            quote="Officials",
            annotator=outsider,
        )


def test_a_site_admin_may_annotate_anywhere(article, site_admin):
    span = span_create(
        article=article,
        label="attribution",
        start=0,
        end=9,
        quote="Officials",
        annotator=site_admin,
    )
    assert span.pk


def test_it_refuses_the_same_span_twice_from_one_annotator(span, analyst):
    with pytest.raises(Conflict, match="You already have a “Unverified claim” span"):
        quote_span(span.article, analyst, "unverified-claim", span.quote)


def test_two_annotators_may_mark_the_same_span(span, analyst2):
    other = quote_span(span.article, analyst2, "unverified-claim", span.quote)
    assert (other.start, other.end) == (span.start, span.end)


def test_overlapping_and_nested_spans_are_allowed(article, analyst):
    quote_span(article, analyst, "attribution", "Officials 🚀 said")
    quote_span(article, analyst, "unverified-claim", "Officials 🚀 said the strikes")
    quote_span(article, analyst, "state-media-source", "said")
    assert Span.objects.count() == 3


def test_only_a_manager_may_create_an_already_approved_span(article, analyst, manager):
    with pytest.raises(Forbidden, match="Only managers"):
        quote_span(article, analyst, "attribution", "Officials", status=Status.APPROVED)
    span = quote_span(article, manager, "attribution", "Officials", status=Status.APPROVED)
    assert span.status == Status.APPROVED
    assert span.reviewer == manager


def test_the_database_refuses_a_duplicate_span(span):
    with pytest.raises(IntegrityError), transaction.atomic():
        Span.objects.create(
            project=span.project,
            article=span.article,
            label=span.label,
            start=span.start,
            end=span.end,
            quote=span.quote,
            annotator=span.annotator,
        )


@pytest.mark.parametrize(("start", "end"), [(5, 5), (6, 5)])
def test_the_database_refuses_an_empty_or_reversed_span(span, start, end):
    with pytest.raises(IntegrityError), transaction.atomic():
        Span.objects.filter(pk=span.pk).update(start=start, end=end)
