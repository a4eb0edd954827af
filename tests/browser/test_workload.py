"""An analyst's loop on an `assigned` project with overlap 2, in a real browser: next (key n),
annotate with a mouse drag and a label key, done, next; then colleagues share the first article
up to the overlap and no further."""

from __future__ import annotations

import pytest

from newsannot.annotations.models import Span
from newsannot.corpus.models import AssignmentMode, Role
from newsannot.corpus.services import article_create, membership_set
from newsannot.workload.models import Assignment, AssignmentStatus
from tests.browser.conftest import _new_page, login
from tests.browser.test_annotate import select_with_mouse
from tests.conftest import ARTICLE_TEXT, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _next_by_key(page, project) -> int:
    """On the article list, press n; the annotate page it lands on: its article id."""
    page.goto(f"/p/{project.pk}/")
    page.wait_for_selector("#next-assigned")
    page.keyboard.press("n")
    page.wait_for_url("**/a/*/")
    return int(page.url.rstrip("/").rsplit("/", 1)[1])


def test_next_annotate_done_next_with_overlap_two(
    browser, live_server, page, project, manager, analyst, analyst2
):
    project.assignment, project.overlap = AssignmentMode.ASSIGNED, 2
    project.save()
    first = article_create(
        project=project, title="First", text=ARTICLE_TEXT, created_by=manager
    ).article
    second = article_create(
        project=project, title="Second", text="Officials said nothing at all.", created_by=manager
    ).article
    third_analyst = make_user("ana")
    membership_set(project=project, user=third_analyst, role=Role.ANALYST)

    login(page, "alice", "alice-pw")
    # Before asking, an assigned project shows alice no article at all.
    page.goto(f"/p/{project.pk}/")
    assert page.locator("table.articles").count() == 0
    assert _next_by_key(page, project) == first.pk
    page.wait_for_function("window.htmx && window.NewsannotOffsets")
    select_with_mouse(page, "Officials")
    page.wait_for_selector("#picker:not([hidden])")
    page.keyboard.press("a")
    page.wait_for_selector(".span-item")
    span = Span.objects.get()
    assert (span.article_id, span.label.key, span.quote) == (first.pk, "attribution", "Officials")
    page.click("button:has-text('Mark done')")
    page.wait_for_url(f"**/a/{second.pk}/")  # done, then the next piece of work: a new article
    assert page.locator("h1").inner_text() == "Second"
    done = Assignment.objects.get(article=first, analyst=analyst)
    assert done.status == AssignmentStatus.DONE
    # n on the annotate page keeps alice on her unfinished article. Its answer waited for (the
    # page is at that address already, so the address alone said nothing), before colleagues ask.
    with page.expect_navigation(url=f"**/a/{second.pk}/"):
        page.keyboard.press("n")

    others = {}
    for user in (analyst2, third_analyst):
        context, other = _new_page(browser, live_server, bypass_csp=False)
        login(other, user.username, f"{user.username}-pw")
        others[user.username] = _next_by_key(other, project)
        context.close()
    assert others["amir"] == first.pk  # overlap 2: the first article's second analyst
    assert others["ana"] == second.pk  # the first has two analysts already
    assert sorted(
        Assignment.objects.filter(article=first).values_list("analyst__username", flat=True)
    ) == ["alice", "amir"]
