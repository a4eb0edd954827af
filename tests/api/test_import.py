from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from newsannot.annotations.models import Span
from newsannot.api.errors import PayloadTooLarge
from newsannot.api.views import _lines
from newsannot.corpus.models import Article
from newsannot.ingest.jsonl import import_jsonl
from tests.api.conftest import Api


def post(user, project, lines, query="", content_type="application/x-ndjson"):
    body = b"".join(
        (line if isinstance(line, str) else json.dumps(line)).encode() + b"\n" for line in lines
    )
    return Api(user).client.post(
        f"/api/v1/projects/{project.pk}/import/{query}", body, content_type=content_type
    )


ONE = {
    "title": "Imported",
    "text": "Zhao 🚀 told\r\nreporters.",
    "spans": [{"start": 7, "end": 11, "label": "attribution", "quote": "told"}],
}


def test_it_imports_json_lines_and_answers_with_counts(project, manager):
    response = post(manager, project, [ONE])
    assert response.status_code == 201
    assert response.json() == {
        "created": 1,
        "duplicates": [],
        "spans": 1,
        "merged_spans": [],
        "relations": 0,
        "dry_run": False,
    }
    assert Span.objects.get().quote == "told"


def test_a_bad_line_stores_nothing_and_every_error_has_its_line(project, manager):
    response = post(manager, project, [ONE, "not json", {"title": "x"}])
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "The import has 2 errors; nothing was stored."
    assert [e["line"] for e in body["errors"]] == [2, 3]
    assert "no text" in body["errors"][1]["detail"]
    assert not Article.objects.exists()


def test_a_dry_run_answers_200_and_stores_nothing(project, manager):
    response = post(manager, project, [ONE], query="?dry_run=1")
    assert response.status_code == 200
    assert response.json()["created"] == 1 and response.json()["dry_run"] is True
    assert not Article.objects.exists()


def test_duplicates_are_reported(project, manager):
    post(manager, project, [ONE])
    response = post(manager, project, [ONE])
    assert response.json()["created"] == 0
    assert response.json()["duplicates"][0]["line"] == 1


def test_it_refuses_another_content_type_with_415(project, manager):
    response = post(manager, project, [ONE], content_type="application/json")
    assert response.status_code == 415
    assert "application/x-ndjson" in response.json()["detail"]


@override_settings(NEWSANNOT_MAX_IMPORT_BYTES=50)
def test_a_body_above_the_limit_is_a_413_and_nothing_is_stored(project, manager):
    response = post(manager, project, [ONE])
    assert response.status_code == 413
    assert "limit of 50 bytes" in response.json()["detail"]
    assert not Article.objects.exists()


def test_the_limit_holds_while_streaming_and_rolls_back_what_was_written(
    project, manager, monkeypatch
):
    # A body without a trustworthy length: the count runs line by line as the importer reads.
    monkeypatch.setattr("newsannot.ingest.jsonl.BATCH", 1)
    lines = [
        json.dumps({"title": f"T{n}", "text": f"Text {n}."}).encode() + b"\n" for n in range(5)
    ]
    with pytest.raises(PayloadTooLarge, match="limit of 100 bytes"):
        import_jsonl(project=project, lines=_lines(lines, 100), actor=manager)
    assert not Article.objects.exists()


@pytest.mark.parametrize("who", ["analyst", "reviewer"])
def test_only_managers_import(project, who, request):
    response = post(request.getfixturevalue(who), project, [ONE])
    assert response.status_code == 403
    assert response.json()["detail"] == "Only managers of this project can add or import articles."
    assert not Span.objects.exists()


def test_the_import_command_reads_a_file(project, manager, tmp_path, capsys):
    path = tmp_path / "corpus.jsonl"
    path.write_text(json.dumps(ONE) + "\n", encoding="utf-8")
    call_command("import_corpus", str(project.pk), str(path), "--as", "mona")
    assert "Imported 1 articles with 1 spans" in capsys.readouterr().out
    assert Span.objects.get().annotator == manager


# (Django's test client drops the content type of an empty body: import_jsonl is given no
# lines at all in tests/ingest/test_jsonl.py.)
@pytest.mark.parametrize("body", [b"\n", b"\n\n  \n"])
def test_an_import_with_no_article_is_a_400_saying_there_is_nothing_to_import(
    project, manager, body
):
    response = Api(manager).client.post(
        f"/api/v1/projects/{project.pk}/import/", body, content_type="application/x-ndjson"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "empty"
    assert response.json()["detail"].startswith("Nothing to import")


def test_a_span_listed_twice_is_stored_once_and_the_answer_says_so(project, manager):
    span = ONE["spans"][0]
    response = post(
        manager,
        project,
        [
            {"title": "T", "text": "Other text.", "spans": []},
            {**ONE, "spans": [span, {**span, "quote": "told"}]},
        ],
    )
    assert response.status_code == 201
    assert response.json()["spans"] == 1
    assert response.json()["merged_spans"] == [
        {
            "line": 2,
            "span": 2,
            "detail": "a 'attribution' span at [7, 11) is listed again as span 2 "
            "(first as span 1), with the same note and status: stored once.",
        }
    ]
    assert Span.objects.count() == 1


def test_the_import_command_lists_merged_spans_and_refuses_an_empty_file(
    project, manager, tmp_path, capsys
):
    path = tmp_path / "corpus.jsonl"
    path.write_text(json.dumps({**ONE, "spans": ONE["spans"] * 2}) + "\n", encoding="utf-8")
    call_command("import_corpus", str(project.pk), str(path), "--as", "mona")
    out = capsys.readouterr().out
    assert "line 1, span 2: a 'attribution' span at [7, 11) is listed again" in out
    assert "Imported 1 articles with 1 spans; 0 duplicates skipped; 1 spans listed twice" in out
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing to import"):
        call_command("import_corpus", str(project.pk), str(path), "--as", "mona")
