from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsannot.lib.errors import DomainError
from newsannot.outlets.services import outlets_import_csv


class Command(BaseCommand):
    help = "Create or update outlets from a CSV file (columns as export_outlets writes them)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from None
        try:
            result = outlets_import_csv(text, source=f"CSV import ({file.name})")
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"{result.created} outlets created, {result.updated} updated.")
