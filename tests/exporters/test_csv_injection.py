"""A cell that a spreadsheet would run as a formula is neutralised in `csv`, and only there."""

from __future__ import annotations

import csv
import io
import json
import re

from newsannot.annotations.services import span_review
from newsannot.corpus.services import article_create, membership_set
from newsannot.lib.spreadsheet import unescape_cell
from newsannot.outlets.services import outlet_save
from tests.conftest import make_user, quote_span
from tests.exporters.conftest import export_bytes

FORMULA = re.compile(r"[=+\-@\t\r]")
TEXT = (
    '=HYPERLINK("http://formula-test-news.com","click") said\n'
    "+cmd|calc\n-1+1 and @SUM(A1)\n\tTabbed\n"
)


def _hostile_corpus(project, manager, reviewer):
    annotator = make_user("+mallory")  # usernames may start with + - @
    membership_set(project=project, user=annotator, role="analyst")
    outlet_save(name="=Evil Outlet", country="@Nowhere", domains="formula-test-news.com")
    article = article_create(
        project=project,
        title="=cmd title",
        text=TEXT,
        url="https://formula-test-news.com/a",
        external_id="-ext1",
        created_by=manager,
    ).article
    quotes = ['=HYPERLINK("http://formula-test-news.com","click")', "+cmd|calc", "-1+1", "@SUM(A1)"]
    spans = [
        quote_span(article, annotator, "unverified-claim", q, note=n)
        for q, n in zip(quotes, ["=1+1", "'=already", "plain", "'quoted'"], strict=True)
    ]
    tabbed = quote_span(article, annotator, "attribution", "\tTabbed", note="\rnote")
    for span in [*spans, tabbed]:
        span_review(span=span, reviewer=reviewer, decision="approve", version=span.version)
    return [*spans, tabbed]


def test_no_csv_cell_starts_a_formula_and_every_cell_can_be_restored(project, manager, reviewer):
    spans = _hostile_corpus(project, manager, reviewer)
    rows = list(csv.reader(io.StringIO(export_bytes(project, "csv").decode("utf-8"), newline="")))
    header, body = rows[0], rows[1:]
    assert len(body) == len(spans)
    for row in body:
        for cell in row:
            assert not FORMULA.match(cell), cell
    restored = [dict(zip(header, map(unescape_cell, row), strict=True)) for row in body]
    by_start = {s.start: s for s in spans}
    for row in restored:
        span = by_start[int(row["start"])]
        assert (row["quote"], row["note"]) == (span.quote, span.note)
        assert (row["external_id"], row["annotator"]) == ("-ext1", "+mallory")
        assert (row["article_outlet"], row["article_outlet_country"]) == (
            "=Evil Outlet",
            "@Nowhere",
        )
    # A value that starts with an apostrophe but runs nothing is written as it is.
    assert "'quoted'" in {row[header.index("note")] for row in body}
    assert "''=already" in {row[header.index("note")] for row in body}


def test_other_formats_stay_exact(project, manager, reviewer):
    spans = _hostile_corpus(project, manager, reviewer)
    line = json.loads(export_bytes(project, "jsonl", layer="annotations").splitlines()[0])
    assert line["external_id"] == "-ext1" and line["title"] == "=cmd title"
    assert {s["quote"] for s in line["spans"]} == {s.quote for s in spans}
    assert "'=already" in {s["note"] for s in line["spans"]}
