"""Import a JSON Lines corpus into a project, as POST /api/v1/projects/{id}/import/ does."""

from __future__ import annotations

import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsannot.corpus import search
from newsannot.corpus.models import Project
from newsannot.ingest.jsonl import ImportFailed, import_jsonl
from newsannot.lib.errors import DomainError
from newsannot.lib.ids import whole_number


def find_project(ref: str) -> Project:
    pk = whole_number(ref)
    project = (Project.objects.filter(pk=pk).first() if pk is not None else None) or (
        Project.objects.filter(name=ref).first()
    )
    if project is None:
        raise CommandError(f"There is no project {ref!r} (give its id or its name).")
    return project


class Command(BaseCommand):
    help = "Import FILE (JSON Lines, '-' for stdin) into PROJECT (id or name). All or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("project")
        parser.add_argument("file")
        parser.add_argument("--as", dest="username", help="Who imports (default: a superuser).")
        parser.add_argument("--dry-run", action="store_true", help="Validate only.")

    def handle(self, *args: object, **options: object) -> None:
        project = find_project(str(options["project"]))
        users = get_user_model().objects
        username = options["username"]
        actor = (
            users.filter(username=username).first()
            if username
            else users.filter(is_superuser=True, is_active=True).order_by("pk").first()
        )
        if actor is None:
            raise CommandError("Name an existing user with --as (no superuser to import as).")
        path = str(options["file"])
        try:
            stream = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from None
        try:
            report = import_jsonl(
                project=project, lines=stream, actor=actor, dry_run=bool(options["dry_run"])
            )
        except ImportFailed as failed:
            for error in failed.errors:
                self.stderr.write(f"line {error['line']}: {error['detail']}")
            raise CommandError(failed.message) from None
        except DomainError as refused:  # nothing to import, not allowed to
            raise CommandError(refused.message) from None
        finally:
            if stream is not sys.stdin.buffer:
                stream.close()
        # Catch up on the search index now, so the corpus is searchable when the command ends,
        # whether or not a worker is running (the queued job then finds nothing left to do).
        search.index_pending()
        for merged in report.merged_spans:
            self.stdout.write(f"line {merged['line']}, span {merged['span']}: {merged['detail']}")
        verb = "Would import" if options["dry_run"] else "Imported"
        self.stdout.write(
            f"{verb} {report.created} articles with {report.spans} spans; "
            f"{len(report.duplicates)} duplicates skipped; "
            f"{len(report.merged_spans)} spans listed twice, stored once."
        )
