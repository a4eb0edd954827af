"""Many people at once: simulated analysts and reviewers against gunicorn on loopback.

Each simulated person is a thread with its own logged-in session and a think time between
actions. Analysts open an article, then highlight a span in it; reviewers open the queue, then
decide a pending span. After the run, every span and decision the server acknowledged (HTTP 200)
is looked up in the database.
"""

from __future__ import annotations

import contextlib
import random
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import OperationalError, connection

from bench import client
from bench.data import ANALYSTS, PASSWORD, REVIEWERS
from bench.pages import pct, span_candidates
from newsannot.annotations.models import Span, Status

LABELS = ["attribution", "unverified-claim", "state-media-source"]


def _wait(barrier: threading.Barrier) -> None:
    with contextlib.suppress(threading.BrokenBarrierError):
        barrier.wait(timeout=300)


@dataclass
class LoadResult:
    seconds: float
    analysts: int
    reviewers: int
    think_s: float
    requests: int = 0
    errors: int = 0
    by_kind: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    all_ms: list[float] = field(default_factory=list)
    acknowledged_spans: int = 0
    acknowledged_reviews: int = 0
    lost: int = 0
    error_samples: list[str] = field(default_factory=list)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def p(self, q: float) -> float:
        return pct(self.all_ms, q)


def run(
    base: str | client.RoundRobin,
    project_id: int,
    articles: list[tuple[int, str]],
    pending: list[int],
    taken: set[tuple[str, int, int, int]],
    *,
    seconds: float,
    analysts: int = 50,
    reviewers: int = 5,
    think: float = 1.0,
) -> LoadResult:
    result = LoadResult(seconds, analysts, reviewers, think)
    lock = threading.Lock()
    created: list[tuple[str, int, str, int, int]] = []
    decided: list[tuple[int, str]] = []
    stop_at = [0.0]
    ready = threading.Barrier(
        analysts + reviewers + 1,
        action=lambda: stop_at.__setitem__(0, time.monotonic() + seconds),
    )

    def record(kind: str, r: client.Response | None, error: str | None = None) -> None:
        with lock:
            result.requests += 1
            if r is not None:
                result.by_kind[kind].append(r.seconds * 1000)
                result.all_ms.append(r.seconds * 1000)
            if error or r is None or r.status != 200:
                result.errors += 1
                if len(result.error_samples) < 10:
                    status = r.status if r is not None else "-"
                    result.error_samples.append(f"{kind}: {status} {error or r.body[:120]!r}")

    def call(kind: str, fn, *args, **kwargs) -> client.Response | None:
        try:
            r = fn(*args, **kwargs)
        except Exception as exc:  # a refused connection is an error to count, not a crash
            record(kind, None, repr(exc))
            return None
        record(kind, r)
        return r

    def pause(rng: random.Random) -> None:
        time.sleep(rng.uniform(0.5 * think, 1.5 * think))

    def analyst(index: int, session: client.Session) -> None:
        name = ANALYSTS[index]
        rng = random.Random(index)
        mine = [articles[(index + k * analysts) % len(articles)] for k in range(5)]
        plans = {
            aid: [
                (s, e) for s, e in span_candidates(text, rng, 400) if (name, aid, s, e) not in taken
            ]
            for aid, text in mine
        }
        pause(rng)
        while time.monotonic() < stop_at[0]:
            aid, text = rng.choice(mine)
            call("open article", session.get, f"/a/{aid}/")
            pause(rng)
            if time.monotonic() >= stop_at[0] or not plans[aid]:
                break
            start, end = plans[aid].pop()
            label = rng.choice(LABELS)
            r = call(
                "create span",
                session.post,
                f"/a/{aid}/spans/",
                {"label": label, "start": start, "end": end, "quote": text[start:end]},
            )
            if r is not None and r.status == 200:
                with lock:
                    created.append((name, aid, label, start, end))
            pause(rng)

    def reviewer(index: int, session: client.Session) -> None:
        rng = random.Random(100 + index)
        queue = [s for k, s in enumerate(pending) if k % reviewers == index]
        pause(rng)
        while time.monotonic() < stop_at[0] and queue:
            call("review queue", session.get, f"/p/{project_id}/review/")
            pause(rng)
            if time.monotonic() >= stop_at[0]:
                break
            span_id = queue.pop()
            decision = "approve" if rng.random() < 0.7 else "reject"
            r = call(
                "review decision",
                session.post,
                f"/p/{project_id}/review/{span_id}/decide/",
                {"decision": decision, "version": 1, "reason": "load test"},
            )
            if r is not None and r.status == 200:
                with lock:
                    decided.append((span_id, decision))
            pause(rng)

    def person(fn, index: int, name: str) -> None:
        try:
            session = client.Session(base, name, PASSWORD)
        except Exception as exc:  # a failed login is counted; the others go on
            record("log in", None, repr(exc))
            session = None
        _wait(ready)
        if session is None:
            return
        try:
            fn(index, session)
        except Exception as exc:
            record(fn.__name__, None, repr(exc))

    threads = [
        threading.Thread(target=person, args=(analyst, i, ANALYSTS[i]), daemon=True)
        for i in range(analysts)
    ]
    threads += [
        threading.Thread(target=person, args=(reviewer, i, REVIEWERS[i]), daemon=True)
        for i in range(reviewers)
    ]
    for t in threads:
        t.start()
    _wait(ready)  # everyone has logged in: the clock starts now
    for t in threads:
        t.join()
    for attempt in range(3):
        try:
            _verify(result, project_id, created, decided)
            break
        except OperationalError:  # e.g. the server restarted: reconnect and look again
            connection.close()
            if attempt == 2:
                raise
            time.sleep(3)
    return result


def _verify(
    result: LoadResult,
    project_id: int,
    created: list[tuple[str, int, str, int, int]],
    decided: list[tuple[int, str]],
) -> None:
    """Every acknowledged span is stored; every acknowledged decision is the span's status."""
    result.acknowledged_spans = len(created)
    result.acknowledged_reviews = len(decided)
    stored = set(
        Span.objects.filter(project_id=project_id, annotator__username__in=ANALYSTS).values_list(
            "annotator__username", "article_id", "label__key", "start", "end"
        )
    )
    result.lost = sum(1 for c in created if c not in stored)
    want = {"approve": Status.APPROVED, "reject": Status.REJECTED}
    statuses = dict(Span.objects.filter(pk__in=[s for s, _ in decided]).values_list("id", "status"))
    result.lost += sum(1 for s, d in decided if statuses.get(s) != want[d])
