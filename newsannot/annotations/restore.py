"""What undoing a deletion gives back of a span's or a relation's review.

Both come back with their id and the decision their delete row recorded (services._recreate,
relations._restore); the rule for that decision is one, so it lives here.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from newsannot.annotations.models import Status
from newsannot.ingest import fields


def review_state(before: dict[str, Any]) -> dict[str, Any]:
    """The review fields to create the thing with, from its delete row's `before`. A decision
    whose reviewer's account is gone since comes back pending: a decision names who took it.
    The decision is dated now: the row keeps no time, and the undo is when it holds again."""
    status = fields.status(before.get("status") or Status.PENDING)
    reviewer = None
    if status != Status.PENDING:
        reviewer = get_user_model().objects.filter(username=before.get("reviewer")).first()
        if reviewer is None:
            status = Status.PENDING
    return {
        "status": status,
        "reviewer": reviewer,
        "reviewed_at": timezone.now() if reviewer else None,
        "review_reason": before.get("review_reason") or "",
    }
