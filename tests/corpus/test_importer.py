from __future__ import annotations

import json

import pytest

from newsannot.annotations.models import Action, Origin, Span, SpanHistory, Status
from newsannot.corpus.importer import ImportFailed, import_jsonl
from newsannot.corpus.models import Article
from newsannot.lib.errors import Forbidden


def lines(*records) -> list[bytes]:
    return [(json.dumps(r) if not isinstance(r, str) else r).encode() + b"\n" for r in records]


def art(text="Officials said the strikes hit only militant targets.", **extra):
    return {"title": "A title", "text": text, **extra}


def test_it_imports_articles_and_their_spans(project, analyst):
    text = "Officials 🚀 said the strikes hit targets."
    start = text.index("the strikes")
    report = import_jsonl(
        project=project,
        lines=lines(
            art(
                text,
                outlet="RT",
                published_at="2024-03-01",
                external_id="x-1",
                spans=[{"start": start, "end": start + 11, "label": "attribution", "note": "n"}],
            ),
            art("Another text."),
        ),
        actor=analyst,
    )
    assert (report.created, report.spans, report.duplicates) == (2, 1, [])
    span = Span.objects.get()
    assert span.quote == "the strikes"
    assert (span.origin, span.status, span.annotator, span.note) == (
        Origin.IMPORTED,
        Status.PENDING,
        analyst,
        "n",
    )
    article = span.article
    assert (article.outlet, str(article.published_at), article.external_id) == (
        "RT",
        "2024-03-01",
        "x-1",
    )
    history = SpanHistory.objects.get()
    assert (history.span_id, history.action, history.after["quote"]) == (
        span.pk,
        Action.CREATE,
        "the strikes",
    )


def test_it_remaps_span_offsets_through_normalisation(project, analyst):
    raw = "Line one.\r\nSource: RT\r\n"
    start = raw.index("Source: RT")
    import_jsonl(
        project=project,
        lines=lines(
            art(
                raw,
                spans=[
                    {
                        "start": start,
                        "end": start + 10,
                        "label": "attribution",
                        "quote": "Source: RT",
                    }
                ],
            )
        ),
        actor=analyst,
    )
    span = Span.objects.get()
    assert span.article.text == "Line one.\nSource: RT\n"
    assert (span.start, span.end, span.quote) == (10, 20, "Source: RT")


def test_any_bad_line_stores_nothing_and_lists_every_error_with_its_line(project, analyst):
    with pytest.raises(ImportFailed) as failed:
        import_jsonl(
            project=project,
            lines=lines(
                art("Fine article."),
                "{not json",
                art("Text", spans=[{"start": 0, "end": 2, "label": "nope"}]),
                art("Other", spans=[{"start": 3, "end": 1, "label": "attribution"}]),
                {"title": "", "text": "x"},
                [1, 2],
                art("Quote", spans=[{"start": 0, "end": 2, "label": "attribution", "quote": "zz"}]),
                art("Dated", published_at="yesterday"),
            ),
            actor=analyst,
        )
    errors = failed.value.errors
    assert [e["line"] for e in errors] == [2, 3, 4, 5, 6, 7, 8]
    assert "not valid JSON" in errors[0]["detail"]
    assert "unknown label 'nope'" in errors[1]["detail"]
    assert "start (3) must be less than end (1)" in errors[2]["detail"]
    assert "needs a title" in errors[3]["detail"]
    assert "JSON object" in errors[4]["detail"]
    assert "quote does not match" in errors[5]["detail"]
    assert "YYYY-MM-DD" in errors[6]["detail"]
    assert Article.objects.count() == 0


def test_an_error_after_a_written_batch_rolls_everything_back(project, analyst, monkeypatch):
    monkeypatch.setattr("newsannot.corpus.importer.BATCH", 2)
    records = [
        art(f"Text number {n}.", spans=[{"start": 0, "end": 4, "label": "attribution"}])
        for n in range(5)
    ]
    with pytest.raises(ImportFailed) as failed:
        import_jsonl(project=project, lines=lines(*records, "oops"), actor=analyst)
    assert failed.value.errors[0]["line"] == 6
    assert Article.objects.count() == Span.objects.count() == SpanHistory.objects.count() == 0


def test_a_dry_run_validates_but_stores_nothing(project, analyst):
    report = import_jsonl(
        project=project,
        lines=lines(art(spans=[{"start": 0, "end": 9, "label": "attribution"}])),
        actor=analyst,
        dry_run=True,
    )
    assert (report.created, report.spans) == (1, 1)
    assert Article.objects.count() == 0


def test_duplicates_in_the_project_or_the_file_are_reported_not_stored(article, analyst):
    report = import_jsonl(
        project=article.project,
        lines=lines(art(article.text.replace("\n", "\r\n")), art("New."), art("New.")),
        actor=analyst,
    )
    assert report.created == 1
    assert report.duplicates == [
        {"line": 3, "title": "A title", "duplicate_of_line": 2},
        {"line": 1, "title": "A title", "article": article.pk},
    ]
    assert Article.objects.count() == 2


def test_an_external_id_used_twice_is_an_error(article, analyst):
    with pytest.raises(ImportFailed) as failed:
        import_jsonl(
            project=article.project,
            lines=lines(
                art("One.", external_id="t-1"),
                art("Two.", external_id="z"),
                art("Three.", external_id="z"),
            ),
            actor=analyst,
        )
    assert [e["line"] for e in failed.value.errors] == [3, 1]


def test_only_managers_import_decided_spans(project, analyst, manager):
    record = art(spans=[{"start": 0, "end": 9, "label": "attribution", "status": "approved"}])
    with pytest.raises(ImportFailed, match="1 error") as failed:
        import_jsonl(project=project, lines=lines(record), actor=analyst)
    assert "only managers" in failed.value.errors[0]["detail"]
    import_jsonl(project=project, lines=lines(record), actor=manager)
    span = Span.objects.get()
    assert (span.status, span.reviewer) == (Status.APPROVED, manager)


def test_a_span_listed_twice_is_an_error(project, analyst):
    twice = {"start": 0, "end": 9, "label": "attribution"}
    with pytest.raises(ImportFailed, match="1 error") as failed:
        import_jsonl(project=project, lines=lines(art(spans=[twice, twice])), actor=analyst)
    assert "listed twice" in failed.value.errors[0]["detail"]


def test_outsiders_cannot_import(project, outsider):
    with pytest.raises(Forbidden):
        import_jsonl(project=project, lines=lines(art()), actor=outsider)


def test_blank_lines_are_skipped(project, analyst):
    report = import_jsonl(project=project, lines=[b"\n", *lines(art()), b"  \n"], actor=analyst)
    assert report.created == 1


def test_an_imported_spans_history_row_is_the_snapshot_of_the_stored_span(project, manager):
    from newsannot.annotations.services import snapshot

    text = "Officials said the strikes hit only militant targets."
    spans = [
        {"start": 0, "end": 14, "label": "attribution", "note": "n"},
        {"start": 15, "end": 52, "label": "unverified-claim", "status": "approved"},
    ]
    import_jsonl(project=project, lines=lines(art(text, spans=spans)), actor=manager)
    for span in Span.objects.select_related("label", "reviewer"):
        row = SpanHistory.objects.get(span_id=span.pk)
        assert (row.action, row.before) == (Action.CREATE, None)
        assert row.after == snapshot(span)


def test_over_several_batches_each_span_gets_one_history_row_of_its_own(
    project, manager, monkeypatch
):
    monkeypatch.setattr("newsannot.corpus.importer.BATCH", 2)
    records = [
        art(
            f"Text number {n} is here.",
            spans=[
                {"start": 0, "end": 4, "label": "attribution"},
                {"start": 5, "end": 11, "label": "unverified-claim", "status": "approved"},
            ],
        )
        for n in range(5)
    ]
    report = import_jsonl(project=project, lines=lines(*records), actor=manager)
    assert report.spans == 10
    history = {h.span_id: h for h in SpanHistory.objects.all()}
    spans = list(Span.objects.select_related("label", "reviewer"))
    assert len(spans) == len(history) == 10
    for span in spans:
        row = history[span.pk]
        assert (row.article_id, row.project_id, row.actor_id) == (
            span.article_id,
            project.pk,
            manager.pk,
        )
        assert row.after["quote"] == span.quote
        assert row.after["reviewer"] == ("mona" if span.status == Status.APPROVED else None)


def test_strings_a_database_cannot_store_are_line_errors_not_server_errors(project, analyst):
    text = "Officials said the strikes hit only militant targets."
    records = [
        '{"title": "NUL \\u0000 here", "text": "' + text + '"}',
        '{"title": "Lone surrogate", "text": "half an emoji \\ud83d alone"}',
        '{"title": "A note", "text": "' + text + '", "spans": [{"start": 0, "end": 9, '
        '"label": "attribution", "note": "\\udc00"}]}',
        "[" * 100_000 + "]" * 100_000,
        # A NUL in the text is a control character: normalising removes it, as on any import.
        '{"title": "Text with NUL", "text": "Before\\u0000after."}',
    ]
    with pytest.raises(ImportFailed) as failed:
        import_jsonl(project=project, lines=lines(*records), actor=analyst)
    errors = {e["line"]: e["detail"] for e in failed.value.errors}
    assert set(errors) == {1, 2, 3, 4}
    assert "title contains a NUL character" in errors[1]
    assert "text contains an unpaired surrogate" in errors[2]
    assert "note contains an unpaired surrogate" in errors[3]
    assert "too deeply" in errors[4]
    assert Article.objects.count() == 0

    report = import_jsonl(project=project, lines=lines(records[-1]), actor=analyst)
    assert report.created == 1
    assert Article.objects.get().text == "Beforeafter."
