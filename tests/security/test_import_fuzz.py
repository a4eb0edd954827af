"""Fuzzing the import: raw texts full of astral characters, CRLF and control characters, with
random spans over the raw text, go normalise → import → export (jsonl) → import into a new
project, and every span stays on its characters."""

from __future__ import annotations

import json
from itertools import count

import pytest
from django.db import transaction
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from newsannot.corpus.services import project_create
from newsannot.exporters import jsonl
from newsannot.exporters.source import articles_with_spans
from newsannot.ingest.jsonl import import_jsonl
from newsannot.lib.text import normalise

LABELS = ["attribution", "unverified-claim", "state-media-source"]
PIECES = st.sampled_from(
    [
        "a",
        "Z",
        " ",
        "said",
        "\n",
        "\r",
        "\r\n",
        "\r\n\r\n",
        "\t",
        "\x00",
        "\x07",
        "\x1b",
        "\x7f",
        "\x85",
        "\x9f",
        "\u0301",
        "外交部",
        "🚀",
        "👍🏽",
        "𝕏",
        "\U0010fffd",
        "\u2028",
        "\ufeff",
        "é",
        '"',
        "\\",
    ]
)
RAW_TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=4)), min_size=1, max_size=50).map("".join)
names = count()


@st.composite
def article_with_spans(draw):
    raw = draw(RAW_TEXTS)
    normalised = normalise(raw)
    assume(normalised.text.strip())
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, len(raw)), st.integers(0, len(raw)), st.sampled_from(LABELS)),
            max_size=8,
        )
    )
    spans, keys = [], set()
    for a, b, label in pairs:
        start, end = min(a, b), max(a, b)
        mapped = (label, normalised.map_offset(start), normalised.map_offset(end))
        # A span over removed characters only, or the same span twice, is refused with a line
        # number (tested in tests/corpus); here every span must go through.
        if mapped[1] >= mapped[2] or mapped in keys:
            continue
        keys.add(mapped)
        spans.append({"start": start, "end": end, "label": label, "quote": raw[start:end]})
    return raw, spans


def _export(project) -> list[dict]:
    chunks = jsonl.write(articles_with_spans(project, status="all"))
    return [json.loads(line) for line in b"".join(chunks).splitlines()]


def _spans(exported: dict) -> list[tuple]:
    return sorted((s["label"], s["start"], s["end"], s["quote"]) for s in exported["spans"])


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=article_with_spans())
def test_spans_stay_on_their_characters_through_import_export_and_reimport(site_admin, case):
    raw, spans = case
    normalised = normalise(raw)
    with transaction.atomic():
        first = project_create(name=f"fuzz {next(names)}")
        line = json.dumps({"title": "Fuzzed", "text": raw, "spans": spans}).encode()
        report = import_jsonl(project=first, lines=[line], actor=site_admin)
        assert report.created == 1 and report.spans == len(spans)

        [exported] = _export(first)
        assert exported["text"] == normalised.text
        expected = sorted(
            (
                s["label"],
                normalised.map_offset(s["start"]),
                normalised.map_offset(s["end"]),
                normalised.text[
                    normalised.map_offset(s["start"]) : normalised.map_offset(s["end"])
                ],
            )
            for s in spans
        )
        assert _spans(exported) == expected
        for s in spans:
            stored = normalised.text[
                normalised.map_offset(s["start"]) : normalised.map_offset(s["end"])
            ]
            # The quote is the raw quote, normalised (a CR is dropped or becomes LF at the edges).
            assert stored.replace("\n", "") == normalise(s["quote"]).text.replace("\n", "")

        second = project_create(name=f"fuzz {next(names)}")
        again = json.dumps(exported, ensure_ascii=False).encode()
        report = import_jsonl(project=second, lines=[again], actor=site_admin)
        assert report.created == 1 and report.spans == len(spans)
        [reexported] = _export(second)
        assert reexported["text"] == exported["text"]
        assert _spans(reexported) == _spans(exported)
        for _label, start, end, quote in _spans(reexported):
            assert reexported["text"][start:end] == quote
        transaction.set_rollback(True)
