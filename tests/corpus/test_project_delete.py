"""Deleting a project erases it whole, history included, and leaves a record that it happened.

A project is a corpus with its own record: deleting one (site admins only) is how a corpus is
taken down for good, so its spans' history and its article-deletion records go with it. What
stays is one ProjectDeletion row: who, when, which project, how much it held.
"""

from __future__ import annotations

import pytest

from newsannot.annotations.models import SpanHistory
from newsannot.annotations.services import span_review
from newsannot.corpus.models import ArticleDeletion, Project, ProjectDeletion
from newsannot.corpus.services import article_create, article_delete, project_delete
from newsannot.lib.errors import Forbidden
from tests.conftest import client_for, quote_span


@pytest.fixture
def full(project, other_project, article, analyst, reviewer, manager, outsider):
    approved = quote_span(article, analyst, "attribution", "外交部 spokesman Zhao told")
    quote_span(article, analyst, "state-media-source", "Source: RT")
    span_review(span=approved, reviewer=reviewer, decision="approve", version=1)
    gone = article_create(project=project, title="Gone", text="Gone text, said TASS.").article
    quote_span(gone, analyst, "attribution", "said TASS")
    article_delete(article=gone, actor=manager)
    elsewhere = article_create(
        project=other_project, title="Elsewhere", text="Elsewhere, said TASS."
    ).article
    kept = quote_span(elsewhere, outsider, "attribution", "said TASS")
    return kept


def _check_erased_and_recorded(project_id, actor, kept):
    assert not Project.objects.filter(pk=project_id).exists()
    assert not SpanHistory.objects.filter(project_id=project_id).exists()
    assert not ArticleDeletion.objects.filter(project_id=project_id).exists()
    record = ProjectDeletion.objects.get()
    assert (record.project_id, record.name, record.actor_id) == (
        project_id,
        "Test project",
        actor.pk,
    )
    assert record.articles == 1
    assert (record.spans_approved, record.spans_pending, record.spans_rejected) == (1, 1, 0)
    assert record.history_rows == 5  # 3 creates, 1 approve; the deleted article: create, delete
    assert "Test project" in str(record)
    # The other project is untouched.
    assert SpanHistory.objects.filter(span_id=kept.pk).exists()


def test_a_site_admin_deletes_a_project_and_it_is_recorded(project, site_admin, full):
    project_id = project.pk
    project_delete(project=project, actor=site_admin)
    _check_erased_and_recorded(project_id, site_admin, full)


def test_a_manager_may_not_delete_a_project(project, manager, full):
    with pytest.raises(Forbidden):
        project_delete(project=project, actor=manager)
    assert Project.objects.filter(pk=project.pk).exists()
    assert not ProjectDeletion.objects.exists()


def test_the_admin_delete_goes_through_the_service(project, site_admin, full):
    project_id = project.pk
    client = client_for(site_admin)
    url = f"/admin/corpus/project/{project_id}/delete/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"post": "yes"}).status_code == 302
    _check_erased_and_recorded(project_id, site_admin, full)


def test_project_deletions_are_read_only_in_the_admin(project, site_admin, full):
    project_delete(project=project, actor=site_admin)
    record = ProjectDeletion.objects.get()
    client = client_for(site_admin)
    assert client.get("/admin/corpus/projectdeletion/").status_code == 200
    assert client.get("/admin/corpus/projectdeletion/add/").status_code == 403
    assert client.post(f"/admin/corpus/projectdeletion/{record.pk}/delete/").status_code == 403
