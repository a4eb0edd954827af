"""A small corpus for the exporters: emoji, CJK, a `\\r\\n` article, spans across line breaks."""

from __future__ import annotations

import pytest

from newsannot.annotations.services import span_review
from newsannot.corpus.services import article_create
from newsannot.exporters import FORMATS
from newsannot.exporters.source import articles_with_spans
from tests.conftest import quote_span

CRLF_TEXT = "First line, said TASS.\r\nSecond line 🚀 claims\r\nvictory.\r\n"


@pytest.fixture
def corpus(article, analyst, reviewer, manager):
    crlf = article_create(
        project=article.project, title='CRLF "quoted", <b>', text=CRLF_TEXT, created_by=manager
    ).article
    spans = [
        quote_span(
            article,
            analyst,
            "unverified-claim",
            "the strikes hit only militant targets",
            note='tab\there, and "quotes"\nnewline',
        ),
        quote_span(article, analyst, "attribution", "外交部 spokesman Zhao told"),
        quote_span(article, analyst, "state-media-source", "Source: RT"),
        quote_span(article, analyst, "attribution", "Cafe\u0301 owners"),
        quote_span(crlf, analyst, "state-media-source", "TASS"),
        quote_span(crlf, analyst, "unverified-claim", "🚀 claims\nvictory."),
        quote_span(crlf, manager, "attribution", "First line, said TASS.\nSecond"),
    ]
    # Approved: all but the last two; one rejected; the manager's own span stays pending.
    for span in spans[:6]:
        decision = "reject" if span is spans[3] else "approve"
        span_review(span=span, reviewer=reviewer, decision=decision, version=span.version)
    return {"articles": [article, crlf], "spans": spans}


def export_bytes(project, name: str, **filters) -> bytes:
    return b"".join(FORMATS[name].write(articles_with_spans(project, **filters)))


def approved_spans(corpus) -> list:
    """The approved spans as the DB has them, in export order."""
    from newsannot.annotations.models import Span

    return list(
        Span.objects.filter(status="approved")
        .select_related("label", "annotator", "reviewer")
        .order_by("article_id", "start", "end", "id")
    )
