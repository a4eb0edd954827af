"""A page's polling (the job strip here; the suggestions panel and the releases list poll the
same way) asks nothing while the tab is hidden, and asks once at once when it is shown."""

from __future__ import annotations

import pytest

from newsannot.jobs.models import Job, JobStatus, Kind
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STRIP = "/jobs/strip/"


def set_hidden(page, hidden: bool) -> None:
    """The tab hidden or shown, as the browser reports it when the user switches tabs."""
    page.evaluate(
        """hidden => {
            Object.defineProperty(document, "hidden", {configurable: true, get: () => hidden});
            Object.defineProperty(document, "visibilityState",
                {configurable: true, get: () => hidden ? "hidden" : "visible"});
            document.dispatchEvent(new Event("visibilitychange"));
        }""",
        hidden,
    )


def test_the_job_strip_stops_polling_while_the_tab_is_hidden_and_polls_when_shown(
    page, project, manager
):
    Job.objects.create(
        kind=Kind.IMPORT, project=project, created_by=manager, status=JobStatus.RUNNING
    )
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if STRIP in r.url else None)
    page.clock.install()
    login(page, "mona", "mona-pw")
    # The strip loads, then polls every 2 s while the job runs.
    with page.expect_response(lambda r: STRIP in r.url):
        page.goto(f"/p/{project.pk}/")
    with page.expect_response(lambda r: STRIP in r.url):
        page.clock.run_for(2_500)

    # What the page sends, counted in the page as htmx sends it (no network timing involved).
    page.evaluate(
        """() => {
            window.stripSent = 0;
            document.addEventListener("htmx:beforeSend", e => {
                if (e.detail.pathInfo.requestPath.includes("/jobs/strip/")) window.stripSent++;
            });
        }"""
    )
    set_hidden(page, True)
    before = len(asked)
    page.clock.run_for(2_500)  # past the next poll's time, in a background tab
    assert page.evaluate("window.stripSent") == 0

    with page.expect_response(lambda r: STRIP in r.url):
        set_hidden(page, False)
    # Once, at once, when the tab came back: no timer ran (the clock stood still).
    assert page.evaluate("window.stripSent") == 1
    assert len(asked) == before + 1
    page.get_by_role("status").filter(has_text="Import").first.wait_for()
