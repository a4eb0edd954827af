from __future__ import annotations

from django.core.management.base import BaseCommand

from newsannot.outlets.services import outlets_export_csv


class Command(BaseCommand):
    help = "Write the outlet registry as CSV to standard output."

    def handle(self, *args, **options) -> None:
        for chunk in outlets_export_csv():
            self.stdout.write(chunk, ending="")
