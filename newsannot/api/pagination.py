from __future__ import annotations

from rest_framework.pagination import CursorPagination


class IdCursor(CursorPagination):
    """Cursor pages over the primary key: unique, indexed, stable while rows are added."""

    ordering = ("id",)
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
