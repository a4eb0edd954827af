"""Map a function over an iterable in a background thread, a bounded distance ahead.

The importer parses and validates lines (Python) while its own thread waits on the database
(COPY, constraint checks): on two cores the two overlap. Results come in order; an exception in
the producer is raised in the consumer; a consumer that stops early stops the producer.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator

_END = object()


def prefetched[T, R](items: Iterable[T], fn: Callable[[T], R], *, ahead: int = 256) -> Iterator[R]:
    """`fn(item)` for each item, computed in a thread at most `ahead` results ahead of us."""
    results: queue.Queue = queue.Queue(maxsize=ahead)
    stop = threading.Event()

    def put(entry: tuple) -> bool:
        while not stop.is_set():
            try:
                results.put(entry, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put((fn(item), None)):
                    return
                # Let the consumer have the GIL as soon as its database call returns: else it
                # waits out Python's switch interval (5 ms) each time, and the overlap is lost.
                time.sleep(0)
        except BaseException as exc:  # handed to the consumer, raised there
            put((_END, exc))
            return
        put((_END, None))

    thread = threading.Thread(target=produce, name="prefetch", daemon=True)
    thread.start()
    try:
        while True:
            value, error = results.get()
            if value is _END:
                if error is not None:
                    raise error
                return
            yield value
    finally:
        stop.set()
        # A producer waiting on its input (a stalled client, stdin) cannot see `stop` until a
        # line comes: do not hang the consumer's error or Ctrl-C on it; the thread is a daemon.
        thread.join(timeout=1.0)
