"""Spreading a project's articles evenly over its analysts, with the overlap."""

from __future__ import annotations

from collections import Counter

import pytest

from newsannot.corpus.services import article_create
from newsannot.lib.errors import Forbidden, Invalid
from newsannot.workload.models import Assignment
from newsannot.workload.services import assign_many, spread_unassigned

pytestmark = pytest.mark.django_db


def _articles(project, manager, n):
    return [
        article_create(
            project=project, title=f"A{i}", text=f"Text {i}.", created_by=manager
        ).article
        for i in range(n)
    ]


def test_it_spreads_evenly_with_overlap_two(project, manager, analyst, analyst2, reviewer):
    project.overlap = 2
    project.save()
    articles = _articles(project, manager, 5)
    assign_many(project=project, article_ids=[articles[0].pk], analysts=["alice"], actor=manager)
    made = spread_unassigned(project=project, actor=manager)
    assert made == 9  # 10 slots, one filled by hand
    per_article = Counter(Assignment.objects.values_list("article_id", flat=True))
    assert set(per_article.values()) == {2}
    per_analyst = Counter(Assignment.objects.values_list("analyst__username", flat=True))
    assert per_analyst == {"alice": 5, "amir": 5}  # reviewers are not spread onto
    assert spread_unassigned(project=project, actor=manager) == 0


def test_overlap_one_splits_the_corpus(project, manager, analyst, analyst2):
    _articles(project, manager, 5)
    spread_unassigned(project=project, actor=manager)
    per_analyst = Counter(Assignment.objects.values_list("analyst__username", flat=True))
    assert sorted(per_analyst.values()) == [2, 3]


def test_only_managers_spread_and_a_project_needs_analysts(project, manager, analyst):
    _articles(project, manager, 1)
    with pytest.raises(Forbidden):
        spread_unassigned(project=project, actor=analyst)
    Assignment.objects.all().delete()
    analyst.memberships.all().delete()
    with pytest.raises(Invalid):
        spread_unassigned(project=project, actor=manager)
