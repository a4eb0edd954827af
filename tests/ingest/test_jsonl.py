from __future__ import annotations

import json

import pytest

from newsannot.annotations.models import Action, Origin, Span, SpanHistory, Status
from newsannot.corpus.models import Article
from newsannot.ingest.jsonl import ImportFailed, NothingToImport, import_jsonl
from newsannot.lib.errors import Forbidden


def lines(*records) -> list[bytes]:
    return [(json.dumps(r) if not isinstance(r, str) else r).encode() + b"\n" for r in records]


def art(text="Officials said the strikes hit only militant targets.", **extra):
    return {"title": "A title", "text": text, **extra}


def test_it_imports_articles_and_their_spans(project, manager):
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
        actor=manager,
    )
    assert (report.created, report.spans, report.duplicates) == (2, 1, [])
    span = Span.objects.get()
    assert span.quote == "the strikes"
    assert (span.origin, span.status, span.annotator, span.note) == (
        Origin.IMPORTED,
        Status.PENDING,
        manager,
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


def test_it_remaps_span_offsets_through_normalisation(project, manager):
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
        actor=manager,
    )
    span = Span.objects.get()
    assert span.article.text == "Line one.\nSource: RT\n"
    assert (span.start, span.end, span.quote) == (10, 20, "Source: RT")


def test_any_bad_line_stores_nothing_and_lists_every_error_with_its_line(project, manager):
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
                "null",
                art("Quote", spans=[{"start": 0, "end": 2, "label": "attribution", "quote": "zz"}]),
                art("Dated", published_at="yesterday"),
            ),
            actor=manager,
        )
    errors = failed.value.errors
    assert [e["line"] for e in errors] == [2, 3, 4, 5, 6, 7, 8, 9]
    assert "not valid JSON" in errors[0]["detail"]
    assert "Unknown label 'nope'" in errors[1]["detail"]
    assert "start (3) must be less than end (1)" in errors[2]["detail"]
    assert "needs a title" in errors[3]["detail"]
    assert "JSON object" in errors[4]["detail"]
    assert "JSON object" in errors[5]["detail"]  # null is not a blank line
    assert "quote does not match" in errors[6]["detail"]
    assert "YYYY-MM-DD" in errors[7]["detail"]
    assert Article.objects.count() == 0


def test_an_error_after_a_written_batch_rolls_everything_back(project, manager, monkeypatch):
    monkeypatch.setattr("newsannot.ingest.jsonl.BATCH", 2)
    records = [
        art(f"Text number {n}.", spans=[{"start": 0, "end": 4, "label": "attribution"}])
        for n in range(5)
    ]
    with pytest.raises(ImportFailed) as failed:
        import_jsonl(project=project, lines=lines(*records, "oops"), actor=manager)
    assert failed.value.errors[0]["line"] == 6
    assert Article.objects.count() == Span.objects.count() == SpanHistory.objects.count() == 0


def test_a_dry_run_validates_but_stores_nothing(project, manager):
    report = import_jsonl(
        project=project,
        lines=lines(art(spans=[{"start": 0, "end": 9, "label": "attribution"}])),
        actor=manager,
        dry_run=True,
    )
    assert (report.created, report.spans) == (1, 1)
    assert Article.objects.count() == 0


def test_duplicates_in_the_project_or_the_file_are_reported_not_stored(article, manager):
    report = import_jsonl(
        project=article.project,
        lines=lines(art(article.text.replace("\n", "\r\n")), art("New."), art("New.")),
        actor=manager,
    )
    assert report.created == 1
    assert report.duplicates == [
        {"line": 3, "title": "A title", "duplicate_of_line": 2},
        {"line": 1, "title": "A title", "article": article.pk},
    ]
    assert Article.objects.count() == 2


def test_an_external_id_used_twice_is_an_error(article, manager):
    with pytest.raises(ImportFailed) as failed:
        import_jsonl(
            project=article.project,
            lines=lines(
                art("One.", external_id="t-1"),
                art("Two.", external_id="z"),
                art("Three.", external_id="z"),
            ),
            actor=manager,
        )
    assert [e["line"] for e in failed.value.errors] == [3, 1]


def test_only_managers_import_and_their_decided_spans_keep_their_status(
    project, analyst, reviewer, manager
):
    record = art(spans=[{"start": 0, "end": 9, "label": "attribution", "status": "approved"}])
    for refused in (analyst, reviewer):
        with pytest.raises(Forbidden, match="Only managers of this project can add or import"):
            import_jsonl(project=project, lines=lines(record), actor=refused)
    import_jsonl(project=project, lines=lines(record), actor=manager)
    span = Span.objects.get()
    assert (span.status, span.reviewer) == (Status.APPROVED, manager)


def test_a_span_listed_twice_exactly_is_stored_once_and_reported_with_its_line(project, manager):
    # As in the SemEval-2020 Task 11 gold file: the same span, twice, nothing else differing.
    twice = {"start": 0, "end": 9, "label": "attribution", "note": "n"}
    other = {"start": 10, "end": 14, "label": "attribution"}
    report = import_jsonl(
        project=project,
        lines=lines(
            art("Another article."), art(spans=[twice, other, {**twice, "quote": "Officials"}])
        ),
        actor=manager,
    )
    assert report.spans == 2
    assert [(m["line"], m["span"]) for m in report.merged_spans] == [(2, 3)]
    assert (
        "'attribution' span at [0, 9) is listed again as span 3 (first as span 1)"
        in (report.merged_spans[0]["detail"])
    )
    assert Span.objects.count() == SpanHistory.objects.count() == 2
    assert Span.objects.get(start=0).note == "n"


def test_a_repeat_over_a_carriage_return_is_the_same_stored_span(project, manager):
    # [0, 2) and [0, 3) over "ab\r\ncd" both become [0, 2) of "ab\ncd": one span, merged.
    spans = [{"start": 0, "end": 2, "label": "attribution"}]
    spans.append({"start": 0, "end": 3, "label": "attribution"})
    report = import_jsonl(project=project, lines=lines(art("ab\r\ncd", spans=spans)), actor=manager)
    assert (report.spans, len(report.merged_spans)) == (1, 1)


@pytest.mark.parametrize(
    ("change", "differs"), [({"note": "other"}, "note"), ({"status": "approved"}, "status")]
)
def test_a_span_listed_twice_with_a_different_note_or_status_is_an_error(
    project, manager, change, differs
):
    first = {"start": 0, "end": 9, "label": "attribution"}
    with pytest.raises(ImportFailed, match="1 error") as failed:
        import_jsonl(
            project=project, lines=lines(art(spans=[first, {**first, **change}])), actor=manager
        )
    detail = failed.value.errors[0]["detail"]
    assert "span 2: a 'attribution' span at [0, 9) is listed twice (first as span 1)" in detail
    assert f"with a different {differs}" in detail
    assert not Span.objects.exists()


def test_merged_spans_of_an_article_already_in_the_project_are_not_reported(article, manager):
    twice = {"start": 0, "end": 9, "label": "attribution"}
    report = import_jsonl(
        project=article.project, lines=lines(art(article.text, spans=[twice, twice])), actor=manager
    )
    assert (report.created, report.merged_spans, len(report.duplicates)) == (0, [], 1)


def test_outsiders_cannot_import(project, outsider):
    with pytest.raises(Forbidden):
        import_jsonl(project=project, lines=lines(art()), actor=outsider)


def test_blank_lines_are_skipped(project, manager):
    report = import_jsonl(project=project, lines=[b"\n", *lines(art()), b"  \n"], actor=manager)
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
    monkeypatch.setattr("newsannot.ingest.jsonl.BATCH", 2)
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


def test_strings_a_database_cannot_store_are_line_errors_not_server_errors(project, manager):
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
        import_jsonl(project=project, lines=lines(*records), actor=manager)
    errors = {e["line"]: e["detail"] for e in failed.value.errors}
    assert set(errors) == {1, 2, 3, 4}
    assert "title contains a NUL character" in errors[1]
    assert "text contains an unpaired surrogate" in errors[2]
    assert "note contains an unpaired surrogate" in errors[3]
    assert "too deeply" in errors[4]
    assert Article.objects.count() == 0

    report = import_jsonl(project=project, lines=lines(records[-1]), actor=manager)
    assert report.created == 1
    assert Article.objects.get().text == "Beforeafter."


@pytest.mark.parametrize(
    ("span", "message"),
    [
        ({"label": ["a"]}, "span 1: label must be a label's key, not ['a']."),
        ({"label": {"key": "attribution"}}, "span 1: label must be a label's key, not {'key': "),
        ({"label": None}, "span 1: label must be a label's key, not None."),
        ({"label": "attribution", "status": ["approved"]}, "span 1: Unknown status ['approved']"),
        ({"label": "attribution", "status": {"a": 1}}, "span 1: Unknown status {'a': 1}"),
        ({"label": "attribution", "status": 0}, "span 1: Unknown status 0"),
        ({"label": "attribution", "note": ["x"]}, "span 1: note must be a string, not ['x']."),
        ({"label": "attribution", "quote": 5}, "span 1: quote must be the text the span covers."),
    ],
)
def test_a_label_status_or_note_of_the_wrong_type_is_a_line_error(project, manager, span, message):
    line = art(spans=[{"start": 0, "end": 9, **span}])
    with pytest.raises(ImportFailed) as failed:
        import_jsonl(project=project, lines=lines(line), actor=manager)
    assert failed.value.errors[0]["line"] == 1
    assert message in failed.value.errors[0]["detail"]


def test_an_offset_of_more_than_4300_digits_is_a_line_error(project, manager):
    line = '{"title": "T", "text": "Some text.", "spans": [{"start": 0, "end": ' + "9" * 5000
    line += ', "label": "attribution"}]}'
    with pytest.raises(ImportFailed) as failed:
        import_jsonl(project=project, lines=lines(line, art()), actor=manager)
    assert failed.value.errors == [
        {
            "line": 1,
            "detail": "The line holds a number with more than 4,300 digits; no field takes one.",
        }
    ]


def test_a_huge_offset_within_the_limit_is_named_shortly(project, manager):
    line = art(spans=[{"start": 0, "end": 10**4000, "label": "attribution"}])
    with pytest.raises(ImportFailed) as failed:
        import_jsonl(project=project, lines=lines(line), actor=manager)
    detail = failed.value.errors[0]["detail"]
    assert "is past the end of the text" in detail and len(detail) < 200


def test_unknown_field_names_are_quoted_escaped_even_lone_surrogates(project, manager):
    records = [
        '{"title": "T", "text": "Some text.", "\\ud800": 1, "zz": 2}',
        '{"title": "T", "text": "Other text.", "spans": [{"start": 0, "end": 4, '
        '"label": "attribution", "\\udfff x": 1}]}',
        art("Third text.", **{f"extra{n}": n for n in range(8)}),
    ]
    with pytest.raises(ImportFailed) as failed:
        import_jsonl(project=project, lines=lines(*records), actor=manager)
    details = [e["detail"] for e in failed.value.errors]
    assert details[0] == "Unknown field(s): 'zz', '\\ud800'."
    assert details[1] == "span 1: Unknown field(s): '\\udfff x'."
    assert details[2] == (
        "Unknown field(s): 'extra0', 'extra1', 'extra2', 'extra3', 'extra4' and 3 more."
    )
    for detail in details:
        detail.encode("utf-8")  # no unpaired surrogate: every answer can carry it


def test_an_import_refuses_an_address_article_create_refuses(project, manager):
    with pytest.raises(ImportFailed) as failed:
        import_jsonl(
            project=project,
            lines=lines(
                art("One.", url="javascript:alert(1)"),
                art("Two.", url="https://example.org/" + "a" * 2000),
                art("Three.", outlet="o" * 201),
                art("Four.", external_id=["x"]),
                art("Five.", url="https://example.org/ok"),
            ),
            actor=manager,
        )
    assert [e["detail"] for e in failed.value.errors] == [
        "url must be a web address starting with http:// or https://, not 'javascript:alert(1)'.",
        "url is longer than 2000 characters (2,020).",
        "outlet is longer than 200 characters (201).",
        "external_id must be a string, not ['x'].",
    ]


@pytest.mark.parametrize("body", [[], [b"\n", b"   \n", b"\r\n"]])
def test_an_import_with_no_article_is_refused(project, manager, body):
    with pytest.raises(NothingToImport, match="Nothing to import"):
        import_jsonl(project=project, lines=body, actor=manager)
    with pytest.raises(NothingToImport):
        import_jsonl(project=project, lines=body, actor=manager, dry_run=True)


def test_progress_is_told_the_lines_done_after_each_batch_and_at_the_end(
    project, manager, monkeypatch
):
    monkeypatch.setattr("newsannot.ingest.jsonl.BATCH", 2)
    done: list[int] = []
    records = [art(f"Text number {n}.") for n in range(5)]
    import_jsonl(
        project=project, lines=[*lines(*records), b"\n"], actor=manager, progress=done.append
    )
    assert done == [2, 4, 6]
    assert Article.objects.count() == 5
