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


def test_removing_a_member_returns_their_unfinished_work_and_keeps_the_rest(
    project, manager, analyst, analyst2
):
    from newsannot.corpus.members import member_remove
    from newsannot.workload.services import article_done, next_article
    from tests.conftest import quote_span

    first, second = _articles(project, manager, 2)
    assign_many(
        project=project, article_ids=[first.pk, second.pk], analysts=[analyst], actor=manager
    )
    article_done(article=first, user=analyst)
    quote_span(second, analyst, "attribution", "Text")
    member_remove(project=project, user_id=analyst.pk, actor=manager)
    assert list(Assignment.objects.values_list("article_id", "status")) == [(first.pk, "done")]
    assert second.spans.count() == 1
    assert next_article(project=project, analyst=analyst2).pk == second.pk
