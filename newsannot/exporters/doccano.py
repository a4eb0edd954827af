"""doccano's sequence-labelling JSON Lines: `{"text", "label": [[start, end, label], ...]}`."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from newsannot.exporters.fields import iso

NAME = "doccano"
CONTENT_TYPE = "application/x-ndjson; charset=utf-8"
EXTENSION = "jsonl"


def write(articles: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    for article in articles:
        line = {
            "id": article["id"],
            "text": article["text"],
            "label": [[s["start"], s["end"], s["label"]] for s in article["spans"]],
            "title": article["title"],
            "url": article["url"],
            "outlet": article["outlet"],
            "outlet_registry": article["outlet_registry"],
            # [start, end, outlet] for each state-media-source span whose outlet is known.
            "span_outlets": [
                [s["start"], s["end"], s["outlet"]] for s in article["spans"] if s["outlet"]
            ],
            "published_at": iso(article["published_at"]),
            "external_id": article["external_id"],
        }
        yield (json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8")
