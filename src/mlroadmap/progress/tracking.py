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
"""A topic counts as verified-done when a quiz attempt gets at least this share right..."""
VERIFY_MIN_QUESTIONS = 4
"""...over at least this many questions, and the attempt is not a repeat (`is_repeat`)."""


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


def passes(right: int, total: int) -> bool:
    """The pass mark of one quiz attempt: VERIFY_SHARE right of at least VERIFY_MIN_QUESTIONS."""
    return total >= VERIFY_MIN_QUESTIONS and right >= VERIFY_SHARE * total


@dataclass(frozen=True)
class Score:
    """A topic's quiz standing: the latest attempt's right answers of its questions, and
    whether the topic is verified."""

    right: int
    total: int
    verified: bool = False
    attempts: int = 1
    repeat: bool = False
    """The latest attempt repeats the one before (`is_repeat`), so it cannot verify."""

    @property
    def passed(self) -> bool:
        return passes(self.right, self.total)


@dataclass(frozen=True)
class QuizRecord:
    """One kept quiz answer as verification reads it (the store returns these)."""

    topic_id: str
    question_id: str
    variant: str | None
    """A templated question's drawn values, None for a fixed question."""
    correct: bool
    attempt: str | None
    """The attempt it was given in; None for answers kept before attempts were."""
    day: date


@dataclass
class _Attempt:
    day: date
    items: dict[tuple[str, str | None], bool]
    """(question id, drawn values) -> right, the latest answer to each counting."""

    @property
    def right(self) -> int:
        return sum(self.items.values())

    @property
    def passed(self) -> bool:
        return passes(self.right, len(self.items))


def _attempts(
    records: Iterable[QuizRecord], live_id: Callable[[str], str | None]
) -> dict[str, list[_Attempt]]:
    """Each topic's quiz attempts, oldest first. Answers kept before attempts were recorded
    form one attempt per topic and day."""
    found: dict[str, dict[str, _Attempt]] = {}
    for record in records:
        topic = live_id(record.topic_id) or record.topic_id
        key = record.attempt or f"day:{record.day.isoformat()}"
        attempt = found.setdefault(topic, {}).setdefault(key, _Attempt(record.day, {}))
        attempt.items[(record.question_id, record.variant)] = record.correct
    return {topic: list(attempts.values()) for topic, attempts in found.items()}


def is_repeat(attempt: _Attempt, before: _Attempt | None) -> bool:
    """An attempt repeats the one before when, on the same day, more than half of its
    questions were in it with the same values: it could be passed from memory of the answers
    just shown. A retake on a later day, or one with new questions or values, is fresh."""
    if before is None or attempt.day != before.day:
        return False
    seen = sum(item in before.items for item in attempt.items)
    return seen > len(attempt.items) / 2


def topic_scores(
    records: Iterable[QuizRecord], live_id: Callable[[str], str | None]
) -> dict[str, Score]:
    """Each quizzed topic's latest attempt and whether it is verified: some attempt passed
    (VERIFY_SHARE of at least VERIFY_MIN_QUESTIONS questions) without repeating the attempt
    before it, and no later attempt failed. Answers under a topic's old id count for the
    renamed topic."""
    scores = {}
    for topic, attempts in _attempts(records, live_id).items():
        verified = False
        for index, attempt in enumerate(attempts):
            before = attempts[index - 1] if index else None
            if attempt.passed and not is_repeat(attempt, before):
                verified = True
            elif not attempt.passed:
                verified = False
        latest = attempts[-1]
        repeat = is_repeat(latest, attempts[-2] if len(attempts) > 1 else None)
        scores[topic] = Score(latest.right, len(latest.items), verified, len(attempts), repeat)
    return scores


def verified_topics(
    records: Iterable[QuizRecord], live_id: Callable[[str], str | None]
) -> frozenset[str]:
    """Topics verified by quiz (see `topic_scores`)."""
    return frozenset(t for t, score in topic_scores(records, live_id).items() if score.verified)


def last_attempt_questions(
    records: Iterable[QuizRecord], live_id: Callable[[str], str | None]
) -> dict[str, set[str]]:
    """The question ids of each topic's latest quiz attempt: a retake favours the others."""
    return {
        topic: {question for question, _ in attempts[-1].items}
        for topic, attempts in _attempts(records, live_id).items()
    }


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
    """Finished topics a quiz has verified."""
    topics_placed: int
    """Finished topics a placement test found known (and no quiz verified); the rest of the
    finished ones are self-reported."""
    known_by_placement: int
    """Every topic a placement test saved as known, in the plan or not (a topic known from
    the start is left out of the plan)."""
    known_by_you: int
    """Every topic the learner marked known themselves."""
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
                "by_placement": self.topics_placed,
                "self_reported": self.topics_finished - self.topics_verified - self.topics_placed,
                "total": self.topics_total,
            },
            "known": {"by_placement": self.known_by_placement, "by_you": self.known_by_you},
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
    placed: frozenset[str] = frozenset(),
) -> Status:
    """Progress against the plan, the pace of the last four weeks, and the projected finish.

    `verified` holds the topics a quiz has verified (see `verified_topics`), `placed` those a
    placement test saved as known.

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
        topics_placed=sum(1 for t in finished if t in placed and t not in verified),
        known_by_placement=sum(1 for t, s in statuses.items() if s == "known" and t in placed),
        known_by_you=sum(1 for t, s in statuses.items() if s == "known" and t not in placed),
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
