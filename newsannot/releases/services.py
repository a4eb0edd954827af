"""Creating a release (the build runs as a job: build.py) and the one way one ever goes."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction

from newsannot import policy
from newsannot.corpus.models import Project
from newsannot.corpus.roles import is_site_admin
from newsannot.ingest import fields
from newsannot.jobs.models import ACTIVE, Kind
from newsannot.jobs.services import job_start
from newsannot.lib.errors import Conflict, Forbidden, Invalid, shown
from newsannot.releases.models import Release, ReleaseStatus
from newsannot.releases.splits import check_fractions

log = logging.getLogger(__name__)

NAME_MAX = Release._meta.get_field("name").max_length or 100
LICENCE_MAX = 10_000
SEED_MAX = 2**63 - 1


def release_name(value: object) -> str:
    name = fields.string("name", value).strip()
    if not name:
        raise Invalid("A release needs a name, e.g. v1.", field="name")
    if len(name) > NAME_MAX or any(c < " " for c in name):
        raise Invalid(f"name must be one line of at most {NAME_MAX} characters.", field="name")
    return name


def release_seed(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= SEED_MAX:
        raise Invalid(
            f"seed must be a whole number from 0 to 2⁶³ − 1, not {shown(value)}.", field="seed"
        )
    return value


def licence_note(value: object) -> str:
    note = fields.string("licence", value)
    if len(note) > LICENCE_MAX:
        raise Invalid(f"licence is longer than {LICENCE_MAX} characters.", field="licence")
    return note


@transaction.atomic
def release_create(
    *,
    project: Project,
    actor: AbstractBaseUser,
    name: object,
    seed: object,
    split: object,
    licence: object = "",
    real_names: bool = False,
) -> Release:
    """A release named `name`, built in the background (its job is `release.job`)."""
    policy.require(actor, "release.create", project)
    values = {
        "name": release_name(name),
        "seed": release_seed(seed),
        "split": check_fractions(split),
        "licence": licence_note(licence),
    }
    if Release.objects.filter(project=project, name=values["name"]).exists():
        raise Conflict(f"The project has a release named {values['name']!r} already.")
    try:
        with transaction.atomic():
            release = Release.objects.create(
                project=project, created_by=actor, pseudonymised=not real_names, **values
            )
    except IntegrityError:  # the same name, created a moment ago
        raise Conflict(f"The project has a release named {values['name']!r} already.") from None
    release.job = job_start(
        kind=Kind.RELEASE,
        project_id=project.pk,
        created_by=actor,
        params={"release": release.pk},
    )
    release.save(update_fields=["job"])
    return release


@transaction.atomic
def release_delete(*, release: Release, actor: AbstractBaseUser) -> None:
    """Releases are cited: only a site admin deletes one (a takedown), and it is logged."""
    if not is_site_admin(actor):
        raise Forbidden("A release cannot be changed or deleted; only a site admin may remove one.")
    log.warning(
        "release %s (%r of project %s) deleted by site admin %s",
        release.pk,
        release.name,
        release.project_id,
        actor.get_username(),
    )
    names = [f["name"] for f in release.files.values()]
    release.delete()
    transaction.on_commit(lambda: [default_storage.delete(n) for n in names])


# --- Files of builds that did not finish -------------------------------------------------------

ROOT = "releases"


def release_dir(project_id: int, release_id: int) -> str:
    """Where a release's files are stored: every file of one build, and nothing else, is here."""
    return f"{ROOT}/{project_id}/{release_id}"


def _files(path: str) -> Iterator[str]:
    """Every stored file under `path` (default_storage: a folder or S3-compatible storage)."""
    try:
        folders, files = default_storage.listdir(path)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        yield f"{path}/{name}"
    for folder in folders:
        yield from _files(f"{path}/{folder}")


def _discard(path: str) -> int:
    count = 0
    for name in list(_files(path)):
        default_storage.delete(name)
        count += 1
    return count


def release_discard_partial(release: Release) -> int:
    """Remove what an earlier run of this release's build stored (a worker killed mid-way
    cannot clean up after itself): called as a build starts, before it stores anything."""
    return _discard(release_dir(release.project_id, release.pk))


def releases_cleanup(*, project_id: int | None = None) -> int:
    """Remove the files of release builds that did not finish, and return how many.

    The release row tells: a ready release's files are kept, and so are those of one whose
    build is still queued or running. Everything else under `releases/` goes: a failed build's,
    one still marked building whose job has ended (its worker killed on the last try: it is
    marked failed here), and a deleted release's. A folder newer than the rows read is left
    alone (a build that started meanwhile). `project_id`: only that project's.
    """
    releases = (
        Release.objects.all()
        if project_id is None
        else Release.objects.filter(project_id=project_id)
    )
    # The job ended, the build did not: no run will finish it.
    releases.filter(status=ReleaseStatus.BUILDING).exclude(job__status__in=ACTIVE).update(
        status=ReleaseStatus.FAILED
    )
    rows = {
        pk: (status, job_status in ACTIVE)
        for pk, status, job_status in releases.values_list("id", "status", "job__status")
    }
    newest = max(rows, default=0)
    projects = [str(project_id)] if project_id is not None else _folders(ROOT)
    removed = 0
    for project in projects:
        for folder in _folders(f"{ROOT}/{project}"):
            if not folder.isdigit() or int(folder) > newest:
                continue
            status, active = rows.get(int(folder), (None, False))
            if status == ReleaseStatus.READY or (status == ReleaseStatus.BUILDING and active):
                continue
            count = _discard(f"{ROOT}/{project}/{folder}")
            if count:
                log.warning("removed %s file(s) of unfinished release build %s", count, folder)
            removed += count
    return removed


def _folders(path: str) -> list[str]:
    try:
        return default_storage.listdir(path)[0]
    except (FileNotFoundError, NotADirectoryError):
        return []
