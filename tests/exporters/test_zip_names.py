"""Every zip-writing format names each article's files uniquely and stably.

Stable: the same article gets the same names in every export, whatever else the project holds.
Unique: no two articles share a name, so no text is lost from the zip. ptc names must also be
what the SemEval-2020 Task 11 scorer reads: `article<digits>`.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest

from newsannot.annotations.services import span_review
from newsannot.corpus.models import Article
from newsannot.corpus.services import article_create
from newsannot.exporters.zipstream import ZipStream
from tests.conftest import quote_span
from tests.exporters.conftest import export_bytes

HOSTILE_IDS = [
    "a/b",
    "a_b",
    "мир1",
    "дом1",
    "../../etc/passwd",
    "..",
    "%00",
    "a\x01b",  # control characters: PostgreSQL stores no NUL, but these it does
    "a\tb\nc",  # would break labels.tsv's columns and lines
    "a\u200bb",
    "CON",
    "0123",  # digits, but not as a number is written: would collide with our own names
    "x" * 200,
]


@pytest.fixture
def hostile(project, manager, analyst, reviewer):
    plain = article_create(
        project=project, title="No external id", text="Plain text, said TASS.", created_by=manager
    ).article
    ids = [*HOSTILE_IDS, str(plain.pk), "9" * 200]  # one numeric id equals another's own id
    articles = [plain]
    for n, external_id in enumerate(ids):
        articles.append(
            article_create(
                project=project,
                title=f"Article {n}",
                text=f"Text number {n}, said TASS.",
                external_id=external_id,
                created_by=manager,
            ).article
        )
    for article in articles:
        span = quote_span(article, analyst, "attribution", "said TASS")
        span_review(span=span, reviewer=reviewer, decision="approve", version=1)
    return articles


def _members(data: bytes) -> list[str]:
    return [info.filename for info in zipfile.ZipFile(io.BytesIO(data)).infolist()]


def ptc_names(project) -> dict[int, str]:
    """Article id -> its PTC id, read from the export's manifest, checked against its files."""
    data = export_bytes(project, "ptc")
    archive = zipfile.ZipFile(io.BytesIO(data))
    members = _members(data)
    assert len(members) == len(set(members)), "a name is in the zip twice"
    manifest = [json.loads(line) for line in archive.read("articles.jsonl").splitlines()]
    names = {row["article_id"]: row["ptc_id"] for row in manifest}
    articles = Article.objects.filter(project=project)
    assert len(set(names.values())) == len(names) == articles.count()
    for article in articles:
        ptc_id = names[article.pk]
        assert re.fullmatch(r"[0-9]+", ptc_id), ptc_id  # the scorer reads article([0-9]+)
        assert archive.read(f"articles/article{ptc_id}.txt").decode() == article.text
        row = next(r for r in manifest if r["article_id"] == article.pk)
        assert (row["external_id"], row["title"]) == (article.external_id, article.title)
    labelled = {line.split("\t")[0] for line in archive.read("labels.tsv").decode().splitlines()}
    spanned = Article.objects.filter(project=project, spans__isnull=False)
    assert labelled == {names[pk] for pk in spanned.values_list("pk", flat=True)}
    return names


def test_ptc_names_are_unique_digits_and_map_back_to_articles(project, hostile):
    names = ptc_names(project)
    # A numeric external id (the PTC corpus's own article ids) is kept, so the task's gold
    # files and our export name the same article the same way.
    numeric = next(a for a in hostile if a.external_id == "9" * 200)
    assert names[numeric.pk] == "9" * 200
    same_as_an_id = next(a for a in hostile if a.external_id == str(hostile[0].pk))
    assert names[same_as_an_id.pk] == str(hostile[0].pk)
    assert names[hostile[0].pk] != str(hostile[0].pk)


def test_ptc_names_are_stable_across_exports(project, manager, hostile):
    before = ptc_names(project)
    # Articles arriving later (one with the next id as its external id) rename nothing.
    next_pk = max(a.pk for a in hostile) + 2
    article_create(
        project=project,
        title="Later",
        text="Later text.",
        external_id=str(next_pk),
        created_by=manager,
    )
    article_create(project=project, title="Later 2", text="Later text 2.", created_by=manager)
    after = ptc_names(project)
    assert {pk: after[pk] for pk in before} == before


def test_brat_names_are_unique_and_name_every_article(project, hostile):
    data = export_bytes(project, "brat")
    archive = zipfile.ZipFile(io.BytesIO(data))
    members = _members(data)
    assert len(members) == len(set(members))
    for article in Article.objects.filter(project=project):
        assert archive.read(f"{article.pk}.txt").decode() == article.text
        assert archive.read(f"{article.pk}.ann")
    assert all(re.fullmatch(r"[0-9]+\.(txt|ann)", m) for m in members)


@pytest.mark.parametrize("name", ["a.txt", "../a.txt", "/a.txt", "a//b.txt", "a\\b.txt", "."])
def test_the_zip_writer_refuses_a_repeated_or_unsafe_name(name):
    archive = ZipStream()
    archive.add("a.txt", b"first")
    with pytest.raises(ValueError):
        archive.add(name, b"second")
