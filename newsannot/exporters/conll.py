"""CoNLL-style BIO columns, zipped: `corpus.conll` and `misaligned.tsv`.

Each article starts with a `-DOCSTART-` line, then its tokens one per line, a blank line after
each line of the text:

    token<TAB>start<TAB>end<TAB>tag for label 1<TAB>tag for label 2 ...

Our labels overlap (a claim inside an attribution), so one column cannot hold them: there is a
tag column per label, in the order `labels.txt` in the zip lists them (the project's label keys,
sorted), each B-key / I-key / O. start and end are the token's code-point offsets in the text.

Tokeniser: a regular expression, `\\w+|[^\\w\\s]` (Python's Unicode `re`): runs of letters,
digits and underscores, and every other non-space character alone. Linear in the text.

A span whose start or end falls inside a token is tagged on every token it overlaps, and it is
listed in `misaligned.tsv` (article, label, start, end, quote, the token and its offsets): the
boundary is reported, never silently moved. Articles come in id order (the other formats'
order), so the n-th -DOCSTART- is the n-th line of the jsonl export.

A release's conll zip holds `{split}.conll` for each split instead of corpus.conll.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from newsannot.exporters.source import ArticleSource, Names
from newsannot.exporters.zipstream import ZipStream

NAME = "conll"
CONTENT_TYPE = "application/zip"
EXTENSION = "zip"
TOKEN = re.compile(r"\w+|[^\w\s]")
MISALIGNED_HEADER = "article_id\tlabel\tstart\tend\tquote\ttoken\ttoken_start\ttoken_end\n"


def _clean(value: str) -> str:
    return re.sub(r"[\t\r\n]+", " ", value)


def article_lines(
    article: dict[str, Any], labels: list[str], misaligned: list[str]
) -> Iterator[str]:
    text = article["text"]
    tokens = [(m.start(), m.end()) for m in TOKEN.finditer(text)]
    starts = [t[0] for t in tokens]
    ends = [t[1] for t in tokens]
    column = {key: n for n, key in enumerate(labels)}
    tags = [["O"] * len(labels) for _ in tokens]
    for s in article["spans"]:
        col = column.get(s["label"])
        if col is None:
            continue
        # Tokens overlapping [start, end): those ending after start and starting before end.
        first = bisect_right(ends, s["start"])
        last = bisect_left(starts, s["end"])
        for i in range(first, last):
            tags[i][col] = ("B-" if i == first else "I-") + s["label"]
        for edge in (s["start"], s["end"]):
            i = bisect_right(starts, edge) - 1
            if 0 <= i < len(tokens) and tokens[i][0] < edge < tokens[i][1]:
                a, b = tokens[i]
                misaligned.append(
                    f"{article['id']}\t{s['label']}\t{s['start']}\t{s['end']}\t"
                    f"{_clean(s['quote'])}\t{_clean(text[a:b])}\t{a}\t{b}\n"
                )
    yield "\t".join(["-DOCSTART-", "-1", "-1", *(["O"] * len(labels))]) + "\n\n"
    line_breaks = [m.start() for m in re.finditer("\n", text)]
    previous_line = 0
    for (a, b), row in zip(tokens, tags, strict=True):
        line = bisect_left(line_breaks, a)
        if line != previous_line:
            yield "\n"  # a blank line where the text's line changes: one "sentence" a line
            previous_line = line
        yield "\t".join([text[a:b], str(a), str(b), *row]) + "\n"
    yield "\n"


def _labels(articles: Iterable[dict[str, Any]]) -> list[str]:
    if isinstance(articles, ArticleSource):
        return sorted(set(Names(articles.project_id).labels.values()))
    raise ValueError("conll needs the label set: pass labels= for articles read from a file")


def _file(articles: Iterable[dict[str, Any]], labels: list[str], misaligned: list[str]):
    buffer: list[str] = []
    size = 0
    for article in articles:
        for line in article_lines(article, labels, misaligned):
            buffer.append(line)
            size += len(line)
        if size > 256 * 1024:
            yield "".join(buffer).encode("utf-8")
            buffer, size = [], 0
    yield "".join(buffer).encode("utf-8")


def write(articles: Iterable[dict[str, Any]], labels: list[str] | None = None) -> Iterator[bytes]:
    labels = labels if labels is not None else _labels(articles)
    archive = ZipStream()
    misaligned: list[str] = []
    yield archive.add("labels.txt", "".join(f"{key}\n" for key in labels).encode("utf-8"))
    yield from archive.add_chunks("corpus.conll", _file(articles, labels, misaligned))
    body = MISALIGNED_HEADER + "".join(misaligned)
    yield archive.add("misaligned.tsv", body.encode("utf-8"))
    yield archive.close()


def write_release(
    rows: Callable[[], Iterable[dict[str, Any]]],
    splits: list[str],
    labels: list[str],
    extra: dict[str, bytes],
) -> Iterator[bytes]:
    """A release's zip: `{split}.conll` for each split, labels.txt, misaligned.tsv, extras."""
    archive = ZipStream()
    misaligned: list[str] = []
    yield archive.add("labels.txt", "".join(f"{key}\n" for key in labels).encode("utf-8"))
    for split in splits:
        chosen = (a for a in rows() if a["split"] == split)
        yield from archive.add_chunks(f"{split}.conll", _file(chosen, labels, misaligned))
    body = MISALIGNED_HEADER + "".join(misaligned)
    yield archive.add("misaligned.tsv", body.encode("utf-8"))
    for name, data in extra.items():
        yield archive.add(name, data)
    yield archive.close()
