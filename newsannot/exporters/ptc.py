"""The SemEval-2020 Task 11 (propaganda techniques corpus) layout, zipped.

`articles/article{ID}.txt` hold exactly the stored text (UTF-8, `\\n` line ends as stored);
`labels.tsv` has one `ID<TAB>label<TAB>start<TAB>end` line per span, offsets in code points;
`articles.jsonl` maps each ID back to the article: `{"ptc_id", "article_id", "external_id",
"title", "url"}`. Labels and manifest go to spooled temporary files while the texts stream out,
then are added last.

IDs are digits, because the task's scorer reads them from file names as `article([0-9]+)`.
An article whose external id is a number as the PTC corpus writes its own (ASCII digits, no
leading zero) keeps it, so an imported PTC corpus exports under its own ids and scores against
its gold files. Any other article is `0` followed by its id here: only those start with 0, so
the two kinds never collide, and an ID depends on its article alone (the same in every export,
whatever else the project holds). Compare IDs as strings: `057` is not `57`.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

from newsannot.exporters.zipstream import ZipStream

NAME = "ptc"
CONTENT_TYPE = "application/zip"
EXTENSION = "zip"

_CORPUS_ID = re.compile(r"[1-9][0-9]*")


def article_key(article: dict[str, Any]) -> str:
    """The article's ID in the layout (see above)."""
    external_id = article["external_id"]
    if _CORPUS_ID.fullmatch(external_id):
        return external_id
    return f"0{article['id']}"


def write(articles: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    archive = ZipStream()
    with (
        tempfile.SpooledTemporaryFile(max_size=8 << 20) as labels,
        tempfile.SpooledTemporaryFile(max_size=8 << 20) as manifest,
    ):
        for article in articles:
            key = article_key(article)
            yield archive.add(f"articles/article{key}.txt", article["text"].encode("utf-8"))
            for s in article["spans"]:
                labels.write(f"{key}\t{s['label']}\t{s['start']}\t{s['end']}\n".encode())
            entry = {
                "ptc_id": key,
                "article_id": article["id"],
                "external_id": article["external_id"],
                "title": article["title"],
                "url": article["url"],
            }
            manifest.write(json.dumps(entry, ensure_ascii=False).encode("utf-8") + b"\n")
        labels.seek(0)
        yield from archive.add_file("labels.tsv", labels)
        manifest.seek(0)
        yield from archive.add_file("articles.jsonl", manifest)
    yield archive.close()
