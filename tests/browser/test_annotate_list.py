"""The article list and the add page in a browser: live search, filters, uploads."""

from __future__ import annotations

import pytest

from newsannot.corpus.models import Article
from newsannot.corpus.services import article_create
from tests.browser.conftest import login
from tests.conftest import drain_jobs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_in_search_filters_the_list_in_place(page, project, analyst, manager, article):
    article_create(
        project=project, title="Ceasefire talks", text="Talks in Doha.", created_by=manager
    )
    login(page, "alice", "alice-pw")
    page.goto(f"/p/{project.pk}/")
    assert page.locator("table.articles tbody tr").count() == 2
    page.fill("input[name=q]", "doha")
    page.wait_for_function("document.querySelectorAll('table.articles tbody tr').length === 1")
    assert "Ceasefire talks" in page.locator("table.articles").inner_text()
    assert "q=doha" in page.url
    page.select_option("select[name=progress]", "done")
    page.wait_for_selector("text=No article matches these filters.")


def test_a_manager_uploads_several_files_and_sees_a_line_for_each(page, project, manager, tmp_path):
    good = tmp_path / "story.txt"
    good.write_text("Headline\n\nA story about the port.", encoding="utf-8")
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"abc\xff")
    login(page, "mona", "mona-pw")
    page.goto(f"/p/{project.pk}/articles/add/")
    page.set_input_files("input[name=files]", [str(good), str(bad)])
    page.click("button.primary")
    page.wait_for_selector(".file-results")
    text = page.locator(".file-results").inner_text()
    assert "story.txt: added as Headline" in text
    assert "broken.txt: broken.txt is not valid UTF-8" in text
    assert Article.objects.filter(title="Headline").exists()
    page.screenshot(path="/tmp/article-add.png", full_page=True)


def test_a_bad_html_file_among_others_is_named_and_hides_nothing_stored(
    page, project, manager, tmp_path
):
    html = tmp_path / "odd.html"
    html.write_bytes(b'<html><head><meta charset="undefined"></head><body><p>Caf\xe9</p></body>')
    good = tmp_path / "story.txt"
    good.write_text("Headline\n\nA story about the port.", encoding="utf-8")
    corpus = tmp_path / "corpus.jsonl"
    span = '{"start": 0, "end": 5, "label": "attribution"}'
    corpus.write_text(
        '{"title": "Twice", "text": "Ships left port.", "spans": [' + f"{span}, {span}]}}\n",
        encoding="utf-8",
    )
    login(page, "mona", "mona-pw")
    page.goto(f"/p/{project.pk}/articles/add/")
    page.set_input_files("input[name=files]", [str(html), str(good), str(corpus)])
    page.click("button.primary")
    page.wait_for_selector(".file-results")
    text = page.locator(".file-results").inner_text()
    assert "odd.html: odd.html could not be decoded" in text
    assert "story.txt: added as Headline" in text
    assert "corpus.jsonl: import queued as job" in text
    # The import runs in a background job: the page shows it queued, polls, and shows its end.
    page.locator("#job-strip progress").wait_for()
    drain_jobs()
    strip = page.locator("#job-strip")
    strip.get_by_text("1 span listed twice and stored once").wait_for(timeout=10_000)
    assert "Import (JSON Lines) of corpus.jsonl" in strip.inner_text()
    page.click("#job-strip a")
    page.wait_for_selector("table.jobs")
    page.locator("table.jobs summary", has_text="listed twice").click()
    assert "line 1, span 2: a 'attribution' span at [0, 5) is listed again" in page.inner_text(
        "table.jobs"
    )
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Headline", "Twice"]
