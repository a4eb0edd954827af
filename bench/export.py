"""Export over HTTP against gunicorn, next to the physical reference: COPY of the same rows.

The response is written to a file as it arrives (the client only moves bytes while the clock
runs); afterwards the file is parsed and its spans counted against the database. A mismatch
raises Incomplete, and the run exits non-zero.
"""

from __future__ import annotations

import csv
import io
import json
import os
import statistics
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench import client, env
from bench.data import MANAGER, PASSWORD
from newsannot.annotations.models import Span
from newsannot.corpus.models import Article, Project


class Incomplete(AssertionError):
    """An export did not hold every span of the database."""


@dataclass
class ExportResult:
    fmt: str
    spans: int
    articles: int
    seconds: float
    megabytes: float
    peak_rss_mb: float
    queries: int | None = None
    first_seconds: float | None = None  # the first request to a fresh worker
    copy_seconds: float | None = None
    copy_megabytes: float | None = None

    @property
    def spans_per_s(self) -> float:
        return self.spans / self.seconds

    @property
    def copy_spans_per_s(self) -> float | None:
        return self.spans / self.copy_seconds if self.copy_seconds else None

    @property
    def ratio(self) -> float | None:
        ref = self.copy_spans_per_s
        return self.spans_per_s / ref if ref else None


def _span_sql(project_id: int) -> str:
    return f"""
        SELECT s.id, s.article_id, s.start, s."end", l.key, s.quote, s.status, a.username,
               r.username, s.note, s.review_reason, s.created_at, s.updated_at,
               o.name, o.country, o.typology
        FROM annotations_span s
        JOIN corpus_label l ON l.id = s.label_id
        JOIN auth_user a ON a.id = s.annotator_id
        LEFT JOIN auth_user r ON r.id = s.reviewer_id
        LEFT JOIN outlets_outlet o ON o.id = s.outlet_id
        WHERE s.project_id = {int(project_id)}
        ORDER BY s.article_id, s.start, s."end", s.id"""


def _article_sql(project_id: int) -> str:
    return f"""
        SELECT a.id, a.title, a.url, a.outlet, a.published_at, a.external_id, a.text,
               a.created_at, a.updated_at, o.name, o.country, o.typology, ao.how
        FROM corpus_article a
        LEFT JOIN outlets_articleoutlet ao ON ao.article_id = a.id
        LEFT JOIN outlets_outlet o ON o.id = ao.outlet_id
        WHERE a.project_id = {int(project_id)} ORDER BY a.id"""


def copy_reference(project_id: int) -> tuple[float, float]:
    """Seconds and MB to read the export's rows (articles and spans) with COPY TO STDOUT."""
    size = 0
    with psycopg.connect(env.DATABASE_URL) as conn, conn.cursor() as cur:
        cur.execute("SELECT 1")  # connected before the clock starts
        started = time.perf_counter()
        for sql in (_article_sql(project_id), _span_sql(project_id)):
            with cur.copy(f"COPY ({sql}) TO STDOUT") as copy:
                for block in copy:
                    size += len(block)
        seconds = time.perf_counter() - started
    return seconds, size / 1e6


def count_spans(fmt: str, path: Path) -> tuple[int, int]:
    """(spans, articles) found in an export file of format `fmt`."""
    if fmt in ("jsonl", "doccano"):
        key = "spans" if fmt == "jsonl" else "label"
        spans = articles = 0
        with path.open("rb") as f:
            for line in f:
                spans += len(json.loads(line)[key])
                articles += 1
        return spans, articles
    if fmt == "label-studio":
        tasks = json.loads(path.read_bytes())
        return sum(len(t["annotations"][0]["result"]) for t in tasks), len(tasks)
    if fmt == "w3c":
        items = json.loads(path.read_bytes())["items"]
        return len(items), len({i["target"]["source"] for i in items})
    if fmt == "csv":
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        return len(rows) - 1, len({r[0] for r in rows[1:]})
    with zipfile.ZipFile(path) as z:
        if fmt == "ptc":
            texts = [n for n in z.namelist() if n.startswith("articles/")]
            return z.read("labels.tsv").count(b"\n"), len(texts)
        if fmt == "brat":
            anns = [n for n in z.namelist() if n.endswith(".ann")]
            spans = sum(
                sum(1 for line in io.BytesIO(z.read(n)) if line.startswith(b"T")) for n in anns
            )
            return spans, len(anns)
    raise ValueError(fmt)


def _url(project_id: int, fmt: str) -> str:
    return f"/api/v1/projects/{project_id}/export/?format={fmt}&status=all"


def queries_in_process(project: Project, fmt: str = "jsonl") -> int:
    """SQL queries the export view runs, counted while its streaming response is consumed.

    Counted with the chunks rendered one by one on the request's connection: rendered ahead
    (EXPORT_RENDERERS), the same queries run on other connections, which this count cannot see.
    """
    from django.test import override_settings
    from knox.models import AuthToken

    user = project.memberships.get(user__username=MANAGER).user
    _, tok = AuthToken.objects.create(user)
    c = Client()
    with override_settings(EXPORT_RENDERERS=1), CaptureQueriesContext(connection) as ctx:
        response = c.get(_url(project.pk, fmt), HTTP_AUTHORIZATION=f"Token {tok}")
        for _ in response.streaming_content:
            pass
    return len(ctx.captured_queries)


def _runs(spans: int) -> tuple[int, int]:
    """(untimed warm-up runs, timed runs) after the first request. A 10 k-span export takes
    ≈ 40 ms, and a fresh worker takes about ten requests to settle (up to 60 ms before): small
    exports get a warm-up and more runs, large ones are long enough to time once."""
    if spans <= 20_000:
        return 3, 9
    return (0, 3) if spans <= 200_000 else (0, 1)


def run(
    project: Project,
    fmt: str = "jsonl",
    *,
    reference: bool = True,
    count: bool = True,
    before_reference=None,
):
    """The export over HTTP: the first request to a fresh worker (cold: lazy imports, the outlet
    registry, query planning), timed apart, then the median of the timed runs after the
    warm-up, each checked complete. COPY is timed the same way, after `before_reference` (an
    ANALYZE, when the export was measured on stale statistics: COPY at its best)."""
    spans = Span.objects.filter(project=project).count()
    articles = Article.objects.filter(project=project).count()
    warm_up, timed = _runs(spans)
    times: list[float] = []
    files: list[Path] = []
    try:
        with env.Gunicorn(workers=1, threads=2) as server:
            tok = client.token(server.base, MANAGER, PASSWORD)
            # Back to back, as a client pulling exports would; every file is checked after.
            for _ in range(1 + warm_up + timed):
                seconds, size, path = _export_once(server.base, tok, project, fmt)
                times.append(seconds)
                files.append(path)
            rss = server.peak_rss_mb()
        for path in files:
            _check_complete(fmt, path, project, spans, articles)
    finally:
        for path in files:
            path.unlink(missing_ok=True)
    result = ExportResult(fmt, spans, articles, median(times[1 + warm_up :]), size / 1e6, rss)
    result.first_seconds = times[0]
    if before_reference is not None:
        before_reference()
    if reference:
        copies = [copy_reference(project.pk) for _ in range(1 + warm_up + timed)][1 + warm_up :]
        result.copy_seconds = median([c[0] for c in copies])
        result.copy_megabytes = copies[0][1]
    if count:
        result.queries = queries_in_process(project, fmt)
    return result


def _export_once(base: str, tok: str, project: Project, fmt: str) -> tuple[float, int, Path]:
    """One export request, its body written to a file as it arrives."""
    fd, name = tempfile.mkstemp(prefix=f"bench-export-{fmt}-", dir="/tmp")
    path = Path(name)
    size = 0
    with os.fdopen(fd, "wb") as out:

        def sink(chunk: bytes) -> None:
            nonlocal size
            size += len(chunk)
            out.write(chunk)

        r = client.request(
            base,
            "GET",
            _url(project.pk, fmt),
            headers={"Authorization": f"Token {tok}"},
            sink=sink,
        )
    if r.status != 200:
        path.unlink(missing_ok=True)
        raise Incomplete(f"{fmt} export: HTTP {r.status}")
    return r.seconds, size, path


def _check_complete(fmt: str, path: Path, project: Project, spans: int, articles: int) -> None:
    got_spans, got_articles = count_spans(fmt, path)
    if got_spans != spans or (fmt != "w3c" and fmt != "csv" and got_articles != articles):
        raise Incomplete(
            f"{fmt} export of {project.name}: {got_spans} spans / {got_articles} articles "
            f"in the file, {spans} / {articles} in the database"
        )


def median(values: list[float]) -> float:
    return statistics.median(values)
