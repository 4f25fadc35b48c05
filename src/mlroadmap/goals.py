"""What a learner aims at: a roadmap, a career path and/or free topics, as ordered phases.

A goal reduces to phases of target topics. Phases keep the order the curriculum gives (Month 1
before Month 2, stage 1 before stage 2); topics asked for on their own form a last phase.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mlroadmap.model import Curriculum
from mlroadmap.suggest import did_you_mean


class GoalError(ValueError):
    """A goal that names something the curriculum does not hold, or names nothing at all."""


@dataclass(frozen=True)
class Goal:
    roadmap: str | None = None
    career: str | None = None
    topics: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        return self.roadmap is None and self.career is None and not self.topics

    def to_dict(self) -> dict[str, object]:
        return {"roadmap": self.roadmap, "career": self.career, "topics": list(self.topics)}


@dataclass(frozen=True)
class GoalPhase:
    """One ordered part of a goal: its title and the target topics it names."""

    title: str
    targets: tuple[str, ...]
    source: str = ""
    """Where the phase comes from: 'roadmap:beginner', 'career:ml-engineer' or 'topics'."""


@dataclass(frozen=True)
class ResolvedGoal:
    goal: Goal
    phases: tuple[GoalPhase, ...] = field(default_factory=tuple)

    @property
    def targets(self) -> list[str]:
        return list(dict.fromkeys(t for phase in self.phases for t in phase.targets))


def resolve_topic_id(curriculum: Curriculum, topic_id: str) -> str:
    """The live id of a topic, following aliases of renamed topics; GoalError if unknown."""
    if topic_id in curriculum.topics:
        return topic_id
    for topic in curriculum.topics.values():
        if topic_id in topic.aliases:
            return topic.id
    raise GoalError(f"no topic '{topic_id}'" + did_you_mean(topic_id, curriculum.topics))


def resolve_goal(curriculum: Curriculum, goal: Goal) -> ResolvedGoal:
    """Turn a goal into ordered phases of target topics; GoalError names what is wrong."""
    if goal.is_empty():
        raise GoalError("no goal given: choose --roadmap, --career or at least one --topic")
    phases: list[GoalPhase] = []
    if goal.roadmap is not None:
        if goal.roadmap not in curriculum.roadmaps:
            raise GoalError(
                f"no roadmap '{goal.roadmap}'" + did_you_mean(goal.roadmap, curriculum.roadmaps)
            )
        roadmap = curriculum.roadmaps[goal.roadmap]
        source = f"roadmap:{roadmap.id}"
        phases += [GoalPhase(p.title, tuple(p.topics), source) for p in roadmap.phases]
    if goal.career is not None:
        if goal.career not in curriculum.careers:
            raise GoalError(
                f"no career '{goal.career}'" + did_you_mean(goal.career, curriculum.careers)
            )
        career = curriculum.careers[goal.career]
        source = f"career:{career.id}"
        phases += [GoalPhase(s.title, tuple(s.topics), source) for s in career.stages]
    if goal.topics:
        chosen = tuple(dict.fromkeys(resolve_topic_id(curriculum, t) for t in goal.topics))
        phases.append(GoalPhase("Chosen topics", chosen, "topics"))
    return ResolvedGoal(goal, tuple(phases))
