"""Where a learner stands against their plan: what to do next, and how far along they are.

Pure functions over plain values (the saved plan document, topic statuses, hours logged per
topic and per day, and today's date), so the CLI and the web app compute the same answers.
Logged time arrives already summed by the store, so a long history costs nothing here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

FINISHED = frozenset({"done", "known", "skipped"})
PACE_WINDOW_DAYS = 28
"""Pace is measured over the last four weeks, or since study began (the plan's start or the
first logged session, whichever is earlier) when that is more recent."""
NEXT_READY_LIMIT = 3
VERIFY_SHARE = 0.8
"""A topic counts as verified-done when at least this share of its quiz answers are right..."""
VERIFY_MIN_QUESTIONS = 4
"""...over at least this many different questions (the latest answer to each counts)."""


def follow_renames(
    statuses: Mapping[str, str],
    topic_hours: Mapping[str, float],
    live_id: Callable[[str], str | None],
) -> tuple[dict[str, str], dict[str, float]]:
    """Progress recorded under a topic's old id counts for the renamed topic (its `aliases`);
    ids the curriculum no longer knows at all are kept as they are."""
    renamed = {old: live_id(old) or old for old in {*statuses, *topic_hours}}
    hours: dict[str, float] = {}
    for topic, logged in topic_hours.items():
        hours[renamed[topic]] = hours.get(renamed[topic], 0.0) + logged
    return {renamed[topic]: state for topic, state in statuses.items()}, hours


@dataclass(frozen=True)
class Score:
    """Quiz answers on one topic: how many right of how many questions."""

    right: int
    total: int

    @property
    def verified(self) -> bool:
        return self.total >= VERIFY_MIN_QUESTIONS and self.right >= VERIFY_SHARE * self.total


def scores(answers: Iterable[tuple[str, bool]]) -> dict[str, Score]:
    """Right and total per topic from (topic, correct) pairs, one per question answered."""
    right: dict[str, int] = {}
    total: dict[str, int] = {}
    for topic, correct in answers:
        total[topic] = total.get(topic, 0) + 1
        right[topic] = right.get(topic, 0) + int(correct)
    return {topic: Score(right[topic], total[topic]) for topic in total}


def topic_scores(
    answers: Iterable[tuple[str, bool]], live_id: Callable[[str], str | None]
) -> dict[str, Score]:
    """Quiz scores per topic from (topic, correct) of the latest answer to each question;
    answers given under a topic's old id count for the renamed topic."""
    return scores((live_id(topic) or topic, correct) for topic, correct in answers)


def verified_topics(
    answers: Iterable[tuple[str, bool]], live_id: Callable[[str], str | None]
) -> frozenset[str]:
    """Topics verified by quiz (see `topic_scores`)."""
    found = topic_scores(answers, live_id)
    return frozenset(topic for topic, score in found.items() if score.verified)


def planned_hours(plan: Mapping[str, Any]) -> dict[str, float]:
    """Each planned topic's total hours, in the order the plan takes them."""
    hours: dict[str, float] = {}
    for week in plan["weeks"]:
        for item in week["items"]:
            hours[item["topic"]] = hours.get(item["topic"], 0.0) + item["hours"]
    return hours


def current_week(plan: Mapping[str, Any], today: date) -> Mapping[str, Any] | None:
    for week in plan["weeks"]:
        if date.fromisoformat(week["start"]) <= today <= date.fromisoformat(week["end"]):
            return week
    return None


def next_items(
    plan: Mapping[str, Any],
    statuses: Mapping[str, str],
    requires: Mapping[str, Sequence[str]],
    today: date,
) -> list[dict[str, Any]]:
    """Unfinished items of past weeks (overdue) and of this week, then the next topics whose
    prerequisites are all finished."""
    resources = {i["topic"]: i["resources"] for w in plan["weeks"] for i in w["items"]}
    chosen: dict[str, dict[str, Any]] = {}
    for week in plan["weeks"]:
        if date.fromisoformat(week["start"]) > today:
            break
        why = "overdue" if date.fromisoformat(week["end"]) < today else "this week"
        for item in week["items"]:
            if statuses.get(item["topic"]) in FINISHED:
                continue
            if item["topic"] in chosen:  # planned over several weeks: add up its hours so far
                chosen[item["topic"]]["hours"] += item["hours"]
            else:
                chosen[item["topic"]] = {**item, "why": why}
    planned = planned_hours(plan)
    ready = 0
    for topic, hours in planned.items():
        if ready >= NEXT_READY_LIMIT:
            break
        if topic in chosen or statuses.get(topic) in FINISHED:
            continue
        blocked = [
            r for r in requires.get(topic, ()) if r in planned and statuses.get(r) not in FINISHED
        ]
        if not blocked:
            chosen[topic] = {
                "topic": topic,
                "hours": hours,
                "resources": resources[topic],
                "why": "ready",
            }
            ready += 1
    return list(chosen.values())


@dataclass(frozen=True)
class Status:
    topics_total: int
    topics_finished: int
    topics_verified: int
    """Finished topics a quiz has verified; the rest of the finished ones are self-reported."""
    hours_total: float
    hours_finished: float
    week_index: int | None
    week_hours_logged: float
    week_budget: float
    streak_days: int
    pace_hours_per_week: float
    planned_finish: date
    projected_finish: date | None
    days_ahead: int | None
    """Positive when ahead of the plan, negative when behind, None without a pace yet."""
    unknown_topics: list[str]
    """Topics with progress that the curriculum no longer holds: kept, and reported here."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "topics": {
                "finished": self.topics_finished,
                "verified": self.topics_verified,
                "self_reported": self.topics_finished - self.topics_verified,
                "total": self.topics_total,
            },
            "hours": {
                "finished": round(self.hours_finished, 2),
                "total": round(self.hours_total, 2),
            },
            "this_week": {
                "index": self.week_index,
                "logged": round(self.week_hours_logged, 2),
                "budget": round(self.week_budget, 2),
            },
            "streak_days": self.streak_days,
            "pace_hours_per_week": round(self.pace_hours_per_week, 2),
            "planned_finish": self.planned_finish.isoformat(),
            "projected_finish": self.projected_finish.isoformat()
            if self.projected_finish
            else None,
            "days_ahead": self.days_ahead,
            "unknown_topics": self.unknown_topics,
        }


def streak(days_studied: set[date], today: date) -> int:
    """Consecutive days with study up to today (a streak still counts if today is not done)."""
    day = today if today in days_studied else today - timedelta(days=1)
    count = 0
    while day in days_studied:
        count += 1
        day -= timedelta(days=1)
    return count


def status(
    plan: Mapping[str, Any],
    statuses: Mapping[str, str],
    topic_hours: Mapping[str, float],
    day_hours: Mapping[date, float],
    known_topics: set[str],
    today: date,
    verified: frozenset[str] = frozenset(),
) -> Status:
    """Progress against the plan, the pace of the last four weeks, and the projected finish.

    `verified` holds the topics a quiz has verified (see `verified_topics`).

    `topic_hours` and `day_hours` are the hours logged, summed per topic and per day.
    """
    planned = planned_hours(plan)
    finished = [t for t in planned if statuses.get(t) in FINISHED]
    remaining = sum(
        max(hours - topic_hours.get(topic, 0.0), 0.0)
        for topic, hours in planned.items()
        if statuses.get(topic) not in FINISHED
    )
    week = current_week(plan, today)
    week_start = date.fromisoformat(week["start"]) if week else None
    began = min([date.fromisoformat(plan["start"]), *day_hours])
    window_start = max(today - timedelta(days=PACE_WINDOW_DAYS - 1), began)
    window_days = max((today - window_start).days + 1, 1)
    recent = sum(hours for day, hours in day_hours.items() if window_start <= day <= today)
    pace = recent * 7 / window_days
    planned_finish = date.fromisoformat(plan["finish"])
    projected = None
    ahead = None
    if remaining <= 0:
        projected, ahead = today, (planned_finish - today).days
    elif pace > 0:
        projected = today + timedelta(days=math.ceil(remaining / pace * 7))
        ahead = (planned_finish - projected).days
    return Status(
        topics_total=len(planned),
        topics_finished=len(finished),
        topics_verified=sum(1 for t in finished if t in verified),
        hours_total=sum(planned.values()),
        hours_finished=sum(planned[t] for t in finished),
        week_index=week["index"] if week else None,
        week_hours_logged=sum(
            hours
            for day, hours in day_hours.items()
            if week_start is not None and week_start <= day <= today
        ),
        week_budget=float(plan["hours_per_week"]),
        streak_days=streak({day for day, hours in day_hours.items() if hours > 0}, today),
        pace_hours_per_week=pace,
        planned_finish=planned_finish,
        projected_finish=projected,
        days_ahead=ahead,
        unknown_topics=sorted(t for t in {*statuses, *topic_hours} if t not in known_topics),
    )
