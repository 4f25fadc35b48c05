"""Progress store speed: `done`, `log` and `status` on a store holding 10,000 study sessions,
and the cold start of the `mlroadmap status` command.

Targets (issue: progress that lasts): each operation under 50 ms in process; `mlroadmap status`
cold start under 0.4 s. Prints a Markdown table for docs/benchmarks.md.

    python benchmarks/store.py [--sessions 10000] [--runs 20] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert

from mlroadmap.curriculum.loader import load
from mlroadmap.planning.document import plan_document
from mlroadmap.planning.goals import Goal
from mlroadmap.planning.planner import Learner
from mlroadmap.planning.plans import plan_for
from mlroadmap.progress.store.progress import ProgressStore
from mlroadmap.progress.store.tables import study_sessions
from mlroadmap.progress.tracking import status

TARGET_OP_S = 0.050
TARGET_COLD_S = 0.4


def filled_store(url: str, sessions: int, seed: int) -> ProgressStore:
    """A store with an ML Engineer goal and `sessions` logged sessions over two years."""
    curriculum = load().curriculum
    goal = Goal(career="ml-engineer")
    start = date.today() - timedelta(days=730)
    learner = Learner.weekly(10, start)
    document = plan_document(curriculum, goal, plan_for(curriculum, goal, learner))
    store = ProgressStore.open(url)
    store.start_goal(None, "ml-engineer", [], list(learner.day_hours), start, None, 2, document)
    rng = random.Random(seed)
    topics = [item["topic"] for week in document["weeks"] for item in week["items"]]
    rows = [
        {
            "profile_id": store.profile_id,
            "topic_id": rng.choice(topics),
            "day": start + timedelta(days=rng.randrange(730)),
            "hours": rng.choice([0.5, 1.0, 1.5, 2.0]),
            "note": None,
        }
        for _ in range(sessions)
    ]
    with store.writing() as connection:
        connection.execute(insert(study_sessions), rows)
    return store


def timed(func: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        begin = time.perf_counter()
        func()
        times.append(time.perf_counter() - begin)
    return times


def row(name: str, times: list[float], target: float) -> dict[str, object]:
    median = statistics.median(times)
    return {
        "operation": name,
        "runs": len(times),
        "median_ms": round(median * 1000, 2),
        "max_ms": round(max(times) * 1000, 2),
        "target_ms": target * 1000,
        "met": median < target,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    url = f"sqlite:///{folder / 'bench.db'}"
    store = filled_store(url, args.sessions, args.seed)
    curriculum = load().curriculum
    today = date.today()
    goal = store.active_goal()
    assert goal is not None and goal.plan is not None
    plan = goal.plan

    def do_status() -> object:
        return status(
            plan,
            store.statuses(),
            store.hours_by_topic(),
            store.hours_by_day(),
            set(curriculum.topics),
            today,
        )

    rows = [
        row(
            "done (set a topic's status)",
            timed(lambda: store.set_status(["vectors"], "done"), args.runs),
            TARGET_OP_S,
        ),
        row(
            "log (add a study session)",
            timed(lambda: store.log("vectors", 1.0, today), args.runs),
            TARGET_OP_S,
        ),
        row(f"status ({args.sessions:,} sessions)", timed(do_status, args.runs), TARGET_OP_S),
    ]
    command = shutil.which("mlroadmap")
    if command:
        env = {**os.environ, "MLROADMAP_DB": url}
        subprocess.run([command, "status"], env=env, capture_output=True, check=True)
        cold = timed(
            lambda: subprocess.run([command, "status"], env=env, capture_output=True, check=True),
            max(args.runs // 2, 5),
        )
        rows.append(row("`mlroadmap status` cold start (whole process)", cold, TARGET_COLD_S))
    else:
        print("no `mlroadmap` command on PATH: the cold start is not measured", file=sys.stderr)
    shutil.rmtree(folder)
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print("| operation | runs | median (ms) | max (ms) | target (ms) | met |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        met = "yes" if r["met"] else "NO"
        print(
            f"| {r['operation']} | {r['runs']} | {r['median_ms']} | {r['max_ms']} | "
            f"< {r['target_ms']:g} | {met} |"
        )


if __name__ == "__main__":
    main()
