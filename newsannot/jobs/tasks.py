"""The one task the queue knows: run a job. Everything a job does is in its kind's handler."""

from __future__ import annotations

from django.tasks import task

from newsannot.jobs import runner


@task()
def run_job(job_id: int) -> None:
    runner.run(job_id)
