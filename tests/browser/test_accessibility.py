"""axe-core on every main page, as each role sees it: no serious or critical violation.

axe-core is vendored (tests/browser/vendor/axe.min.js, see the README there) and injected by
Playwright; the `page` fixture bypasses the Content Security Policy, which would refuse it.
Minor and moderate findings are printed (pytest -s) but do not fail the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsannot.annotations.models import Span
from newsannot.annotations.relations import relation_create
from tests.browser.conftest import login
from tests.browser.test_annotate import select_with_mouse
from tests.conftest import quote_span

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
FAILING = {"serious", "critical"}


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    # WCAG 2.x A and AA plus axe's best practices; the result is plain data.
    return page.evaluate(
        """async () => {
          const r = await axe.run(document, {resultTypes: ['violations']});
          return r.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary.split('\\n')[1])
          }));
        }"""
    )


def serious(page, where: str) -> list[str]:
    return [
        f"{where}: [{v['impact']}] {v['id']}"
        for v in axe_violations(page)
        if v["impact"] in FAILING
    ]


def check(page, path: str, expect_status: int = 200) -> list[str]:
    """Visit `path`, run axe, return the serious/critical findings as readable lines."""
    response = page.goto(path)
    assert response.status == expect_status, path
    page.wait_for_load_state("networkidle")
    bad = []
    for v in axe_violations(page):
        lines = [f"{path} [{v['impact']}] {v['id']}: {v['help']}"]
        lines += [f"    {n}" for n in v["nodes"][:5]]
        print("\n".join(lines))
        if v["impact"] in FAILING:
            bad.extend(lines)
    return bad


@pytest.fixture
def pages(project, article, analyst, reviewer, manager):
    """The main pages, with a span and a relation to review (whose type may be changed) and the
    paths each role can reach."""
    span = quote_span(article, analyst, "unverified-claim", "the strikes hit only militant targets")
    said = quote_span(article, analyst, "attribution", "spokesman Zhao told a media briefing")
    rt = quote_span(article, analyst, "state-media-source", "RT")
    relation_create(
        article=article, type="attributes", from_span=said, to_span=rt, annotator=analyst
    )
    p = project.pk
    return {
        "analyst": [
            "/",
            f"/p/{p}/",
            f"/a/{article.pk}/",
            f"/a/{article.pk}/?span={span.pk}",
            f"/p/{p}/guidelines/",
        ],
        "reviewer": [
            f"/p/{p}/review/",
            f"/p/{p}/review/{span.pk}/",
            f"/a/{article.pk}/review/",
            f"/a/{article.pk}/?who=all",
            f"/a/{article.pk}/?who=all&colour=analyst",
            f"/p/{p}/dashboard/",
        ],
        "manager": [
            f"/p/{p}/articles/add/",
            f"/p/{p}/jobs/",
            f"/p/{p}/members/",
            f"/p/{p}/labels/",
            f"/p/{p}/export/",
            f"/p/{p}/releases/",
            f"/p/{p}/guidelines/edit/",
            "/outlets/",
        ],
        "denied": [(f"/p/{p}/members/", 403), ("/p/999999/", 404)],
    }


def test_no_serious_violation_on_any_page_for_any_role(page, pages):
    bad: list[str] = []
    login(page, "alice", "alice-pw")
    for path in pages["analyst"]:
        bad += check(page, path)
    for path, status in pages["denied"]:
        bad += check(page, path, status)
    page.context.clear_cookies()
    login(page, "rita", "rita-pw")
    for path in pages["reviewer"]:
        bad += check(page, path)
    page.context.clear_cookies()
    login(page, "mona", "mona-pw")
    for path in pages["manager"]:
        bad += check(page, path)
    page.context.clear_cookies()
    bad += check(page, "/login/")
    assert bad == [], "\n" + "\n".join(bad)


def test_the_annotate_view_after_a_span_is_opened_and_the_picker_shown(page, article, analyst):
    """The states only a person reaches: the picker open, a span open with its detail."""
    login(page, "alice", "alice-pw")
    page.goto(f"/a/{article.pk}/")
    page.wait_for_load_state("networkidle")
    select_with_mouse(page, "said the strikes")
    page.wait_for_selector("#picker:not([hidden])")
    bad = serious(page, "picker")
    page.keyboard.press("a")
    page.wait_for_selector(".span-item")
    assert Span.objects.count() == 1
    page.wait_for_load_state("networkidle")
    bad += serious(page, "saved")
    assert bad == []


def test_the_api_docs_page_has_a_language_and_no_critical_violation(page, analyst):
    """Swagger UI's own markup is not ours (its summary buttons nest a copy button: axe's
    `nested-interactive`); the page around it (lang, title) and its colours are."""
    login(page, "alice", "alice-pw")
    page.goto("/api/docs/")
    page.wait_for_selector("#swagger-ui .info")
    assert page.evaluate("document.documentElement.lang") == "en"
    found = axe_violations(page)
    for v in found:
        print(f"/api/docs/ [{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])})")
        print("\n".join(f"    {n}" for n in v["nodes"][:3]))
    refused = [v["id"] for v in found if v["impact"] == "critical" or v["id"] == "color-contrast"]
    assert refused == []


def test_dark_mode_follows_the_system_and_keeps_contrast(page, pages):
    """prefers-color-scheme: dark, as a system set to dark asks for: a dark page, and axe finds
    no serious violation (contrast above all) on the pages people spend their day in."""
    page.emulate_media(color_scheme="dark")
    bad: list[str] = []
    login(page, "rita", "rita-pw")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(22, 24, 28)"
    for path in [pages["analyst"][1], pages["analyst"][3], *pages["reviewer"]]:
        bad += check(page, path)
    page.context.clear_cookies()
    login(page, "mona", "mona-pw")
    for path in pages["manager"][1:6]:
        bad += check(page, path)
    assert bad == [], "\n" + "\n".join(bad)
