"""Bring the article text search index up to date (what a bulk import leaves to the background)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from newsannot.corpus import search


class Command(BaseCommand):
    help = "Index the text of every article a bulk import left out of the search index."

    def handle(self, *args: object, **options: object) -> None:
        count = search.index_pending()
        self.stdout.write(f"Search index up to date ({count} article(s) indexed).")
