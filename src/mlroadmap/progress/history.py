"""Progress over time, week by week of the plan: hours against the budget, topics finished.

Pure functions over the saved plan document and what the store sums up (hours per day, the day
each topic was finished), so the dashboard page and the API chart the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

HOURS_DIGITS = 2


def _weeks_so_far(plan: Mapping[str, Any], today: date) -> list[Mapping[str, Any]]:
    """The plan's weeks that have begun by `today` (at least the first, so a chart has a week)."""
    begun = [w for w in plan["weeks"] if date.fromisoformat(w["start"]) <= today]
    return begun or plan["weeks"][:1]


def weekly_hours(
    plan: Mapping[str, Any], day_hours: Mapping[date, float], today: date
) -> list[dict[str, Any]]:
    """For each plan week begun so far: the hours planned, the weekly budget and hours logged.

    Hours logged before the plan's first week count in the first week, so nothing studied goes
    missing from the chart.
    """
    weeks = _weeks_so_far(plan, today)
    first_start = date.fromisoformat(weeks[0]["start"]) if weeks else today
    rows = []
    for week in weeks:
        start, end = date.fromisoformat(week["start"]), date.fromisoformat(week["end"])
        if start == first_start:
            start = date.min
        logged = sum(hours for day, hours in day_hours.items() if start <= day <= end)
        rows.append(
            {
                "week": week["index"],
                "start": week["start"],
                "planned": round(float(week["hours"]), HOURS_DIGITS),
                "budget": round(float(plan["hours_per_week"]), HOURS_DIGITS),
                "logged": round(logged, HOURS_DIGITS),
            }
        )
    return rows


def topic_finish_weeks(plan: Mapping[str, Any]) -> dict[str, int]:
    """The week in which the plan finishes each topic (its last week of study)."""
    return {item["topic"]: week["index"] for week in plan["weeks"] for item in week["items"]}


def completion(
    plan: Mapping[str, Any], finished_on: Mapping[str, date], today: date
) -> list[dict[str, Any]]:
    """For every plan week: planned topics the plan has finished by its end, and (for weeks
    begun so far) planned topics the learner had finished by its end.

    `finished_on` maps each finished topic to the day it was marked; topics outside the plan
    are not counted, and one finished before the plan began counts in week 1.
    """
    due = topic_finish_weeks(plan)
    begun = {w["index"] for w in _weeks_so_far(plan, today)}
    rows = []
    for week in plan["weeks"]:
        end = date.fromisoformat(week["end"])
        rows.append(
            {
                "week": week["index"],
                "end": week["end"],
                "planned": sum(1 for w in due.values() if w <= week["index"]),
                "finished": sum(1 for t, day in finished_on.items() if t in due and day <= end)
                if week["index"] in begun
                else None,
            }
        )
    return rows


def series(
    plan: Mapping[str, Any],
    day_hours: Mapping[date, float],
    finish_dates: Mapping[str, date],
    live_id: Callable[[str], str | None],
    today: date,
) -> dict[str, list[dict[str, Any]]]:
    """Both series of the dashboard, with topics finished under an old id (before a rename)
    counted under the current one."""
    finished_on = {live_id(topic) or topic: day for topic, day in finish_dates.items()}
    return {
        "weeks": weekly_hours(plan, day_hours, today),
        "completion": completion(plan, finished_on, today),
    }
