"""Every API error is a JSON object with a `detail` naming the problem.

Domain errors keep their status and extras (`field`, `errors`, `version`...). DRF's own errors,
which for validation are `{"field": ["message"]}`, get a `detail` that joins the messages, with
the original under `errors` (both the first SHOWN messages, the rest counted).
"""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from newsannot.lib.errors import DomainError


class PayloadTooLarge(DomainError):
    status = 413
    code = "too_large"


class UnsupportedMediaType(DomainError):
    status = 415
    code = "unsupported_media_type"


def _flatten(detail: Any, prefix: str = "") -> list[str]:
    if isinstance(detail, dict):
        out: list[str] = []
        for key, value in detail.items():
            name = f"{prefix}{key}" if key != "non_field_errors" else prefix.rstrip(".")
            out += _flatten(value, f"{name}." if name else "")
        return out
    if isinstance(detail, list):
        return [m for item in detail for m in _flatten(item, prefix)]
    where, message = prefix.rstrip("."), str(detail)
    # A shared validator's message names its field already ("start (-1) must not be ...").
    return [f"{where}: {message}" if where and not message.startswith(where) else message]


# Messages an answer names; the rest are counted. A list of 100,000 items, each with a misspelt
# field, was answered with 10 MB naming every one.
SHOWN = 10


def _first(detail: Any, left: list[int]) -> Any:
    """`detail` in DRF's shape (dicts, lists, messages), cut after `left[0]` messages."""
    if isinstance(detail, dict | list):
        items = detail.items() if isinstance(detail, dict) else enumerate(detail)
        kept = []
        for key, value in items:
            if left[0] <= 0:
                break
            kept.append((key, _first(value, left)))
        return dict(kept) if isinstance(detail, dict) else [value for _, value in kept]
    left[0] -= 1
    return detail


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        return Response(exc.as_dict(), status=exc.status)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if not (isinstance(data, dict) and set(data) <= {"detail", "code"}):
        messages = _flatten(data)
        detail = " ".join(messages[:SHOWN])
        if len(messages) > SHOWN:
            detail += f" {len(messages) - SHOWN} more not shown."
            data = _first(data, [SHOWN])
        response.data = {"detail": detail, "errors": data}
    if isinstance(exc, exceptions.ValidationError):
        response.data.setdefault("code", "invalid")
    return response
