"""Chart geometry for the progress dashboard, drawn as inline SVG by the template.

Server-rendered: no chart library, no script, and the numbers stay readable in the table the
page shows beside each chart.
"""

from __future__ import annotations

import math
from typing import Any

WIDTH = 640
HEIGHT = 240
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 30
TICKS = 4
MAX_BAR_WIDTH = 48


def _nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten at or above `value` (at least 1)."""
    if value <= 1:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value)


def _frame(count: int, top_value: float) -> dict[str, Any]:
    """The plot area, x positions of `count` slots, and y ticks up to a round maximum."""
    ceiling = _nice_ceiling(top_value)
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_width / max(count, 1)

    def y(value: float) -> float:
        return round(TOP + plot_height * (1 - value / ceiling), 1)

    ticks = [
        {"value": f"{ceiling * i / TICKS:g}", "y": y(ceiling * i / TICKS)} for i in range(TICKS + 1)
    ]
    label_every = max(1, math.ceil(count / 12))
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "slot": slot,
        "y": y,
        "ticks": ticks,
        "label_every": label_every,
    }


def _x(frame: dict[str, Any], index: int) -> float:
    """The centre of slot `index` (0-based)."""
    return round(LEFT + frame["slot"] * (index + 0.5), 1)


def _polyline(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x},{y}" for x, y in points)


def _steps(frame: dict[str, Any], heights: list[float]) -> list[tuple[float, float]]:
    """A step line: each slot's value drawn across the slot (visible even for one week)."""
    points = []
    for i, height in enumerate(heights):
        left = round(LEFT + frame["slot"] * i, 1)
        points += [(left, height), (round(left + frame["slot"], 1), height)]
    return points


def hours_chart(weeks: list[dict[str, Any]]) -> dict[str, Any]:
    """Bars of hours logged per week, a line of hours planned and the weekly budget."""
    top = max([1.0, *(max(w["logged"], w["planned"], w["budget"]) for w in weeks)])
    frame = _frame(len(weeks), top)
    y = frame.pop("y")
    bar_width = round(min(frame["slot"] * 0.6, MAX_BAR_WIDTH), 1)
    bars, labels = [], []
    for i, week in enumerate(weeks):
        top_y = y(week["logged"])
        bars.append(
            {
                "x": round(_x(frame, i) - bar_width / 2, 1),
                "y": top_y,
                "width": bar_width,
                "height": round(frame["bottom"] - top_y, 1),
                "title": f"Week {week['week']}: {week['logged']:g} h logged, "
                f"{week['planned']:g} h planned",
            }
        )
        if i % frame["label_every"] == 0:
            labels.append({"x": _x(frame, i), "text": str(week["week"])})
    budget = weeks[0]["budget"] if weeks else 0.0
    return {
        **frame,
        "bars": bars,
        "labels": labels,
        "planned": _polyline(_steps(frame, [y(w["planned"]) for w in weeks])),
        "budget_y": y(budget),
        "budget": budget,
    }


def completion_chart(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Topics finished by the end of each week: the plan's line and the learner's."""
    top = max([1.0, *(r["planned"] for r in rows), *(r["finished"] or 0 for r in rows)])
    frame = _frame(len(rows), top)
    y = frame.pop("y")
    actual = [
        (_x(frame, i), y(r["finished"])) for i, r in enumerate(rows) if r["finished"] is not None
    ]
    return {
        **frame,
        "labels": [
            {"x": _x(frame, i), "text": str(r["week"])}
            for i, r in enumerate(rows)
            if i % frame["label_every"] == 0
        ],
        "planned": _polyline([(_x(frame, i), y(r["planned"])) for i, r in enumerate(rows)]),
        "finished": _polyline(actual),
        "last": {"x": actual[-1][0], "y": actual[-1][1]} if actual else None,
    }
