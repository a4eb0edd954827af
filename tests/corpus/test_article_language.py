"""An article's language: a BCP 47 tag, given on every path, shown as `lang`, exported."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from newsannot.corpus.models import Article
from newsannot.corpus.services import article_create
from newsannot.ingest import fields
from newsannot.ingest.jsonl import ImportFailed, import_jsonl
from newsannot.lib.errors import Invalid
from tests.api.conftest import Api
from tests.conftest import client_for

TEXT = "Официальные лица заявили, что удары были нанесены только по военным целям."


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("ru", "ru"),
        ("EN", "en"),
        ("pt_br", "pt-BR"),
        ("zh-hant-tw", "zh-Hant-TW"),
        ("es-419", "es-419"),
        (" sr-Latn ", "sr-Latn"),
        ("en-x-Newsroom", "en-x-newsroom"),
        ("", ""),
        (None, ""),
    ],
)
def test_a_language_is_a_bcp47_tag_in_its_usual_case(given, stored):
    assert fields.language(given) == stored


@pytest.mark.parametrize("given", ["english", "e", "en-", "123", "ru--RU", "x-private", 7])
def test_anything_else_is_refused_naming_the_field(given):
    with pytest.raises(Invalid) as refused:
        fields.language(given)
    assert refused.value.field == "language"


def test_the_api_stores_and_returns_it(project, manager):
    response = Api(manager).post(
        f"/api/v1/projects/{project.pk}/articles/",
        {"title": "Удары", "text": TEXT, "language": "RU"},
    )
    assert response.status_code == 201
    assert response.json()["language"] == "ru"
    assert Article.objects.get().language == "ru"


def test_the_import_takes_language_or_lang_but_not_two_that_differ(project, manager):
    lines = [
        {"title": "A", "text": TEXT, "lang": "ru"},
        {"title": "B", "text": "Officials said so.", "language": "en-GB"},
        {"title": "C", "text": "Nobody said which."},
    ]
    import_jsonl(project=project, lines=[json.dumps(x).encode() for x in lines], actor=manager)
    assert dict(Article.objects.values_list("title", "language")) == {
        "A": "ru",
        "B": "en-GB",
        "C": "",
    }
    both = {"title": "D", "text": "Again.", "language": "en", "lang": "de"}
    with pytest.raises(ImportFailed) as failed:
        import_jsonl(project=project, lines=[json.dumps(both).encode()], actor=manager)
    assert "language and lang differ" in failed.value.errors[0]["detail"]


def test_the_paste_form_has_a_language_field(project, manager):
    response = client_for(manager).post(
        reverse("article-add", args=[project.pk]),
        {"title": "Удары", "text": TEXT, "language": "ru"},
    )
    assert response.status_code == 200
    assert Article.objects.get().language == "ru"
    assert 'name="language"' in response.content.decode()


def test_an_html_page_gives_the_language_its_publisher_declared(project, manager):
    page = (
        '<!doctype html><html lang="ru-RU"><head><title>Удары</title></head><body><article>'
        f"<h1>Удары</h1><p>{TEXT}</p><p>{TEXT[::-1]}</p></article></body></html>"
    )
    upload = SimpleUploadedFile("page.html", page.encode(), content_type="text/html")
    client_for(manager).post(reverse("article-add", args=[project.pk]), {"files": [upload]})
    assert Article.objects.get().language == "ru-RU"


def test_the_text_and_the_titles_carry_lang(project, manager):
    article = article_create(
        project=project, title="Удары", text=TEXT, language="ru", created_by=manager
    ).article
    plain = article_create(
        project=project, title="Plain", text="No language given.", created_by=manager
    ).article
    client = client_for(manager)
    page = client.get(reverse("annotate", args=[article.pk])).content.decode()
    assert 'id="text" class="article-text"' in page
    assert page.count(' lang="ru"') == 2  # the heading and the text
    unknown = client.get(reverse("annotate", args=[plain.pk])).content.decode()
    assert unknown.count(' lang="') == 1  # the page's own <html lang="en"> only
    listing = client.get(reverse("article-list", args=[project.pk])).content.decode()
    assert f'href="{reverse("annotate", args=[article.pk])}" lang="ru">Удары</a>' in listing


def test_the_export_writes_it_with_the_articles_metadata(project, manager):
    article_create(project=project, title="Удары", text=TEXT, language="ru", created_by=manager)
    response = Api(manager).get(
        f"/api/v1/projects/{project.pk}/export/", format="jsonl", status="all"
    )
    line = json.loads(b"".join(response.streaming_content))
    assert line["language"] == "ru"
    assert list(line).index("language") == list(line).index("external_id") + 1
