"""Personal plans over a curriculum: resolve the goal and known ids, then schedule."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from mlroadmap.curriculum.graph import graph_of
from mlroadmap.curriculum.model import Curriculum
from mlroadmap.planning.goals import Goal, resolve_goal, resolve_topic_id
from mlroadmap.planning.planner import (
    Learner,
    Plan,
    Schedule,
    check_learner,
    make_plan,
    make_schedule,
)

SCHEDULES_KEPT = 256
"""Study-clock schedules kept per curriculum (see `plan_for`)."""


def plan_for(curriculum: Curriculum, goal: Goal, learner: Learner) -> Plan:
    """The plan for `goal`; unknown ids raise GoalError, impossible settings PlanError.

    The study-clock schedule of a goal does not depend on the calendar, so it is kept per
    curriculum: trying several weekly budgets or start dates for one goal (the web app's plan
    endpoint, the start page) only lays the same schedule on another calendar.
    """
    resolved = resolve_goal(curriculum, goal)
    known = frozenset(resolve_topic_id(curriculum, t) for t in learner.known)
    learner = replace(learner, known=known)
    check_learner(learner)
    requires = graph_of(curriculum).requires
    schedules: dict[tuple[object, ...], Schedule] = curriculum.memo("schedules", dict)
    key = (goal, known, learner.max_parallel)
    if key not in schedules:
        if len(schedules) >= SCHEDULES_KEPT:
            schedules.clear()
        schedules[key] = make_schedule(
            curriculum.topics, requires, resolved.phases, known, learner.max_parallel
        )
    return make_plan(curriculum.topics, requires, resolved.phases, learner, schedules[key])


MIN_SHARE_LEFT = 0.1
"""A topic not marked done keeps at least this share of its hours, however long it was studied."""


def replan_for(
    curriculum: Curriculum, goal: Goal, learner: Learner, logged: Mapping[str, float]
) -> Plan:
    """Plan what is left: `learner.known` holds everything finished, and topics already studied
    keep only their remaining hours (never less than a tenth of them until marked done)."""
    topics = dict(curriculum.topics)
    for topic_id, hours in logged.items():
        if topic_id in topics:
            topic = topics[topic_id]
            left = max(topic.hours - hours, topic.hours * MIN_SHARE_LEFT)
            topics[topic_id] = topic.model_copy(update={"hours": left})
    shortened = curriculum.model_copy(update={"topics": topics})
    shortened._memo = {}  # its hours differ: nothing derived from the original applies
    return plan_for(shortened, goal, learner)


def goal_label(curriculum: Curriculum, goal: Goal) -> str:
    """A human name for a goal: 'ML Engineer + 2 topics'."""
    parts = []
    if goal.roadmap in curriculum.roadmaps:
        parts.append(curriculum.roadmaps[goal.roadmap].title)
    if goal.career in curriculum.careers:
        parts.append(curriculum.careers[goal.career].title)
    if goal.topics:
        parts.append(
            curriculum.topics[goal.topics[0]].title
            if len(goal.topics) == 1 and goal.topics[0] in curriculum.topics
            else f"{len(goal.topics)} topics"
        )
    return " + ".join(parts)
