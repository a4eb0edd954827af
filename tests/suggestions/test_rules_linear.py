"""Every suggestion rule does work in proportion to the text, on text built to make it not.

Work is counted, not timed: lines and jumps (loop turns) executed in the rules' and the outlet
registry's code (sys.monitoring), plus, for each regular expression they call, the characters it
is given to scan (a search up to its match, a finditer over its whole window, a match over what
it matched). The same hostile text at two sizes, four times apart, must cost well under 16
times the work (what a quadratic rule costs): under 5.

What this does not see is backtracking inside one regex call; each pattern applied to the
whole text is kept free of it by construction (see state_media.source_lines).
"""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path

import pytest

from bench.rules import hostile_texts
from newsannot.outlets import registry as registry_module
from newsannot.outlets.registry import registry
from newsannot.suggestions import rules as rules_package
from newsannot.suggestions.rules import Context, attribution, claims, run_rules, state_media, text

SMALL, LARGE = 2_000, 8_000
MODULES = (rules_package, attribution, claims, state_media, text, registry_module)
WATCHED = {str(Path(m.__file__).resolve()) for m in MODULES} | {str(Path(__file__).resolve())}


class Work:
    def __init__(self) -> None:
        self.steps = 0


class CountingPattern:
    """A compiled pattern that adds the characters each call scans to `work`."""

    def __init__(self, pattern: re.Pattern[str], work: Work) -> None:
        self._pattern, self._work = pattern, work

    def __getattr__(self, name: str):
        return getattr(self._pattern, name)

    def _window(self, string: str, pos: int, endpos: int | None) -> tuple[int, int]:
        return pos, len(string) if endpos is None else min(endpos, len(string))

    def search(self, string, pos=0, endpos=None):
        pos, endpos = self._window(string, pos, endpos)
        found = self._pattern.search(string, pos, endpos)
        self._work.steps += 1 + (found.end() if found else endpos) - pos
        return found

    def match(self, string, pos=0, endpos=None):
        pos, endpos = self._window(string, pos, endpos)
        found = self._pattern.match(string, pos, endpos)
        self._work.steps += 1 + (found.end() - pos if found else 0)
        return found

    fullmatch = match

    def finditer(self, string, pos=0, endpos=None):
        pos, endpos = self._window(string, pos, endpos)
        self._work.steps += 1 + endpos - pos
        return self._pattern.finditer(string, pos, endpos)

    def findall(self, string, pos=0, endpos=None):
        pos, endpos = self._window(string, pos, endpos)
        self._work.steps += 1 + endpos - pos
        return self._pattern.findall(string, pos, endpos)

    def split(self, string, maxsplit=0):
        self._work.steps += 1 + len(string)
        return self._pattern.split(string, maxsplit)

    def sub(self, repl, string, count=0):
        self._work.steps += 1 + len(string)
        return self._pattern.sub(repl, string, count=count)


def _counting_re(work: Work) -> types.SimpleNamespace:
    """The `re` module as the rules see it: patterns they compile at run time count too."""

    def compile(pattern, flags=0):
        return CountingPattern(re.compile(pattern, flags), work)

    def on(name):
        def call(pattern, string, *args, **kwargs):
            return getattr(compile(pattern, kwargs.pop("flags", 0)), name)(string, *args, **kwargs)

        return call

    names = {n: getattr(re, n) for n in dir(re) if not n.startswith("__")}
    names.update(compile=compile, **{n: on(n) for n in ("search", "match", "finditer", "sub")})
    return types.SimpleNamespace(**names)


def _free_tool_id() -> int:
    for tool in range(6):
        if sys.monitoring.get_tool(tool) is None:
            return tool
    pytest.skip("no free sys.monitoring tool id")


def work_of(rules_run, monkeypatch) -> int:
    """How much work `rules_run()` does in the watched modules."""
    work = Work()
    with monkeypatch.context() as patch:
        for module in MODULES:
            for name, value in list(vars(module).items()):
                if isinstance(value, re.Pattern):
                    patch.setattr(module, name, CountingPattern(value, work))
            if getattr(module, "re", None) is re:
                patch.setattr(module, "re", _counting_re(work))
        reg = registry()
        patch.setitem(reg.__dict__, "_pattern", CountingPattern(reg._pattern, work))
        monitoring = sys.monitoring
        tool = _free_tool_id()
        events = monitoring.events.LINE | monitoring.events.JUMP

        def step(code, *_):
            if code.co_filename not in WATCHED:
                return monitoring.DISABLE
            work.steps += 1
            return None

        monitoring.use_tool_id(tool, "newsannot-rules-work")
        try:
            monitoring.register_callback(tool, monitoring.events.LINE, step)
            monitoring.register_callback(tool, monitoring.events.JUMP, step)
            monitoring.set_events(tool, events)
            monitoring.restart_events()
            rules_run(reg)
        finally:
            monitoring.set_events(tool, 0)
            monitoring.register_callback(tool, monitoring.events.LINE, None)
            monitoring.register_callback(tool, monitoring.events.JUMP, None)
            monitoring.free_tool_id(tool)
    return work.steps


def _rules_on(text_: str):
    # A fresh copy, so no rule can reuse what it found for an identical text before.
    fresh = "".join(list(text_))
    return lambda reg: run_rules(fresh, Context(reg))


def _quoted(text_: str) -> int:
    """The characters of all suggestions' quotes."""
    return sum(c.end - c.start for c in run_rules(text_, Context(registry())))


@pytest.fixture
def warm(db):
    run_rules("The ministry said all was well. Source: RT", Context(registry()))


@pytest.mark.parametrize("name", list(hostile_texts(100)))
def test_the_rules_work_grows_with_the_text_not_faster(name, warm, monkeypatch):
    small, large = hostile_texts(SMALL)[name], hostile_texts(LARGE)[name]
    assert 3.5 < len(large) / len(small) < 4.5
    small_work = work_of(_rules_on(small), monkeypatch)
    large_work = work_of(_rules_on(large), monkeypatch)
    # What the rules give back is stored, quote and all: it must not outgrow the text either.
    small_out, large_out = _quoted(small), _quoted(large)
    assert large_out <= 5 * small_out + len(large), f"{name}: {small_out:,} → {large_out:,}"
    assert small_work > len(small) / 10  # the counter sees the rules at all
    ratio = large_work / small_work
    assert ratio < 5, (
        f"{name}: {small_work:,} steps at {len(small):,} characters, "
        f"{large_work:,} at {len(large):,}"
    )


def test_the_count_sees_a_rule_that_rebuilds_the_words_for_every_cue(warm, monkeypatch):
    # The attribution rule's old mistake, as a rule of its own: the counter must call it out.
    def quadratic(reg, text_):
        for cue in re.finditer("said", text_):
            text.words(text_, 0, cue.start())

    def steps(n: int) -> int:
        return work_of(lambda reg: quadratic(reg, "said " * n), monkeypatch)

    assert steps(4 * SMALL // 5) / steps(SMALL // 5) > 10
