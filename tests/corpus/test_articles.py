import pytest
from django.db import DatabaseError, IntegrityError, transaction

from newsannot.corpus.models import Article
from newsannot.corpus.services import article_create, article_update_text
from newsannot.lib.errors import Conflict, Invalid
from newsannot.lib.text import content_hash


def test_it_normalises_the_text_once_on_import(project):
    article = article_create(project=project, title="T", text="one\r\ntwo\x00\rthree").article
    assert article.text == "one\ntwo\nthree"
    assert article.content_hash == content_hash("one\ntwo\nthree")


def test_the_same_text_again_is_reported_as_a_duplicate(project):
    first = article_create(project=project, title="First", text="Same text.\n")
    again = article_create(project=project, title="Again", text="Same text.\r\n")
    assert first.created and not again.created
    assert again.article == first.article
    assert Article.objects.count() == 1


def test_the_same_text_may_live_in_two_projects(project, other_project):
    article_create(project=project, title="A", text="Shared text.")
    assert article_create(project=other_project, title="B", text="Shared text.").created


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "  ", "text": "x"}, "needs a title"),
        ({"title": "T", "text": " \n\x00 "}, "has no text"),
        ({"title": "T" * 501, "text": "x"}, "longer than 500"),
    ],
)
def test_it_refuses_an_article_without_title_or_text(project, fields, message):
    with pytest.raises(Invalid, match=message):
        article_create(project=project, **fields)


def test_an_external_id_is_unique_within_a_project(project):
    article_create(project=project, title="A", text="one", external_id="x-1")
    with pytest.raises(Conflict, match="external id 'x-1'"):
        article_create(project=project, title="B", text="two", external_id="x-1")


def test_the_text_may_change_while_there_are_no_spans(article):
    article_update_text(article=article, text="New text\r\n")
    article.refresh_from_db()
    assert article.text == "New text\n"


def test_the_service_refuses_to_change_text_that_has_spans(span):
    with pytest.raises(Conflict, match="cannot change: it has spans"):
        article_update_text(article=span.article, text="Rewritten")


def test_the_database_refuses_to_change_text_that_has_spans(span):
    # Below the services: a raw UPDATE from a shell or a script is refused too.
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        Article.objects.filter(pk=span.article_id).update(text="Rewritten behind our back")
    assert Article.objects.get(pk=span.article_id).text == span.article.text


def test_the_database_allows_other_changes_to_an_article_with_spans(span):
    Article.objects.filter(pk=span.article_id).update(title="Retitled")
    assert Article.objects.get(pk=span.article_id).title == "Retitled"


@pytest.mark.parametrize(
    ("text", "message"), [(" \n ", "has no text"), (["x"], "text must be a string")]
)
def test_new_text_is_checked_as_on_create(project, text, message):
    article = article_create(project=project, title="A", text="Old text.").article
    with pytest.raises(Invalid, match=message):
        article_update_text(article=article, text=text)
