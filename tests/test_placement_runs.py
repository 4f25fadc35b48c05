"""Placement tests kept in the store: resumed exactly where they stopped, saved without
overwriting what is already finished."""

from __future__ import annotations

from pathlib import Path

from mlroadmap.curriculum.source import open_curriculum
from mlroadmap.planning.goals import Goal
from mlroadmap.progress import placement_runs
from mlroadmap.progress.store.progress import ProgressStore

from .conftest import EXAMPLE

CURRICULUM = open_curriculum(EXAMPLE)


def store_in(tmp_path: Path) -> ProgressStore:
    return ProgressStore.open(f"sqlite:///{tmp_path / 'p.db'}", "default")


def test_a_resumed_test_believes_what_it_believed_when_it_stopped(tmp_path: Path) -> None:
    store = store_in(tmp_path)
    run = placement_runs.begin(CURRICULUM, store, Goal(roadmap="first-steps"), 10, None)
    for reply in (True, None, False):
        chosen = run.test.next_question()
        assert chosen is not None
        run.record(store, chosen[0], chosen[1], reply, "0" if reply is not None else "?")
    run.test.refresh()
    kept = store.placement_test()
    assert kept is not None and kept.token == run.token
    resumed = placement_runs.resume(CURRICULUM, store, kept)
    resumed.test.refresh()
    assert resumed.test.beliefs() == run.test.beliefs()
    assert resumed.test.next_question() == run.test.next_question()


def test_saving_never_overwrites_a_finished_topic(tmp_path: Path) -> None:
    store = store_in(tmp_path)
    store.set_status(["vectors"], "done")  # verified by a quiz, say
    run = placement_runs.begin(CURRICULUM, store, Goal(roadmap="first-steps"), 10, None)
    placement_runs.save(CURRICULUM, store, run, ["vectors", "python-basics"], replan=False)
    assert store.statuses() == {"vectors": "done", "python-basics": "known"}
    assert store.known_by_placement() == {"python-basics"}
    assert store.placement_test() is None  # saved: closed
