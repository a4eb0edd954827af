from __future__ import annotations

from rest_framework.pagination import CursorPagination

from newsannot.lib.errors import Invalid


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
        if not raw.isdigit() or int(raw) < 1:
            raise Invalid(
                f"page_size must be a whole number from 1 to {self.max_page_size}, not {raw!r}.",
                field="page_size",
            )
        return min(int(raw), self.max_page_size)


class RecentFirst(IdCursor):
    """The newest first (jobs): still a cursor over the unique primary key."""

    ordering = ("-id",)
