"""spaCy's binary corpus (`.spacy`, a DocBin), an optional extra: `pip install 'newsannot[spacy]'`.

One Doc per article, tokenised by `spacy.blank("xx")` (the multi-language tokeniser), with the
spans in `doc.spans[label]` (one group per label: they overlap) and `doc.user_data` holding the
article's `id`, `title`, `split` (a release's) and `misaligned`: the spans whose start or end
falls inside a token, as (label, start, end). Those are widened to whole tokens in doc.spans
(spaCy can only hold whole tokens) and so reported, not moved silently. spaCy counts characters
as Python does, in code points, as newsannot does. A DocBin is serialised whole: the export
of a project (`write`) is one DocBin, built in memory.

A release's `spacy` file is a zip of one folder per split holding DocBins of at most
DOCS_PER_FILE articles each (`train/0000.spacy`, `train/0001.spacy`, ..., `dev/0000.spacy`),
and DATASHEET.md: each DocBin is written to the zip and dropped before the next is built, so
a release's build holds one chunk of Docs at a time however large the corpus. spaCy reads a
folder of `.spacy` files as one corpus (`spacy train ... --paths.train train/`).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterable, Iterator
from itertools import batched
from typing import Any

from newsannot.exporters.zipstream import ZipStream

NAME = "spacy"
CONTENT_TYPE = "application/octet-stream"
EXTENSION = "spacy"
MISSING = "The spacy format needs spaCy, an optional extra: pip install 'newsannot[spacy]'."


def available() -> bool:
    return importlib.util.find_spec("spacy") is not None


DOCS_PER_FILE = 1000  # articles a release's DocBin holds (~50 MB of text at most)


def _docbin(articles: Iterable[dict[str, Any]], nlp: Any = None) -> bytes:
    import spacy
    from spacy.tokens import DocBin

    nlp = nlp or spacy.blank("xx")
    out = DocBin(store_user_data=True)
    for article in articles:
        doc = nlp.make_doc(article["text"])
        groups: dict[str, list] = {}
        misaligned = []
        for s in article["spans"]:
            span = doc.char_span(s["start"], s["end"], label=s["label"])
            if span is None:
                misaligned.append((s["label"], s["start"], s["end"]))
                span = doc.char_span(
                    s["start"], s["end"], label=s["label"], alignment_mode="expand"
                )
            if span is not None:
                groups.setdefault(s["label"], []).append(span)
        for label, spans in groups.items():
            doc.spans[label] = spans
        doc.user_data.update(
            {
                "id": article["id"],
                "title": article["title"],
                "split": article.get("split"),
                "misaligned": misaligned,
            }
        )
        out.add(doc)
    return out.to_bytes()


def write(articles: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    yield _docbin(articles)


def write_release(
    rows: Callable[[], Iterable[dict[str, Any]]],
    splits: list[str],
    labels: list[str],
    extra: dict[str, bytes],
) -> Iterator[bytes]:
    import spacy

    nlp = spacy.blank("xx")
    archive = ZipStream()
    for split in splits:
        chosen = (a for a in rows() if a["split"] == split)
        # An empty split still gets its folder and one (empty) DocBin: a training config can
        # name every split's folder whatever the release holds.
        for n, chunk in enumerate(batched(chosen, DOCS_PER_FILE)):
            yield archive.add(f"{split}/{n:04d}.spacy", _docbin(chunk, nlp))
        if f"{split}/0000.spacy" not in archive.names:
            yield archive.add(f"{split}/0000.spacy", _docbin((), nlp))
    for name, data in extra.items():
        yield archive.add(name, data)
    yield archive.close()
