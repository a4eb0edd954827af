from __future__ import annotations

from django.core.management.base import BaseCommand

from newsannot.releases.services import releases_cleanup


class Command(BaseCommand):
    help = (
        "Remove the stored files of release builds that did not finish (failed, or killed "
        "mid-way); ready releases and builds still queued or running keep theirs."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--project", type=int, help="Only this project's releases.")

    def handle(self, *args, project: int | None = None, **options) -> None:
        removed = releases_cleanup(project_id=project)
        self.stdout.write(f"Removed {removed} file(s) of unfinished release builds.")
