from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from newsannot.corpus.models import Article
from tests.conftest import ARTICLE_TEXT, client_for

pytestmark = pytest.mark.django_db

PAGE = b"""<html><head><title>Grain deal</title></head><body><nav>Home | World</nav>
<article><p>Ships carrying grain left the port of Odesa on Monday, the ministry said in a statement
released to journalists in the capital.</p><p>The deal was brokered by Turkey and the United Nations
after weeks of talks between the parties.</p></article><footer>Share this</footer></body></html>"""


def url(project):
    return reverse("article-add", args=[project.pk])


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_anonymous_users_are_sent_to_login(client, project):
    assert client.get(url(project)).status_code == 302


def test_analysts_may_not_add_articles(analyst, project):
    client = client_for(analyst)
    assert client.get(url(project)).status_code == 403
    response = client.post(url(project), {"title": "T", "text": "Some text."})
    assert response.status_code == 403
    assert not Article.objects.exists()


def test_outsiders_get_404(outsider, project):
    assert client_for(outsider).get(url(project)).status_code == 404


def test_a_manager_pastes_an_article(manager, project):
    response = client_for(manager).post(
        url(project),
        {
            "title": "Pasted",
            "url": "https://example.org/p",
            "outlet": "TASS",
            "published_at": "2024-05-02",
            "text": "Line one.\r\n\r\nLine two.",
        },
    )
    assert response.status_code == 200
    article = Article.objects.get()
    assert (article.title, article.outlet, article.text) == (
        "Pasted",
        "TASS",
        "Line one.\n\nLine two.",
    )
    assert reverse("annotate", args=[article.pk]) in response.content.decode()


def test_a_paste_without_title_says_so(manager, project):
    response = client_for(manager).post(url(project), {"text": "Some text."})
    assert response.status_code == 400
    assert "An article needs a title." in response.content.decode()
    assert not Article.objects.exists()


def test_an_empty_submission_says_what_to_do(manager, project):
    response = client_for(manager).post(url(project), {})
    assert "Paste an article" in response.content.decode()


def test_each_uploaded_file_gets_its_own_result(manager, project, article):
    files = [
        upload("story.txt", b"Headline here\n\nThe body of the story."),
        upload("page.html", PAGE),
        upload("same.txt", ARTICLE_TEXT.encode()),
        upload("empty.txt", b""),
        upload("bad.txt", b"abc\xff"),
        upload("photo.png", b"\x89PNG..."),
    ]
    response = client_for(manager).post(url(project), {"files": files})
    assert response.status_code == 200
    results = {r.name: r for r in response.context["results"]}
    assert results["story.txt"].outcome == "created"
    assert results["page.html"].outcome == "created"
    assert results["same.txt"].outcome == "duplicate"
    assert results["same.txt"].article == article
    assert "empty" in results["empty.txt"].message
    assert "not valid UTF-8" in results["bad.txt"].message
    assert "Unsupported file type" in results["photo.png"].message
    html = response.content.decode()
    assert reverse("annotate", args=[article.pk]) in html
    grain = Article.objects.get(title="Grain deal")
    assert "Home" not in grain.text and "Share this" not in grain.text
    assert Article.objects.count() == 3


def test_files_over_the_limit_are_refused_and_the_rest_go_in(manager, project, settings):
    settings.NEWSANNOT_MAX_UPLOAD_BYTES = 100
    files = [upload("big.txt", b"x" * 101), upload("small.txt", b"Small story.")]
    response = client_for(manager).post(url(project), {"files": files})
    results = {r.name: r for r in response.context["results"]}
    assert "limit" in results["big.txt"].message
    assert results["small.txt"].outcome == "created"


def test_file_names_and_hostile_titles_are_escaped(manager, project):
    files = [upload("<img src=x onerror=alert(1)>.txt", b"<script>alert(1)</script>\n\nBody.")]
    html = client_for(manager).post(url(project), {"files": files}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html


def test_a_jsonl_file_is_imported_by_a_background_job_whose_result_the_jobs_page_shows(
    manager, project, article, run_jobs
):
    lines = [
        json.dumps({"title": "From JSONL", "text": "Imported text.", "outlet": "TASS"}),
        json.dumps({"title": "Same again", "text": ARTICLE_TEXT}),
    ]
    files = [upload("corpus.jsonl", "\n".join(lines).encode())]
    response = client_for(manager).post(url(project), {"files": files})
    (result,) = response.context["results"]
    assert result.outcome == "queued"
    assert f"/p/{project.pk}/jobs/#job-{result.job.pk}" in response.content.decode()
    assert not Article.objects.filter(title="From JSONL").exists()  # not in the request
    run_jobs()
    assert Article.objects.filter(title="From JSONL").exists()
    jobs_page = client_for(manager).get(f"/p/{project.pk}/jobs/").content.decode()
    assert "1 article added, 0 spans, 1 duplicate skipped." in jobs_page
    assert "line 2: Same again" in jobs_page


def test_a_jsonl_file_with_errors_names_the_lines_and_stores_nothing(manager, project, run_jobs):
    lines = [json.dumps({"title": "Fine", "text": "Fine text."}), "{not json", json.dumps({})]
    files = [upload("bad.jsonl", "\n".join(lines).encode()), upload("ok.txt", b"Other story.")]
    response = client_for(manager).post(url(project), {"files": files})
    results = {r.name: r for r in response.context["results"]}
    assert results["bad.jsonl"].outcome == "queued"
    assert results["ok.txt"].outcome == "created"
    run_jobs()
    assert not Article.objects.filter(title="Fine").exists()
    jobs_page = client_for(manager).get(f"/p/{project.pk}/jobs/").content.decode()
    assert "The import has 2 errors; nothing was stored." in jobs_page
    assert "line 2:" in jobs_page and "line 3:" in jobs_page


def test_an_html_file_in_an_unusable_charset_is_refused_and_the_others_are_stored(manager, project):
    # Python has a codec named "undefined": it raises UnicodeError on any byte.
    bad = PAGE.replace(b"<head>", b'<head><meta charset="undefined">').replace(
        b"Odesa", b"Od\xe9sa"
    )
    files = [upload("bad.html", bad), upload("good.txt", b"Headline\n\nA body of text.")]
    response = client_for(manager).post(url(project), {"files": files})
    assert response.status_code == 200
    results = {r.name: r for r in response.context["results"]}
    assert results["bad.html"].outcome == "error"
    assert "declares no charset that fits" in results["bad.html"].message
    assert results["good.txt"].outcome == "created"
    html = response.content.decode()
    assert "declares no charset that fits" in html
    assert reverse("annotate", args=[results["good.txt"].article.pk]) in html
    assert list(Article.objects.values_list("title", flat=True)) == ["Headline"]


def test_a_file_that_breaks_the_extractor_is_reported_and_hides_no_stored_file(
    manager, project, monkeypatch, caplog
):
    def broken(data, filename):
        raise RuntimeError("the HTML parser fell over")

    monkeypatch.setattr("newsannot.ingest.files.from_html", broken)
    files = [
        upload("first.txt", b"First story."),
        upload("page.html", PAGE),
        upload("last.txt", b"Last story."),
    ]
    response = client_for(manager).post(url(project), {"files": files})
    assert response.status_code == 200
    outcomes = [(r.name, r.outcome) for r in response.context["results"]]
    assert outcomes == [("first.txt", "created"), ("page.html", "error"), ("last.txt", "created")]
    assert "could not be read" in response.content.decode()
    assert Article.objects.count() == 2
    assert "the HTML parser fell over" in caplog.text  # logged, to be fixed


def test_a_jsonl_upload_lists_the_spans_it_merged(manager, project, run_jobs):
    span = {"start": 0, "end": 5, "label": "attribution"}
    line = json.dumps({"title": "Twice", "text": "Ships left port.", "spans": [span, span]})
    client_for(manager).post(url(project), {"files": [upload("c.jsonl", line.encode())]})
    run_jobs()
    jobs_page = client_for(manager).get(f"/p/{project.pk}/jobs/").content.decode()
    assert "1 article added, 1 span, 1 span listed twice and stored once." in jobs_page
    assert "line 1, span 2: a &#x27;attribution&#x27; span" in jobs_page
