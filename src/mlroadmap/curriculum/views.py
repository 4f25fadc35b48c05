"""Read-only views of a curriculum as plain dicts: one data shape feeds the CLI's tables and its
JSON output (and later the web pages), so no face holds logic the other lacks."""

from __future__ import annotations

from typing import Any

from mlroadmap.curriculum.document import topic_document
from mlroadmap.curriculum.document import topic_summary as topic_row
from mlroadmap.curriculum.fit import roadmap_fit
from mlroadmap.curriculum.graph import graph_of
from mlroadmap.curriculum.model import (
    Career,
    Certification,
    Cost,
    Curriculum,
    Level,
    Phase,
    ResourceKind,
    ResourceRef,
    Roadmap,
    goal_topics,
)
from mlroadmap.curriculum.suggest import unknown

GOAL_KINDS = ("roadmap", "career", "certification")


class UnknownId(LookupError):
    """An id the curriculum does not hold; the message carries 'did you mean' suggestions."""

    def __init__(self, kind: str, value: str, candidates: list[str]) -> None:
        super().__init__(unknown(kind, value, candidates))
        self.kind = kind
        self.value = value


def resolve_topic(curriculum: Curriculum, topic_id: str) -> str:
    """The live id for `topic_id`, following aliases of renamed topics."""
    live = curriculum.live_topic_id(topic_id)
    if live is None:
        raise UnknownId("topic", topic_id, list(curriculum.topics))
    return live


def _check_choice(kind: str, value: str | None, allowed: list[str]) -> None:
    if value is not None and value not in allowed:
        raise UnknownId(kind, value, allowed)


def topic_summary(curriculum: Curriculum, topic_id: str) -> dict[str, Any]:
    return topic_row(curriculum.topics[topic_id])


def list_topics(
    curriculum: Curriculum, area: str | None = None, level: str | None = None
) -> list[dict[str, Any]]:
    """Topics filtered by area and level, in area then learning order."""
    _check_choice("area", area, sorted({t.area for t in curriculum.topics.values()}))
    _check_choice("level", level, [str(lv) for lv in Level])
    graph = graph_of(curriculum)
    depth = graph.depth()
    chosen = [
        t
        for t in curriculum.topics.values()
        if (area is None or t.area == area) and (level is None or t.level == level)
    ]
    chosen.sort(key=lambda t: (t.area, depth.get(t.id, 0), t.id))
    return [topic_summary(curriculum, t.id) for t in chosen]


def list_resources(
    curriculum: Curriculum, kind: str | None = None, cost: str | None = None
) -> list[dict[str, Any]]:
    _check_choice("resource kind", kind, [str(k) for k in ResourceKind])
    _check_choice("cost", cost, [str(c) for c in Cost])
    cited: dict[str, list[str]] = {}
    for topic in curriculum.topics.values():
        for ref in topic.resources:
            cited.setdefault(ref.id, []).append(topic.id)
    return [
        {**r.model_dump(mode="json", exclude_none=True), "topics": sorted(cited.get(r.id, []))}
        for r in sorted(curriculum.resources.values(), key=lambda r: (r.kind, r.title.lower()))
        if (kind is None or r.kind == kind) and (cost is None or r.cost == cost)
    ]


def resource_view(curriculum: Curriculum, ref: ResourceRef) -> dict[str, Any]:
    resource = curriculum.resources.get(ref.id)
    base: dict[str, Any] = {"id": ref.id}
    if resource is not None:
        base |= resource.model_dump(mode="json", exclude_none=True)
    if ref.section:
        base["section"] = ref.section
    base["core"] = ref.core
    return base


def topic_view(curriculum: Curriculum, topic_id: str) -> dict[str, Any]:
    """A topic with its text, links both ways, resources in full, and the goals that use it."""
    tid = resolve_topic(curriculum, topic_id)
    topic = curriculum.topics[tid]
    graph = graph_of(curriculum)
    document = topic_document(topic)
    document["resources"] = [resource_view(curriculum, ref) for ref in topic.resources]
    document["unlocks"] = sorted(graph.dependents[tid])
    document["goals"] = sorted(
        key for key, goal in curriculum.goals().items() if tid in graph.closure(goal_topics(goal))
    )
    linked = [*topic.requires, *topic.recommends, *document["unlocks"]]
    document["titles"] = {t: curriculum.topics[t].title for t in linked if t in curriculum.topics}
    return document


def _goal_pool(curriculum: Curriculum, kind: str) -> dict[str, Any]:
    pools: dict[str, dict[str, Any]] = {
        "roadmap": curriculum.roadmaps,
        "career": curriculum.careers,
        "certification": curriculum.certifications,
    }
    return pools[kind]


def find_goal(curriculum: Curriculum, kind: str, goal_id: str) -> Roadmap | Career | Certification:
    pool = _goal_pool(curriculum, kind)
    if goal_id not in pool:
        raise UnknownId(kind, goal_id, list(pool))
    return pool[goal_id]


def _phases(goal: Roadmap | Career | Certification) -> list[Phase] | list[Any]:
    if isinstance(goal, Roadmap):
        return goal.phases
    if isinstance(goal, Career):
        return goal.stages
    return goal.domains


def goal_view(curriculum: Curriculum, kind: str, goal_id: str) -> dict[str, Any]:
    """A goal as phases of topics with hours, plus the prerequisites it pulls in from outside."""
    goal = find_goal(curriculum, kind, goal_id)
    graph = graph_of(curriculum)
    phases = []
    for phase in _phases(goal):
        topics = [topic_summary(curriculum, t) for t in phase.topics if t in curriculum.topics]
        phases.append(
            {
                "title": phase.title,
                "focus": getattr(phase, "focus", None),
                "weight": getattr(phase, "weight", None),
                "topics": topics,
                "hours": sum(t["hours"] for t in topics),
            }
        )
    named = goal_topics(goal)
    closure = graph.learning_order(named)
    extra = [t for t in closure if t not in set(named)]
    view: dict[str, Any] = {
        "kind": kind,
        "id": goal.id,
        "title": goal.title,
        "summary": getattr(goal, "summary", ""),
        "phases": phases,
        "prerequisites_outside_phases": [topic_summary(curriculum, t) for t in extra],
        "total_hours": graph.hours(closure),
        "topic_count": len(closure),
    }
    if isinstance(goal, Roadmap):
        fit = roadmap_fit(curriculum, goal, graph)
        view["level"] = str(goal.level)
        view["assumes"] = list(goal.assumes)
        view["fit"] = fit.to_dict() | {"verdict": fit.verdict(), "new_topics": len(fit.topics)}
    resources = getattr(goal, "resources", [])
    if isinstance(goal, Certification):
        resources = [goal.resource]
    view["resources"] = [
        resource_view(curriculum, ResourceRef(id=r)) for r in resources if r in curriculum.resources
    ]
    return view


def _goal_order(goal: Roadmap | Career | Certification) -> tuple[int, str]:
    """Roadmaps from beginner to advanced; everything else by id."""
    rank = list(Level).index(goal.level) if isinstance(goal, Roadmap) else 0
    return rank, goal.id


def list_goals(curriculum: Curriculum, kind: str) -> list[dict[str, Any]]:
    """Roadmaps, careers or certifications with their size: topics and hours of the closure."""
    return curriculum.memo(f"goals:{kind}", lambda: _goal_rows(curriculum, kind))


def _goal_rows(curriculum: Curriculum, kind: str) -> list[dict[str, Any]]:
    pool = _goal_pool(curriculum, kind)
    graph = graph_of(curriculum)
    rows = []
    for goal in sorted(pool.values(), key=_goal_order):
        closure = graph.closure(goal_topics(goal))
        row: dict[str, Any] = {
            "id": goal.id,
            "title": goal.title,
            "summary": getattr(goal, "summary", ""),
            "phases": [p.title for p in _phases(goal)],
            "topic_count": len(closure),
            "total_hours": graph.hours(closure),
        }
        if isinstance(goal, Roadmap):
            fit = roadmap_fit(curriculum, goal, graph)
            row["fit"] = fit.to_dict() | {"verdict": fit.verdict()}
        rows.append(row)
    return rows


def path_view(curriculum: Curriculum, topic_id: str) -> dict[str, Any]:
    """Everything needed to learn a topic from scratch, in prerequisite order, with hours."""
    tid = resolve_topic(curriculum, topic_id)
    graph = graph_of(curriculum)
    order = graph.learning_order([tid])
    steps = []
    running = 0.0
    for index, step in enumerate(order, start=1):
        running += curriculum.topics[step].hours
        steps.append(
            {"step": index, **topic_summary(curriculum, step), "cumulative_hours": running}
        )
    return {"target": tid, "topics": steps, "total_hours": running}
