"""The import endpoint over HTTP: a JSON Lines body of N articles with their spans."""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass

from bench import client, corpus, env
from bench.data import MANAGER, PASSWORD, SPANS_PER_ARTICLE
from newsannot.annotations.models import Span
from newsannot.corpus import search
from newsannot.corpus.models import Article, Project


@dataclass
class ImportResult:
    articles: int
    spans: int
    seconds: float
    megabytes: float
    peak_rss_mb: float
    index_seconds: float  # after the answer, until the background job caught the index up

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds

    @property
    def spans_per_s(self) -> float:
        return self.spans / self.seconds


def run(project: Project, n_articles: int, *, seed: int = 4242) -> ImportResult:
    fd, name = tempfile.mkstemp(prefix="bench-import-", suffix=".jsonl", dir="/tmp")
    sent_spans = 0
    try:
        with os.fdopen(fd, "wb") as f:
            for article in corpus.articles(
                n_articles, SPANS_PER_ARTICLE, seed=seed, long_every=100
            ):
                sent_spans += len(article.spans)
                f.write(corpus.jsonl_line(article))
        size = os.path.getsize(name)
        with env.Gunicorn(workers=1, threads=2) as server, env.Worker():
            tok = client.token(server.base, MANAGER, PASSWORD)
            with open(name, "rb") as body:
                r = client.request(
                    server.base,
                    "POST",
                    f"/api/v1/projects/{project.pk}/import/",
                    body=body,
                    headers={
                        "Authorization": f"Token {tok}",
                        "Content-Type": "application/x-ndjson",
                        "Content-Length": str(size),
                    },
                )
            index_seconds = _index_caught_up() if r.status == 201 else 0.0
            rss = server.peak_rss_mb()
    finally:
        os.unlink(name)
    if r.status != 201:
        raise AssertionError(f"import: HTTP {r.status} {r.body[:300]!r}")
    articles = Article.objects.filter(project=project).count()
    spans = Span.objects.filter(project=project).count()
    if (articles, spans) != (n_articles, sent_spans):
        raise AssertionError(
            f"import stored {articles} articles / {spans} spans; sent {n_articles} / {sent_spans}"
        )
    return ImportResult(articles, spans, r.seconds, size / 1e6, rss, index_seconds)


def _index_caught_up(timeout: float = 300) -> float:
    """Seconds until no article waits for the text search index (a background job works
    through them after the import has answered)."""
    started = time.perf_counter()
    while search.pending():
        if time.perf_counter() - started > timeout:
            raise AssertionError(f"the search index had not caught up after {timeout:.0f} s")
        time.sleep(0.05)
    return time.perf_counter() - started
