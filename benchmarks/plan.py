"""Planning time on the built-in curriculum and on synthetic graphs of 1k-100k topics.

Targets (issue: personal plans): under 10 ms for the built-in curriculum (in process, after
load); under 2 s at 100k topics; growth near-linear. Prints a Markdown table for
docs/benchmarks.md.

    python benchmarks/plan.py [--runs 5] [--sizes 1000 10000 100000] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections.abc import Callable
from datetime import date

from mlroadmap.curriculum.graph import PrerequisiteGraph
from mlroadmap.curriculum.loader import load
from mlroadmap.curriculum.model import ResourceRef, Topic
from mlroadmap.planning.goals import Goal, GoalPhase, resolve_goal
from mlroadmap.planning.planner import Learner, Plan, make_plan

START = date(2027, 1, 4)
LEARNER = Learner.weekly(10, START)


def timed(func: Callable[[], Plan], runs: int) -> tuple[list[float], Plan]:
    times, plan = [], None
    for _ in range(runs):
        begin = time.perf_counter()
        plan = func()
        times.append(time.perf_counter() - begin)
    assert plan is not None
    return times, plan


def synthetic(size: int, seed: int) -> dict[str, Topic]:
    """A random DAG: each topic requires about 3 earlier ones, mostly recent (deep threads)."""
    rng = random.Random(seed)
    topics: dict[str, Topic] = {}
    ref = [ResourceRef(id="r")]
    for i in range(size):
        window = range(max(0, i - 50), i)
        requires = [f"t{j}" for j in rng.sample(window, min(3, len(window)))]
        topics[f"t{i}"] = Topic.model_construct(
            id=f"t{i}",
            title=f"Topic {i}",
            area="synthetic",
            level="beginner",
            hours=float(rng.choice([1, 2, 3, 4, 5, 6, 8, 10])),
            requires=requires,
            recommends=[],
            objectives=["a", "b"],
            resources=ref,
            tags=[],
            aliases=[],
            body="",
        )
    return topics


def builtin_rows(runs: int) -> list[dict[str, object]]:
    curriculum = load().curriculum
    graph = PrerequisiteGraph(curriculum.topics)
    goals = [Goal(roadmap=r) for r in curriculum.roadmaps] + [
        Goal(career=c) for c in curriculum.careers
    ]
    rows = []
    for goal in goals:
        phases = resolve_goal(curriculum, goal).phases
        times, plan = timed(
            lambda p=phases: make_plan(curriculum.topics, graph.requires, p, LEARNER), runs
        )
        name = f"built-in {goal.roadmap or goal.career}"
        rows.append(row(name, len(plan.topics), times, target=0.010))
    return rows


def synthetic_rows(sizes: list[int], runs: int, seed: int) -> list[dict[str, object]]:
    rows = []
    for size in sizes:
        topics = synthetic(size, seed)
        begin = time.perf_counter()
        graph = PrerequisiteGraph(topics)
        graph_time = time.perf_counter() - begin
        sinks = [t for t, deps in graph.dependents.items() if not deps]
        phases = [GoalPhase("all", tuple(sinks))]
        times, plan = timed(
            lambda t=topics, g=graph, p=phases: make_plan(t, g.requires, p, LEARNER), runs
        )
        assert len(plan.topics) == size
        rows.append(
            row(
                f"synthetic {size:,} topics",
                size,
                times,
                target=2.0 if size >= 100_000 else None,
                graph_s=graph_time,
            )
        )
    return rows


def row(
    name: str,
    topics: int,
    times: list[float],
    target: float | None = None,
    graph_s: float | None = None,
) -> dict[str, object]:
    median = statistics.median(times)
    return {
        "case": name,
        "topics planned": topics,
        "runs": len(times),
        "median_ms": round(median * 1000, 2),
        "max_ms": round(max(times) * 1000, 2),
        "us_per_topic": round(median / topics * 1e6, 2),
        "graph_build_ms": None if graph_s is None else round(graph_s * 1000, 1),
        "target_ms": None if target is None else target * 1000,
        "met": None if target is None else median < target,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = builtin_rows(max(args.runs, 20)) + synthetic_rows(args.sizes, args.runs, args.seed)
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(
        "| case | topics planned | runs | median (ms) | max (ms) | µs/topic "
        "| graph build (ms) | target (ms) | met |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        cells = [
            r["case"],
            r["topics planned"],
            r["runs"],
            r["median_ms"],
            r["max_ms"],
            r["us_per_topic"],
            r["graph_build_ms"] if r["graph_build_ms"] is not None else "-",
            f"< {r['target_ms']:g}" if r["target_ms"] is not None else "-",
            {True: "yes", False: "NO", None: "-"}[r["met"]],
        ]
        print("| " + " | ".join(str(c) for c in cells) + " |")


if __name__ == "__main__":
    main()
