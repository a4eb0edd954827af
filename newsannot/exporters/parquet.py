"""Apache Parquet: one row per article, its spans a list of structs; written with pyarrow.

Columns: id, title, url, outlet, outlet_typology, published_at, external_id, split (a
release's; null in a project export), text, and spans: a list of {start, end, label, quote,
status, annotators, approved_by, outlet} (code points; a gold span lists every analyst who
marked it, an analyst's own span lists its one annotator and its reviewer). Rows are written
a row group of ROWS articles at a time while the articles stream in, so memory holds one group,
and the bytes go out as each group is written.

A release's parquet file is a zip of one file per split (`train.parquet`, `dev.parquet`,
`test.parquet`) and DATASHEET.md: `datasets.load_dataset("parquet", data_files={"train":
"train.parquet", ...})` or `pyarrow.parquet.read_table` read them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from newsannot.exporters.fields import iso
from newsannot.exporters.zipstream import ZipStream

NAME = "parquet"
CONTENT_TYPE = "application/vnd.apache.parquet"
EXTENSION = "parquet"
ROWS = 100  # articles a row group: one source chunk


@functools.cache
def schema() -> Any:
    """The file's schema. pyarrow is imported here, on the first parquet export: loaded with the
    app it took ~65 MB in every web and worker process that never writes parquet."""
    import pyarrow as pa

    span = pa.struct(
        [
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("label", pa.string()),
            ("quote", pa.string()),
            ("status", pa.string()),
            ("annotators", pa.list_(pa.string())),
            ("approved_by", pa.list_(pa.string())),
            ("outlet", pa.string()),
        ]
    )
    return pa.schema(
        [
            ("id", pa.int64()),
            ("title", pa.string()),
            ("url", pa.string()),
            ("outlet", pa.string()),
            ("outlet_typology", pa.string()),
            ("published_at", pa.string()),
            ("external_id", pa.string()),
            ("split", pa.string()),
            ("text", pa.string()),
            ("spans", pa.list_(span)),
        ]
    )


class _Sink:
    """What the writer writes, handed out as it comes (the file never whole in memory)."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.closed = False

    def write(self, data) -> int:
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True

    def take(self) -> bytes:
        data, self.chunks = b"".join(self.chunks), []
        return data


def _span(s: dict[str, Any]) -> dict[str, Any]:
    if "annotators" in s:
        annotators, approved_by, status = s["annotators"], s["approved_by"], "approved"
    else:
        annotators = [s["annotator"]]
        approved_by = [s["reviewer"]] if s.get("reviewer") and s["status"] == "approved" else []
        status = s["status"]
    return {
        "start": s["start"],
        "end": s["end"],
        "label": s["label"],
        "quote": s["quote"],
        "status": status,
        "annotators": annotators,
        "approved_by": approved_by,
        "outlet": (s.get("outlet") or {}).get("name"),
    }


def _row(article: dict[str, Any]) -> dict[str, Any]:
    registry = article.get("outlet_registry") or {}
    return {
        "id": article["id"],
        "title": article["title"],
        "url": article["url"],
        "outlet": article["outlet"],
        "outlet_typology": registry.get("typology_label"),
        "published_at": iso(article["published_at"]),
        "external_id": article["external_id"],
        "split": article.get("split"),
        "text": article["text"],
        "spans": [_span(s) for s in article["spans"]],
    }


def write(articles: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = _Sink()
    SCHEMA = schema()
    writer = pq.ParquetWriter(pa.PythonFile(sink, mode="w"), SCHEMA, compression="zstd")
    batch: list[dict[str, Any]] = []
    for article in articles:
        batch.append(_row(article))
        if len(batch) >= ROWS:
            writer.write_table(pa.Table.from_pylist(batch, schema=SCHEMA))
            batch = []
            yield sink.take()
    if batch:
        writer.write_table(pa.Table.from_pylist(batch, schema=SCHEMA))
    writer.close()
    yield sink.take()


def write_release(
    rows: Callable[[], Iterable[dict[str, Any]]],
    splits: list[str],
    labels: list[str],
    extra: dict[str, bytes],
) -> Iterator[bytes]:
    """A release's zip: `{split}.parquet` for each split, then the extra files."""
    archive = ZipStream()
    for split in splits:
        chosen = (a for a in rows() if a["split"] == split)
        yield from archive.add_chunks(f"{split}.parquet", write(chosen))
    for name, data in extra.items():
        yield archive.add(name, data)
    yield archive.close()
