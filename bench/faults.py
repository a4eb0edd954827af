"""Fault injection: analysts keep writing spans and a manager keeps importing in the background
while PostgreSQL restarts under them and a background worker is killed.

    python -m bench.faults [--short] [--analysts N] [--seconds S]

Starts gunicorn (2 workers) and two background workers on a fresh, migrated database of its own
(`newsannot_fault`, never another), with one project, a few analysts and articles. N threads,
one per analyst, create spans through the API for a bounded time, and one more submits JSON
Lines imports with `?background=1`; midway PostgreSQL is restarted (and stopped for a while), and
the worker running an import is killed with SIGKILL (a fresh one takes its place). Afterwards
every span that got a 2xx answer must be in the database, and every import that got a 202 must
have succeeded with each of its articles stored exactly once.

Fails (exit 1) on: a lost span (acknowledged, not found), an import lost, failed, half stored or
stored twice, any 5xx other than a JSON 503, any request that hangs past the client's timeout,
or an app that does not recover after the fault.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PG = os.environ.get("FAULT_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "newsannot_fault"
DATABASE_URL = f"{PG}/{DB_NAME}"
CLIENT_TIMEOUT = 10.0
LOG = Path(os.environ.get("FAULT_LOG", "/tmp/newsannot-faults-gunicorn.log"))
TEXT = (
    "Officials said the strikes hit only militant targets, while witnesses reported damage to "
    "homes and a school near the border, according to state media and local sources. "
)
SETUP = """
import json
from knox.models import AuthToken
from django.contrib.auth import get_user_model
from newsannot.corpus.models import Role
from newsannot.corpus.services import article_create, membership_set, project_create

n_analysts, n_articles, text = {n_analysts}, {n_articles}, {text!r}
project = project_create(name="Fault injection")
User = get_user_model()
manager = User.objects.create_user("fault-manager", password="x")
membership_set(project=project, user=manager, role=Role.MANAGER)
manager_token = AuthToken.objects.create(manager)[1]
tokens = []
for i in range(n_analysts):
    user = User.objects.create_user(f"fault-analyst-{{i}}", password="x")
    membership_set(project=project, user=user, role=Role.ANALYST)
    tokens.append(AuthToken.objects.create(user)[1])
articles = []
for i in range(n_articles):
    a = article_create(project=project, title=f"Article {{i}}", text=f"{{i}} " + text,
                       created_by=manager).article
    articles.append({{"id": a.pk, "text": a.text}})
print(json.dumps({{"tokens": tokens, "articles": articles, "manager": manager_token,
                  "project": project.pk}}))
"""


@dataclass
class Tally:
    tried: int = 0
    ok: int = 0
    unavailable: int = 0
    errors: Counter = field(default_factory=Counter)
    acknowledged: list[int] = field(default_factory=list)
    ok_times: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def error(self, kind: str) -> None:
        with self.lock:
            self.errors[kind] += 1


def env() -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG"}}
    out.update(
        DJANGO_SETTINGS_MODULE="newsannot.settings",
        DATABASE_URL=DATABASE_URL,
        SECRET_KEY="fault-injection-only-" + "q7" * 20,
        SECURE_COOKIES="0",
        LOG_LEVEL="ERROR",
        API_THROTTLE_USER="1000000/minute",
        DB_POOL_MIN="1",
        DB_POOL_MAX="4",
        DB_POOL_TIMEOUT="5",
    )
    return out


def fresh_database(n_analysts: int, n_articles: int) -> dict:
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env(), check=True)
    text = TEXT * 6
    code = SETUP.format(n_analysts=n_analysts, n_articles=n_articles, text=text)
    out = subprocess.run(
        [*manage, "shell", "-c", code], cwd=ROOT, env=env(), check=True, capture_output=True
    )
    return json.loads(out.stdout.decode().strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port: int) -> subprocess.Popen:
    gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
    command = [
        str(gunicorn) if gunicorn.exists() else "gunicorn",
        "newsannot.wsgi:application",
        "--workers=2",
        f"--bind=127.0.0.1:{port}",
        "--timeout=30",
        "--log-level=warning",
    ]
    # The pool's reconnect warnings during a restart are expected; keep them out of the figures.
    log = open(LOG, "wb")  # noqa: SIM115 (closed with the process)
    proc = subprocess.Popen(command, cwd=ROOT, env=env(), stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            status, _ = call(port, "GET", "/login/", None, None)
            if status == 200:
                return proc
        except OSError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("gunicorn did not start within 30 s")


def call(
    port: int,
    method: str,
    path: str,
    token: str | None,
    body: dict | bytes | None,
    content_type: str = "application/json",
):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_TIMEOUT)
    headers = {"Connection": "close", "Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        headers["Content-Type"] = content_type
    try:
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def analyst(
    index: int, port: int, token: str, articles: list[dict], stop: threading.Event, tally: Tally
) -> None:
    rng = random.Random(index)
    # Each analyst walks its own sequence of (article, offset) so no two requests collide on the
    # unique (article, label, start, end, annotator) constraint.
    plan = [(a, i) for a in articles for i in range(0, len(a["text"]) - 20, 7)]
    rng.shuffle(plan)
    for article, start in plan:
        if stop.is_set():
            return
        end = start + rng.randint(3, 18)
        body = {
            "label": rng.choice(["attribution", "unverified-claim", "state-media-source"]),
            "start": start,
            "end": end,
            "quote": article["text"][start:end],
        }
        with tally.lock:
            tally.tried += 1
        try:
            url = f"/api/v1/articles/{article['id']}/spans/"
            status, raw = call(port, "POST", url, token, body)
        except TimeoutError:
            tally.error("hang (client timeout 10 s)")
            continue
        except OSError as exc:
            tally.error(f"connection error: {type(exc).__name__}")
            time.sleep(0.1)
            continue
        if 200 <= status < 300:
            with tally.lock:
                tally.ok += 1
                tally.acknowledged.append(json.loads(raw)["id"])
                tally.ok_times.append(time.monotonic())
        elif status == 503:
            try:
                clear = bool(json.loads(raw).get("detail"))
            except ValueError:
                clear = False
            if clear:
                with tally.lock:
                    tally.unavailable += 1
            else:
                tally.error("503 without a JSON detail")
            time.sleep(0.2)  # as a polite client would, honouring Retry-After loosely
        else:
            tally.error(f"HTTP {status}: {raw[:120]!r}")


IMPORT_ARTICLES = 150  # per background import
IMPORT_SPANS = 10  # per article


def start_worker(name: str) -> subprocess.Popen:
    log = open(LOG.with_name(f"newsannot-faults-{name}.log"), "wb")  # noqa: SIM115
    command = [sys.executable, "manage.py", "worker", "--no-reload", "--interval", "0.2"]
    environment = dict(env(), JOB_REAP_SECONDS="1", LOG_LEVEL="WARNING")
    return subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log, stderr=log)


def import_body(batch: int) -> bytes:
    lines = []
    for i in range(IMPORT_ARTICLES):
        words = [f"b{batch}a{i}w{j}" for j in range(IMPORT_SPANS * 2)]
        text = "Officials said " + " ".join(words) + "."
        spans, pos = [], len("Officials said ")
        for j, word in enumerate(words):
            if j % 2 == 0:
                spans.append({"start": pos, "end": pos + len(word), "label": "attribution"})
            pos += len(word) + 1
        title = f"import {batch} article {i}"
        lines.append(json.dumps({"title": title, "text": text, "spans": spans}))
    return ("\n".join(lines) + "\n").encode()


def importer(port: int, token: str, project: int, stop: threading.Event, jobs: dict) -> None:
    """A manager submitting background imports one after another; a 503 is tried again."""
    batch = 0
    while not stop.is_set():
        body = import_body(batch)
        try:
            status, raw = call(
                port,
                "POST",
                f"/api/v1/projects/{project}/import/?background=1",
                token,
                body,
                content_type="application/x-ndjson",
            )
        except OSError:
            time.sleep(0.5)
            continue
        if status == 202:
            jobs[batch] = json.loads(raw)["id"]
            batch += 1
        time.sleep(0.5)


def running_worker_pid() -> int | None:
    """The pid of a worker in the middle of an import, from the job it is running."""
    try:
        with psycopg.connect(DATABASE_URL) as conn:
            row = conn.execute(
                "SELECT worker FROM jobs_job WHERE kind = 'import' AND status = 'running' "
                "ORDER BY id LIMIT 1"
            ).fetchone()
    except psycopg.OperationalError:
        return None
    return int(row[0].rsplit(":", 1)[1]) if row and row[0] else None


def kill_a_busy_worker(workers: list[subprocess.Popen], wait: float = 20) -> str:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        pid = running_worker_pid()
        victim = next((w for w in workers if w.pid == pid and w.poll() is None), None)
        if victim is not None:
            victim.send_signal(signal.SIGKILL)
            victim.wait()
            workers.remove(victim)
            workers.append(start_worker(f"worker{len(workers) + 10}"))
            return f"worker {pid} killed (SIGKILL) in the middle of an import; a new one started"
        time.sleep(0.1)
    return "no worker was running an import to kill"


def imports_settled(jobs: dict, timeout: float = 180) -> dict[int, tuple]:
    """Wait for every acknowledged import to end; then each one's (status, attempt, created,
    articles stored under its batch's titles)."""
    ids = list(jobs.values())
    deadline = time.monotonic() + timeout
    while True:
        try:
            with psycopg.connect(DATABASE_URL) as conn:
                open_jobs = conn.execute(
                    "SELECT count(*) FROM jobs_job WHERE id = ANY(%s) "
                    "AND status IN ('queued', 'running')",
                    (ids,),
                ).fetchone()[0]
                if not open_jobs or time.monotonic() > deadline:
                    out = {}
                    for batch, job_id in jobs.items():
                        status, attempt, result = conn.execute(
                            "SELECT status, attempt, result FROM jobs_job WHERE id = %s",
                            (job_id,),
                        ).fetchone()
                        stored = conn.execute(
                            "SELECT count(*) FROM corpus_article WHERE title LIKE %s",
                            (f"import {batch} article %",),
                        ).fetchone()[0]
                        created = (result or {}).get("created")
                        out[batch] = (status, attempt, created, stored)
                    return out
        except psycopg.OperationalError:
            pass
        time.sleep(0.5)


def _pg_ctl(action: str) -> None:
    clusters = sorted(os.listdir("/etc/postgresql"))
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", clusters[-1], "main", action],
        check=True,
        timeout=60,
    )


def restart_postgres() -> float:
    started = time.monotonic()
    _pg_ctl("restart")
    return time.monotonic() - started


def outage(seconds: float) -> float:
    """Stop PostgreSQL for longer than the pool waits, so requests must answer 503, then start."""
    started = time.monotonic()
    _pg_ctl("stop")
    try:
        time.sleep(seconds)
    finally:
        _pg_ctl("start")
    return time.monotonic() - started


def spans_found(ids: list[int]) -> set[int]:
    for _ in range(30):
        try:
            with psycopg.connect(DATABASE_URL) as conn:
                rows = conn.execute(
                    "SELECT id FROM annotations_span WHERE id = ANY(%s)", (ids,)
                ).fetchall()
                return {r[0] for r in rows}
        except psycopg.OperationalError:
            time.sleep(1)
    raise SystemExit("could not reach PostgreSQL after the run")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", action="store_true", help="a run of ~30 s (CI)")
    parser.add_argument("--analysts", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument(
        "--faults", type=int, default=None, help="faults: restarts and outages, alternating"
    )
    parser.add_argument("--outage", type=float, default=8.0, help="seconds an outage lasts")
    args = parser.parse_args(argv)
    seconds = args.seconds or (30.0 if args.short else 90.0)
    faults = args.faults or (2 if args.short else 4)

    began = time.monotonic()
    data = fresh_database(args.analysts, n_articles=4)
    port = free_port()
    server = start_gunicorn(port)
    tally = Tally()
    stop = threading.Event()
    threads = [
        threading.Thread(
            target=analyst, args=(i, port, token, data["articles"], stop, tally), daemon=True
        )
        for i, token in enumerate(data["tokens"])
    ]
    workers = [start_worker("worker1"), start_worker("worker2")]
    jobs: dict[int, int] = {}
    threads.append(
        threading.Thread(
            target=importer,
            args=(port, data["manager"], data["project"], stop, jobs),
            daemon=True,
        )
    )
    fault_times: list[float] = []
    outages = 0
    kills = 0
    try:
        run_start = time.monotonic()
        for t in threads:
            t.start()
        # Faults evenly spread over the middle of the run, leaving time to recover at the end.
        for k in range(faults):
            at = run_start + seconds * (k + 1) / (faults + 2)
            time.sleep(max(0.0, at - time.monotonic()))
            if k == 0:
                print(kill_a_busy_worker(workers), flush=True)
                kills += 1
            if k % 2 == 0:
                took = restart_postgres()
                what = f"PostgreSQL restarted in {took:.1f} s"
            else:
                took = outage(args.outage)
                outages += 1
                what = f"PostgreSQL down for {took:.1f} s"
            fault_times.append(time.monotonic())
            print(f"fault {k + 1}: {what}", flush=True)
        time.sleep(max(0.0, run_start + seconds - time.monotonic()))
        stop.set()
        for t in threads:
            t.join(timeout=CLIENT_TIMEOUT + 5)
        settled = imports_settled(jobs)
    finally:
        stop.set()
        server.terminate()
        for worker in workers:
            worker.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        for worker in workers:
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()

    found = spans_found(tally.acknowledged)
    lost = sorted(set(tally.acknowledged) - found)
    recovered = bool(fault_times) and any(t > fault_times[-1] + 1 for t in tally.ok_times)
    print()
    print(f"analysts (threads)       {args.analysts}")
    print(f"run time                 {seconds:.0f} s (total {time.monotonic() - began:.0f} s)")
    print(
        f"faults injected          {len(fault_times)} "
        f"({len(fault_times) - outages} restart(s), {outages} outage(s) of {args.outage:.0f} s)"
    )
    print(f"requests tried           {tally.tried}")
    print(f"successes (2xx)          {tally.ok}")
    print(f"503 with a JSON detail   {tally.unavailable}")
    print(f"other errors             {sum(tally.errors.values())}")
    for kind, n in tally.errors.most_common():
        print(f"  {n:6d}  {kind}")
    bad_imports = {
        batch: state
        for batch, state in settled.items()
        if state != ("succeeded", state[1], IMPORT_ARTICLES, IMPORT_ARTICLES)
    }
    print(f"worker kills             {kills}")
    print(f"imports acknowledged     {len(settled)} ({IMPORT_ARTICLES} articles each)")
    print(f"imports run again        {sum(1 for s in settled.values() if s[1] > 1)}")
    print(f"imports stored once      {len(settled) - len(bad_imports)}")
    for batch, state in sorted(bad_imports.items()):
        print(
            f"  import {batch}: status {state[0]}, attempt {state[1]}, "
            f"result created {state[2]}, articles stored {state[3]}"
        )
    print(f"spans acknowledged       {len(tally.acknowledged)}")
    print(f"spans found afterwards   {len(found)}")
    print(f"recovered after fault    {'yes' if recovered else 'NO'}")
    # An outage longer than the pool's wait must have been answered with 503s, not hidden.
    answered_503 = tally.unavailable > 0 or not outages
    print(f"503s during the outage   {'yes' if answered_503 else 'NO'}")
    failed = (
        bool(lost)
        or bool(tally.errors)
        or not recovered
        or not tally.ok
        or not answered_503
        or bool(bad_imports)
        or not settled
    )
    if lost:
        print(f"LOST SPANS: {lost[:20]}")
    print(f"server log               {LOG}")
    print("FAILED" if failed else "OK: nothing lost or stored twice, no 500, no hang")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
