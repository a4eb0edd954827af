"""Who said what: approved attributions grouped by their source, with the claims they attribute,
the outlets that carried them and the articles, for a project (a page, and CSV/JSON in the API).

A source is the attribution's quote, case-folded with its whitespace collapsed ("Moscow's
Defense  Ministry said" and "moscow's defense ministry said" are one), or the name a manager
merged it into (SourceName). Only approved spans and approved relations count: this is the
corpus's answer, not work in progress. A fixed number of queries whatever the project's size.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from newsannot import policy
from newsannot.annotations.models import Relation, SourceName, Span, Status
from newsannot.lib.errors import Invalid

ATTRIBUTION, ATTRIBUTES, VIA_OUTLET = "attribution", "attributes", "via-outlet"


def normalised(quote: str) -> str:
    return " ".join(quote.split()).casefold()


@dataclass
class Claim:
    quote: str
    article_id: int
    article_title: str
    attribution: str
    outlets: list[str] = field(default_factory=list)


@dataclass
class Source:
    name: str
    keys: set[str] = field(default_factory=set)  # the normalised quotes listed under it
    attributions: int = 0
    claims: list[Claim] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    articles: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "source": self.name,
            "variants": sorted(self.keys),
            "attributions": self.attributions,
            "claims": [c.__dict__ for c in self.claims],
            "outlets": self.outlets,
            "articles": self.articles,
        }


def _outlet_name(span: Span) -> str:
    return span.outlet.name if span.outlet_id else span.quote


def who_said_what(
    project_id: int, *, source: str = "", outlet: str = "", claim: str = ""
) -> list[Source]:
    """Sources in name order. `source`, `outlet`, `claim`: case-insensitive substrings of the
    sources' names, of the outlets that carried them, of their claims (only those are listed)."""
    approved = Relation.objects.filter(project_id=project_id, status=Status.APPROVED).filter(
        from_span__status=Status.APPROVED, to_span__status=Status.APPROVED
    )
    spans = Span.objects.filter(project_id=project_id, status=Status.APPROVED)
    attributions = list(
        spans.filter(label__key=ATTRIBUTION)
        .select_related("article")
        .only("id", "quote", "article_id", "article__title")
    )
    links = list(
        approved.filter(type__key__in=[ATTRIBUTES, VIA_OUTLET]).values_list(
            "type__key", "from_span_id", "to_span_id"
        )
    )
    ends = {pk for _, a, b in links for pk in (a, b)}
    by_id = {
        s.pk: s
        for s in Span.objects.filter(pk__in=ends)
        .select_related("outlet", "article")
        .only("id", "quote", "article_id", "article__title", "outlet_id", "outlet__name")
    }
    attributed: dict[int, list[int]] = {}
    carried: dict[int, list[str]] = {}
    for kind, a, b in links:
        if kind == ATTRIBUTES:
            attributed.setdefault(a, []).append(b)
        elif b in by_id:
            carried.setdefault(a, []).append(_outlet_name(by_id[b]))
    names = dict(SourceName.objects.filter(project_id=project_id).values_list("normalised", "name"))
    sources: dict[str, Source] = {}
    for span in attributions:
        key = normalised(span.quote)
        name = names.get(key, key)
        entry = sources.setdefault(name.casefold(), Source(name))
        entry.keys.add(key)
        entry.attributions += 1
        said_via = carried.get(span.pk, [])
        for claim_id in attributed.get(span.pk, []):
            target = by_id.get(claim_id)
            if target is None:
                continue
            outlets = sorted({*said_via, *carried.get(claim_id, [])})
            entry.claims.append(
                Claim(target.quote, span.article_id, span.article.title, span.quote, outlets)
            )
        entry.outlets = sorted(
            {*entry.outlets, *said_via, *(o for c in entry.claims for o in c.outlets)}
        )
        if span.article_id not in entry.articles:
            entry.articles.append(span.article_id)
    if claim:  # only the claims that match, and the sources that made one
        for s in sources.values():
            s.claims = [c for c in s.claims if claim.casefold() in c.quote.casefold()]
    wanted = [
        s
        for s in sources.values()
        if (not source or source.casefold() in s.name.casefold())
        and (not outlet or any(outlet.casefold() in o.casefold() for o in s.outlets))
        and (not claim or s.claims)
    ]
    return sorted(wanted, key=lambda s: s.name.casefold())


CSV_HEADER = ["source", "attribution", "claim", "outlets", "article_id", "article_title"]


def csv_rows(sources: list[Source]) -> Iterator[list]:
    """One row a claim (a source with no claim: one row with an empty claim)."""
    yield CSV_HEADER
    for s in sources:
        if not s.claims:
            yield [s.name, "", "", "; ".join(s.outlets), "", ""]
        for c in s.claims:
            yield [
                s.name,
                c.attribution,
                c.quote,
                "; ".join(c.outlets),
                c.article_id,
                c.article_title,
            ]


@transaction.atomic
def source_merge(
    *, project_id: int, variants: list[str], name: str, actor: AbstractBaseUser
) -> int:
    """List the attributions whose source reads one of `variants` under `name` (managers)."""
    policy.require(actor, "project.manage", project_id)
    name = " ".join((name or "").split())
    if not name or len(name) > SourceName._meta.get_field("name").max_length:
        raise Invalid("A source needs a name of at most 200 characters.", field="name")
    keys = {normalised(v) for v in variants if isinstance(v, str) and v.strip()}
    if not keys:
        raise Invalid("Pick the sources to merge.", field="variants")
    for key in keys:
        SourceName.objects.update_or_create(
            project_id=project_id, normalised=key[:500], defaults={"name": name}
        )
    return len(keys)
