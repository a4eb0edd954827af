"""A release build killed mid-way (its worker SIGKILLed: no except clause runs) leaves files in
storage. The next run of that build, and the cleanup step, remove the files of builds that did
not finish; a ready release's files, and a build's still under way, are kept."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from newsannot.jobs.models import Job, JobStatus
from newsannot.releases.models import Release, ReleaseStatus
from newsannot.releases.services import release_create, release_dir
from tests.releases.test_releases import SPLIT, create, download


@pytest.fixture(autouse=True)
def own_storage(settings, tmp_path):
    """A storage of this test's own: other tests' release files stay out of the sweep."""
    settings.MEDIA_ROOT = str(tmp_path)


def _start(project, manager, name: str) -> Release:
    """A release whose build job is queued, not run."""
    return release_create(project=project, actor=manager, name=name, seed=1, split=SPLIT)


def _leftover(release: Release, name: str = "jsonl.jsonl") -> str:
    """A file as a killed run of the release's build leaves it."""
    path = f"{release_dir(release.project_id, release.pk)}/{name}"
    return default_storage.save(path, ContentFile(b'{"partial": true}\n'))


def test_cleanup_removes_unfinished_builds_files_and_keeps_finished_ones(
    gold, project, manager, run_jobs
):
    ready = create(manager, project, run_jobs)
    failed = _start(project, manager, "failed")
    failed_files = [_leftover(failed), _leftover(failed, "brat.zip")]
    Release.objects.filter(pk=failed.pk).update(status=ReleaseStatus.FAILED)
    # Killed on its last try: the job failed (the reaper), the row still says building.
    killed = _start(project, manager, "killed")
    killed_file = _leftover(killed)
    Job.objects.filter(pk=killed.job_id).update(status=JobStatus.FAILED)
    running = _start(project, manager, "running")  # its job is still queued
    running_file = _leftover(running)

    out = StringIO()
    call_command("cleanup_releases", stdout=out)

    assert "Removed 3 file(s)" in out.getvalue()
    assert not any(default_storage.exists(n) for n in [*failed_files, killed_file])
    assert default_storage.exists(running_file)
    assert Release.objects.get(pk=killed.pk).status == ReleaseStatus.FAILED
    stored = Release.objects.get(pk=ready["id"]).files
    for fmt, entry in ready["files"].items():  # the ready release: every file, byte-identical
        assert default_storage.exists(stored[fmt]["name"]), fmt
        assert hashlib.sha256(download(manager, ready, fmt)).hexdigest() == entry["sha256"]


def test_a_build_run_again_removes_what_its_killed_run_left(gold, project, manager, run_jobs):
    release = _start(project, manager, "v1")
    # The first run stored two files and was killed; the job is run again.
    stale = [_leftover(release), _leftover(release, "brat.zip")]
    run_jobs()
    release.refresh_from_db()
    assert release.status == ReleaseStatus.READY
    assert not any(default_storage.exists(n) for n in stale if n not in _names(release))
    stored = set(default_storage.listdir(release_dir(project.pk, release.pk))[1])
    assert stored == {name.rsplit("/", 1)[1] for name in _names(release)}


def _names(release: Release) -> set[str]:
    return {entry["name"] for entry in release.files.values()}
