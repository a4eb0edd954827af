"""The annotate page (server and Chromium) and the two interactive htmx actions, unloaded."""

from __future__ import annotations

import os
import random
import re
import statistics
import time
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench import client
from bench.data import PASSWORD
from newsannot.annotations.models import Span, SpanHistory, Status
from newsannot.corpus.models import Article

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


@dataclass
class PageResult:
    what: str
    chars: int
    spans: int
    server_ms: float  # median, in-process (no network)
    http_ms: float  # median over loopback through gunicorn
    queries: int
    kilobytes: float


def annotate_page(
    user, article: Article, base: str, *, repeat: int = 7, what: str = "annotate"
) -> PageResult:
    """`annotate`: the page; `suggestions`: the panel it loads with htmx as soon as it opens."""
    c = Client()
    c.force_login(user)
    url = f"/a/{article.pk}/" if what == "annotate" else f"/a/{article.pk}/suggestions/"
    headers = {} if what == "annotate" else {"HX-Request": "true"}
    c.get(url, headers=headers)  # warm: templates compiled, connection open
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = c.get(url, headers=headers)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as ctx:
        response = c.get(url, headers=headers)
    session = client.Session(base, user.username, PASSWORD)
    htmx = what != "annotate"
    session.get(url, htmx=htmx)
    http = [session.get(url, htmx=htmx).seconds for _ in range(repeat)]
    spans = Span.objects.filter(article=article, annotator=user).count()
    return PageResult(
        what,
        len(article.text),
        spans,
        statistics.median(times) * 1000,
        statistics.median(http) * 1000,
        len(ctx.captured_queries),
        len(response.content) / 1024,
    )


@dataclass
class BrowserResult:
    dom_content_loaded_ms: float
    load_ms: float
    interactive_ms: float
    highlights: int
    click_to_detail_ms: float | None
    without_suggestions_ms: float | None = None


def chromium(base: str, username: str, article: Article) -> BrowserResult | str:
    """Navigation start to highlighted text the user can act on, in headless Chromium."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not os.path.exists("/usr/bin/chromium"):
        return "no /usr/bin/chromium"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(base_url=base, viewport={"width": 1400, "height": 900})
            page.goto("/login/")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_load_state("load")
            page.goto(f"/a/{article.pk}/")  # once to warm the static files' cache
            runs = []
            for _ in range(3):
                page.goto(f"/a/{article.pk}/", wait_until="load")
                page.wait_for_selector("#text .hl")
                # Interactive: the page has loaded and the main thread is free to answer a frame.
                interactive = page.evaluate(
                    "() => new Promise(r => requestAnimationFrame(() => setTimeout("
                    "() => r(performance.now()), 0)))"
                )
                nav = page.evaluate(
                    "() => { const n = performance.getEntriesByType('navigation')[0];"
                    " return [n.domContentLoadedEventEnd, n.loadEventEnd]; }"
                )
                highlights = page.locator("#text .hl").count()
                runs.append((nav[0], nav[1], interactive, highlights))
            dcl, load, interactive, highlights = sorted(runs, key=lambda r: r[2])[1]
            # The same without the suggestions panel the page fetches on load (htmx swaps it in
            # after `load`; a large panel keeps the main thread busy): which part costs what.
            page.route(re.compile(r"/suggestions/$"), lambda route: route.abort())
            alone = []
            for _ in range(3):
                page.goto(f"/a/{article.pk}/", wait_until="load")
                page.wait_for_selector("#text .hl")
                alone.append(
                    page.evaluate(
                        "() => new Promise(r => requestAnimationFrame(() => setTimeout("
                        "() => r(performance.now()), 0)))"
                    )
                )
            page.unroute(re.compile(r"/suggestions/$"))
            click_ms = None
            item = page.locator(".span-item").first
            if item.count():
                started = time.perf_counter()
                with page.expect_response(re.compile(r"/spans/\d+/")):
                    item.click()
                page.wait_for_selector("#detail[data-open]")
                click_ms = (time.perf_counter() - started) * 1000
            page.screenshot(path="/tmp/bench-annotate.png")
            return BrowserResult(
                dcl, load, interactive, highlights, click_ms, statistics.median(alone)
            )
        finally:
            browser.close()


@dataclass
class Latency:
    what: str
    n: int
    p50: float
    p95: float
    errors: int
    first_error: str = ""  # the first refused request's status and answer, to tell why


def _error(r_status: int, body: bytes) -> str:
    text = re.sub(r"<[^>]+>|\s+", " ", body[:2000].decode("utf-8", "replace")).strip()
    return f"{r_status}: {text[:160]}"


WORD = re.compile(r"\w+", re.UNICODE)


def span_candidates(text: str, rng: random.Random, n: int) -> list[tuple[int, int]]:
    """`n` distinct word-aligned ranges of one to six words."""
    words = [(m.start(), m.end()) for m in WORD.finditer(text)]
    found: set[tuple[int, int]] = set()
    while len(found) < n:
        i = rng.randrange(len(words) - 6)
        found.add((words[i][0], words[i + rng.randint(0, 5)][1]))
    return sorted(found)


def span_create_latency(base: str, username: str, article: Article, n: int) -> Latency:
    session = client.Session(base, username, PASSWORD)
    session.get(f"/a/{article.pk}/")
    rng = random.Random(11)
    labels = ["attribution", "unverified-claim", "state-media-source"]
    times, errors = [], 0
    # Not where the user already has a span: a second one there is refused (409), rightly.
    mine = set(
        Span.objects.filter(article=article, annotator__username=username).values_list(
            "start", "end"
        )
    )
    candidates = [r for r in span_candidates(article.text, rng, 3 * n) if r not in mine][:n]
    for start, end in candidates:
        r = session.post(
            f"/a/{article.pk}/spans/",
            {
                "label": rng.choice(labels),
                "start": start,
                "end": end,
                "quote": article.text[start:end],
            },
        )
        times.append(r.seconds * 1000)
        if r.status != 200 and not errors:
            first = _error(r.status, r.body)
        errors += r.status != 200
    return Latency(
        f"span create ({len(article.text):,} chars)",
        n,
        pct(times, 50),
        pct(times, 95),
        errors,
        first if errors else "",
    )


def server_side_latency(username: str, article: Article, n: int) -> tuple[Latency, Latency]:
    """Create `n` spans on `article`, then undo them newest first, through Django's test client
    in this process: the server's own time (middleware, view, templates, queries), without
    HTTP, gunicorn or a client on the same cores. Issue 17's create and undo targets are
    server side; the HTTP rows above include the rest."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=username)
    c = Client()
    c.force_login(user)
    c.get(f"/a/{article.pk}/")
    rng = random.Random(29)
    labels = ["attribution", "unverified-claim", "state-media-source"]
    mine = set(Span.objects.filter(article=article, annotator=user).values_list("start", "end"))
    candidates = [r for r in span_candidates(article.text, rng, 3 * n) if r not in mine][:n]
    latencies = []
    for what, requests in (
        (
            "create",
            [
                (
                    f"/a/{article.pk}/spans/",
                    {"label": rng.choice(labels), "start": a, "end": b, "quote": article.text[a:b]},
                )
                for a, b in candidates
            ],
        ),
        ("undo", None),
    ):
        if requests is None:  # undo what was just created, newest first
            rows = (
                SpanHistory.objects.filter(article_id=article.pk, actor=user, action="create")
                .order_by("-id")
                .values_list("id", flat=True)[:n]
            )
            requests = [(f"/a/{article.pk}/undo/", {"history": h, "mode": "undo"}) for h in rows]
        times, errors, first = [], 0, ""
        for url, data in requests:
            started = time.perf_counter()
            r = c.post(url, data, HTTP_HX_REQUEST="true")
            times.append((time.perf_counter() - started) * 1000)
            if r.status_code != 200:
                first = first or _error(r.status_code, r.content)
                errors += 1
        latencies.append(
            Latency(
                f"span {what} ({len(article.text):,} chars), server side (in process)",
                len(requests),
                pct(times, 50),
                pct(times, 95),
                errors,
                first,
            )
        )
    return latencies[0], latencies[1]


def span_undo_latency(base: str, username: str, article: Article, n: int) -> Latency:
    """Ctrl+Z on the user's `n` newest created spans in `article`, newest first (as the undo
    stack would), each answer the same patch a create gets."""
    session = client.Session(base, username, PASSWORD)
    session.get(f"/a/{article.pk}/")
    rows = list(
        SpanHistory.objects.filter(article_id=article.pk, actor__username=username, action="create")
        .order_by("-id")
        .values_list("id", flat=True)[:n]
    )
    times, errors = [], 0
    first = ""
    for row in rows:
        r = session.post(f"/a/{article.pk}/undo/", {"history": row, "mode": "undo"})
        times.append(r.seconds * 1000)
        if r.status != 200:
            first = first or _error(r.status, r.body)
        errors += r.status != 200
    return Latency(
        f"span undo ({len(article.text):,} chars)",
        len(rows),
        pct(times, 50),
        pct(times, 95),
        errors,
        first,
    )


def review_latency(base: str, username: str, project_id: int, span_ids: list[int]) -> Latency:
    session = client.Session(base, username, PASSWORD)
    session.get(f"/p/{project_id}/review/")
    times, errors = [], 0
    for i, span_id in enumerate(span_ids):
        r = session.post(
            f"/p/{project_id}/review/{span_id}/decide/",
            {"decision": "approve" if i % 3 else "reject", "version": 1, "reason": "bench"},
        )
        times.append(r.seconds * 1000)
        errors += r.status != 200
    decided = Span.objects.filter(pk__in=span_ids).exclude(status=Status.PENDING).count()
    if decided != len(span_ids) - errors:
        raise AssertionError(f"{len(span_ids) - errors} decisions acknowledged, {decided} stored")
    return Latency("review decision", len(span_ids), pct(times, 50), pct(times, 95), errors)
