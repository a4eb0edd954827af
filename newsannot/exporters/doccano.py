"""doccano's JSON Lines: `{"text", "label": [[start, end, label], ...]}` (sequence labelling)
and, for its relation-extraction projects, `entities` ({id, start_offset, end_offset, label})
and `relations` ({id, from_id, to_id, type}) naming the entities by the span ids. A span's
attributes, which doccano has no place for, ride along under `attributes` ({span id: {...}})."""

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
            "entities": [
                {
                    "id": s.get("id", n),
                    "start_offset": s["start"],
                    "end_offset": s["end"],
                    "label": s["label"],
                }
                for n, s in enumerate(article["spans"], start=1)
            ],
            "relations": [
                {"id": r["id"], "from_id": r["from"], "to_id": r["to"], "type": r["type"]}
                for r in article.get("relations", [])
            ],
            "attributes": {
                str(s.get("id")): s.get("attributes", {})
                for s in article["spans"]
                if s.get("attributes", {})
            },
        }
        yield (json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8")
