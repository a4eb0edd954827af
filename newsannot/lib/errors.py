"""Domain errors, each with the HTTP status that the HTML views and the API both answer with."""

from __future__ import annotations


class DomainError(Exception):
    """A request the domain refuses, with a message meant for the person who made it."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None, **extra: object) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.extra = extra

    def as_dict(self) -> dict[str, object]:
        body: dict[str, object] = {"detail": self.message, "code": self.code}
        if self.field:
            body["field"] = self.field
        body.update(self.extra)
        return body


class Invalid(DomainError):
    status = 400
    code = "invalid"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Conflict(DomainError):
    status = 409
    code = "conflict"
