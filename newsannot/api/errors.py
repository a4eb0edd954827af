"""Every API error is a JSON object with a `detail` naming the problem.

Domain errors keep their status and extras (`field`, `errors`, `version`...). DRF's own errors,
which for validation are `{"field": ["message"]}`, get a `detail` that joins the messages, with
the original under `errors`.
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


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        return Response(exc.as_dict(), status=exc.status)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if not (isinstance(data, dict) and set(data) <= {"detail", "code"}):
        response.data = {"detail": " ".join(_flatten(data)), "errors": data}
    if isinstance(exc, exceptions.ValidationError):
        response.data.setdefault("code", "invalid")
    return response
