"""The jsonl export on SQLite, against a bare read of the same rows into the same lines.

A separate SQLite file is migrated and loaded by a child process (this one is configured for
PostgreSQL); gunicorn serves it, and the export is timed over HTTP like PostgreSQL's. The
reference is Python's sqlite3 module reading the same rows in the same order (articles with their
detected outlet; spans with label, users and outlet) and writing each article's line with orjson,
in this process: what reading and writing the bytes costs with nothing in between.

    python -m bench.sqlite load PATH ARTICLES     (what the child process runs)
"""

from __future__ import annotations

import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import orjson

from bench import client, env


@dataclass
class SqliteResult:
    spans: int
    articles: int
    seconds: float
    megabytes: float
    reference_seconds: float

    @property
    def spans_per_s(self) -> float:
        return self.spans / self.seconds

    @property
    def reference_spans_per_s(self) -> float:
        return self.spans / self.reference_seconds

    @property
    def ratio(self) -> float:
        return self.spans_per_s / self.reference_spans_per_s


def run(n_articles: int) -> SqliteResult:
    from bench.data import MANAGER, PASSWORD

    folder = Path(tempfile.mkdtemp(prefix="bench-sqlite-", dir="/tmp"))
    path = folder / "bench.sqlite3"
    url = f"sqlite:///{path}"
    child = env.django_env(url)
    try:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=env.ROOT,
            env=child,
            check=True,
        )
        subprocess.run(
            [sys.executable, "-m", "bench.sqlite", "load", str(path), str(n_articles)],
            cwd=env.ROOT,
            env=child,
            check=True,
        )
        project_id, spans, articles = _counts(path)
        times, size, body = [], 0, b""
        with env.Gunicorn(workers=1, threads=2, database_url=url) as server:
            tok = client.token(server.base, MANAGER, PASSWORD)
            for _ in range(4):
                r = client.request(
                    server.base,
                    "GET",
                    f"/api/v1/projects/{project_id}/export/?format=jsonl&status=all",
                    headers={"Authorization": f"Token {tok}"},
                )
                if r.status != 200:
                    raise AssertionError(f"SQLite export: HTTP {r.status}")
                times.append(r.seconds)
                size, body = len(r.body), r.body
        reference = [_reference(path, project_id) for _ in range(4)]
        lines = body.splitlines()
        got = sum(len(json.loads(line)["spans"]) for line in lines)
        if (got, len(lines)) != (spans, articles):
            raise AssertionError(
                f"SQLite export: {got} spans / {len(lines)} articles, "
                f"{spans} / {articles} in the database"
            )
        ref_lines = reference[-1][1]
        if [json.loads(x) for x in lines[:50]] != [json.loads(x) for x in ref_lines[:50]]:
            raise AssertionError("the reference does not write the export's lines")
        return SqliteResult(
            spans,
            articles,
            statistics.median(times[1:]),
            size / 1e6,
            statistics.median(t for t, _ in reference[1:]),
        )
    finally:
        for f in folder.iterdir():
            f.unlink()
        folder.rmdir()


def _counts(path: Path) -> tuple[int, int, int]:
    with sqlite3.connect(path) as db:
        (project_id,) = db.execute(
            "SELECT id FROM corpus_project WHERE name = 'sqlite-export'"
        ).fetchone()
        (spans,) = db.execute(
            "SELECT COUNT(*) FROM annotations_span WHERE project_id = ?", [project_id]
        ).fetchone()
        (articles,) = db.execute(
            "SELECT COUNT(*) FROM corpus_article WHERE project_id = ?", [project_id]
        ).fetchone()
    return project_id, spans, articles


ARTICLES_SQL = """
SELECT a.id, a.title, a.url, a.outlet, o.name, o.country, o.typology, ao.how, a.published_at,
       a.external_id, a.language, a.created_at, a.updated_at, a.text
FROM corpus_article a
LEFT JOIN outlets_articleoutlet ao ON ao.article_id = a.id
LEFT JOIN outlets_outlet o ON o.id = ao.outlet_id
WHERE a.project_id = ? ORDER BY a.id"""
SPANS_SQL = """
SELECT s.article_id, s.id, s.start, s."end", l.key, s.quote, s.status, u.username, r.username,
       s.note, o.name, o.country, o.typology, s.created_at, s.updated_at, s.attributes
FROM annotations_span s
JOIN corpus_label l ON l.id = s.label_id
JOIN auth_user u ON u.id = s.annotator_id
LEFT JOIN auth_user r ON r.id = s.reviewer_id
LEFT JOIN outlets_outlet o ON o.id = s.outlet_id
WHERE s.project_id = ? ORDER BY s.article_id, s.start, s."end", s.id"""
RELATIONS_SQL = """
SELECT r.article_id, r.id, t.key, r.from_span_id, r.to_span_id, r.status, u.username, v.username,
       r.note, r.created_at, r.updated_at
FROM annotations_relation r
JOIN annotations_relationtype t ON t.id = r.type_id
JOIN auth_user u ON u.id = r.annotator_id
LEFT JOIN auth_user v ON v.id = r.reviewer_id
WHERE r.article_id IN (SELECT id FROM corpus_article WHERE project_id = ?)
ORDER BY r.article_id, r.id"""


def _iso(value: str | None) -> str | None:
    # SQLite holds Django's UTC datetimes as "YYYY-MM-DD HH:MM:SS[.ffffff]".
    return None if value is None else value.replace(" ", "T") + "+00:00"


def _reference(path: Path, project_id: int) -> tuple[float, list[bytes]]:
    from newsannot.outlets.models import Typology

    labels = {value: str(label) for value, label in Typology.choices}
    db = sqlite3.connect(path)
    started = time.perf_counter()
    spans = db.execute(SPANS_SQL, [project_id])
    pending = spans.fetchone()
    relations: dict[int, list[dict]] = {}
    for aid, rid, kind, source, target, status, annotator, reviewer, note, c, u in db.execute(
        RELATIONS_SQL, [project_id]
    ):
        relations.setdefault(aid, []).append(
            {
                "id": rid,
                "type": kind,
                "from": source,
                "to": target,
                "status": status,
                "annotator": annotator,
                "reviewer": reviewer,
                "note": note,
                "created_at": _iso(c),
                "updated_at": _iso(u),
            }
        )
    lines = []
    for row in db.execute(ARTICLES_SQL, [project_id]):
        (
            aid,
            title,
            url,
            outlet,
            oname,
            ocountry,
            otyp,
            how,
            published,
            ext,
            language,
            created,
            updated,
            text,
        ) = row
        article_spans = []
        while pending is not None and pending[0] == aid:
            (
                _,
                sid,
                start,
                end,
                label,
                quote,
                status,
                annotator,
                reviewer,
                note,
                sname,
                scountry,
                styp,
                screated,
                supdated,
                attributes,
            ) = pending
            article_spans.append(
                {
                    "id": sid,
                    "start": start,
                    "end": end,
                    "label": label,
                    "quote": quote,
                    "status": status,
                    "annotator": annotator,
                    "reviewer": reviewer,
                    "note": note,
                    "outlet": None
                    if sname is None
                    else {
                        "name": sname,
                        "country": scountry,
                        "typology": styp,
                        "typology_label": labels[styp],
                    },
                    "attributes": {}
                    if attributes == "{}"
                    else dict(sorted(orjson.loads(attributes).items())),
                    "created_at": _iso(screated),
                    "updated_at": _iso(supdated),
                }
            )
            pending = spans.fetchone()
        line = {
            "id": aid,
            "title": title,
            "url": url,
            "outlet": outlet,
            "outlet_registry": None
            if oname is None
            else {
                "name": oname,
                "country": ocountry,
                "typology": otyp,
                "typology_label": labels[otyp],
                "how": how,
            },
            "published_at": published,
            "external_id": ext,
            "language": language,
            "created_at": _iso(created),
            "updated_at": _iso(updated),
            "offsets": "codepoints",
            "text": text,
            "spans": article_spans,
            "relations": relations.get(aid, []),
        }
        lines.append(orjson.dumps(line))
    seconds = time.perf_counter() - started
    db.close()
    return seconds, lines


def load(path: str, n_articles: int) -> None:
    """In the child process (DATABASE_URL names the SQLite file): users, one project, its
    articles and spans through the importer."""
    import django

    django.setup()
    from bench import corpus, data

    people = data.users()
    project = data.project("sqlite-export", people)
    articles = list(corpus.articles(n_articles, data.SPANS_PER_ARTICLE, seed=5151, long_every=100))
    data.import_only(project, people, articles, batch=1000)


if __name__ == "__main__":
    if sys.argv[1:2] == ["load"]:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
        load(sys.argv[2], int(sys.argv[3]))
