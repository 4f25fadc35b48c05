"""Cold starts of two installs side by side: did a change make `--help` or `status` slower?

On a shared 2-core machine single runs vary by up to 30%, more than most changes move them, so
two benchmark runs made minutes apart cannot tell a regression from noise. This runs the two
installs' commands in alternating order, round after round, against stores made the same way,
and reports each one's median with the median of the paired differences (B - A) and its
interquartile range: a change that costs nothing has differences centred on zero.

    python -m venv /tmp/before && git stash && /tmp/before/bin/pip install . && git stash pop
    python -m venv /tmp/after && /tmp/after/bin/pip install .
    python benchmarks/startup_compare.py /tmp/before/bin/mlroadmap /tmp/after/bin/mlroadmap
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

COMMANDS = {"mlroadmap --help": ["--help"], "mlroadmap status": ["status"]}


def prepared_env(executable: str, folder: Path) -> dict[str, str]:
    """A store with an ML Engineer goal and one logged session, and a warm curriculum cache."""
    env = {
        **os.environ,
        "MLROADMAP_DB": f"sqlite:///{folder / 'progress.db'}",
        "MLROADMAP_CACHE_DIR": str(folder / "cache"),
    }
    env.pop("MLROADMAP_CURRICULUM", None)
    for args in (["start", "--career", "ml-engineer", "-H", "10"], ["log", "1h", "vectors"]):
        subprocess.run([executable, *args], env=env, capture_output=True, check=True)
    subprocess.run([executable, "status"], env=env, capture_output=True, check=True)
    return env


def seconds(executable: str, args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([executable, *args], env=env, capture_output=True, check=True)
    return time.perf_counter() - started


def quartiles(values: list[float]) -> tuple[float, float]:
    q1, _, q3 = statistics.quantiles(values, n=4)
    return q1, q3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("a", help="the `mlroadmap` executable of the first install (before)")
    parser.add_argument("b", help="the `mlroadmap` executable of the second install (after)")
    parser.add_argument("--rounds", type=int, default=40)
    options = parser.parse_args()
    installs = {"A": options.a, "B": options.b}
    with tempfile.TemporaryDirectory() as tmp:
        envs = {}
        for name, executable in installs.items():
            (Path(tmp) / name).mkdir()
            envs[name] = prepared_env(executable, Path(tmp) / name)
        times: dict[tuple[str, str], list[float]] = {
            (label, name): [] for label in COMMANDS for name in installs
        }
        for round_number in range(options.rounds):
            order = ["A", "B"] if round_number % 2 else ["B", "A"]
            for label, args in COMMANDS.items():
                for name in order:
                    times[label, name].append(seconds(installs[name], args, envs[name]))
    print(f"{options.rounds} rounds, A = {options.a}, B = {options.b}\n")
    print("| command | A median (ms) | B median (ms) | B - A, median of pairs (ms) | IQR (ms) |")
    print("|---|---|---|---|---|")
    for label in COMMANDS:
        a, b = times[label, "A"], times[label, "B"]
        pairs = [(y - x) * 1000 for x, y in zip(a, b, strict=True)]
        low, high = quartiles(pairs)
        print(
            f"| {label} | {statistics.median(a) * 1000:.0f} | {statistics.median(b) * 1000:.0f} "
            f"| {statistics.median(pairs):+.0f} | {low:+.0f} to {high:+.0f} |"
        )


if __name__ == "__main__":
    main()
