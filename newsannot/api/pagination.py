from __future__ import annotations

from rest_framework.exceptions import NotFound
from rest_framework.pagination import Cursor, CursorPagination

from newsannot.lib.errors import Invalid
from newsannot.lib.ids import whole_number


class IdCursor(CursorPagination):
    """Cursor pages over the primary key: unique, indexed, stable while rows are added."""

    ordering = ("id",)
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000

    def get_page_size(self, request) -> int:
        # DRF falls back to the default on a bad page_size; say what is wrong instead.
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        value = whole_number(raw)
        if value is None or value < 1:
            raise Invalid(
                f"page_size must be a whole number from 1 to {self.max_page_size}, "
                f"not {raw[:30]!r}.",
                field="page_size",
            )
        return min(value, self.max_page_size)

    def decode_cursor(self, request) -> Cursor | None:
        # The position is an id that goes into the query: one that is no id in the database's
        # range is an unknown cursor (404), as DRF answers for one it cannot decode.
        cursor = super().decode_cursor(request)
        if cursor and cursor.position is not None and whole_number(cursor.position) is None:
            raise NotFound(self.invalid_cursor_message)
        return cursor


class RecentFirst(IdCursor):
    """The newest first (jobs): still a cursor over the unique primary key."""

    ordering = ("-id",)
