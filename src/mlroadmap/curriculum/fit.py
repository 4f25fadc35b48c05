"""Does a goal's workload fit its promise? A roadmap's hours against duration and pace."""

from __future__ import annotations

from dataclasses import dataclass

from mlroadmap.curriculum.graph import PrerequisiteGraph
from mlroadmap.curriculum.model import AVERAGE_WEEKS_PER_MONTH, Curriculum, Roadmap, goal_topics


@dataclass(frozen=True)
class RoadmapFit:
    """The workload a roadmap adds on top of the roadmaps it assumes, and how long it takes."""

    roadmap_id: str
    topics: list[str]
    """Topics this roadmap adds, in learning order (closure minus what assumed roadmaps cover)."""
    hours: float
    pace_hours_per_week: float
    min_months: float
    max_months: float

    @property
    def months(self) -> float:
        return self.hours / self.pace_hours_per_week / AVERAGE_WEEKS_PER_MONTH

    @property
    def fits(self) -> bool:
        return self.min_months <= self.months <= self.max_months

    def verdict(self) -> str:
        months = f"{self.months:.1f} months at {self.pace_hours_per_week:g} h/week"
        promise = f"{self.min_months:g}-{self.max_months:g} months"
        if self.fits:
            return f"{self.hours:g} h: {months}, within the promised {promise}"
        side = "longer" if self.months > self.max_months else "shorter"
        return f"{self.hours:g} h: {months}, {side} than the promised {promise}"

    def to_dict(self) -> dict[str, object]:
        return {
            "hours": self.hours,
            "pace_hours_per_week": self.pace_hours_per_week,
            "months": round(self.months, 2),
            "promised_months": [self.min_months, self.max_months],
            "fits": self.fits,
        }


def assumed_topics(curriculum: Curriculum, roadmap: Roadmap, graph: PrerequisiteGraph) -> set[str]:
    """Everything the roadmaps this one assumes already cover (transitively)."""
    covered: set[str] = set()
    pending = list(roadmap.assumes)
    seen: set[str] = set()
    while pending:
        rid = pending.pop()
        if rid in seen or rid not in curriculum.roadmaps:
            continue
        seen.add(rid)
        earlier = curriculum.roadmaps[rid]
        covered |= graph.closure(goal_topics(earlier))
        pending.extend(earlier.assumes)
    return covered


def roadmap_fit(curriculum: Curriculum, roadmap: Roadmap, graph: PrerequisiteGraph) -> RoadmapFit:
    covered = assumed_topics(curriculum, roadmap, graph)
    own = [t for t in graph.learning_order(goal_topics(roadmap)) if t not in covered]
    return RoadmapFit(
        roadmap_id=roadmap.id,
        topics=own,
        hours=graph.hours(own),
        pace_hours_per_week=roadmap.pace_hours_per_week,
        min_months=roadmap.duration.min_months,
        max_months=roadmap.duration.max_months,
    )
