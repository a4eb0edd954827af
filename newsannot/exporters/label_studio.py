"""Label Studio tasks: one JSON array, streamed one task at a time.

Each task carries `data.text` and one annotation whose results are `labels` regions. Offsets
are code points, as Label Studio stores them for text since its emoji fix. A relation is a
`relation` result (`from_id`, `to_id` the regions' ids, `direction` "right", `labels` [type]);
a span's attribute is a `choices` result on the region (`from_name` the attribute's key,
`value.choices` [its value]), as Label Studio writes per-region choices.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from newsannot.exporters.fields import iso

NAME = "label-studio"
CONTENT_TYPE = "application/json; charset=utf-8"
EXTENSION = "json"


def _meta(span: dict[str, Any]) -> dict[str, Any]:
    meta: dict[str, Any] = {"text": [span["note"]]} if span["note"] else {}
    if span["outlet"]:
        meta["outlet"] = span["outlet"]
    return meta


def task(article: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": article["id"],
        "data": {
            "text": article["text"],
            "title": article["title"],
            "url": article["url"],
            "outlet": article["outlet"],
            "outlet_registry": article["outlet_registry"],
            "published_at": iso(article["published_at"]),
            "external_id": article["external_id"],
        },
        "annotations": [
            {
                "result": [
                    {
                        "id": f"span-{s['id']}",
                        "from_name": "label",
                        "to_name": "text",
                        "type": "labels",
                        "origin": "manual",
                        "value": {
                            "start": s["start"],
                            "end": s["end"],
                            "text": s["quote"],
                            "labels": [s["label"]],
                        },
                        "meta": _meta(s),
                    }
                    for s in article["spans"]
                ]
                + [
                    {
                        "id": f"span-{s['id']}",
                        "from_name": key,
                        "to_name": "text",
                        "type": "choices",
                        "origin": "manual",
                        "value": {"start": s["start"], "end": s["end"], "choices": [value]},
                    }
                    for s in article["spans"]
                    for key, value in s["attributes"].items()
                ]
                + [
                    {
                        "type": "relation",
                        "from_id": f"span-{r['from']}",
                        "to_id": f"span-{r['to']}",
                        "direction": "right",
                        "labels": [r["type"]],
                    }
                    for r in article["relations"]
                ]
            }
        ],
    }


def write(articles: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    separator = b"[\n"
    for article in articles:
        yield separator + json.dumps(task(article), ensure_ascii=False).encode("utf-8")
        separator = b",\n"
    yield b"[]\n" if separator == b"[\n" else b"\n]\n"
