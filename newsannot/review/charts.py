"""Geometry for the dashboard's bar charts. Templates draw the SVG, so every text is escaped."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    value: float
    css: str  # a class from review.css, e.g. "st-approved"
    fill: str  # an explicit colour (a label's), or ""
    title: str


@dataclass(frozen=True)
class Bar:
    name: str
    y: float
    text_y: float
    total: float
    total_text: str
    total_x: float
    segments: list[Segment]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_width: int
    plot_width: int
    bar_height: int
    bars: list[Bar]


Part = tuple[str, float, str, str]  # (name, value, css class, fill colour)


def stacked_bars(
    rows: list[tuple[str, list[Part]]],
    *,
    width: int = 560,
    label_width: int = 170,
    bar: int = 18,
    gap: int = 10,
    scale: float | None = None,
    total_format: str = "{:g}",
) -> Chart:
    """Horizontal bars, one per row, each stacked from its parts.

    `scale` is the value a full-width bar stands for; by default the largest row total.
    """
    plot = width - label_width - 50
    largest = max((sum(p[1] for p in parts) for _, parts in rows), default=0)
    scale = scale or largest or 1
    bars = []
    for i, (name, parts) in enumerate(rows):
        y = gap / 2 + i * (bar + gap)
        x = float(label_width)
        segments = []
        for part_name, value, css, fill in parts:
            w = plot * value / scale
            if value:
                segments.append(Segment(x, w, value, css, fill, f"{part_name}: {value:g}"))
            x += w
        total = sum(p[1] for p in parts)
        bars.append(
            Bar(name, y, y + bar * 0.72, total, total_format.format(total), x + 6, segments)
        )
    height = int(gap + len(rows) * (bar + gap))
    return Chart(width, height, label_width, plot, bar, bars)
