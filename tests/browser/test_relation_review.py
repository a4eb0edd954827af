"""A reviewer decides a relation on the article review page with the same keys as a span."""

from __future__ import annotations

import pytest

from newsannot.annotations.models import Status
from newsannot.annotations.relations import relation_create
from tests.browser.conftest import login
from tests.conftest import quote_span

pytestmark = pytest.mark.browser


def test_a_reviewer_approves_a_relation_with_a_and_the_count_follows(
    page, transactional_db, article, analyst, reviewer
):
    said = quote_span(
        article, analyst, "attribution", "Officials 🚀 said", attributes={"quote_type": "direct"}
    )
    claim = quote_span(
        article, analyst, "unverified-claim", "the strikes hit only militant targets"
    )
    relation = relation_create(
        article=article, type="attributes", from_span=said, to_span=claim, annotator=analyst
    )
    login(page, "rita", "rita-pw")
    page.goto(f"/a/{article.pk}/review/")
    assert "Quote type: direct" in page.inner_text(".groups-col")
    assert "1 pending relation to decide" in page.inner_text("#relation-count")
    page.click(f"#relation-{relation.pk} .relation-ends")
    page.keyboard.press("a")
    page.wait_for_selector(f"#relation-{relation.pk}.is-decided")
    assert "Approved by rita" in page.inner_text(f"#relation-{relation.pk}")
    assert "0 pending relations to decide" in page.inner_text("#relation-count")
    relation.refresh_from_db()
    assert relation.status == Status.APPROVED
    assert page.dialogs == []


def test_a_reviewer_changes_a_relations_type_and_approves_it_with_the_mouse_and_keys(
    page, transactional_db, article, analyst, reviewer
):
    said = quote_span(article, analyst, "attribution", "spokesman Zhao told a media briefing")
    rt = quote_span(article, analyst, "state-media-source", "RT")
    relation = relation_create(
        article=article, type="attributes", from_span=said, to_span=rt, annotator=analyst
    )
    login(page, "rita", "rita-pw")
    page.goto(f"/a/{article.pk}/review/")
    item = f"#relation-{relation.pk}"
    page.click(f"{item} select[name=type]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.click(f"{item} button.retype")
    page.wait_for_selector(f"{item}.is-decided")
    assert "Via outlet" in page.inner_text(f"{item} .relation-type")
    assert "Approved by rita" in page.inner_text(item)
    assert "0 pending relations to decide" in page.inner_text("#relation-count")
    relation.refresh_from_db()
    assert (relation.type.key, relation.status) == ("via-outlet", Status.APPROVED)
    assert page.dialogs == []
