"""Outlet names read from hostile text at once: no pattern rescans a run of spaces or dots.

Backtracking inside one regular expression call is invisible to the work counter of
tests/suggestions/test_rules_linear.py, so these run the cases that were quadratic under an
alarm: seconds where they need milliseconds (40,000 spaces took 96 s in one split).
"""

from __future__ import annotations

import signal
from contextlib import contextmanager

import pytest

from newsannot.outlets.registry import registry
from newsannot.outlets.services import detect_outlet
from newsannot.suggestions.rules import Context, run_rules

SPACES = " " * 40_000


class TooSlow(Exception):
    pass


@contextmanager
def at_most(seconds: float):
    def interrupt(signum, frame):
        raise TooSlow(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def reg(db):
    reg = registry()
    assert reg.by_name("RT") is not None
    return reg


def test_a_source_line_with_a_long_run_of_spaces_names_its_outlet_at_once(reg):
    with at_most(5):
        found = detect_outlet(url="", text=f"Source: RT{SPACES}, x", reg=reg)
    assert found is not None and found[0].name == "RT"


def test_a_quote_with_a_long_run_of_spaces_names_its_outlet_at_once(reg):
    with at_most(5):
        found = reg.named_in(f"Source: Russia Today{SPACES}x")
    assert found == reg.named_in("Source: Russia Today x") and found is not None


@pytest.mark.parametrize(
    "text",
    [
        "Source:" + " ." * 25_000 + " x",
        "Source: RT" + SPACES + "x",
        "via" + SPACES + ":",
        ("Officials said" + SPACES + "that all was well. ") * 2,
    ],
)
def test_the_rules_read_runs_of_spaces_and_dots_at_once(reg, text):
    with at_most(5):
        run_rules(text, Context(reg))
