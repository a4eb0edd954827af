"""Run a background worker: `python manage.py worker` (as many as you like, on any machine).

django-tasks-db's worker, plus two things a long-running service needs: it outlives a database
restart (the library's loop exits on the first connection error; this one waits and reconnects),
and it watches for jobs whose worker died (newsannot/jobs/reaper.py).
"""

from __future__ import annotations

import logging
import time

from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.management.commands import db_worker

from newsannot.jobs.reaper import Reaper

log = logging.getLogger("newsannot.jobs")


class ResilientWorker(db_worker.Worker):
    def run(self) -> None:
        reaper = Reaper()
        reaper.start()
        try:
            pause = 1.0
            while self.running:
                try:
                    super().run()
                    return  # --batch or --max-tasks: done
                except (OperationalError, InterfaceError) as exc:
                    log.warning("database unavailable (%s); retrying in %.0f s", exc, pause)
                    connections.close_all()
                    time.sleep(pause)
                    pause = min(pause * 2, 30)
        finally:
            reaper.stopping.set()


class Command(db_worker.Command):
    help = "Run background jobs (imports, suggestions, index and statistics upkeep)."

    def handle(self, **options) -> None:
        db_worker.Worker = ResilientWorker  # the library builds its Worker by this name
        super().handle(**options)
