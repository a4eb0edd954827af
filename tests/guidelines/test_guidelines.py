"""Project guidelines: Markdown made safe, every version kept with who and when, and the
"changed since you last read them" notice until the member opens them."""

from __future__ import annotations

import re

import pytest

from newsannot.guidelines.markup import render
from newsannot.guidelines.models import GuidelineVersion
from newsannot.guidelines.services import guidelines_update
from newsannot.lib.errors import Conflict, Forbidden, Invalid
from tests.conftest import client_for

HOSTILE = """# Rules
<script>alert("x")</script>
<img src=x onerror="alert(1)">
[click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=)
<a href="https://ok.example" onclick="alert(1)">raw link</a>
[fine](https://example.org/guide "The guide")
**bold** and a table:

| label | use |
|---|---|
| attribution | who said it |
"""


def test_a_hostile_guideline_is_neutralised():
    html = str(render(HOSTILE))
    lowered = html.lower()
    for bad in ("<script", 'href="javascript:', 'href="data:', "<img"):
        assert bad not in lowered, bad
    assert not re.search(r"<[a-z][^>]*\son[a-z]+=", lowered)  # no handler inside any real tag
    assert "<h1>Rules</h1>" in html
    assert "&lt;script&gt;" in html  # shown as text, not run
    assert '<a href="https://example.org/guide" title="The guide" rel="noopener' in html
    assert "<strong>bold</strong>" in html
    assert "<td>attribution</td>" in html


@pytest.mark.parametrize("unit", ["[", "*a", "[a](", "_*", "<", "> "])
def test_markdown_rendering_grows_linearly_on_pathological_input(unit):
    """Four times the text takes about four times the CPU (quadratic would be sixteen). CPU
    time, not wall clock: the machine may be busy with other work."""
    import time

    def took(n: int) -> float:
        best = float("inf")
        for _ in range(2):
            started = time.process_time()
            render(unit * n)
            best = min(best, time.process_time() - started)
        return best

    small, large = took(2_000), took(8_000)
    assert large < max(8 * small, 0.05), (small, large)


def test_every_save_is_a_version_with_who_and_when(project, manager):
    first = guidelines_update(project=project, text="Be careful.", actor=manager)
    second = guidelines_update(project=project, text="Be very careful.", actor=manager)
    assert (first.number, second.number) == (1, 2)
    assert guidelines_update(project=project, text="Be very careful.", actor=manager) is None
    project.refresh_from_db()
    assert project.guidelines == "Be very careful."
    rows = list(GuidelineVersion.objects.filter(project=project).values_list("number", "text"))
    assert rows == [(2, "Be very careful."), (1, "Be careful.")]
    assert GuidelineVersion.objects.get(project=project, number=1).author == manager


def test_a_stale_editor_gets_a_conflict_not_a_silent_overwrite(project, manager):
    guidelines_update(project=project, text="v1", actor=manager)
    guidelines_update(project=project, text="v2", actor=manager, based_on="1")
    with pytest.raises(Conflict, match="mona saved version 2"):
        guidelines_update(project=project, text="mine", actor=manager, based_on="1")


def test_only_managers_write_the_guidelines(project, manager, analyst, reviewer):
    for user in (analyst, reviewer):
        with pytest.raises(Forbidden):
            guidelines_update(project=project, text="mine", actor=user)
    with pytest.raises(Invalid, match="at most"):
        guidelines_update(project=project, text="x" * 200_001, actor=manager)


def test_a_manager_edits_the_guidelines_on_the_page(project, manager):
    client = client_for(manager)
    page = client.get(f"/p/{project.pk}/guidelines/edit/")
    assert 'name="based_on" value="0"' in page.text
    response = client.post(
        f"/p/{project.pk}/guidelines/edit/",
        {"text": HOSTILE, "based_on": "0"},
        follow=True,
    )
    assert "Guidelines saved as version 1." in response.text
    assert "<h1>Rules</h1>" in response.text
    shown = response.text.lower().split("<article")[1].split("</article>")[0]
    assert 'href="javascript' not in shown and "<script" not in shown
    assert not re.search(r"<[a-z][^>]*\son[a-z]+=", shown)  # no handler inside any real tag
    assert "Version 1</a> · mona ·" in response.text


def test_members_see_a_notice_until_they_read_the_new_version(project, manager, analyst, article):
    client = client_for(analyst)
    notice = "The guidelines changed since you last read them"
    assert notice not in client.get(f"/p/{project.pk}/").text  # nothing written yet
    guidelines_update(project=project, text="Read me.", actor=manager)
    assert notice in client.get(f"/p/{project.pk}/").text
    assert notice in client.get(f"/a/{article.pk}/").text
    assert notice not in client_for(manager).get(f"/p/{project.pk}/").text  # they wrote it
    page = client.get(f"/p/{project.pk}/guidelines/")
    assert "<p>Read me.</p>" in page.text
    assert "Edit the guidelines" not in page.text
    assert notice not in client.get(f"/p/{project.pk}/").text
    guidelines_update(project=project, text="Read me again.", actor=manager)
    assert "read version 2" in client.get(f"/p/{project.pk}/").text


def test_an_earlier_version_can_be_read_and_outsiders_see_nothing(project, manager, outsider):
    guidelines_update(project=project, text="First.", actor=manager)
    guidelines_update(project=project, text="Second.", actor=manager)
    page = client_for(manager).get(f"/p/{project.pk}/guidelines/?version=1")
    assert "<p>First.</p>" in page.text and "version 1 of 2" in page.text
    assert client_for(manager).get(f"/p/{project.pk}/guidelines/?version=9").status_code == 404
    assert client_for(outsider).get(f"/p/{project.pk}/guidelines/").status_code == 404
    assert client_for(outsider).get(f"/p/{project.pk}/guidelines/edit/").status_code == 404


def test_the_api_reads_and_writes_the_guidelines(project, manager, analyst):
    url = f"/api/v1/projects/{project.pk}/guidelines/"
    client = client_for(manager)
    saved = client.put(
        url, {"text": "# Rules\n<script>x</script>", "based_on": 0}, "application/json"
    )
    assert saved.status_code == 200, saved.content
    body = saved.json()
    assert body["version"] == 1 and body["text"] == "# Rules\n<script>x</script>"
    assert body["html"] == "<h1>Rules</h1>\n<p>&lt;script&gt;x&lt;/script&gt;</p>\n"
    assert body["versions"][0]["author"] == "mona"
    stale = client.put(url, {"text": "mine", "based_on": 0}, "application/json")
    assert stale.status_code == 409
    assert client_for(analyst).get(url).json()["version"] == 1
    refused = client_for(analyst).put(url, {"text": "x"}, "application/json")
    assert refused.status_code == 403
