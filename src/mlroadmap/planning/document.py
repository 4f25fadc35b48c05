"""A plan as one JSON-ready document: the stable contract described in docs/planning.md."""

from __future__ import annotations

from typing import Any

from mlroadmap.curriculum.model import Curriculum
from mlroadmap.planning.goals import Goal
from mlroadmap.planning.planner import WEEKDAYS, Plan

HOURS_DIGITS = 2


def topic_resources(curriculum: Curriculum, topic_id: str) -> list[dict[str, Any]]:
    """A topic's resources, the core one first, each with title and address.

    Worked out once per curriculum: a plan names each topic's resources in every week it is
    studied, and the API makes plans on demand. The lists are shared, so callers copy before
    changing one.
    """
    return all_topic_resources(curriculum)[topic_id]


def all_topic_resources(curriculum: Curriculum) -> dict[str, list[dict[str, Any]]]:
    """`topic_resources` of every topic, by topic id."""
    return curriculum.memo(
        "plan-resources",
        lambda: {topic_id: _resources(curriculum, topic_id) for topic_id in curriculum.topics},
    )


def _resources(curriculum: Curriculum, topic_id: str) -> list[dict[str, Any]]:
    topic = curriculum.topics[topic_id]
    refs = sorted(topic.resources, key=lambda ref: not ref.core)
    found = []
    for ref in refs:
        resource = curriculum.resources.get(ref.id)
        entry: dict[str, Any] = {"id": ref.id, "core": ref.core}
        if resource is not None:
            entry["title"] = resource.title
            if resource.url:
                entry["url"] = resource.url
        if ref.section:
            entry["section"] = ref.section
        found.append(entry)
    return found


def plan_document(curriculum: Curriculum, goal: Goal, plan: Plan) -> dict[str, Any]:
    """Everything a script needs: goal, settings, weeks with items and milestones, totals."""
    learner = plan.learner
    resources = all_topic_resources(curriculum)
    return {
        "goal": goal.to_dict(),
        "start": learner.start.isoformat(),
        "deadline": learner.deadline.isoformat() if learner.deadline else None,
        "hours_per_week": round(learner.hours_per_week, HOURS_DIGITS),
        "schedule": dict(zip(WEEKDAYS, learner.day_hours, strict=True)),
        "known": sorted(learner.known),
        "max_parallel": learner.max_parallel,
        "phases": [
            {"title": phase.title, "source": phase.source, "targets": list(phase.targets)}
            for phase in plan.phases
        ],
        "weeks": [
            {
                "index": week.index,
                "start": week.start.isoformat(),
                "end": week.end.isoformat(),
                "hours": round(week.hours, HOURS_DIGITS),
                "items": [
                    {
                        "topic": item.topic,
                        "title": curriculum.topics[item.topic].title,
                        "hours": round(item.hours, HOURS_DIGITS),
                        "resources": resources[item.topic],
                    }
                    for item in week.items
                ],
                "milestones": [
                    {"title": m.title, "date": m.day.isoformat()} for m in week.milestones
                ],
            }
            for week in plan.weeks
        ],
        "topic_count": len(plan.topics),
        "total_hours": round(plan.total_hours, HOURS_DIGITS),
        "finish": plan.finish.isoformat(),
        "warnings": list(plan.warnings),
    }
