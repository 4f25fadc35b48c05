"""Personal plans over a curriculum: resolve the goal and known ids, then schedule."""

from __future__ import annotations

from dataclasses import replace

from mlroadmap.goals import Goal, resolve_goal, resolve_topic_id
from mlroadmap.graph import PrerequisiteGraph
from mlroadmap.model import Curriculum
from mlroadmap.planner import Learner, Plan, make_plan


def plan_for(curriculum: Curriculum, goal: Goal, learner: Learner) -> Plan:
    """The plan for `goal`; unknown ids raise GoalError, impossible settings PlanError."""
    resolved = resolve_goal(curriculum, goal)
    known = frozenset(resolve_topic_id(curriculum, t) for t in learner.known)
    graph = PrerequisiteGraph(curriculum.topics)
    return make_plan(
        curriculum.topics, graph.requires, resolved.phases, replace(learner, known=known)
    )


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
