"""Reads other packages call: the exporters, the annotate view, the dashboard."""

from __future__ import annotations

from collections.abc import Iterable

from newsannot.outlets.models import ArticleOutlet, Outlet
from newsannot.outlets.registry import registry


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
