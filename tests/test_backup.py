"""Progress backups: export -> import into an empty store -> export gives the same document."""

from __future__ import annotations

import contextlib
import json
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mlroadmap.cli.app import app
from mlroadmap.progress.store.backup import export_progress, import_progress, parse_backup
from mlroadmap.progress.store.engine import make_engine
from mlroadmap.progress.store.progress import Answer, ProgressStore, StoreError

from .conftest import a_plan_document
from .store_backends import BACKENDS, fresh_engine

TOPICS = st.sampled_from(["vectors", "matrices", "pytorch", "old-topic-id", "sql-basics"])
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=40)
ACTIONS = st.lists(
    st.one_of(
        st.tuples(
            st.just("status"), TOPICS, st.sampled_from(["done", "skipped", "known", "in-progress"])
        ),
        st.tuples(
            st.just("log"),
            TOPICS,
            st.floats(0.25, 12),
            st.dates(date(2026, 1, 1), date(2026, 12, 31)),
            st.none() | TEXT,
        ),
        st.tuples(st.just("note"), TOPICS, TEXT),
        st.tuples(st.just("link"), TOPICS, st.just("https://example.org/x"), st.none() | TEXT),
        st.tuples(st.just("goal"), st.sampled_from([None, "ml-engineer"]), st.integers(1, 3)),
        st.tuples(
            st.just("answer"),
            TOPICS,
            st.booleans(),
            TEXT,
            st.sampled_from(["quiz", "placement"]),
        ),
    ),
    max_size=25,
)


PLAN_DOCUMENT = a_plan_document()


def apply(store: ProgressStore, actions: list[tuple]) -> None:
    """Make the writes in turn; one the store refuses (an empty title ...) changes nothing, so
    the round trip must hold whatever was refused."""
    for action in actions:
        with contextlib.suppress(StoreError):
            _write(store, action)


def _write(store: ProgressStore, action: tuple) -> None:
    kind, *args = action
    if kind == "status":
        store.set_status([args[0]], args[1])
    elif kind == "log":
        store.log(args[0], args[1], args[2], args[3])
    elif kind == "note":
        store.add_note(args[0], args[1])
    elif kind == "link":
        store.add_link(args[0], args[1], args[2])
    elif kind == "answer":
        store.record_answer(Answer(f"{args[0]}-1", args[0], args[1], args[2]), args[3])
    else:
        store.start_goal(
            None,
            args[0],
            ["vectors"],
            [1.0] * 7,
            date(2027, 1, 4),
            None,
            args[1],
            PLAN_DOCUMENT,
        )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ACTIONS)
def test_round_trip(actions: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = ProgressStore(make_engine(f"sqlite:///{folder}/a.db"))
        apply(source, actions)
        first = export_progress(source)
        target = ProgressStore(make_engine(f"sqlite:///{folder}/b.db"))
        import_progress(target, parse_backup(json.loads(json.dumps(first))))
        assert export_progress(target) == first


@pytest.mark.parametrize("backend", BACKENDS)
def test_round_trip_on_each_backend(backend: str, tmp_path: Path) -> None:
    engine = fresh_engine(backend, tmp_path)
    source = ProgressStore(engine, profile="source")
    apply(
        source,
        [
            ("goal", "ml-engineer", 2),
            ("log", "vectors", 1.5, date(2026, 3, 1), "ok"),
            ("status", "vectors", "done"),
            ("note", "vectors", "é ✓"),
            ("link", "vectors", "https://example.org/x", None),
            ("answer", "vectors", True, "2", "quiz"),
        ],
    )
    first = export_progress(source)
    target = ProgressStore(engine, profile="copy")
    import_progress(target, parse_backup(first))
    again = export_progress(target)
    assert {**again, "profile": "source"} == first
    with pytest.raises(StoreError, match="is not empty"):
        import_progress(target, parse_backup(first))
    engine.dispose()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not JSON"),
        ('{"format": "something-else"}', "not a valid progress backup"),
        (
            '{"format": "mlroadmap-progress", "version": 1, "profile": "x", "goals": [], '
            '"progress": [{"topic": "a", "status": "finished", "started_at": null, '
            '"finished_at": null, "updated_at": "2027-01-01T00:00:00"}], "sessions": [], '
            '"notes": [], "links": []}',
            "progress.0.status",
        ),
    ],
)
def test_corrupt_import_is_refused_and_changes_nothing(
    runner: CliRunner, tmp_path: Path, content: str, message: str
) -> None:
    db = ["--db", f"sqlite:///{tmp_path / 'p.db'}"]
    file = tmp_path / "backup.json"
    file.write_text(content)
    result = runner.invoke(app, [*db, "import", str(file)])
    assert result.exit_code == 2 and message in result.stderr
    exported = json.loads(runner.invoke(app, [*db, "export", "progress"]).stdout)
    assert exported["progress"] == [] and exported["goals"] == []


def test_cli_export_import(runner: CliRunner, tmp_path: Path) -> None:
    source = ["--db", f"sqlite:///{tmp_path / 'a.db'}"]
    target = ["--db", f"sqlite:///{tmp_path / 'b.db'}"]
    assert runner.invoke(app, [*source, "done", "vectors"]).exit_code == 0
    backup = tmp_path / "backup.json"
    assert runner.invoke(app, [*source, "export", "progress", "-o", str(backup)]).exit_code == 0
    assert runner.invoke(app, [*target, "import", str(backup)]).exit_code == 0
    again = runner.invoke(app, [*target, "export", "progress"]).stdout
    assert json.loads(again) == json.loads(backup.read_text())
    missing = runner.invoke(app, [*target, "import", str(tmp_path / "none.json")])
    assert missing.exit_code == 2 and "cannot read" in missing.stderr
