"""What a learner aims at: a roadmap, a career path and/or free topics, as ordered phases.

A goal reduces to phases of target topics. Phases keep the order the curriculum gives (Month 1
before Month 2, stage 1 before stage 2); topics asked for on their own form a last phase.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from mlroadmap.curriculum.model import Curriculum, Phase
from mlroadmap.curriculum.suggest import unknown

T = TypeVar("T")


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

    @classmethod
    def from_choice(cls, value: str) -> Goal | None:
        """The goal a form's choice names ('roadmap:ID' or 'career:ID'), or None."""
        kind, _, item_id = value.partition(":")
        if kind not in ("roadmap", "career") or not item_id:
            return None
        return cls(roadmap=item_id) if kind == "roadmap" else cls(career=item_id)

    def choice(self) -> str:
        """The inverse of `from_choice` for a roadmap or career goal."""
        return f"roadmap:{self.roadmap}" if self.roadmap else f"career:{self.career}"


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
    live = curriculum.live_topic_id(topic_id)
    if live is None:
        raise GoalError(unknown("topic", topic_id, curriculum.topics))
    return live


def _named(pool: Mapping[str, T], kind: str, item_id: str) -> T:
    if item_id not in pool:
        raise GoalError(unknown(kind, item_id, pool))
    return pool[item_id]


def resolve_goal(curriculum: Curriculum, goal: Goal) -> ResolvedGoal:
    """Turn a goal into ordered phases of target topics; GoalError names what is wrong."""
    if goal.is_empty():
        raise GoalError("no goal given: choose --roadmap, --career or at least one --topic")
    phases: list[GoalPhase] = []
    if goal.roadmap is not None:
        roadmap = _named(curriculum.roadmaps, "roadmap", goal.roadmap)
        phases += _phases_of(roadmap.phases, f"roadmap:{roadmap.id}")
    if goal.career is not None:
        career = _named(curriculum.careers, "career", goal.career)
        phases += _phases_of(career.stages, f"career:{career.id}")
    if goal.topics:
        chosen = tuple(dict.fromkeys(resolve_topic_id(curriculum, t) for t in goal.topics))
        phases.append(GoalPhase("Chosen topics", chosen, "topics"))
    return ResolvedGoal(goal, tuple(phases))


def _phases_of(parts: list[Phase], source: str) -> list[GoalPhase]:
    return [GoalPhase(part.title, tuple(part.topics), source) for part in parts]
