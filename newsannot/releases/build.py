"""Building a release, as a background job: split, pseudonyms, every format, the datasheet.

The gold is read once, by the jsonl writer (pgjsonl on PostgreSQL), into a temporary file;
every other format is written from those lines, not from the database again, so the formats
of one release hold exactly the same articles, spans and names even while the project changes
under the build. Each file is stored through default_storage with its sha256; the zips get the
release's DATASHEET.md. Only then, in one transaction, does the release become ready with its
articles' splits: a build that fails or is cancelled leaves a failed release and no files.
A build killed mid-way leaves its files until the next run of it or releases_cleanup (a
build's start, and `manage.py cleanup_releases`) removes them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import tempfile
import zipfile
from collections.abc import Iterator
from typing import IO, Any

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from newsannot import exporters
from newsannot.annotations.models import Relation, Span
from newsannot.corpus.models import Article, Project
from newsannot.exporters import FORMATS
from newsannot.exporters.source import articles_with_spans
from newsannot.jobs.models import Job
from newsannot.jobs.runner import JobRun
from newsannot.releases import datasheet
from newsannot.releases.models import (
    Pseudonym,
    Release,
    ReleaseArticle,
    ReleaseStatus,
)
from newsannot.releases.services import release_dir, release_discard_partial, releases_cleanup
from newsannot.releases.splits import assign

log = logging.getLogger(__name__)

SPOOL = 16 * 1024 * 1024
SPLIT_METHOD = (
    "By article, stratified by outlet: each outlet's articles (the article's outlet field) are "
    "shuffled with a generator seeded by the seed and the outlet's name and dealt out in "
    "proportion to the fractions. Articles an earlier release of the project held keep the "
    "split they had there."
)


def run_release(job: Job, run: JobRun) -> dict[str, Any]:
    release = Release.objects.select_related("project", "created_by").get(pk=job.params["release"])
    if release.status != ReleaseStatus.BUILDING:
        return {"release": release.pk, "status": release.status}
    # A run killed mid-way (SIGKILL: no except clause runs) left its files; so may other
    # builds of the project that never finished. Their rows say which (releases_cleanup).
    release_discard_partial(release)
    releases_cleanup(project_id=release.project_id)
    stored: list[str] = []
    try:
        return _build(release, run, stored)
    except BaseException:
        for name in stored:  # nothing half-built stays in storage
            default_storage.delete(name)
        Release.objects.filter(pk=release.pk).update(status=ReleaseStatus.FAILED)
        raise


@transaction.atomic
def pseudonyms(project_id: int, role: str, user_ids: set[int]) -> dict[int, str]:
    """{user id: "analyst-3"}: a project's existing numbers kept, new people numbered on from
    the highest, in user id order."""
    # Two builds at once must not hand out the same number: one at a time per project.
    list(Project.objects.select_for_update().filter(pk=project_id).values_list("pk", flat=True))
    known = dict(
        Pseudonym.objects.filter(project_id=project_id, role=role).values_list("user_id", "number")
    )
    last = max(known.values(), default=0)
    new = []
    for user_id in sorted(user_ids - known.keys()):
        last += 1
        known[user_id] = last
        new.append(Pseudonym(project_id=project_id, role=role, user_id=user_id, number=last))
    Pseudonym.objects.bulk_create(new)
    return {user_id: f"{role}-{number}" for user_id, number in known.items()}


def _names(release: Release) -> tuple[dict[int, str] | None, dict[int, str] | None]:
    if not release.pseudonymised:
        return None, None
    # Gold relations name who linked and approved them: people who may have marked no span.
    analysts: set[int] = set()
    reviewers: set[int] = set()
    for model in (Span, Relation):
        rows = model.objects.filter(project_id=release.project_id).order_by()
        analysts.update(rows.values_list("annotator_id", flat=True).distinct())
        reviewers.update(
            rows.filter(reviewer__isnull=False).values_list("reviewer_id", flat=True).distinct()
        )
    return (
        pseudonyms(release.project_id, "analyst", analysts),
        pseudonyms(release.project_id, "reviewer", reviewers),
    )


def _splits(release: Release) -> dict[int, str]:
    earlier = dict(
        ReleaseArticle.objects.filter(
            release__project_id=release.project_id, release__status=ReleaseStatus.READY
        )
        .order_by("release_id")
        .values_list("article_id", "split")
    )
    articles = Article.objects.filter(project_id=release.project_id).order_by("id")
    return assign(articles.values_list("id", "outlet"), release.split, release.seed, earlier)


def release_rows(lines: IO[bytes]) -> Iterator[dict[str, Any]]:
    """A release's jsonl lines as the article dicts every format reads: each gold span and gold
    relation also under the keys of an analyst's (its first copy's id, the names joined)."""
    lines.seek(0)
    for raw in lines:
        article = json.loads(raw)
        for s in article["spans"]:
            s.setdefault("id", s["span_ids"][0])
            s.setdefault("status", "approved")
            s.setdefault("annotator", ", ".join(s["annotators"]))
            s.setdefault("reviewer", ", ".join(s["approved_by"]) or None)
            s.setdefault("note", "")
            s.setdefault("created_at", None)
            s.setdefault("updated_at", None)
        for r in article["relations"]:  # gold relations name gold spans by span_ids[0]
            r.setdefault("id", r["relation_ids"][0])
            r.setdefault("status", "approved")
            r.setdefault("annotator", ", ".join(r["annotators"]))
            r.setdefault("reviewer", ", ".join(r["approved_by"]) or None)
            r.setdefault("note", "")
            r.setdefault("created_at", None)
            r.setdefault("updated_at", None)
        yield article


def _spool(chunks: Iterator[bytes], run: JobRun) -> tuple[IO[bytes], str, int]:
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL)  # noqa: SIM115 (the caller's to close)
    digest, size = hashlib.sha256(), 0
    for chunk in chunks:
        out.write(chunk)
        digest.update(chunk)
        size += len(chunk)
        run.check()
    return out, digest.hexdigest(), size


def _with_datasheet(data: IO[bytes], sheet_md: bytes) -> tuple[IO[bytes], str, int]:
    """The zip with DATASHEET.md added (zipfile appends to a seekable file)."""
    data.seek(0)
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL)  # noqa: SIM115 (the caller's to close)
    while block := data.read(1 << 20):
        out.write(block)
    with zipfile.ZipFile(out, mode="a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("DATASHEET.md", sheet_md)
    out.seek(0)
    digest, size = hashlib.sha256(), 0
    while block := out.read(1 << 20):
        digest.update(block)
        size += len(block)
    return out, digest.hexdigest(), size


def _store(release: Release, name: str, extension: str, data: IO[bytes], stored: list[str]):
    data.seek(0)
    path = f"{release_dir(release.project_id, release.pk)}/{name}.{extension}"
    saved = default_storage.save(path, File(data))
    stored.append(saved)
    return saved


def _build(release: Release, run: JobRun, stored: list[str]) -> dict[str, Any]:
    project = release.project
    splits = _splits(release)
    analysts, reviewers = _names(release)
    total = len(splits) * (len(FORMATS) + 1)
    run.progress(0, total)
    source = articles_with_spans(
        project, layer="gold", splits=splits, analysts=analysts, reviewers=reviewers
    )
    jsonl, jsonl_sha, jsonl_size = _spool(FORMATS["jsonl"].write(source), run)
    released: dict[int, str] = {}
    for article in release_rows(jsonl):
        released[article["id"]] = article["split"]
    run.progress(len(splits))
    counts = datasheet.counts(release_rows(jsonl))
    sheet = {
        "project": project.name,
        "release": release.name,
        "created_at": release.created_at.isoformat(),
        "counts": counts,
        "split": {
            "seed": release.seed,
            "fractions": release.split,
            "method": SPLIT_METHOD,
        },
        "names": (
            "Analysts and reviewers are named by pseudonyms (analyst-N, reviewer-N), the same "
            "in every release of this project."
            if release.pseudonymised
            else "Analysts and reviewers are named by their usernames, as the manager chose."
        ),
        "pseudonymised": release.pseudonymised,
        "agreement": datasheet.agreement_at_release(project, set(released)),
        "definitions": datasheet.definitions(project),
        "licence": release.licence,
        "offsets": datasheet.OFFSETS,
        "jsonl_sha256": jsonl_sha,
    }
    sheet_md = datasheet.markdown(sheet).encode("utf-8")
    files: dict[str, dict[str, Any]] = {
        "jsonl": {
            "sha256": jsonl_sha,
            "bytes": jsonl_size,
            "content_type": FORMATS["jsonl"].CONTENT_TYPE,
            "extension": "jsonl",
        }
    }
    files["jsonl"]["name"] = _store(release, "jsonl", "jsonl", jsonl, stored)
    done = len(splits)
    for fmt, module in FORMATS.items():
        if fmt == "jsonl" or not exporters.available(module):
            continue  # an optional format whose library is not installed: not in the release
        content_type, extension = module.CONTENT_TYPE, module.EXTENSION
        if hasattr(module, "write_release"):
            # Training formats: a zip of one file per split, with the datasheet.
            chunks = module.write_release(
                lambda: release_rows(jsonl),
                list(release.split),
                sorted(label["key"] for label in sheet["definitions"]["labels"]),
                {"DATASHEET.md": sheet_md},
            )
            data, sha, size = _spool(chunks, run)
            content_type, extension = "application/zip", "zip"
        else:
            data, sha, size = _spool(module.write(release_rows(jsonl)), run)
            if module.CONTENT_TYPE == "application/zip":
                data, sha, size = _with_datasheet(data, sheet_md)
        name = _store(release, fmt, extension, data, stored)
        files[fmt] = {
            "name": name,
            "sha256": sha,
            "bytes": size,
            "content_type": content_type,
            "extension": extension,
        }
        done += len(splits)
        run.progress(done)
    with transaction.atomic():
        ReleaseArticle.objects.bulk_create(
            ReleaseArticle(release=release, article_id=pk, split=split)
            for pk, split in released.items()
        )
        Release.objects.filter(pk=release.pk).update(
            status=ReleaseStatus.READY, files=files, counts=counts, datasheet=sheet
        )
        result = {
            "release": release.pk,
            "articles": counts["articles"],
            "spans": counts["spans"],
            "built_at": timezone.now().isoformat(),
        }
        run.succeed(result)
    return result
