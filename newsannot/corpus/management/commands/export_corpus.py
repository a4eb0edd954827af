"""Export a project's corpus, as GET /api/v1/projects/{id}/export/ does, to stdout or a file."""

from __future__ import annotations

import datetime as dt
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from newsannot import exporters
from newsannot.corpus.management.commands.import_corpus import find_project
from newsannot.exporters import FORMATS
from newsannot.exporters.source import LAYERS, STATUSES, articles_with_spans


class Command(BaseCommand):
    help = "Export PROJECT (id or name) in --format to --output (default stdout)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("project")
        parser.add_argument("--format", default="jsonl", choices=sorted(FORMATS))
        parser.add_argument("--status", default="approved", choices=STATUSES)
        parser.add_argument("--layer", default=None, choices=LAYERS)
        parser.add_argument("--label", default=None)
        parser.add_argument("--updated-since", default=None)
        parser.add_argument("--output", "-o", default="-")

    def handle(self, *args: object, **options: object) -> None:
        project = find_project(str(options["project"]))
        since = None
        if options["updated_since"]:
            since = parse_datetime(str(options["updated_since"]))
            if since is None:
                raise CommandError("--updated-since must be an ISO 8601 date-time.")
            if timezone.is_naive(since):
                since = timezone.make_aware(since, dt.UTC)
        try:
            rows = articles_with_spans(
                project,
                status=str(options["status"]),
                label=options["label"] or None,  # type: ignore[arg-type]
                updated_since=since,
                layer=options["layer"] or None,  # type: ignore[arg-type]
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        module = FORMATS[str(options["format"])]
        if not exporters.available(module):
            raise CommandError(module.MISSING)
        chunks = module.write(rows)
        output = str(options["output"])
        if output == "-":
            out = sys.stdout.buffer
            for chunk in chunks:
                out.write(chunk)
            out.flush()
            return
        with open(output, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
