"""Reading releases: lists, one release, its stored files, and what changed between two."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from django.core.files.storage import default_storage
from django.db.models import QuerySet

from newsannot import policy
from newsannot.corpus.models import Project
from newsannot.lib.errors import Invalid, NotFound
from newsannot.releases.models import Release, ReleaseStatus


def releases_of(user, project: Project) -> QuerySet[Release]:
    policy.require(user, "release.create", project)
    return Release.objects.filter(project=project).select_related("created_by", "job")


def release_for(user, release_id: int) -> Release:
    release = (
        Release.objects.select_related("project", "created_by", "job").filter(pk=release_id).first()
    )
    if release is None or not policy.allowed(user, "project.view", release.project):
        raise NotFound(f"There is no release {release_id}.")
    policy.require(user, "release.create", release.project)
    return release


def stored_file(release: Release, fmt: str) -> tuple[IO[bytes], dict[str, Any]]:
    """The file as it was stored when the release was built (never rebuilt)."""
    if release.status != ReleaseStatus.READY:
        raise Invalid(f"Release {release.name!r} is {release.status}, not ready to download.")
    entry = release.files.get(fmt)
    if entry is None:
        raise Invalid(
            f"Release {release.name!r} has no {fmt!r} file; it has "
            f"{', '.join(sorted(release.files))}.",
            field="format",
        )
    return default_storage.open(entry["name"], "rb"), entry


def _lines(release: Release) -> Iterator[dict[str, Any]]:
    handle, _ = stored_file(release, "jsonl")
    with handle:
        for raw in handle:
            yield json.loads(raw)


def _gold_key(article_id: int, s: dict[str, Any]) -> tuple:
    return (article_id, s["label"], s["start"], s["end"])


def _relation_key(article_id: int, r: dict[str, Any], ends: dict[int, tuple]) -> tuple:
    """A gold relation by its type and its ends' gold keys: `from` and `to` name a gold span by
    its first copy's id, which another release may not share."""
    return (article_id, r["type"], ends[r["from"]], ends[r["to"]])


def _end_out(key: tuple, gold: dict[tuple, dict[str, Any]]) -> dict[str, Any]:
    return {"label": key[1], "start": key[2], "end": key[3], "quote": gold[key]["quote"]}


def diff(a: Release, b: Release) -> dict[str, Any]:
    """Articles, gold spans and gold relations added, removed and changed from release a to
    release b (a gold span changes with its people, outlet or attributes)."""
    if a.project_id != b.project_id:
        raise Invalid("Both releases must be of the same project.")
    articles: list[dict[str, dict[str, Any]]] = []
    spans: list[dict[tuple, dict[str, Any]]] = []
    relations: list[set[tuple]] = []
    for release in (a, b):
        these: dict[str, dict[str, Any]] = {}
        gold: dict[tuple, dict[str, Any]] = {}
        links: set[tuple] = set()
        for line in _lines(release):
            these[line["id"]] = {
                "title": line["title"],
                "text": line["text"],
                "split": line["split"],
            }
            ends = {}
            for s in line["spans"]:
                key = _gold_key(line["id"], s)
                gold[key] = s
                ends[s["span_ids"][0]] = key
            # Releases built before relations existed have none.
            links.update(_relation_key(line["id"], r, ends) for r in line.get("relations") or ())
        articles.append(these)
        spans.append(gold)
        relations.append(links)
    old, new = articles

    def span_out(key: tuple, s: dict[str, Any]) -> dict[str, Any]:
        return {
            "article": key[0],
            "label": key[1],
            "start": key[2],
            "end": key[3],
            "quote": s["quote"],
        }

    def relation_out(key: tuple, gold: dict[tuple, dict[str, Any]]) -> dict[str, Any]:
        return {
            "article": key[0],
            "type": key[1],
            "from": _end_out(key[2], gold),
            "to": _end_out(key[3], gold),
        }

    compared = ("annotators", "approved_by", "outlet", "attributes")
    changed_spans = []
    for key in sorted(spans[0].keys() & spans[1].keys()):
        before, after = spans[0][key], spans[1][key]
        if any(before.get(k) != after.get(k) for k in compared):
            changed_spans.append(
                {
                    **span_out(key, after),
                    "before": {k: before.get(k) for k in compared},
                    "after": {k: after.get(k) for k in compared},
                }
            )
    return {
        "from": a.pk,
        "to": b.pk,
        "articles": {
            "added": sorted(new.keys() - old.keys()),
            "removed": sorted(old.keys() - new.keys()),
            "changed": sorted(k for k in old.keys() & new.keys() if old[k] != new[k]),
        },
        "spans": {
            "added": [span_out(k, spans[1][k]) for k in sorted(spans[1].keys() - spans[0].keys())],
            "removed": [
                span_out(k, spans[0][k]) for k in sorted(spans[0].keys() - spans[1].keys())
            ],
            "changed": changed_spans,
        },
        "relations": {
            "added": [relation_out(k, spans[1]) for k in sorted(relations[1] - relations[0])],
            "removed": [relation_out(k, spans[0]) for k in sorted(relations[0] - relations[1])],
        },
    }
