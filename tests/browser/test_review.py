"""A reviewer works through the queue with the keyboard."""

from __future__ import annotations

import pytest

from newsannot.annotations.models import Span, Status
from newsannot.annotations.services import span_review
from newsannot.corpus.services import article_create
from newsannot.workload.services import article_done
from tests.browser.conftest import login
from tests.browser.test_annotate import hold_requests_until
from tests.conftest import quote_span

pytestmark = pytest.mark.browser
CLAIM = "the strikes hit only militant targets"


def focused(page, span) -> None:
    page.wait_for_function(f"document.activeElement.id === 'item-{span.pk}'")


@pytest.fixture
def queue(transactional_db, project, article, analyst, analyst2, reviewer, manager):
    first = quote_span(article, analyst, "unverified-claim", CLAIM)
    second = quote_span(
        article, analyst2, "attribution", "Zhao told a media briefing", note="Named official"
    )
    third = quote_span(article, analyst, "state-media-source", "Source: RT")
    quote_span(article, analyst2, "unverified-claim", CLAIM)
    return [first, second, third]


def test_a_reviewer_approves_with_a_rejects_with_r_and_the_queue_advances(page, queue):
    first, second, third = queue
    login(page, "rita", "rita-pw")
    page.goto(f"/p/{first.project_id}/review/")
    focused(page, first)
    page.screenshot(path="/tmp/review-queue.png", full_page=True)

    page.keyboard.press("a")
    page.wait_for_selector(f"#item-{first.pk}.is-decided")
    focused(page, second)

    page.keyboard.press("r")
    page.keyboard.type("Not an attribution, a paraphrase")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#item-{second.pk}.is-decided")
    focused(page, third)
    page.screenshot(path="/tmp/review-queue-after.png", full_page=True)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.APPROVED
    assert (second.status, second.review_reason) == (
        Status.REJECTED,
        "Not an attribution, a paraphrase",
    )
    assert Span.objects.get(pk=third.pk).status == Status.PENDING
    assert page.dialogs == []


def test_a_conflict_offers_a_reload(page, queue, reviewer2):
    first = queue[0]
    login(page, "rita", "rita-pw")
    page.goto(f"/p/{first.project_id}/review/")
    span_review(span=first, reviewer=reviewer2, decision="reject", version=1)
    page.locator(f"#item-{first.pk} button.approve").click()
    page.wait_for_selector(f"#item-{first.pk} .refusal")
    assert "changed by ravi" in page.inner_text(f"#item-{first.pk} .refusal")
    page.click(f"#item-{first.pk} button.reload")
    page.wait_for_selector(f"#item-{first.pk}.is-decided")
    assert "Rejected by ravi" in page.inner_text(f"#item-{first.pk}")


def test_the_dashboard_and_article_review_look_calm(page, queue, project, manager, analyst):
    first, _, third = queue
    article_create(project=project, title="Untouched", text="Nothing yet.", created_by=manager)
    other = article_create(
        project=project, title="Second", text="Officials said so. Source: TASS", created_by=manager
    ).article
    quote_span(other, analyst, "state-media-source", "Source: TASS")
    article_done(article=first.article, user=analyst)
    span_review(span=first, reviewer=manager, decision="approve", version=1)
    span_review(span=third, reviewer=manager, decision="reject", version=1)
    login(page, "mona", "mona-pw")
    page.goto(f"/p/{project.pk}/dashboard/")
    page.wait_for_selector("svg.chart")
    page.screenshot(path="/tmp/dashboard.png", full_page=True)
    page.goto(f"/a/{first.article_id}/review/")
    page.wait_for_selector(".group")
    page.screenshot(path="/tmp/article-review.png", full_page=True)
    assert page.dialogs == []


def test_the_next_item_takes_focus_when_another_answer_settles_while_the_decision_is_on_its_way(
    page, queue
):
    """The item a decision came from was remembered in one place for all requests: the job
    strip's poll settling while the decision was on its way (held here until it has, as on a
    slow network) used it up, and focus stayed on the decided item (seen under load)."""
    first, second, _ = queue
    login(page, "rita", "rita-pw")
    page.goto(f"/p/{first.project_id}/review/")
    focused(page, first)
    page.evaluate(
        """() => document.addEventListener("htmx:afterSettle", e => {
          if (e.detail.elt.id === "job-strip") window.stripSettled = true;
        })"""
    )
    hold_requests_until(page, "/decide/", "stripSettled")
    page.keyboard.press("a")
    page.evaluate(
        f"htmx.ajax('GET', '/p/{first.project_id}/jobs/strip/',"
        " {target: '#job-strip', swap: 'outerHTML'})"
    )
    page.wait_for_selector(f"#item-{first.pk}.is-decided")
    focused(page, second)
    assert Span.objects.get(pk=first.pk).status == Status.APPROVED
