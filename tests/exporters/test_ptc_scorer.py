"""The SemEval-2020 Task 11 scorer's measure, run on our `ptc` export against the gold it came
from, gives F1 = 1 (the task's scorer merges overlapping spans of one label, then credits
|s ∩ t| / |s| and / |t|; newsannot/review/agreement.py implements exactly that)."""

from __future__ import annotations

import io
import json
import zipfile

from newsannot.annotations.models import Span
from newsannot.corpus.models import Article
from newsannot.review.agreement import exact_scores, partial_scores
from tests.exporters.conftest import export_bytes


def read_ptc(data: bytes) -> tuple[dict[str, str], list[tuple[str, str, int, int]]]:
    """An independent reader of the layout: article files and `ID<TAB>label<TAB>start<TAB>end`."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    texts = {
        name.removeprefix("articles/article").removesuffix(".txt"): archive.read(name).decode()
        for name in archive.namelist()
        if name.startswith("articles/")
    }
    labels = []
    for row in archive.read("labels.tsv").decode().splitlines():
        doc, label, start, end = row.split("\t")
        labels.append((doc, label, int(start), int(end)))
    return texts, labels


def test_the_task_scorer_gives_our_ptc_export_f1_1_against_its_gold(corpus, project):
    data = export_bytes(project, "ptc")
    texts, predicted = read_ptc(data)
    manifest = zipfile.ZipFile(io.BytesIO(data)).read("articles.jsonl").splitlines()
    doc_of = {row["article_id"]: row["ptc_id"] for row in map(json.loads, manifest)}
    assert set(doc_of) == set(Article.objects.filter(project=project).values_list("pk", flat=True))
    gold = [
        (doc_of[s.article_id], s.label.key, s.start, s.end)
        for s in Span.objects.filter(project=project, status="approved").select_related("label")
    ]
    assert gold, "the corpus has approved spans"
    partial = partial_scores(gold, predicted)
    assert (partial.precision, partial.recall, partial.f1) == (1.0, 1.0, 1.0)
    assert exact_scores(gold, predicted).f1 == 1.0
    # And the offsets index the exported texts exactly (code points, the stored text).
    for doc, _label, start, end in predicted:
        assert texts[doc][start:end] == next(
            s.quote
            for s in Span.objects.filter(project=project, status="approved", start=start, end=end)
        )


def test_the_scorer_would_notice_a_shifted_span(corpus, project):
    _texts, predicted = read_ptc(export_bytes(project, "ptc"))
    gold = [(d, lab, s, e) for d, lab, s, e in predicted]
    doc, label, start, end = predicted[0]
    shifted = [(doc, label, start + 1, end + 1), *predicted[1:]]
    assert partial_scores(gold, shifted).f1 < 1.0
