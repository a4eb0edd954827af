"""A manager creates a release in the browser, follows its build and downloads it."""

from __future__ import annotations

import hashlib
import json
import zipfile

import pytest

from newsannot.annotations.services import span_review
from newsannot.releases.models import Release
from tests.browser.conftest import login
from tests.conftest import drain_jobs, quote_span

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_creates_a_release_and_downloads_it(
    page, project, article, analyst, analyst2, reviewer, manager, tmp_path
):
    for who in (analyst, analyst2):
        span = quote_span(article, who, "attribution", "spokesman Zhao")
        span_review(span=span, reviewer=reviewer, decision="approve", version=span.version)
    login(page, "mona", "mona-pw")
    page.goto(f"/p/{project.pk}/")
    page.get_by_role("link", name="Releases").click()
    page.fill("input[name=name]", "v1")
    page.fill("textarea[name=licence]", "Texts © their outlets; research use only.")
    page.get_by_role("button", name="Create release").click()
    page.get_by_text("Release v1 is being built.").wait_for()
    drain_jobs()
    # The list polls while a release builds: the download links appear without a reload.
    link = page.locator("#releases a", has_text="jsonl")
    link.wait_for(timeout=10_000)
    with page.expect_download() as got:
        link.click()
    path = tmp_path / "v1.jsonl"
    got.value.save_as(path)
    data = path.read_bytes()
    release = Release.objects.get(name="v1")
    assert hashlib.sha256(data).hexdigest() == release.files["jsonl"]["sha256"]
    (line,) = [json.loads(x) for x in data.splitlines()]
    assert line["split"] == "train"
    (gold,) = line["spans"]  # two analysts, one gold span
    assert gold["annotators"] == ["analyst-1", "analyst-2"]
    with page.expect_download() as got:
        page.locator("#releases a", has_text="brat").click()
    got.value.save_as(tmp_path / "v1.zip")
    assert "DATASHEET.md" in zipfile.ZipFile(tmp_path / "v1.zip").namelist()
    page.get_by_role("link", name="Datasheet").click()
    assert "research use only" in page.locator("pre.datasheet").inner_text()
