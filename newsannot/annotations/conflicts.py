"""The answer to a write that lost a race: who changed or deleted the thing since it was read,
and whether an undo may still reverse a row (one rule for spans and relations).

Spans and relations are written by conditional updates on their version (one writer wins); the
loser's 409 (or 404, once deleted) says who won and when, from the thing's history.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from newsannot.annotations.models import Action
from newsannot.lib.errors import Conflict, Forbidden, NotFound


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


def newest_first(history: QuerySet, *, after: int | None = None) -> QuerySet:
    """The thing's history rows (`history`), newest first, with who wrote them; `after`: only
    those after that row. The order undo walks them in, and how its rules find the latest."""
    if after is not None:
        history = history.filter(pk__gt=after)
    return history.select_related("actor").order_by("-id")


# Undo, for spans and relations alike. A person undoes their own changes newest first, and
# redoes them the same way (a redo is the undo of an undo). A row can be reversed when every
# row after it on the same thing is the person's own and the thing is still as that row left
# it: the later changes were undone in turn. Anyone else's later change is a 409 naming them,
# never an overwrite; so is one's own later change not undone yet (another tab, say). The
# reversal then writes on the version read here, so a change landing meanwhile still loses.
def undo_refusal(
    history: QuerySet,
    row: Any,
    actor: Any,
    current: dict | None,
    noun: str,
    derived: tuple[str, ...] = (),
    *,
    newest_id: int | None = None,
) -> Conflict | Forbidden | None:
    """Why `actor` cannot reverse `row` now, or None. `history`: the thing's history rows;
    `current`: its snapshot now (None when it is deleted); `derived`: snapshot keys that are
    not the thing's own (a relation's quotes, which follow its spans); `newest_id`: the id of
    its newest row, when the caller read it with the row (no later rows are asked for when
    that is the row itself)."""
    if row.actor_id != actor.pk:
        return Forbidden("You can only undo your own changes.")
    later = newest_first(history, after=row.pk)
    other = None if newest_id == row.pk else later.exclude(actor_id=actor.pk).first()
    if other is not None:
        who = other.actor.get_username() if other.actor else "someone"
        return Conflict(
            f"This {noun} was changed by {who} at {other.at:%H:%M:%S} UTC since; "
            "undoing would overwrite that change. Reload to see it.",
            changed_by=who,
        )
    if not _same(current, row.after, ("version", *derived)):
        mine = later.first()
        when = f" at {mine.at:%H:%M:%S} UTC" if mine else ""
        return Conflict(
            f"You changed this {noun} again{when}: undo that change first.",
            changed_by=actor.get_username(),
        )
    return None


def reversal_of(
    history: QuerySet, row: Any, actor: Any, current: dict | None, derived: tuple[str, ...] = ()
) -> Any:
    """The row that reversed `row` already, if the one row written after it is `actor`'s and
    goes back from what `row` left to what it found, and the thing is still so; else None.
    For an undo sent again (its first answer timed out, but it had landed): that row is its
    answer, not a 409 saying the person changed the thing again. The callers ask only then, so
    a later change of one's own not undone yet (another tab) keeps the rule above."""
    if row.actor_id != actor.pk:
        return None
    later = list(history.filter(pk__gt=row.pk).select_related("actor").order_by("id")[:2])
    if len(later) != 1 or later[0].actor_id != actor.pk:
        return None
    ignore = ("version", *derived)
    back = later[0]
    mirrors = _same(back.before, row.after, ignore) and _same(back.after, row.before, ignore)
    return back if mirrors and _same(current, row.before, ignore) else None


def _same(current: dict | None, left: dict | None, ignore: tuple[str, ...]) -> bool:
    """The thing is as a row left it: gone if it left none, else the same on every key the row
    recorded (rows written before a key was added to the snapshot do not hold it)."""
    if current is None or left is None:
        return current is None and left is None
    return all(current.get(key) == value for key, value in left.items() if key not in ignore)


def undo_written(history: QuerySet, newest_before: int | None, noun: str) -> Any:
    """The row an undo's reversal wrote; a reversal that wrote none changed nothing, and saying
    "Undone" then would be false."""
    row = newest_first(history, after=newest_before or 0).first()
    if row is None:
        raise Conflict(f"Nothing was undone: the {noun} is already as it was before that change.")
    return row
