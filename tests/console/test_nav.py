"""The project navigation: managers see the console's pages; others see none of them."""

from __future__ import annotations

import re

from tests.conftest import client_for

CONSOLE = ["Members", "Labels", "Import", "Export", "Outlets"]
EVERYONE = ["Articles", "Guidelines", "Who said what", "Jobs"]


def _links(client, path: str) -> list[str]:
    nav = client.get(path).text.split('<nav class="project-nav"')[1].split("</nav>")[0]
    return re.findall(r">([^<]+)</a>", nav)


def test_a_manager_sees_every_console_page_in_the_navigation(project, manager):
    links = _links(client_for(manager), f"/p/{project.pk}/")
    assert set(CONSOLE + EVERYONE + ["Review", "Dashboard"]) <= set(links)
    for path in ("members", "labels", "export", "guidelines", "articles/add"):
        nav = _links(client_for(manager), f"/p/{project.pk}/{path}/")
        assert set(CONSOLE) <= set(nav), path


def test_analysts_and_reviewers_see_no_manager_links(project, analyst, reviewer):
    assert _links(client_for(analyst), f"/p/{project.pk}/") == EVERYONE
    reviewer_links = _links(client_for(reviewer), f"/p/{project.pk}/")
    assert not set(CONSOLE) & set(reviewer_links)
    assert {"Review", "Dashboard"} <= set(reviewer_links)
