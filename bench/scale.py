"""Past one machine, shown on one: web instances behind a round-robin client and background
workers against one PostgreSQL, running the load (analysts and reviewers) and background imports
at the same time. Run with one instance and one worker, then two and two, side by side.

Web processes keep nothing of their own (sessions in the database, static files by whitenoise,
uploads through the storage API), and workers share the queue in the database: this checks it,
with 0 errors, 0 acknowledged writes lost and every acknowledged import stored exactly once.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from dataclasses import dataclass

from bench import client, env, load
from bench.data import MANAGER, PASSWORD
from newsannot.corpus.models import Article
from newsannot.jobs.models import Job

IMPORT_ARTICLES = 200
IMPORT_SPANS = 10


@dataclass
class ScaleResult:
    instances: int
    workers: int
    load: load.LoadResult
    imports: int  # acknowledged (202)
    imports_ok: int  # succeeded, each article stored once
    import_articles: int
    import_seconds: float  # first submitted to last finished

    @property
    def import_articles_per_s(self) -> float:
        return self.import_articles / self.import_seconds if self.import_seconds else 0.0


def _import_body(tag: str) -> bytes:
    lines = []
    for i in range(IMPORT_ARTICLES):
        words = [f"{tag}a{i}w{j}" for j in range(IMPORT_SPANS * 2)]
        text = "The ministry said " + " ".join(words) + "."
        spans, pos = [], len("The ministry said ")
        for j, word in enumerate(words):
            if j % 2 == 0:
                spans.append({"start": pos, "end": pos + len(word), "label": "attribution"})
            pos += len(word) + 1
        title = f"{tag} article {i}"
        lines.append(json.dumps({"title": title, "text": text, "spans": spans}))
    return ("\n".join(lines) + "\n").encode()


def _importer(
    bases: client.RoundRobin, project_id: int, tag: str, stop: threading.Event, jobs: dict
) -> None:
    token = client.token(bases.pick(), MANAGER, PASSWORD)
    n = 0
    while not stop.is_set():
        batch = f"{tag}-{n}"
        r = client.request(
            bases.pick(),
            "POST",
            f"/api/v1/projects/{project_id}/import/?background=1",
            body=_import_body(batch),
            headers={"Authorization": f"Token {token}", "Content-Type": "application/x-ndjson"},
        )
        if r.status == 202:
            jobs[batch] = (json.loads(r.body)["id"], time.monotonic())
            n += 1
        stop.wait(1.0)


def run(
    work_project_id: int,
    import_project_id: int,
    articles: list[tuple[int, str]],
    pending: list[int],
    taken: set,
    *,
    instances: int,
    seconds: float,
) -> ScaleResult:
    with contextlib.ExitStack() as stack:
        servers = [
            stack.enter_context(env.Gunicorn(workers=2, threads=4)) for _ in range(instances)
        ]
        for i in range(instances):
            stack.enter_context(env.Worker(f"scale-worker-{instances}-{i}"))
        bases = client.RoundRobin([s.base for s in servers])
        stop = threading.Event()
        jobs: dict[str, tuple[int, float]] = {}
        feeder = threading.Thread(
            target=_importer,
            args=(bases, import_project_id, f"scale{instances}", stop, jobs),
            daemon=True,
        )
        feeder.start()
        try:
            result = load.run(bases, work_project_id, articles, pending, taken, seconds=seconds)
        finally:
            stop.set()
            feeder.join(timeout=120)
        first = min((at for _, at in jobs.values()), default=time.monotonic())
        ids = [job_id for job_id, _ in jobs.values()]
        deadline = time.monotonic() + 300
        while Job.objects.filter(pk__in=ids, status__in=["queued", "running"]).exists():
            if time.monotonic() > deadline:
                break
            time.sleep(0.2)
        ended = time.monotonic()
    ok = 0
    for batch, (job_id, _) in jobs.items():
        job = Job.objects.get(pk=job_id)
        stored = Article.objects.filter(title__startswith=f"{batch} article ").count()
        if (
            job.status == "succeeded"
            and job.result["created"] == IMPORT_ARTICLES
            and stored == IMPORT_ARTICLES
        ):
            ok += 1
    return ScaleResult(
        instances=instances,
        workers=instances,
        load=result,
        imports=len(jobs),
        imports_ok=ok,
        import_articles=ok * IMPORT_ARTICLES,
        import_seconds=ended - first,
    )
