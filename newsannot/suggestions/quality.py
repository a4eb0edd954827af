"""How good each suggester is, measured against the spans reviewers approved.

A suggestion is right when an approved span of the same label in the same article overlaps it
by at least half of their union (so "Saltanov told a media briefing" still counts against
"Lieutenant General Viktor Saltanov told a media briefing" only if mostly the same). Only articles
with at least one approved span are counted: elsewhere nobody has said what is right yet.
precision = right suggestions / suggestions; recall = approved spans found / approved spans.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from newsannot.annotations.models import Span, Status
from newsannot.corpus.models import Project
from newsannot.suggestions.models import Suggestion

Item = tuple[int, str, int, int]  # article id, label key, start, end


def _matches(a: Item, b: Item) -> bool:
    if a[0] != b[0] or a[1] != b[1]:
        return False
    overlap = min(a[3], b[3]) - max(a[2], b[2])
    union = max(a[3], b[3]) - min(a[2], b[2])
    return overlap > 0 and overlap * 2 >= union


def quality(suggestions: Iterable[tuple[str, Item]], gold: Iterable[Item]) -> list[dict]:
    """[{rule, label, precision, recall, n}] for (rule, item) suggestions against gold items."""
    gold = list(gold)
    gold_articles = {g[0] for g in gold}
    by_rule: dict[tuple[str, str], list[Item]] = defaultdict(list)
    for rule, item in suggestions:
        if item[0] in gold_articles:
            by_rule[(rule, item[1])].append(item)
    rows = []
    for (rule, label), items in sorted(by_rule.items()):
        gold_label = [g for g in gold if g[1] == label]
        right = sum(1 for s in items if any(_matches(s, g) for g in gold_label))
        found = sum(1 for g in gold_label if any(_matches(s, g) for s in items))
        rows.append(
            {
                "rule": rule,
                "label": label,
                "precision": right / len(items) if items else None,
                "recall": found / len(gold_label) if gold_label else None,
                "n": len(items),
            }
        )
    return rows


def suggester_quality(project: Project) -> list[dict]:
    """Per rule and label, precision and recall in this project. Two queries."""
    gold = [
        (a, key, s, e)
        for a, key, s, e in Span.objects.filter(
            project=project, status=Status.APPROVED
        ).values_list("article_id", "label__key", "start", "end")
    ]
    suggestions = [
        (rule, (a, key, s, e))
        for rule, a, key, s, e in Suggestion.objects.filter(article__project=project).values_list(
            "rule", "article_id", "label__key", "start", "end"
        )
    ]
    return quality(suggestions, gold)
