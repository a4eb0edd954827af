"""A manager runs a project from the browser: a member, a label (colour, key, retired), the
guidelines, and an export downloaded. Asserts what the manager sees; saves a screenshot of
each page (/tmp/console-*.png) for a look at the layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsannot.annotations.services import span_review
from newsannot.corpus.models import Label, Membership
from tests.browser.conftest import login
from tests.conftest import make_user, quote_span

pytestmark = pytest.mark.browser


def test_a_manager_sets_up_a_project_in_the_browser(
    strict_page, transactional_db, project, article, analyst, reviewer, manager
):
    page = strict_page  # the app's Content Security Policy enforced throughout
    approved = quote_span(article, analyst, "attribution", "spokesman Zhao")
    span_review(span=approved, reviewer=reviewer, decision="approve", version=approved.version)
    make_user("newbie")
    login(page, "mona", "mona-pw")
    page.goto(f"/p/{project.pk}/")

    # Members: add an existing account as a reviewer.
    page.get_by_role("link", name="Members", exact=True).click()
    page.fill("input[name=username]", "newbie")
    page.select_option("form[aria-label='Add a member'] select[name=role]", "reviewer")
    page.click("text=Add member")
    page.wait_for_selector("text=newbie joined the project as reviewer.")
    row = page.locator("tr[data-username=newbie]")
    assert row.locator("select[name=role]").input_value() == "reviewer"
    page.screenshot(path="/tmp/console-members.png", full_page=True)

    # Labels: a new one with a colour and a key, then retired.
    page.get_by_role("link", name="Labels", exact=True).click()
    add = page.locator("form[aria-label='Add a label']")
    add.locator("input[name=key]").fill("loaded-language")
    add.locator("input[name=name]").fill("Loaded language")
    add.locator("input[name=color]").fill("#b9770e")
    add.locator("input[name=shortcut]").fill("l")
    add.locator("button[type=submit]").click()
    page.wait_for_selector("text=Label “Loaded language” added.")
    card = page.locator("section[data-key=loaded-language]")
    assert card.locator("kbd").inner_text() == "l"
    swatch = card.locator("h2 .swatch").evaluate("e => getComputedStyle(e).backgroundColor")
    assert swatch == "rgb(185, 119, 14)"
    card.get_by_role("button", name="Retire").click()
    page.wait_for_selector("text=Label “Loaded language” retired")
    assert "retired" in page.locator("section[data-key=loaded-language] .tag").inner_text()
    page.screenshot(path="/tmp/console-labels.png", full_page=True)

    # The annotate page's label picker offers the retired label for no new span (the
    # suggestions panel, loaded once the page is idle, names labels with data-label too).
    page.goto(f"/a/{article.pk}/")
    picker = page.locator("#picker")
    assert picker.locator("[data-label=loaded-language]").count() == 0
    assert picker.locator("[data-label=attribution]").count() == 1

    # Guidelines: written in Markdown, a script in them stays text.
    page.goto(f"/p/{project.pk}/")
    page.get_by_role("link", name="Guidelines", exact=True).click()
    page.click("text=Edit the guidelines")
    page.fill(
        "textarea[name=text]",
        "# How we annotate\n\n**Quote** the source. <script>alert(1)</script>\n\n"
        "- one span per claim\n- [the handbook](https://example.org/handbook)\n",
    )
    page.screenshot(path="/tmp/console-guidelines-edit.png", full_page=True)
    page.click("text=Save as a new version")
    page.wait_for_selector("text=Guidelines saved as version 1.")
    text = page.locator("article.guidelines-text")
    assert text.locator("h1").inner_text() == "How we annotate"
    assert "<script>alert(1)</script>" in text.inner_text()  # shown, not run
    assert page.dialogs == []
    assert "Version 1 · mona ·" in page.locator("ul.versions").inner_text()
    page.screenshot(path="/tmp/console-guidelines.png", full_page=True)

    # Export: CSV of every status, downloaded.
    page.get_by_role("link", name="Export", exact=True).click()
    page.select_option("select[name=format]", "csv")
    page.select_option("select[name=status]", "all")
    page.screenshot(path="/tmp/console-export.png", full_page=True)
    with page.expect_download() as download:
        page.click("text=Download")
    file = download.value
    assert file.suggested_filename == f"project-{project.pk}-all.csv"
    body = Path(file.path()).read_text(encoding="utf-8")
    assert "spokesman Zhao" in body

    assert page.csp_errors == []
    assert Membership.objects.get(project=project, user__username="newbie").role == "reviewer"
    assert Label.objects.get(project=project, key="loaded-language").retired
