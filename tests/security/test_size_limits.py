"""Over-large requests get a 413 naming the limit, never a 400 or a 500, and nothing is saved; a
50 MB import with one bad line at its very end stores nothing and names that line."""

from __future__ import annotations

import json
import tempfile
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from knox.models import AuthToken

from newsannot.annotations.models import Span
from newsannot.corpus.models import Article
from tests.conftest import client_for

SMALL = 4096


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=SMALL)
def test_a_json_api_body_over_the_limit_answers_413_in_json(article, analyst):
    body = {"label": "attribution", "start": 0, "end": 9, "quote": "Officials", "note": "n" * SMALL}
    response = client_for(analyst).post(
        f"/api/v1/articles/{article.pk}/spans/", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert "limit of 4,096 bytes" in response.json()["detail"]
    assert not Span.objects.exists()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=SMALL)
def test_a_json_api_body_under_the_limit_still_goes_through(article, analyst):
    body = {"label": "attribution", "start": 0, "end": 9, "quote": "Officials", "note": "fine"}
    response = client_for(analyst).post(
        f"/api/v1/articles/{article.pk}/spans/", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=SMALL)
def test_a_pasted_article_over_the_limit_answers_413_with_a_message(project, manager):
    response = client_for(manager).post(
        f"/p/{project.pk}/articles/add/", {"title": "Huge", "text": "word " * SMALL}
    )
    assert response.status_code == 413
    assert b"larger than the limit of 4,096 bytes" in response.content
    assert not Article.objects.exists()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=SMALL)
def test_an_uploaded_file_is_not_held_to_the_form_limit(project, manager):
    # Files are limited per file (NEWSANNOT_MAX_UPLOAD_BYTES), not by the form-field limit.
    upload = SimpleUploadedFile("long.txt", ("A long article. " * 1000).encode(), "text/plain")
    response = client_for(manager).post(f"/p/{project.pk}/articles/add/", {"files": upload})
    assert response.status_code == 200
    assert Article.objects.count() == 1


@override_settings(NEWSANNOT_MAX_UPLOAD_BYTES=SMALL)
def test_an_uploaded_file_over_its_limit_is_refused_with_the_limit_named(project, manager):
    upload = SimpleUploadedFile("big.txt", b"word " * SMALL, "text/plain")
    response = client_for(manager).post(f"/p/{project.pk}/articles/add/", {"files": upload})
    assert response.status_code in {200, 413}
    assert "the limit is 4,096 bytes" in response.content.decode()
    assert not Article.objects.exists()


def _big_import(path, *, lines: int, line_bytes: int) -> int:
    """Good articles, then one bad line; returns the size. 5,000 lines: several batches are
    written (and must be rolled back) before the bad line is met."""
    filler = "Officials said the strikes hit only militant targets. 外交部 🚀\r\n"
    with open(path, "wb") as out:
        for n in range(lines):
            text = f"Article {n}. " + filler * (line_bytes // len(filler.encode()))
            out.write(json.dumps({"title": f"Article {n}", "text": text}).encode() + b"\n")
        out.write(b'{"title": "Broken", "text": "no closing brace"\n')
        return out.tell()


def test_a_50_mb_import_with_one_bad_last_line_stores_nothing_and_names_the_line(project, manager):
    with tempfile.NamedTemporaryFile(suffix=".jsonl") as tmp:
        size = _big_import(tmp.name, lines=5000, line_bytes=10_000)
        assert size > 50_000_000
        started = time.perf_counter()
        with open(tmp.name, "rb") as body:
            # Streamed from the file, as a WSGI server hands the body over: never all in memory.
            response = client_for(manager).request(
                REQUEST_METHOD="POST",
                PATH_INFO=f"/api/v1/projects/{project.pk}/import/",
                CONTENT_TYPE="application/x-ndjson",
                CONTENT_LENGTH=str(size),
                **{"wsgi.input": body},
            )
        seconds = time.perf_counter() - started
    print(f"50 MB import with a bad last line: {size:,} bytes refused in {seconds:.1f} s")
    assert response.status_code == 400, response.content[:500]
    body = response.json()
    assert body["detail"] == "The import has 1 error; nothing was stored."
    assert [e["line"] for e in body["errors"]] == [5001]
    assert "not valid JSON" in body["errors"][0]["detail"]
    assert not Article.objects.exists()
    assert not Span.objects.exists()


def test_a_content_length_that_is_no_number_or_a_huge_one_is_not_a_500(article, analyst):
    url = f"/api/v1/articles/{article.pk}/spans/"
    client = client_for(analyst)
    # More digits than int() reads, and "²", which str.isdigit() accepts and int() refuses.
    huge = client.post(url, "{}", content_type="application/json", CONTENT_LENGTH="9" * 5000)
    assert huge.status_code == 413 and huge.json()["code"] == "too_large"
    odd = client.post(url, "{}", content_type="application/json", CONTENT_LENGTH="²")
    assert odd.status_code == 400


@pytest.mark.parametrize("length", ["²", "9" * 5000])
def test_an_import_with_a_nonsense_content_length_is_refused_not_a_500(project, manager, length):
    response = Client().post(
        f"/api/v1/projects/{project.pk}/import/",
        b'{"title": "t", "text": "x"}\n',
        content_type="application/x-ndjson",
        headers={"Authorization": f"Token {AuthToken.objects.create(manager)[1]}"},
        CONTENT_LENGTH=length,
    )
    assert response.status_code in {400, 413}
