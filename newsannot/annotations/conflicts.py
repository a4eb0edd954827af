"""The answer to a write that lost a race: who changed or deleted the thing since it was read.

Spans and relations are written by conditional updates on their version (one writer wins); the
loser's 409 (or 404, once deleted) says who won and when, from the thing's history.
"""

from __future__ import annotations

from django.db.models import QuerySet

from newsannot.annotations.models import Action
from newsannot.lib.errors import Conflict, NotFound


def stale_write(
    history: QuerySet, current: QuerySet, noun: str, had_version: int
) -> Conflict | NotFound:
    """Explain why a conditional update matched no row: who changed (or deleted) the thing.
    `history`: its history rows; `current`: the thing itself (by id). Spans and relations."""
    last = history.select_related("actor").order_by("-at", "-id").first()
    who = last.actor.get_username() if last and last.actor else "someone"
    when = f" at {last.at:%H:%M:%S} UTC" if last else ""
    if last and last.action == Action.DELETE:
        return NotFound(f"This {noun} was deleted by {who}{when}.", changed_by=who)
    version = current.values_list("version", flat=True).first()
    return Conflict(
        f"This {noun} was changed by {who}{when} since you loaded it "
        f"(you had version {had_version}, it is now at version {version}). "
        "Reload to see the change.",
        changed_by=who,
        version=version,
    )
