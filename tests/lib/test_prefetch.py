"""prefetched(): results in order, errors where the consumer is, no thread left behind."""

from __future__ import annotations

import threading

import pytest

from newsannot.lib.prefetch import prefetched


def _threads() -> set[str]:
    return {t.name for t in threading.enumerate() if t.name == "prefetch"}


def test_results_come_in_order_computed_in_another_thread():
    seen_in: set[str] = set()

    def square(n: int) -> int:
        seen_in.add(threading.current_thread().name)
        return n * n

    assert list(prefetched(range(1000), square, ahead=7)) == [n * n for n in range(1000)]
    assert seen_in == {"prefetch"}
    assert not _threads()


def test_nothing_in_nothing_out():
    assert list(prefetched([], str)) == []


def test_an_error_in_the_function_is_raised_to_the_consumer_after_the_results_before_it():
    def parse(n: int) -> int:
        if n == 3:
            raise ValueError("bad line 3")
        return n

    got = []
    with pytest.raises(ValueError, match="bad line 3"):
        for value in prefetched(range(10), parse):
            got.append(value)
    assert got == [0, 1, 2]
    assert not _threads()


def test_an_error_in_the_input_is_raised_to_the_consumer():
    def lines():
        yield b"one"
        raise OSError("the client went away")

    with pytest.raises(OSError, match="went away"):
        list(prefetched(lines(), bytes.upper))
    assert not _threads()


def test_a_consumer_that_stops_early_stops_the_producer():
    produced = []

    def record(n: int) -> int:
        produced.append(n)
        return n

    results = prefetched(range(1_000_000), record, ahead=4)
    assert next(results) == 0
    results.close()
    assert not _threads()
    assert len(produced) < 100
