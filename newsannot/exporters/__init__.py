"""Export formats: one module per format, each with the same small interface.

A format module defines NAME, CONTENT_TYPE, EXTENSION and `write(articles) -> Iterator[bytes]`,
where `articles` yields plain dicts (see `source.articles_with_spans`) and the chunks are the
file's bytes in order. Adding a format is one new module and one line in FORMATS.
"""

from __future__ import annotations

from types import ModuleType

from newsannot.exporters import (
    brat,
    conll,
    csv,
    doccano,
    jsonl,
    label_studio,
    parquet,
    ptc,
    spacy_docbin,
    w3c,
)

FORMATS: dict[str, ModuleType] = {
    module.NAME: module
    for module in (jsonl, doccano, label_studio, w3c, ptc, brat, csv, parquet, conll, spacy_docbin)
}


def available(module: ModuleType) -> bool:
    """An optional format (spacy) is offered only when its library is installed."""
    check = getattr(module, "available", None)
    return check is None or check()


def get(name: str) -> ModuleType | None:
    return FORMATS.get(name)
