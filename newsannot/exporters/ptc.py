"""The SemEval-2020 Task 11 (propaganda techniques corpus) layout, zipped.

`articles/article{ID}.txt` hold exactly the stored text (UTF-8, `\\n` line ends as stored);
`labels.tsv` has one `ID<TAB>label<TAB>start<TAB>end` line per span, offsets in code points.
ID is the article's external id when it has one, else its id here. The labels are written to a
spooled temporary file while the texts stream out, then added last.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

from newsannot.exporters.zipstream import ZipStream

NAME = "ptc"
CONTENT_TYPE = "application/zip"
EXTENSION = "zip"


def article_key(article: dict[str, Any]) -> str:
    # The id goes into a file name: keep it to characters every file system accepts.
    return re.sub(r"[^A-Za-z0-9._-]", "_", article["external_id"]) or str(article["id"])


def write(articles: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    archive = ZipStream()
    with tempfile.SpooledTemporaryFile(max_size=8 << 20) as labels:
        for article in articles:
            key = article_key(article)
            yield archive.add(f"articles/article{key}.txt", article["text"].encode("utf-8"))
            for s in article["spans"]:
                labels.write(f"{key}\t{s['label']}\t{s['start']}\t{s['end']}\n".encode())
        labels.seek(0)
        yield from archive.add_file("labels.tsv", labels)
    yield archive.close()
