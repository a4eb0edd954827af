"""A suggested relation: an attribution `attributes` the claim in its own sentence, or, when its
sentence holds none, the nearest claim in the sentence before or after (the adjacent quote:
"The majority of armed gangs are demoralized." + "Kartapolov told a media briefing.").

Proposed over the spans a user can see in an article, for the user to accept (the relation is
theirs, origin "suggested") or dismiss (remembered: it does not come back). Its precision is
accepted / decided, on the dashboard.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from newsannot import policy
from newsannot.annotations.models import Origin, Relation, Span
from newsannot.annotations.relations import relation_create
from newsannot.corpus.models import Article, Project
from newsannot.lib.errors import Invalid
from newsannot.suggestions.models import RelationDismissal

RULE = "same-sentence-attribution"
TYPE = "attributes"
SOURCE_LABEL, CLAIM_LABEL = "attribution", "unverified-claim"
RULE_LABELS = (SOURCE_LABEL, CLAIM_LABEL)
# A sentence ends at . ! ? (and any closing quotes or brackets) before whitespace, or at a line
# break. One pass of a regex without backtracking traps: linear in the text.
_END = re.compile(r"[.!?]+[\"'”’»)\]]*\s+|\n+")


@dataclass(frozen=True)
class Proposal:
    source: Span
    target: Span
    why: str


# An article's text never changes, and each change to one of its spans asks for its sentences
# again (the open span's proposals): a regex pass over 100,000 characters a request (~4 ms)
# where a lookup does. Keyed by the text itself; a few long articles' worth is kept.
@lru_cache(maxsize=32)
def sentence_starts(text: str) -> tuple[int, ...]:
    return (0, *(m.end() for m in _END.finditer(text)))


def propose(
    text: str, spans: list[Span], starts: Sequence[int] | None = None
) -> list[tuple[Span, Span, str]]:
    """(attribution, claim, why) pairs over `spans` (each with its label loaded); `starts`:
    the text's sentence_starts, when the caller has them."""
    if starts is None:
        starts = sentence_starts(text)

    def sentence(span: Span) -> int:
        return bisect_right(starts, span.start) - 1

    claims: dict[int, list[Span]] = {}
    has_source: set[int] = set()
    sources = []
    for span in spans:
        key = span.label.key
        if key == CLAIM_LABEL:
            claims.setdefault(sentence(span), []).append(span)
        elif key == SOURCE_LABEL:
            sources.append(span)
            has_source.add(sentence(span))
    out = []
    for source in sources:
        at = sentence(source)
        same = [c for c in claims.get(at, []) if c.end <= source.start or c.start >= source.end]
        if same:
            out += [(source, c, "the claim is in the attribution's sentence") for c in same]
            continue
        # The adjacent quote: a neighbouring sentence with a claim and no attribution of its own.
        near = [c for n in (at - 1, at + 1) if n not in has_source for c in claims.get(n, [])]
        if near:
            best = min(near, key=lambda c, s=source: _gap(s, c))
            out.append((source, best, "the claim is in the sentence next to the attribution"))
    return out


def _gap(a: Span, b: Span) -> int:
    return a.start - b.end if b.end <= a.start else b.start - a.end


def relation_suggestions(
    *, article: Article, user: AbstractBaseUser, involving: Span | None = None, new: bool = False
) -> list[Proposal]:
    """What the rule proposes to this user in this article: over the spans they can see, less
    the pairs already linked by `attributes` and the ones they dismissed. Three queries.

    `involving`: only the proposals with this span at one end (the open span's). A proposal
    pairs spans at most one sentence apart, and whether it is made depends on the sentences
    next to those, so the spans starting within two sentences of it decide them all: an open
    span in a 2,000-span article reads a few rows, not all of them. A span of another label
    than the rule's two is in no proposal (no query at all); `new`: it was just created, so no
    relation and no dismissal names it yet (one query, not three)."""
    if involving is not None and involving.label.key not in RULE_LABELS:
        return []
    # Only the rule's two labels take part (propose skips the others): fewer rows to load.
    within = Span.objects.filter(article=article, label__key__in=RULE_LABELS)
    starts = sentence_starts(article.text)
    if involving is not None:
        at = bisect_right(starts, involving.start) - 1
        within = within.filter(start__gte=starts[max(at - 2, 0)])
        if at + 3 < len(starts):
            within = within.filter(start__lt=starts[at + 3])
    spans = list(
        policy.visible_spans(user, article.project_id, within=within)
        .select_related("label")
        .order_by("start", "end", "id")
    )
    decided: set[tuple[int, int]] = set()
    if not (new and involving is not None):
        decided |= set(
            Relation.objects.filter(article=article, type__key=TYPE).values_list(
                "from_span_id", "to_span_id"
            )
        )
        decided |= set(
            RelationDismissal.objects.filter(user=user, article=article).values_list(
                "from_span_id", "to_span_id"
            )
        )
    return [
        Proposal(a, b, why)
        for a, b, why in propose(article.text, spans, starts)
        if (a.pk, b.pk) not in decided
        if involving is None or involving.pk in (a.pk, b.pk)
    ]


def _proposed(article: Article, user: AbstractBaseUser, source: object, target: object) -> Proposal:
    for p in relation_suggestions(article=article, user=user):
        if p.source.pk == source and p.target.pk == target:
            return p
    raise Invalid("There is no such suggestion (it was decided already, or the spans changed).")


@transaction.atomic
def relation_suggestion_decide(
    *, article: Article, user: AbstractBaseUser, source: object, target: object, accept: bool
) -> Relation | None:
    """Accept (the user's relation, origin "suggested") or dismiss a proposal."""
    policy.require(user, "span.create", article.project_id)
    proposal = _proposed(article, user, source, target)
    if accept:
        return relation_create(
            article=article,
            type=TYPE,
            from_span=proposal.source,
            to_span=proposal.target,
            annotator=user,
            origin=Origin.SUGGESTED,
        )
    RelationDismissal.objects.get_or_create(
        user=user,
        article=article,
        from_span_id=proposal.source.pk,
        to_span_id=proposal.target.pk,
    )
    return None


def relation_suggestion_quality(project: Project) -> dict | None:
    """The rule's precision as people decided: accepted / (accepted + dismissed)."""
    accepted = Relation.objects.filter(
        project=project, origin=Origin.SUGGESTED, type__key=TYPE
    ).count()
    dismissed = RelationDismissal.objects.filter(article__project=project).count()
    decided = accepted + dismissed
    if not decided:
        return None
    return {
        "rule": RULE,
        "label": f"{TYPE} (relation)",
        "precision": accepted / decided,
        "recall": None,
        "n": decided,
    }
