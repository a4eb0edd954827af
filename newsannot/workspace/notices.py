"""The words of the notice above the text: what a change did, and what its undo or redo did.

One place builds them, so that Ctrl+Z names the change in the words its own notice used
("Created Attribution “said the strikes”", then "Undone: created Attribution “said the
strikes”"). Plain text: the template escapes it, quotes and labels being anyone's text.
"""

from __future__ import annotations

from newsannot.annotations.models import Action

# What each history action did, as the notice says it. A relation is only ever linked or
# unlinked (its rows are creates and deletes).
SPAN_VERBS = {
    Action.CREATE: "created",
    Action.UPDATE: "changed",
    Action.APPROVE: "approved",
    Action.REJECT: "rejected",
    Action.REOPEN: "reopened",
    Action.DELETE: "deleted",
}
RELATION_VERBS = {Action.CREATE: "linked", Action.DELETE: "unlinked"}

# A quote in a notice: long enough to recognise, short enough for one line.
QUOTE_LIMIT = 60
# A relation's two ends share that line.
END_LIMIT = 30


def quoted(quote: str, limit: int = QUOTE_LIMIT) -> str:
    return f"“{quote if len(quote) <= limit else quote[: limit - 1] + '…'}”"


def span_change(action: str, label: str, quote: str) -> str:
    """'created Attribution “said the strikes”': a span's change, lower case."""
    return f"{SPAN_VERBS.get(action, 'changed')} {label} {quoted(quote)}"


def relation_change(action: str, name: str, from_quote: str, to_quote: str) -> str:
    """'linked Said by “…” → “…”': a relation's change, lower case."""
    ends = " → ".join(quoted(q, END_LIMIT) for q in (from_quote, to_quote))
    verb = RELATION_VERBS.get(action) or SPAN_VERBS.get(action, "changed")
    return f"{verb} {name} {ends}"


def notice(change: str, mode: str = "") -> str:
    """The notice for `change` (span_change / relation_change): as it stands after the action
    itself, after "Undone: " when `mode` is "undo", after "Redone: " when "redo"."""
    if mode == "undo":
        return f"Undone: {change}"
    if mode == "redo":
        return f"Redone: {change}"
    return change[:1].upper() + change[1:]
