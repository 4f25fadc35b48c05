"""Cold start of the CLI and the cost of loading + validating the built-in curriculum.

Targets (issue: curriculum as data): `mlroadmap --help` cold start under 0.3 s; loading and
validating the whole built-in curriculum under 0.5 s. Prints a Markdown table for
docs/benchmarks.md.

    python benchmarks/startup.py [--runs 15] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

TARGETS = {
    "mlroadmap --help (cold process)": 0.3,
    "load + validate built-in curriculum (in process)": 0.5,
}


def timed_process(args: list[str], runs: int) -> list[float]:
    """Wall time of a whole command, run `runs` times after one warm-up for the disk cache."""
    env = dict(os.environ)
    subprocess.run(args, capture_output=True, check=False, env=env)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, capture_output=True, check=False, env=env)
        times.append(time.perf_counter() - start)
    return times


def timed_call(func: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return times


def load_and_check() -> int:
    from mlroadmap.curriculum.loader import load
    from mlroadmap.curriculum.validate import check

    result = load()
    problems = check(result)
    return len(result.curriculum.topics) + len(problems)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="Repetitions per measurement.")
    parser.add_argument("--json", action="store_true", help="Print JSON instead of Markdown.")
    args = parser.parse_args()
    cli = shutil.which("mlroadmap") or sys.exit("install mlroadmap first: pip install .")

    # the first in-process call pays the imports; measure it separately from warm repeats
    first = timed_call(load_and_check, 1)[0]
    results = {
        "mlroadmap --help (cold process)": timed_process([cli, "--help"], args.runs),
        "mlroadmap validate (cold process)": timed_process([cli, "validate"], args.runs),
        "load + validate built-in curriculum (in process)": [first],
        "load + validate built-in curriculum (in process, warm)": timed_call(
            load_and_check, args.runs
        ),
    }
    rows = []
    for name, times in results.items():
        target = TARGETS.get(name)
        median = statistics.median(times)
        rows.append(
            {
                "measurement": name,
                "runs": len(times),
                "median_s": round(median, 4),
                "min_s": round(min(times), 4),
                "max_s": round(max(times), 4),
                "target_s": target,
                "met": None if target is None else median < target,
            }
        )
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print("| measurement | runs | median (s) | min (s) | max (s) | target (s) | met |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        target = "-" if row["target_s"] is None else f"< {row['target_s']}"
        met = "-" if row["met"] is None else ("yes" if row["met"] else "NO")
        print(
            f"| {row['measurement']} | {row['runs']} | {row['median_s']:.3f} | "
            f"{row['min_s']:.3f} | {row['max_s']:.3f} | {target} | {met} |"
        )


if __name__ == "__main__":
    main()
