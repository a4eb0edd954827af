"""spaCy's binary corpus (`.spacy`, a DocBin), an optional extra: `pip install 'newsannot[spacy]'`.

One Doc per article, tokenised by `spacy.blank("xx")` (the multi-language tokeniser), with the
spans in `doc.spans[label]` (one group per label: they overlap) and `doc.user_data` holding the
article's `id`, `title`, `split` (a release's) and `misaligned`: the spans whose start or end
falls inside a token, as (label, start, end). Those are widened to whole tokens in doc.spans
(spaCy can only hold whole tokens) and so reported, not moved silently. spaCy counts characters
as Python does, in code points, as newsannot does. A DocBin is serialised whole: unlike the
other formats it is built in memory.

A release's `spacy` file is a zip of `train.spacy`, `dev.spacy`, `test.spacy` and DATASHEET.md.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from newsannot.exporters.zipstream import ZipStream

NAME = "spacy"
CONTENT_TYPE = "application/octet-stream"
EXTENSION = "spacy"
MISSING = "The spacy format needs spaCy, an optional extra: pip install 'newsannot[spacy]'."


def available() -> bool:
    return importlib.util.find_spec("spacy") is not None


def _docbin(articles: Iterable[dict[str, Any]]) -> bytes:
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("xx")
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
    archive = ZipStream()
    for split in splits:
        yield archive.add(f"{split}.spacy", _docbin(a for a in rows() if a["split"] == split))
    for name, data in extra.items():
        yield archive.add(name, data)
    yield archive.close()
