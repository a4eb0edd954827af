"""A span's and a relation's review state, one rule for both: the fields a decision sets, the
fields that make it pending again, and the decision that undoing a deletion or a reopen gives
back.

services.py (spans) and relations.py (relations) write them, each with its own version check
and history row.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from newsannot import policy
from newsannot.annotations.models import Status
from newsannot.ingest import fields
from newsannot.lib.errors import Invalid

DECISIONS = {"approve": Status.APPROVED, "reject": Status.REJECTED}


def created(
    *, annotator: AbstractBaseUser, status: object, project_id: int, noun: str
) -> dict[str, Any]:
    """The review fields of a span or relation written with `status`: pending, or decided by
    whoever writes it, which only importing an already adjudicated corpus does (a manager's
    right; `noun` "spans" or "relations" names the refusal)."""
    status = fields.status(status)
    if status == Status.PENDING:
        return {"status": status, "reviewer": None, "reviewed_at": None}
    policy.require(
        annotator,
        "span.edit_any",
        project_id,
        f"Only managers of this project can create {status} {noun}.",
    )
    return {"status": status, "reviewer": annotator, "reviewed_at": timezone.now()}


def decided(
    *, reviewer: AbstractBaseUser, decision: str, version: int | None, reason: str, noun: str
) -> dict[str, Any]:
    """The fields approving or rejecting sets; a 400 for an unknown decision, or for none
    naming the version (`noun`'s) it decides on."""
    if decision not in DECISIONS:
        raise Invalid(
            f"Unknown decision {decision!r}; it is 'approve' or 'reject'.", field="decision"
        )
    if version is None:
        raise Invalid(
            f"A review must say which version of the {noun} it decides on.", field="version"
        )
    return {
        "status": DECISIONS[decision],
        "reviewer": reviewer,
        "reviewed_at": timezone.now(),
        "review_reason": reason or "",
    }


def pending() -> dict[str, Any]:
    """The fields that make a decided span or relation pending again (reopen, undo)."""
    return {"status": Status.PENDING, "reviewer": None, "reviewed_at": None, "review_reason": ""}


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


def decision_back(before: dict[str, Any], key: str) -> dict[str, Any]:
    """The review service's arguments that give back the decision a reopen row took away
    (`before`: that row's; undoing the reopen redoes an undone decision): approve or reject,
    its reason, and with an approval the label or type (`key`) the thing had then."""
    decision = "approve" if before.get("status") == Status.APPROVED else "reject"
    return {
        "decision": decision,
        "reason": before.get("review_reason") or "",
        key: before.get(key) if decision == "approve" else None,
    }
