"""Nothing is lost: writers killed with SIGKILL at random moments, and writers racing each other.

A child process logs study sessions in a loop and prints the number of each write once it has
returned. The parent kills it at a random moment, 50 times; afterwards every reported write must
be in the store and SQLite's integrity check must pass.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from mlroadmap.progress.store.engine import make_engine
from mlroadmap.progress.store.progress import ProgressStore

from .store_backends import BACKENDS, fresh_engine

WRITER = """
import sys
from datetime import date
from mlroadmap.progress.store.progress import ProgressStore

store = ProgressStore.open(sys.argv[1])
run, count = sys.argv[2], int(sys.argv[3])
for i in range(count):
    store.log("vectors", 0.5, date(2026, 1, 1), f"{run}:{i}")
    if i % 7 == 0:
        store.set_status(["vectors"], "in-progress" if i % 2 else "done")
    print(i, flush=True)
"""
KILLS = 50


def writer(url: str, run: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, url, run, str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def notes(url: str) -> set[str]:
    return {s["note"] for s in ProgressStore.open(url).sessions()}


def test_killed_writers_keep_every_reported_write(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'crash.db'}"
    ProgressStore.open(url)  # create and migrate once, so children only write
    rng = random.Random(20261124)
    reported: set[str] = set()
    for run in range(KILLS):
        child = writer(url, f"r{run}", 100_000)
        assert child.stdout is not None
        first = child.stdout.readline()  # the first write has returned
        assert first.strip() == "0", child.stderr.read() if child.stderr else ""
        time.sleep(rng.uniform(0.0, 0.15))
        os.kill(child.pid, signal.SIGKILL)
        rest, _ = child.communicate()
        assert child.returncode == -signal.SIGKILL
        lines = [first, *rest.splitlines()]
        # a line cut off by the kill may be partial: only whole numbers count as reported
        reported |= {f"r{run}:{int(n)}" for n in lines[:-1]} | {f"r{run}:0"}
    stored = notes(url)
    assert reported <= stored, sorted(reported - stored)[:5]
    with make_engine(url).connect() as connection:
        assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_writers_at_once_lose_nothing(backend: str, tmp_path: Path) -> None:
    engine = fresh_engine(backend, tmp_path)
    url = engine.url.render_as_string(hide_password=False)
    ProgressStore(engine)
    children = [writer(url, name, 150) for name in ("a", "b")]
    for child in children:
        _, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
    expected = {f"{name}:{i}" for name in ("a", "b") for i in range(150)}
    assert notes(url) >= expected
    engine.dispose()
