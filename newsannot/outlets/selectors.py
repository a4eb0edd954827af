"""Reads other packages call: the exporters, the annotate view, the dashboard."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from newsannot.annotations.models import Span
from newsannot.outlets.models import OUTLET_LABEL, ArticleOutlet, Outlet
from newsannot.outlets.registry import OutletInfo, registry
from newsannot.outlets.services import span_outlet_found


def outlets_for_articles(article_ids: Iterable[int]) -> dict[int, dict]:
    """{article_id: {"outlet", "outlet_id", "country", "typology", "typology_label", "how"}}.

    One query, whatever the number of articles; articles with no detected outlet are absent.
    """
    links = ArticleOutlet.objects.filter(article_id__in=list(article_ids)).select_related("outlet")
    return {
        link.article_id: {
            "outlet": link.outlet.name,
            "outlet_id": link.outlet_id,
            "country": link.outlet.country,
            "typology": link.outlet.typology,
            "typology_label": link.outlet.get_typology_display(),
            "how": link.how,
        }
        for link in links
    }


def outlet_named_in(quote: str) -> Outlet | None:
    """The first registry outlet a span's quote names ("Source: RT" → RT), or None."""
    mentions = registry().mentions(quote or "")
    if not mentions:
        return None
    return Outlet.objects.filter(pk=mentions[0].outlet.id).first()


def article_outlet(article_id: int) -> ArticleOutlet | None:
    return ArticleOutlet.objects.filter(article_id=article_id).select_related("outlet").first()


@dataclass(frozen=True)
class SpanOutletChoices:
    """A state-media-source span's outlet for the annotate panel: the one it names (by hand or
    detected), and the registry outlets its name could be when that is ambiguous."""

    outlet: Outlet | None
    by_hand: bool
    candidates: tuple[OutletInfo, ...]


def span_outlet_choices(span: Span) -> SpanOutletChoices | None:
    """None for spans of other labels. Candidates only when the quote's name is ambiguous (the
    article did not decide it): the analyst picks one (span_update(outlet=...))."""
    if span.label.key != OUTLET_LABEL:
        return None
    outlet = Outlet.objects.filter(pk=span.outlet_id).first() if span.outlet_id else None
    found = span_outlet_found(span.label.key, span.quote, article=span.article)
    candidates = found.candidates if len(found.candidates) > 1 else ()
    return SpanOutletChoices(outlet=outlet, by_hand=span.outlet_by_hand, candidates=candidates)
