"""How a message counts things, written once for every notice that says how many."""

from __future__ import annotations


def counted(count: int, noun: str) -> str:
    """`count` and `noun`, plural unless it is one: "1 span", "0 spans", "3 agreed spans"."""
    return f"{count} {noun}{'s' if count != 1 else ''}"
