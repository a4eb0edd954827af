"""Releases: the gold frozen under a name, split by article, served byte-identical for ever."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import zipfile

import pytest
from django.urls import reverse

from newsannot import exporters
from newsannot.annotations.models import Span
from newsannot.annotations.relations import relation_create, relation_review
from newsannot.annotations.services import span_review, span_update
from newsannot.corpus.models import Article, Label
from newsannot.corpus.services import article_create, article_delete
from newsannot.exporters import FORMATS
from newsannot.releases.splits import assign
from tests.api.conftest import Api
from tests.conftest import client_for, quote_span

SPLIT = {"train": 0.6, "dev": 0.2, "test": 0.2}
CLAIM = "the strikes hit only militant targets"


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def create(manager, project, run_jobs, name="v1", **extra):
    api = Api(manager)
    response = api.post(
        f"/api/v1/projects/{project.pk}/releases/",
        {"name": name, "seed": 42, "split": SPLIT, "licence": "CC BY 4.0 texts", **extra},
    )
    assert response.status_code == 202, response.json()
    assert response.json()["status"] == "building" and response.json()["job"]["kind"] == "release"
    run_jobs()
    release = api.get(f"/api/v1/releases/{response.json()['id']}/").json()
    assert release["status"] == "ready", release
    return release


def download(user, release, fmt="jsonl") -> bytes:
    response = Api(user).get(f"/api/v1/releases/{release['id']}/export/", format=fmt)
    assert response.status_code == 200, fmt
    return body(response)


def test_a_release_is_every_format_frozen_with_its_sha256(gold, project, manager, run_jobs):
    release = create(manager, project, run_jobs)
    assert set(release["files"]) == {f for f, m in FORMATS.items() if exporters.available(m)}
    for fmt, entry in release["files"].items():
        data = download(manager, release, fmt)
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], fmt
    lines = [json.loads(x) for x in download(manager, release).splitlines()]
    assert len(lines) == 10 and {x["split"] for x in lines} <= set(SPLIT)
    (first,) = [x for x in lines if x["id"] == gold.pk]
    (claim,) = first["spans"]  # two analysts' copies, one gold span
    assert claim["annotators"] == ["analyst-1", "analyst-2"]
    assert claim["approved_by"] == ["reviewer-1"]
    assert release["counts"]["spans"] == 1 and release["counts"]["articles"] == 10
    brat = zipfile.ZipFile(io.BytesIO(download(manager, release, "brat")))
    sheet = brat.read("DATASHEET.md").decode()
    assert "CC BY 4.0 texts" in sheet and "code points" in sheet and "analyst-N" in sheet


def test_later_changes_leave_a_releases_bytes_identical(
    gold, project, manager, analyst, reviewer, run_jobs
):
    release = create(manager, project, run_jobs)
    before = {fmt: download(manager, release, fmt) for fmt in release["files"]}
    span = quote_span(gold, analyst, "attribution", "Officials")
    span_review(span=span, reviewer=reviewer, decision="approve", version=span.version)
    article_delete(article=Article.objects.filter(project=project).last(), actor=manager)
    Label.objects.filter(project=project, key="unverified-claim").update(name="Renamed")
    project.guidelines = "New guidelines"
    project.save()
    for fmt, data in before.items():
        assert download(manager, release, fmt) == data, fmt


def test_a_later_release_keeps_splits_and_pseudonyms(
    gold, project, manager, analyst2, reviewer, run_jobs
):
    first = create(manager, project, run_jobs)
    old = {x["id"]: x["split"] for x in map(json.loads, download(manager, first).splitlines())}
    new_article = article_create(
        project=project, title="New", text="A new story about strikes.", created_by=manager
    ).article
    span = quote_span(new_article, analyst2, "unverified-claim", "strikes")
    span_review(span=span, reviewer=reviewer, decision="approve", version=span.version)
    # Another seed: the earlier articles still keep their splits.
    second = create(manager, project, run_jobs, name="v2", seed=7)
    lines = [json.loads(x) for x in download(manager, second).splitlines()]
    assert {x["id"]: x["split"] for x in lines if x["id"] in old} == old
    (added,) = [x for x in lines if x["id"] == new_article.pk]
    assert added["spans"][0]["annotators"] == ["analyst-2"]  # amir, as in v1
    diff = Api(manager).get(f"/api/v1/releases/{first['id']}/diff/{second['id']}/").json()
    assert diff["articles"]["added"] == [new_article.pk]
    assert [s["quote"] for s in diff["spans"]["added"]] == ["strikes"]
    assert diff["spans"]["removed"] == [] and diff["articles"]["removed"] == []


def test_real_names_when_the_manager_chooses_them(gold, project, manager, run_jobs):
    release = create(manager, project, run_jobs, real_names=True)
    (line,) = [x for x in map(json.loads, download(manager, release).splitlines()) if x["spans"]]
    assert line["spans"][0]["annotators"] == ["alice", "amir"]
    sheet = Api(manager).get(f"/api/v1/releases/{release['id']}/datasheet/").json()
    assert sheet["pseudonymised"] is False and "usernames" in sheet["names"]


def test_the_datasheet_counts_and_keeps_the_definitions(gold, project, manager, run_jobs):
    release = create(manager, project, run_jobs)
    sheet = Api(manager).get(release["datasheet_url"]).json()
    counts = sheet["counts"]
    assert sum(v["articles"] for v in counts["by_split"].values()) == 10
    assert counts["by_label"]["unverified-claim"]["spans"] == 1
    assert counts["by_outlet"]["TASS"]["articles"] == 4
    assert (counts["analysts"], counts["reviewers"]) == (2, 1)
    labels = {label["key"]: label for label in sheet["definitions"]["labels"]}
    assert len(labels["unverified-claim"]["sha256"]) == 64
    assert sheet["agreement"]["documents_with_two_or_more_analysts"] == 1
    assert sheet["agreement"]["labels"]["unverified-claim"]["exact_f1"] == 1.0
    assert sheet["licence"] == "CC BY 4.0 texts"


def test_the_split_is_by_article_seeded_and_stratified_by_outlet():
    articles = [(n, "RT" if n % 2 else "TASS") for n in range(1, 41)]
    fractions = {"train": 0.5, "dev": 0.25, "test": 0.25}
    one = assign(articles, fractions, 42)
    assert one == assign(list(reversed(articles)), fractions, 42)
    assert one != assign(articles, fractions, 43)
    for outlet in ("RT", "TASS"):
        got = [one[n] for n, o in articles if o == outlet]
        assert (got.count("train"), got.count("dev"), got.count("test")) == (10, 5, 5)


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"name": "", "seed": 1, "split": SPLIT}, 400),
        ({"name": "v1", "seed": -1, "split": SPLIT}, 400),
        ({"name": "v1", "seed": 1, "split": {"train": 0.5}}, 400),
        ({"name": "v1", "seed": 1, "split": {"Train!": 1}}, 400),
        ({"name": "v1", "seed": 1, "split": []}, 400),
    ],
)
def test_bad_requests_are_400s(project, manager, data, status):
    response = Api(manager).post(f"/api/v1/projects/{project.pk}/releases/", data)
    assert response.status_code == status, response.json()


def test_who_may_create_read_and_delete(
    gold, project, manager, analyst, site_admin, run_jobs, caplog
):
    url = f"/api/v1/projects/{project.pk}/releases/"
    data = {"name": "v1", "seed": 1, "split": SPLIT}
    assert Api(analyst).post(url, data).status_code == 403
    release = create(manager, project, run_jobs)
    assert Api(manager).post(url, data).status_code == 409  # the name is taken
    assert Api(analyst).get(f"/api/v1/releases/{release['id']}/export/").status_code == 403
    assert [r["name"] for r in Api(manager).get(url).json()["results"]] == ["v1"]
    one = f"/api/v1/releases/{release['id']}/"
    assert Api(manager).patch(one, {"name": "v2"}).status_code == 405
    assert Api(manager).delete(one).status_code == 403
    with caplog.at_level(logging.WARNING, logger="newsannot.releases.services"):
        assert Api(site_admin).delete(one).status_code == 204
    assert "deleted by site admin root" in caplog.text
    assert Api(manager).get(one).status_code == 404


def test_the_parquet_release_loads_into_train_dev_test_of_the_right_sizes(
    gold, project, manager, run_jobs
):
    import pyarrow.parquet as pq

    release = create(manager, project, run_jobs)
    archive = zipfile.ZipFile(io.BytesIO(download(manager, release, "parquet")))
    assert set(archive.namelist()) == {
        "train.parquet",
        "dev.parquet",
        "test.parquet",
        "DATASHEET.md",
    }
    by_split = release["counts"]["by_split"]
    total = 0
    for split in SPLIT:
        table = pq.read_table(io.BytesIO(archive.read(f"{split}.parquet")))
        assert table.num_rows == by_split.get(split, {}).get("articles", 0)
        assert set(table.column("split").to_pylist()) <= {split}
        total += table.num_rows
    assert total == 10
    # 10 articles, 0.6/0.2/0.2 over two outlets of 5 (3/1/1 each).
    assert [by_split[s]["articles"] for s in SPLIT] == [6, 2, 2]
    conll = zipfile.ZipFile(io.BytesIO(download(manager, release, "conll")))
    assert {"train.conll", "dev.conll", "test.conll", "misaligned.tsv"} <= set(conll.namelist())
    docs = sum(conll.read(f"{s}.conll").decode().count("-DOCSTART-") for s in SPLIT)
    assert docs == 10
    if "spacy" in release["files"]:
        from spacy.tokens import DocBin

        archive = zipfile.ZipFile(io.BytesIO(download(manager, release, "spacy")))
        sizes = [len(DocBin().from_bytes(archive.read(f"{s}/0000.spacy"))) for s in SPLIT]
        assert sizes == [6, 2, 2]


def test_the_spacy_release_is_written_in_docbins_of_bounded_size(
    gold, project, manager, run_jobs, monkeypatch
):
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    from newsannot.exporters import spacy_docbin

    monkeypatch.setattr(spacy_docbin, "DOCS_PER_FILE", 4)
    release = create(manager, project, run_jobs)
    archive = zipfile.ZipFile(io.BytesIO(download(manager, release, "spacy")))
    names = sorted(n for n in archive.namelist() if n.endswith(".spacy"))
    assert names == ["dev/0000.spacy", "test/0000.spacy", "train/0000.spacy", "train/0001.spacy"]
    sizes = {n: len(DocBin().from_bytes(archive.read(n))) for n in names}
    assert (sizes["train/0000.spacy"], sizes["train/0001.spacy"]) == (4, 2)
    assert (sizes["dev/0000.spacy"], sizes["test/0000.spacy"]) == (2, 2)
    ids = [
        doc.user_data["id"]
        for n in names
        for doc in DocBin(store_user_data=True)
        .from_bytes(archive.read(n))
        .get_docs(spacy.blank("xx").vocab)
    ]
    assert len(ids) == len(set(ids)) == 10  # every article once
    assert "DATASHEET.md" in archive.namelist()


def _attribution(article, analyst, reviewer, **attributes):
    said = quote_span(article, analyst, "attribution", "Officials 🚀 said", attributes=attributes)
    return span_review(span=said, reviewer=reviewer, decision="approve", version=said.version)


def _approved_relation(article, analyst, reviewer, said):
    claim = Span.objects.get(article=article, annotator=analyst, label__key="unverified-claim")
    relation = relation_create(
        article=article, type="attributes", from_span=said, to_span=claim, annotator=analyst
    )
    return relation_review(
        relation=relation, reviewer=reviewer, decision="approve", version=relation.version
    )


def test_the_datasheet_counts_gold_relations_and_attributes(
    gold, project, analyst, reviewer, manager, run_jobs
):
    said = _attribution(gold, analyst, reviewer, source_type="official-body", quote_type="direct")
    _approved_relation(gold, analyst, reviewer, said)
    release = create(manager, project, run_jobs)
    counts = Api(manager).get(release["datasheet_url"]).json()["counts"]
    assert counts["relations"] == 1
    assert counts["by_relation_type"] == {"attributes": 1}
    assert counts["by_attribute"] == {
        "quote_type": {"direct": 1},
        "source_type": {"official-body": 1},
    }
    sheet_md = zipfile.ZipFile(io.BytesIO(download(manager, release, "brat"))).read("DATASHEET.md")
    assert "| attributes | 1 |" in sheet_md.decode()
    assert "| source_type | official-body | 1 |" in sheet_md.decode()


def test_the_diff_reports_changed_attributes_and_added_or_removed_relations(
    gold, project, analyst, reviewer, manager, run_jobs
):
    said = _attribution(gold, analyst, reviewer, source_type="official-body", quote_type="direct")
    first = create(manager, project, run_jobs)
    said = span_update(
        span=said,
        actor=manager,
        attributes={"source_type": "official-body", "quote_type": "indirect"},
        version=said.version,
    )
    assert said.status == "approved"  # a manager's edit keeps the decision
    _approved_relation(gold, analyst, reviewer, said)
    second = create(manager, project, run_jobs, name="v2")
    api = Api(manager)
    diff = api.get(f"/api/v1/releases/{first['id']}/diff/{second['id']}/").json()
    (changed,) = diff["spans"]["changed"]
    assert changed["quote"] == "Officials 🚀 said"
    assert changed["before"]["attributes"]["quote_type"] == "direct"
    assert changed["after"]["attributes"]["quote_type"] == "indirect"
    (added,) = diff["relations"]["added"]
    assert (added["article"], added["type"]) == (gold.pk, "attributes")
    assert (added["from"]["quote"], added["to"]["quote"]) == ("Officials 🚀 said", CLAIM)
    assert diff["relations"]["removed"] == []
    back = api.get(f"/api/v1/releases/{second['id']}/diff/{first['id']}/").json()
    assert back["relations"]["removed"] == [added] and back["relations"]["added"] == []
    page = client_for(manager).get(
        reverse("release-diff", args=[first["id"]]), {"to": second["id"]}
    )
    text = page.content.decode()
    assert "1 added, 0 removed." in text
    assert "quote_type=direct, source_type=official-body → " in text
