"""Domain errors, each with the HTTP status that the HTML views and the API both answer with."""

from __future__ import annotations

import reprlib


class DomainError(Exception):
    """A request the domain refuses, with a message meant for the person who made it."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None, **extra: object) -> None:
        message = encodable(message)
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


_repr = reprlib.Repr(maxstring=60, maxother=60, maxlist=4, maxdict=4, maxlevel=2)
_repr.maxlong = 40


def shown(value: object, limit: int = 80) -> str:
    """A value someone sent, quoted for a message: short (a 10 MB string is not echoed back) and
    printable (repr escapes control characters and unpaired surrogates)."""
    text = _repr.repr(value)
    return text if len(text) <= limit else text[: limit - 4] + " ..."


def encodable(message: str) -> str:
    """The message with any unpaired surrogate written as an escape. A message may quote input
    that JSON carried as `"\\ud800"`, which no response can encode as UTF-8 (a 500, not a 400)."""
    try:
        message.encode("utf-8")
    except UnicodeEncodeError:
        return message.encode("utf-8", "backslashreplace").decode("utf-8")
    return message
