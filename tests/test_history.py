"""Progress over time (the dashboard's series) and the charts drawn from them."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from mlroadmap.progress.history import completion, series, weekly_hours
from mlroadmap.web.charts import HEIGHT, completion_chart, hours_chart

MONDAY = date(2027, 1, 4)


def plan(*weeks: list[tuple[str, float]]) -> dict[str, Any]:
    """A plan document of the given weeks, each a list of (topic, hours)."""
    return {
        "hours_per_week": 10,
        "weeks": [
            {
                "index": i + 1,
                "start": (MONDAY + timedelta(weeks=i)).isoformat(),
                "end": (MONDAY + timedelta(weeks=i, days=6)).isoformat(),
                "hours": sum(h for _, h in items),
                "items": [{"topic": t, "hours": h} for t, h in items],
            }
            for i, items in enumerate(weeks)
        ],
    }


THREE_WEEKS = plan([("a", 6), ("b", 4)], [("b", 4), ("c", 6)], [("d", 3)])


def test_hours_are_summed_per_plan_week_up_to_today_and_early_study_counts_in_week_one() -> None:
    logged = {
        MONDAY - timedelta(days=3): 1.0,  # before the plan began
        MONDAY: 2.0,
        MONDAY + timedelta(days=6): 1.5,
        MONDAY + timedelta(days=7): 4.0,
        MONDAY + timedelta(days=20): 9.0,  # week 3: not begun by today
    }
    rows = weekly_hours(THREE_WEEKS, logged, MONDAY + timedelta(days=8))
    assert [(r["week"], r["logged"], r["planned"], r["budget"]) for r in rows] == [
        (1, 4.5, 10, 10),
        (2, 4.0, 10, 10),
    ]


def test_a_plan_not_begun_still_charts_its_first_week() -> None:
    rows = weekly_hours(THREE_WEEKS, {}, MONDAY - timedelta(days=30))
    assert [r["week"] for r in rows] == [1] and rows[0]["logged"] == 0


def test_completion_counts_planned_topics_by_the_week_the_plan_ends_them() -> None:
    finished = {"a": MONDAY + timedelta(days=2), "b": MONDAY + timedelta(days=9), "zzz": MONDAY}
    rows = completion(THREE_WEEKS, finished, MONDAY + timedelta(days=9))
    assert [r["planned"] for r in rows] == [1, 3, 4]  # b is planned to end in week 2
    assert [r["finished"] for r in rows] == [1, 2, None]  # "zzz" is not in the plan


def test_series_counts_a_topic_finished_under_its_old_id() -> None:
    renamed = {"old-a": "a"}
    data = series(THREE_WEEKS, {}, {"old-a": MONDAY}, renamed.get, MONDAY)
    assert data["completion"][0]["finished"] == 1


def test_bars_are_drawn_to_scale_and_the_budget_line_sits_at_the_budget() -> None:
    rows = weekly_hours(
        THREE_WEEKS, {MONDAY: 10.0, MONDAY + timedelta(days=7): 5.0}, MONDAY + timedelta(days=8)
    )
    chart = hours_chart(rows)
    full, half = chart["bars"]
    assert full["y"] == chart["ticks"][-1]["y"]  # 10 h reaches the top tick (the scale is 0-10)
    assert abs(half["height"] * 2 - full["height"]) < 0.2
    assert chart["budget_y"] == full["y"]
    assert full["y"] + full["height"] == chart["bottom"] <= HEIGHT


def test_the_completion_chart_draws_the_learner_only_for_weeks_begun() -> None:
    rows = completion(THREE_WEEKS, {"a": MONDAY}, MONDAY + timedelta(days=8))
    chart = completion_chart(rows)
    assert len(chart["planned"].split()) == 3 and len(chart["finished"].split()) == 2
    assert chart["last"] is not None
    assert completion_chart(completion(THREE_WEEKS, {}, MONDAY))["finished"].count(",") == 1
