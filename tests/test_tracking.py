"""What to do next and how far along: pure functions over a plan document."""

from __future__ import annotations

from datetime import date

from mlroadmap.progress.tracking import follow_renames, next_items, status, streak

PLAN = {
    "start": "2027-01-04",
    "hours_per_week": 10,
    "finish": "2027-01-24",
    "weeks": [
        {
            "index": 1,
            "start": "2027-01-04",
            "end": "2027-01-10",
            "items": [
                {"topic": "a", "hours": 6, "resources": []},
                {"topic": "b", "hours": 4, "resources": []},
            ],
        },
        {
            "index": 2,
            "start": "2027-01-11",
            "end": "2027-01-17",
            "items": [
                {"topic": "b", "hours": 4, "resources": []},
                {"topic": "c", "hours": 6, "resources": []},
            ],
        },
        {
            "index": 3,
            "start": "2027-01-18",
            "end": "2027-01-24",
            "items": [{"topic": "d", "hours": 10, "resources": []}],
        },
    ],
}
REQUIRES = {"a": [], "b": [], "c": ["a"], "d": ["c"]}


def test_next_lists_overdue_this_week_then_ready() -> None:
    items = next_items(PLAN, {"a": "done"}, REQUIRES, date(2027, 1, 12))
    assert [(i["topic"], i["why"], i["hours"]) for i in items] == [
        ("b", "overdue", 8),  # started in week 1, which is over, and planned on in week 2
        ("c", "this week", 6),
    ]
    later = next_items(PLAN, {"a": "done", "b": "done"}, REQUIRES, date(2027, 1, 5))
    assert [(i["topic"], i["why"]) for i in later] == [("c", "ready")]


def test_next_is_empty_when_everything_is_finished() -> None:
    finished = {t: "done" for t in "abcd"}
    assert next_items(PLAN, finished, REQUIRES, date(2027, 1, 20)) == []


def test_streak() -> None:
    days = {date(2027, 1, 3), date(2027, 1, 4), date(2027, 1, 5)}
    assert streak(days, date(2027, 1, 5)) == 3
    assert streak(days, date(2027, 1, 6)) == 3  # today not studied yet: the streak still stands
    assert streak(days, date(2027, 1, 7)) == 0


def test_status_against_the_plan() -> None:
    topic_hours = {"a": 6.0, "b": 2.0}
    day_hours = {date(2027, 1, 4): 6.0, date(2027, 1, 11): 2.0}
    report = status(
        PLAN,
        {"a": "done", "gone": "done"},
        topic_hours,
        day_hours,
        {"a", "b", "c", "d"},
        date(2027, 1, 11),
    )
    assert (report.topics_finished, report.topics_total) == (1, 4)
    assert (report.hours_finished, report.hours_total) == (6, 30)
    assert (report.week_index, report.week_hours_logged, report.week_budget) == (2, 2, 10)
    assert report.streak_days == 1
    # 8 h in the 8 days since the start: 7 h/week; 22 h left (8-2 of b, 6 of c, 10 of d) -> 22 days
    assert round(report.pace_hours_per_week, 6) == 7
    assert report.projected_finish == date(2027, 2, 2)
    assert report.days_ahead == (date(2027, 1, 24) - date(2027, 2, 2)).days
    assert report.unknown_topics == ["gone"]


def test_status_without_any_study_has_no_projection() -> None:
    report = status(PLAN, {}, {}, {}, {"a", "b", "c", "d"}, date(2027, 1, 5))
    assert report.projected_finish is None and report.days_ahead is None


def test_progress_follows_renamed_topics_and_keeps_unknown_ones() -> None:
    live = {"linear-algebra": "matrices", "matrices": "matrices"}.get
    statuses, hours = follow_renames(
        {"linear-algebra": "done", "retired-topic": "done"},
        {"linear-algebra": 2.0, "matrices": 1.0},
        live,
    )
    assert statuses == {"matrices": "done", "retired-topic": "done"}
    assert hours == {"matrices": 3.0}
