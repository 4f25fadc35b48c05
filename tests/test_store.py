"""The progress store on SQLite and PostgreSQL: migrations, writes, reads, profiles."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from mlroadmap.progress.store.engine import make_engine
from mlroadmap.progress.store.migrate import HEAD, current_revision, head_revision, upgrade
from mlroadmap.progress.store.progress import Answer, ProgressStore, StoreError
from mlroadmap.progress.tracking import QuizRecord

from .conftest import a_plan_document
from .store_backends import BACKENDS, fresh_engine


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    engine = fresh_engine(request.param, tmp_path)
    yield engine
    engine.dispose()


def test_head_constant_matches_the_migration_scripts() -> None:
    assert head_revision() == HEAD


def test_opening_migrates_to_head(engine: Engine) -> None:
    assert current_revision(engine) is None
    ProgressStore(engine)
    assert current_revision(engine) == head_revision()
    tables = set(inspect(engine).get_table_names())
    assert {"profiles", "goals", "plans", "topic_progress", "study_sessions"} <= tables


def test_sqlite_settings(tmp_path: Path) -> None:
    engine = fresh_engine("sqlite", tmp_path)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_status_round_trip(engine: Engine) -> None:
    store = ProgressStore(engine)
    store.set_status(["vectors", "matrices"], "done")
    store.set_status(["matrices"], "in-progress")
    assert store.statuses() == {"vectors": "done", "matrices": "in-progress"}


def test_bad_status_changes_nothing(engine: Engine) -> None:
    store = ProgressStore(engine)
    store.set_status(["vectors"], "done")
    with pytest.raises(StoreError, match="unknown status"):
        store.set_status(["vectors"], "finished")
    assert store.statuses() == {"vectors": "done"}


def test_log_sessions_and_hours(engine: Engine) -> None:
    store = ProgressStore(engine)
    store.log("vectors", 1.5, date(2026, 1, 4), "chapter 2")
    store.log("vectors", 2.0, date(2026, 1, 6))
    store.log("matrices", 1.0, date(2026, 1, 12))
    assert store.hours_between(date(2026, 1, 4), date(2026, 1, 10)) == 3.5
    assert store.hours_by_topic() == {"vectors": 3.5, "matrices": 1.0}
    assert store.hours_by_day() == {
        date(2026, 1, 4): 1.5,
        date(2026, 1, 6): 2.0,
        date(2026, 1, 12): 1.0,
    }
    assert store.statuses() == {"vectors": "in-progress", "matrices": "in-progress"}
    assert store.sessions()[0] == {
        "topic": "vectors",
        "day": "2026-01-04",
        "hours": 1.5,
        "note": "chapter 2",
    }
    with pytest.raises(StoreError, match="more than 0"):
        store.log("vectors", 0, date(2026, 1, 4))
    assert len(store.sessions()) == 3


def test_goal_and_plan(engine: Engine) -> None:
    store = ProgressStore(engine)
    assert store.active_goal() is None
    document = a_plan_document()
    store.start_goal(
        None, "ml-engineer", [], [2, 2, 2, 2, 2, 0, 0], date(2027, 1, 4), None, 2, document
    )
    goal = store.active_goal()
    assert goal is not None and goal.career == "ml-engineer" and goal.plan == document
    store.save_plan({"weeks": [1]})
    active = store.active_goal()
    assert active is not None and active.plan == {"weeks": [1]}


def test_notes_links_and_profiles(engine: Engine) -> None:
    alice = ProgressStore(engine, profile="alice")
    bob = ProgressStore(engine, profile="bob")
    alice.add_note("vectors", "dot product = alignment")
    alice.add_link("vectors", "https://example.org/v", "my notes")
    alice.set_status(["vectors"], "done")
    assert alice.notes("vectors") == ["dot product = alignment"]
    assert alice.links("vectors") == [{"url": "https://example.org/v", "title": "my notes"}]
    assert bob.statuses() == {} and bob.notes("vectors") == []
    assert alice.profiles() == ["alice", "bob"]
    alice.remove_profile("bob")
    assert alice.profiles() == ["alice"]


def test_every_write_bumps_its_own_profile_revision_and_reads_do_not(engine: Engine) -> None:
    alice = ProgressStore(engine, profile="alice")
    bob = ProgressStore(engine, profile="bob")
    seen = [alice.revision()]
    alice.set_status(["vectors"], "done")
    seen.append(alice.revision())
    alice.log("vectors", 1.5, date(2026, 1, 4))
    seen.append(alice.revision())
    alice.add_note("vectors", "a note")
    seen.append(alice.revision())
    alice.statuses(), alice.hours_by_topic(), alice.notes("vectors")
    assert alice.revision() == seen[-1]
    assert seen == sorted(set(seen)), "each write moves the revision forward"
    bob.set_status(["vectors"], "known")
    assert alice.revision() == seen[-1], "another profile's write leaves alice's pages current"
    with pytest.raises(StoreError):
        alice.log("vectors", -1, date(2026, 1, 4))
    assert alice.revision() == seen[-1], "a refused write changes nothing"


def test_first_migration_with_data_upgrades_intact(engine: Engine) -> None:
    upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO profiles (name) VALUES ('default')"))
        connection.execute(
            text(
                "INSERT INTO study_sessions (profile_id, topic_id, day, hours) "
                "VALUES (1, 'vectors', '2027-01-04', 2.5)"
            )
        )
    store = ProgressStore(engine)
    assert current_revision(engine) == head_revision()
    assert store.revision() == 0
    assert store.sessions() == [
        {"topic": "vectors", "day": "2027-01-04", "hours": 2.5, "note": None}
    ]


def test_finish_dates_name_the_day_each_finished_topic_was_marked(engine: Engine) -> None:
    store = ProgressStore(engine)
    store.set_status(["vectors", "matrices"], "done")
    store.set_status(["python-basics"], "known")
    store.set_status(["matrices"], "not-started")  # un-finished again
    store.log("calculus", 1.0, date(2026, 1, 4))  # in progress only
    assert store.finish_dates() == {"vectors": date.today(), "python-basics": date.today()}


def test_quiz_answers_are_kept_one_by_one_with_their_attempt_and_values(engine: Engine) -> None:
    store = ProgressStore(engine)
    store.record_answer(Answer("vectors-1", "vectors", False, "3", "a1-00", "c=2;v2=1"), "quiz")
    store.record_answer(Answer("vectors-2", "vectors", True, "0", "a1-00"), "quiz")
    store.record_answer(Answer("matrices-1", "matrices", True, "2", "t1"), "placement")
    today = date.today()
    assert store.quiz_results() == [
        QuizRecord("vectors", "vectors-1", "c=2;v2=1", False, "a1-00", today),
        QuizRecord("vectors", "vectors-2", None, True, "a1-00", today),
    ]


def test_a_placement_test_is_kept_until_its_result_is_saved(engine: Engine) -> None:
    store = ProgressStore(engine)
    assert store.placement_test() is None
    store.start_placement("t1", "roadmap:first-steps", 10)
    store.record_answer(Answer("vectors-2", "vectors", True, "1", "t1"), "placement")
    store.record_answer(Answer("vectors-3", "vectors", False, "?", "t1"), "placement")
    store.record_answer(Answer("vectors-4", "vectors", True, "1", "other"), "placement")
    test = store.placement_test()
    assert test is not None and (test.token, test.goal, test.max_questions) == (
        "t1",
        "roadmap:first-steps",
        10,
    )
    assert [a.question_id for a in test.answers] == ["vectors-2", "vectors-3"]
    assert not test.saved
    store.close_placement("t1")
    assert store.placement_test() is None
    closed = store.placement_test("t1")
    assert closed is not None and closed.saved and len(closed.answers) == 2


def test_known_by_placement_is_told_from_known_marked_by_hand(engine: Engine) -> None:
    store = ProgressStore(engine)
    store.set_status(["vectors", "matrices"], "known", marked_by="placement")
    store.set_status(["python-basics"], "known")
    assert store.known_by_placement() == {"vectors", "matrices"}
    store.set_status(["matrices"], "known")  # the learner says so: no longer the test's claim
    assert store.known_by_placement() == {"vectors"}


STORES = Path(__file__).resolve().parent / "fixtures" / "stores"


@pytest.mark.parametrize("profile", ["default", "second"])
def test_a_store_made_at_revision_0003_upgrades_and_reads_back_identically(
    tmp_path: Path, profile: str
) -> None:
    """rev0003.sqlite was written by the 0.1.0 release (a goal, a replan, sessions, statuses,
    notes, links, quiz answers, two profiles); rev0003-<profile>.json is what that release
    exported from it. After `db upgrade` today's code must export the very same documents."""
    from typer.testing import CliRunner

    from mlroadmap.cli.app import app

    copy = tmp_path / "old.sqlite"
    shutil.copyfile(STORES / "rev0003.sqlite", copy)
    db = ["--db", f"sqlite:///{copy}"]
    runner = CliRunner()
    upgraded = runner.invoke(app, [*db, "db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    assert current_revision(make_engine(f"sqlite:///{copy}")) == head_revision()
    exported = runner.invoke(app, [*db, "--profile", profile, "export", "progress"])
    assert exported.exit_code == 0, exported.output
    expected = json.loads((STORES / f"rev0003-{profile}.json").read_text(encoding="utf-8"))
    assert json.loads(exported.stdout) == expected
