"""W3C Web Annotation (JSON-LD): an AnnotationPage with one annotation per span.

Each target has a TextPositionSelector (code points, as the model requires) and a
TextQuoteSelector with up to 32 characters of prefix and suffix. The body is the label; a
state-media-source span whose quote names a registry outlet has a second, "identifying" body
describing that outlet, and each attribute a "classifying" body (`value` "key=value"). The
target carries the article's detected outlet as `outlet`. A relation is an annotation with
motivation "linking" whose targets are the two span annotations (from, then to) and whose body
is the relation type.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from newsannot.exporters.fields import iso

NAME = "w3c"
CONTENT_TYPE = "application/ld+json; charset=utf-8"
EXTENSION = "jsonld"
CONTEXT = 32


def annotation(article: dict[str, Any], span: dict[str, Any]) -> dict[str, Any]:
    text, start, end = article["text"], span["start"], span["end"]
    body: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "tagging", "value": span["label"]}
    ]
    if span["outlet"]:
        body.append({"type": "Outlet", "purpose": "identifying", **span["outlet"]})
    if span["note"]:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": span["note"]})
    for key, value in span.get("attributes", {}).items():
        body.append({"type": "TextualBody", "purpose": "classifying", "value": f"{key}={value}"})
    return {
        "id": f"urn:newsannot:span:{span['id']}",
        "type": "Annotation",
        "motivation": "tagging",
        "creator": span["annotator"],
        "created": iso(span["created_at"]),
        "modified": iso(span["updated_at"]),
        "status": span["status"],
        "reviewer": span["reviewer"],
        "body": body,
        "target": {
            "source": article["url"] or f"urn:newsannot:article:{article['id']}",
            "outlet": article["outlet_registry"],
            "selector": [
                {"type": "TextPositionSelector", "start": start, "end": end},
                {
                    "type": "TextQuoteSelector",
                    "exact": span["quote"],
                    "prefix": text[max(0, start - CONTEXT) : start],
                    "suffix": text[end : end + CONTEXT],
                },
            ],
        },
    }


def link(relation: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": f"urn:newsannot:relation:{relation['id']}",
        "type": "Annotation",
        "motivation": "linking",
        "creator": relation["annotator"],
        "created": iso(relation["created_at"]),
        "modified": iso(relation["updated_at"]),
        "status": relation["status"],
        "reviewer": relation["reviewer"],
        "body": [{"type": "TextualBody", "purpose": "tagging", "value": relation["type"]}],
        "target": [
            f"urn:newsannot:span:{relation['from']}",
            f"urn:newsannot:span:{relation['to']}",
        ],
    }


def write(articles: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    yield (b'{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationPage", "items": [')
    separator = b"\n"
    for article in articles:
        for span in article["spans"]:
            yield separator + json.dumps(annotation(article, span), ensure_ascii=False).encode()
            separator = b",\n"
        for relation in article.get("relations", []):
            yield separator + json.dumps(link(relation), ensure_ascii=False).encode()
            separator = b",\n"
    yield b"\n]}\n"
