"""Deleting an article keeps its spans' history: a delete row for each span, and a record of
the deletion itself (who, when, what, how many spans of each status)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsannot.annotations.models import Action, Span, SpanHistory
from newsannot.annotations.services import snapshot, span_review, span_update
from newsannot.corpus.models import Article, ArticleDeletion
from newsannot.corpus.services import article_create, article_delete
from newsannot.lib.errors import Forbidden, NotFound
from newsannot.outlets.models import ArticleOutlet
from newsannot.suggestions.models import Suggestion
from newsannot.suggestions.services import suggest_for_articles
from newsannot.workload.models import Assignment
from newsannot.workload.services import article_done
from tests.api.conftest import Api
from tests.conftest import client_for, quote_span


@pytest.fixture
def reviewed(article, analyst, reviewer):
    """Three spans: one approved, one rejected, one pending; each with its history."""
    approved = quote_span(article, analyst, "attribution", "外交部 spokesman Zhao told")
    rejected = quote_span(article, analyst, "state-media-source", "Source: RT")
    pending = quote_span(article, analyst, "unverified-claim", "the claims were false", note="n")
    span_review(span=approved, reviewer=reviewer, decision="approve", version=1)
    span_review(span=rejected, reviewer=reviewer, decision="reject", version=1, reason="no")
    return [
        Span.objects.select_related("label", "reviewer").get(pk=s.pk)
        for s in (approved, rejected, pending)
    ]


def test_each_span_gets_a_delete_row_with_its_last_state(article, manager, reviewed):
    before = {s.pk: snapshot(s) for s in reviewed}
    earlier = SpanHistory.objects.count()
    start = timezone.now()
    article_delete(article=article, actor=manager)
    assert not Span.objects.filter(pk__in=before).exists()
    rows = SpanHistory.objects.filter(span_id__in=before, action=Action.DELETE)
    assert {row.span_id: row.before for row in rows} == before
    for row in rows:
        assert (row.actor_id, row.after, row.article_id) == (manager.pk, None, article.pk)
        assert row.project_id == article.project_id and row.at >= start
        assert "article" in row.reason.lower()
    # What came before stays: the creates and the reviews.
    assert SpanHistory.objects.count() == earlier + len(before)
    assert SpanHistory.objects.filter(span_id=reviewed[0].pk, action=Action.APPROVE).exists()


def test_the_deletion_itself_is_recorded(article, manager, reviewed):
    article_id, title, hash_ = article.pk, article.title, article.content_hash
    article_delete(article=article, actor=manager)
    record = ArticleDeletion.objects.get()
    assert (record.article_id, record.title, record.external_id, record.content_hash) == (
        article_id,
        title,
        "t-1",
        hash_,
    )
    assert (record.project_id, record.actor_id) == (article.project_id, manager.pk)
    assert (record.spans_approved, record.spans_rejected, record.spans_pending) == (1, 1, 1)
    assert abs((timezone.now() - record.deleted_at).total_seconds()) < 60
    assert "mona" in str(record) and title in str(record)


def _queries(article, actor) -> int:
    actor = type(actor).objects.get(pk=actor.pk)  # no role remembered from an earlier call
    with CaptureQueriesContext(connection) as queries:
        article_delete(article=article, actor=actor)
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_spans(project, manager, analyst):
    def with_spans(n: int) -> Article:
        text = "".join(f"Claim number {i} was said. " for i in range(n))
        article = article_create(project=project, title=f"{n} spans", text=text).article
        for i in range(n):
            quote_span(article, analyst, "attribution", f"Claim number {i} was said")
        return Article.objects.get(pk=article.pk)

    few, many = with_spans(2), with_spans(60)
    assert _queries(few, manager) == _queries(many, manager)
    assert SpanHistory.objects.filter(action=Action.DELETE).count() == 62


def test_what_hangs_off_the_article_goes_with_it_and_nothing_else(
    project, article, manager, analyst, reviewed
):
    other = article_create(
        project=project, title="Other", text="Another text, via RT. Source: RT", created_by=manager
    ).article
    other_span = quote_span(other, analyst, "state-media-source", "Source: RT")
    suggest_for_articles([article, other])
    article_done(article=article, user=analyst)
    article_done(article=other, user=analyst)
    assert Suggestion.objects.filter(article=article).exists()
    assert ArticleOutlet.objects.filter(article=article).exists()
    article_delete(article=article, actor=manager)
    assert not Article.objects.filter(pk=article.pk).exists()
    for model in (Suggestion, Assignment, ArticleOutlet):
        assert not model.objects.filter(article_id=article.pk).exists(), model
        assert model.objects.filter(article_id=other.pk).exists(), model
    assert Span.objects.filter(pk=other_span.pk).exists()
    assert not SpanHistory.objects.filter(span_id=other_span.pk, action=Action.DELETE).exists()


@pytest.mark.parametrize("who", ["analyst", "reviewer", "outsider"])
def test_only_managers_may_delete(request, article, reviewed, who):
    with pytest.raises(Forbidden):
        article_delete(article=article, actor=request.getfixturevalue(who))
    assert Article.objects.filter(pk=article.pk).exists()
    assert Span.objects.count() == 3
    assert not ArticleDeletion.objects.exists()
    assert not SpanHistory.objects.filter(action=Action.DELETE).exists()


def test_acting_on_a_span_of_a_deleted_article_says_who_deleted_it(
    article, analyst, manager, reviewed
):
    stale = reviewed[2]
    article_delete(article=article, actor=manager)
    with pytest.raises(NotFound, match="deleted by mona"):
        span_update(span=stale, actor=analyst, note="too late")


def test_the_api_delete_keeps_the_history(article, manager, reviewer, reviewed):
    span_ids = [s.pk for s in reviewed]
    assert Api(reviewer).delete(f"/api/v1/articles/{article.pk}/").status_code == 403
    assert Api(manager).delete(f"/api/v1/articles/{article.pk}/").status_code == 204
    assert SpanHistory.objects.filter(span_id__in=span_ids, action=Action.DELETE).count() == 3
    assert ArticleDeletion.objects.get().actor == manager


def test_the_admin_delete_keeps_the_history(article, site_admin, reviewed):
    client = client_for(site_admin)
    url = f"/admin/corpus/article/{article.pk}/delete/"
    assert client.get(url).status_code == 200  # the confirmation page
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()
    assert SpanHistory.objects.filter(action=Action.DELETE).count() == 3
    assert ArticleDeletion.objects.get().actor == site_admin


def test_the_admins_bulk_delete_keeps_the_history(project, article, manager, site_admin, reviewed):
    second = article_create(project=project, title="Second", text="Second text.").article
    response = client_for(site_admin).post(
        "/admin/corpus/article/",
        {"action": "delete_selected", "_selected_action": [article.pk, second.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Article.objects.exists()
    assert ArticleDeletion.objects.count() == 2
    assert SpanHistory.objects.filter(action=Action.DELETE).count() == 3


def test_deletion_records_are_read_only_in_the_admin(article, manager, site_admin):
    article_delete(article=article, actor=manager)
    record = ArticleDeletion.objects.get()
    client = client_for(site_admin)
    assert client.get("/admin/corpus/articledeletion/").status_code == 200
    page = client.get(f"/admin/corpus/articledeletion/{record.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.get("/admin/corpus/articledeletion/add/").status_code == 403
    assert client.post(f"/admin/corpus/articledeletion/{record.pk}/delete/").status_code == 403
