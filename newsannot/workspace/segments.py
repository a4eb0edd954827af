"""Cut an article's text into segments at every span boundary, for rendering highlights.

Each segment is a run of text covered by the same set of spans. Overlapping and nested spans
therefore stay visible: a segment carries every span over it, and the template draws one
underline per span. One pass over the sorted boundaries: O(n log n) in the number of spans,
however they overlap. Segments also break after every run of newlines (a line with the blank
lines after it), so no element holds a whole 100,000-character article and the browser's offset
mapping stays short; a blank line is not a segment of its own (a long article's 160 of them
were 9 KB of markup).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from newsannot.lib.colours import is_colour

# Colours go into a style attribute: anything but #rrggbb is replaced, never passed through.
FALLBACK_COLOUR = "#5d6d7e"
MAX_LAYERS = 4  # underlines drawn per segment; deeper nesting is still listed in the title


class SpanLike(Protocol):
    pk: int
    start: int
    end: int


@dataclass(frozen=True)
class Layer:
    span_id: int
    colour: str
    label: str


@dataclass
class Segment:
    start: int  # code point offset of the segment's first character in the article text
    text: str
    layers: list[Layer] = field(default_factory=list)

    @property
    def span_ids(self) -> str:
        return " ".join(str(layer.span_id) for layer in self.layers)

    @property
    def labels(self) -> str:
        return ", ".join(dict.fromkeys(layer.label for layer in self.layers))

    @property
    def style(self) -> str:
        """Stacked underlines, one per span (outermost lowest): a custom property a colour and
        their count, which workspace.css draws (with a faint tint of the first). The page's
        stylesheet holds a rule per distinct stack, so each rule is kept short."""
        if not self.layers:
            return ""
        shown = self.layers[:MAX_LAYERS]
        colours = "".join(f"--u{i}:{layer.colour};" for i, layer in enumerate(shown, 1))
        return f"{colours}--n:{len(shown)}"


def safe_colour(colour: str) -> str:
    # The database allows nothing else (label_color_hex); a second guard costs nothing.
    return colour if is_colour(colour) else FALLBACK_COLOUR


def _line_breaks(text: str) -> Iterable[int]:
    # A boundary just after each run of newlines (not at the very end of the text).
    pos = text.find("\n")
    while pos != -1 and pos + 1 < len(text):
        if text[pos + 1] != "\n":
            yield pos + 1
        pos = text.find("\n", pos + 1)


def build_segments(
    text: str, spans: Sequence[SpanLike], colours: dict[int, Layer] | None = None
) -> list[Segment]:
    """Segments covering `text` exactly, in order; `colours` maps span pk to its Layer.

    Spans outside the text (which the services never store) are clipped, not trusted.
    """
    n = len(text)
    layers = colours or {}
    events: list[tuple[int, int, int]] = []  # (position, 0=end/1=start, index into spans)
    for i, span in enumerate(spans):
        start, end = max(0, span.start), min(n, span.end)
        if start < end:
            events.append((start, 1, i))
            events.append((end, 0, i))
    cuts = {0, n, *(_line_breaks(text))}
    cuts.update(position for position, _, _ in events)
    events.sort()

    # Longer spans first within a segment, so an enclosing span's underline sits lowest.
    def order(i: int) -> tuple[int, int, int]:
        return (spans[i].start, -spans[i].end, spans[i].pk)

    active: set[int] = set()
    segments: list[Segment] = []
    e = 0
    boundaries = sorted(cuts)
    for a, b in itertools.pairwise(boundaries):
        while e < len(events) and events[e][0] <= a:
            _, kind, i = events[e]
            if kind:
                active.add(i)
            else:
                active.discard(i)
            e += 1
        segment = Segment(start=a, text=text[a:b])
        for i in sorted(active, key=order):
            pk = spans[i].pk
            segment.layers.append(layers.get(pk) or Layer(pk, FALLBACK_COLOUR, ""))
        segments.append(segment)
    return segments


@dataclass(frozen=True)
class _Shifted:
    pk: int
    start: int
    end: int


def line_bounds(text: str, lo: int, hi: int) -> tuple[int, int]:
    """The whole lines around [lo, hi), each with the blank lines after it: from just after the
    run of newlines before `lo` to just after the run at or after `hi` - 1 (or the text's end).
    Both are always segment boundaries (`_line_breaks`), on the page and in a patch alike."""
    n = len(text)
    lo, hi = max(0, min(lo, n)), max(0, min(hi, n))
    start = text.rfind("\n", 0, lo) + 1
    while 0 < start < n and text[start] == "\n":  # inside a run of newlines: the line before it
        start = text.rfind("\n", 0, start - 1) + 1
    nl = text.find("\n", max(hi - 1, start))
    end = n if nl == -1 else nl + 1
    while end < n and text[end] == "\n":
        end += 1
    return start, max(end, start)


def build_segments_between(
    text: str, lo: int, hi: int, spans: Sequence[SpanLike], colours: dict[int, Layer]
) -> list[Segment]:
    """The segments of text[lo:hi] alone, at their offsets in the whole text: what a change
    inside those lines re-renders. `lo` and `hi` must be line bounds (`line_bounds`), so the
    segments are exactly those of the whole text's `build_segments` there."""
    shifted = [_Shifted(s.pk, s.start - lo, s.end - lo) for s in spans]
    segments = build_segments(text[lo:hi], shifted, colours)
    for seg in segments:
        seg.start += lo
    return segments
