"""The learner's journey through the CLI on a SQLite store: start, next, log, done, status."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mlroadmap.cli.app import app
from mlroadmap.progress.store.migrate import HEAD

from .store_backends import BACKENDS, fresh_engine


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[list[str]]:
    """The journey runs against a fresh SQLite file and a wiped PostgreSQL database."""
    engine = fresh_engine(request.param, tmp_path)
    yield ["--db", engine.url.render_as_string(hide_password=False)]
    engine.dispose()


def run(runner: CliRunner, db: list[str], *args: str) -> Any:
    result = runner.invoke(app, [*db, *args])
    assert result.exit_code == 0, result.output
    return result


def monday() -> str:
    today = date.today()
    return (today - timedelta(days=today.weekday())).isoformat()


def start(runner: CliRunner, db: list[str], *extra: str) -> None:
    run(
        runner,
        db,
        "start",
        "--topic",
        "logistic-regression",
        "--hours-per-week",
        "10",
        "--start",
        monday(),
        *extra,
    )


def test_commands_need_a_started_goal(runner: CliRunner, db: list[str]) -> None:
    for command in (["next"], ["status"]):
        result = runner.invoke(app, [*db, *command])
        assert result.exit_code == 2 and "no goal started yet" in result.stderr


def test_start_then_next(runner: CliRunner, db: list[str]) -> None:
    start(runner, db, "--know", "python-data-types")
    items = json.loads(run(runner, db, "next", "--json").stdout)["items"]
    assert items and set(items[0]) == {"topic", "hours", "resources"}
    assert "python-data-types" not in [i["topic"] for i in items]
    text = run(runner, db, "next").stdout
    assert "this week" in text and "↳" in text


def test_done_skip_know_and_status(runner: CliRunner, db: list[str]) -> None:
    start(runner, db)
    first = json.loads(run(runner, db, "next", "--json").stdout)["items"][0]["topic"]
    run(runner, db, "done", first)
    run(runner, db, "skip", "probability-basics")
    run(runner, db, "know", "vectors", "matrices")
    run(runner, db, "log", "90m", "derivatives", "--note", "limits")
    report = json.loads(run(runner, db, "status", "--json").stdout)
    assert report["topics"]["finished"] == len({first, "probability-basics", "vectors", "matrices"})
    assert report["this_week"]["logged"] == 1.5 and report["streak_days"] == 1
    assert report["projected_finish"] is not None
    assert first not in [
        i["topic"] for i in json.loads(run(runner, db, "next", "--json").stdout)["items"]
    ]
    assert "topics" in run(runner, db, "status").stdout


def test_progress_survives_and_follows_profiles(runner: CliRunner, db: list[str]) -> None:
    start(runner, db)
    run(runner, db, "done", "vectors")
    run(runner, db, "--profile", "alice", "profiles", "--create", "bob")
    names = json.loads(run(runner, db, "profiles", "--json").stdout)
    assert names == ["alice", "bob", "default"]
    other = runner.invoke(app, [*db, "--profile", "bob", "status"])
    assert other.exit_code == 2  # bob has no goal: profiles do not share progress
    run(runner, db, "profiles", "--remove", "bob")
    assert json.loads(run(runner, db, "profiles", "--json").stdout) == ["alice", "default"]
    report = json.loads(run(runner, db, "status", "--json").stdout)
    assert report["topics"]["finished"] == 1


def test_notes_links_and_db_upgrade(runner: CliRunner, db: list[str]) -> None:
    assert f"store at revision {HEAD}" in run(runner, db, "db", "upgrade").stdout
    assert "noted" in run(runner, db, "note", "vectors", "dot product = alignment").stdout
    assert "linked" in run(runner, db, "link", "vectors", "https://example.org/v").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["done", "vectorz"], "no topic 'vectorz'; did you mean 'vectors'?"),
        (["know", "vectors", "nope"], "no topic 'nope'"),
        (["log", "1.5hh", "vectors"], "'1.5hh' is not a duration"),
        (["log", "0h", "vectors"], "must be more than 0"),
        (["log", "25h", "vectors"], "at most 24 hours"),
        (["log", "1h", "vectors", "--date", "2999-01-01"], "is in the future"),
        (["log", "1h", "vectors", "--date", "yesterday"], "--date must be a date"),
        (["link", "vectors", "example.org"], "malformed URL"),
        (["note", "vectors", "  "], "the note is empty"),
        (["profiles", "--remove", "nobody"], "no profile 'nobody'"),
        (["profiles", "--remove", "default"], "cannot remove the profile in use"),
    ],
)
def test_bad_input_changes_nothing(
    runner: CliRunner, db: list[str], args: list[str], message: str
) -> None:
    start(runner, db)
    before = run(runner, db, "status", "--json").stdout
    result = runner.invoke(app, [*db, *args])
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "Traceback" not in result.output
    assert run(runner, db, "status", "--json").stdout == before


def test_bad_database_url(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--db", "nonsense://", "profiles"])
    assert result.exit_code == 2 and "error:" in result.stderr


def test_replan_keeps_what_is_finished_and_studied(runner: CliRunner, db: list[str]) -> None:
    start(runner, db)
    before = json.loads(run(runner, db, "status", "--json").stdout)
    run(runner, db, "done", "vectors")  # 6 h
    run(runner, db, "log", "2h", "derivatives")  # 8 h topic: 6 h left
    run(runner, db, "replan", "--hours-per-week", "20")
    after = json.loads(run(runner, db, "status", "--json").stdout)
    assert after["hours"]["total"] == before["hours"]["total"] - 6 - 2
    assert after["this_week"]["budget"] == 20
    assert after["topics"]["total"] == before["topics"]["total"] - 1
    assert "vectors" not in [
        i["topic"] for i in json.loads(run(runner, db, "next", "--json").stdout)["items"]
    ]


def test_replan_rejects_bad_budget(runner: CliRunner, db: list[str]) -> None:
    start(runner, db)
    result = runner.invoke(app, [*db, "replan", "--hours-per-week", "-1"])
    assert result.exit_code == 2 and "more than 0" in result.stderr
    both = runner.invoke(app, [*db, "replan", "-H", "5", "--schedule", "sat=2"])
    assert both.exit_code == 2 and "not both" in both.stderr


def test_curriculum_changes_lose_no_progress(runner: CliRunner, tmp_path: Path) -> None:
    """A renamed topic keeps its progress through `aliases`; a removed one is kept and reported."""
    import shutil

    from .conftest import EXAMPLE

    own = tmp_path / "curriculum"
    shutil.copytree(EXAMPLE, own)
    base = ["--curriculum", str(own), "--db", f"sqlite:///{tmp_path / 'p.db'}"]
    run(runner, base, "start", "--roadmap", "first-steps", "-H", "8", "--start", monday())
    run(runner, base, "done", "vectors")
    run(runner, base, "log", "2h", "python-basics")
    run(runner, base, "done", "python-basics")
    # rename vectors -> vector-basics (keeping the old id as an alias); remove python-basics
    old = own / "topics" / "math" / "vectors.md"
    renamed = old.read_text().replace("id: vectors", "id: vector-basics\naliases: [vectors]")
    (own / "topics" / "math" / "vector-basics.md").write_text(renamed)
    old.unlink()
    (own / "topics" / "programming" / "python-basics.md").unlink()
    # the renamed topic's questions move with it (their ids keep the old prefix, an alias)
    bank = own / "questions"
    moved = (bank / "vectors.yaml").read_text().replace("topic: vectors", "topic: vector-basics")
    (bank / "vector-basics.yaml").write_text(moved)
    (bank / "vectors.yaml").unlink()
    (bank / "python-basics.yaml").unlink()
    edits = {
        "topics/math/gradient-descent.md": ("requires: [vectors]", "requires: [vector-basics]"),
        "topics/ml/linear-regression.md": (
            "requires: [python-basics, gradient-descent]",
            "requires: [gradient-descent]",
        ),
        "roadmaps/first-steps.yaml": ("[python-basics, vectors]", "[vector-basics]"),
        "careers/analyst.yaml": ("topics: [python-basics]", "topics: [vector-basics]"),
    }
    for name, (before, after) in edits.items():
        path = own / name
        assert before in path.read_text()
        path.write_text(path.read_text().replace(before, after))
    assert runner.invoke(app, ["validate", "--allow-warnings", str(own)]).exit_code == 0
    run(runner, base, "replan")
    report = json.loads(run(runner, base, "status", "--json").stdout)
    assert report["unknown_topics"] == ["python-basics"]
    exported = json.loads(run(runner, base, "export", "progress").stdout)
    assert {p["topic"] for p in exported["progress"]} == {"vectors", "python-basics"}
    items = json.loads(run(runner, base, "next", "--json").stdout)["items"]
    assert "vector-basics" not in [i["topic"] for i in items]  # done under its old id
