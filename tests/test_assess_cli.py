"""`mlroadmap assess`: the placement test in the terminal, saving what it finds known."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mlroadmap.cli.app import app

from .conftest import EXAMPLE


@pytest.fixture
def cli(tmp_path: Path) -> list[str]:
    return ["--curriculum", str(EXAMPLE), "--db", f"sqlite:///{tmp_path / 'p.db'}"]


def answer_all(monkeypatch: pytest.MonkeyPatch, correct: bool) -> list[str]:
    """Make every question answered right (or wrong) without typing; return the topics asked."""
    asked: list[str] = []

    def fake(curriculum: Any, topic: str, question: Any, counter: str) -> tuple[bool, str]:
        asked.append(topic)
        return correct, "A"

    monkeypatch.setattr("mlroadmap.cli.quiz_cmd.ask_question", fake)
    return asked


def test_a_learner_who_knows_everything_skips_it_all(
    cli: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    runner.invoke(app, [*cli, "start", "--roadmap", "first-steps", "-H", "5"])
    asked = answer_all(monkeypatch, True)
    result = runner.invoke(app, [*cli, "assess", "--roadmap", "first-steps", "--yes"])
    assert result.exit_code == 0, result.output
    assert 0 < len(asked) <= 25
    assert "4 known, 0 unsure, 0 not known" in result.stdout
    assert "Re-planned from today" in result.stdout
    report = json.loads(runner.invoke(app, [*cli, "status", "--json"]).stdout)
    assert report["topics"]["total"] == 0  # nothing left to learn
    exported = json.loads(runner.invoke(app, [*cli, "export", "progress"]).stdout)
    assert {p["status"] for p in exported["progress"]} == {"known"}
    assert {a["source"] for a in exported["answers"]} == {"placement"}


def test_a_newcomer_keeps_the_whole_plan(cli: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    answer_all(monkeypatch, False)
    result = CliRunner().invoke(app, [*cli, "assess", "--roadmap", "first-steps"])
    assert result.exit_code == 0, result.output
    assert "0 known" in result.stdout and "Nothing to skip" in result.stdout


def test_known_topics_are_saved_only_when_confirmed(
    cli: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    answer_all(monkeypatch, True)
    declined = runner.invoke(app, [*cli, "assess", "--topic", "vectors"], input="n\n")
    assert "Nothing saved as known. Your answers are kept" in declined.stdout
    assert "mlroadmap assess --resume" in declined.stdout
    assert json.loads(runner.invoke(app, [*cli, "export", "progress"]).stdout)["progress"] == []
    accepted = runner.invoke(app, [*cli, "assess", "--topic", "vectors"], input="y\n")
    assert "Marked known (by placement): vectors" in accepted.stdout
    assert "Nothing is left to learn for this goal." in accepted.stdout  # no goal started yet


def test_without_a_goal_started_the_shorter_plan_is_previewed(
    cli: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = answer_all(monkeypatch, True)
    monkeypatch.setattr(
        "mlroadmap.cli.quiz_cmd.ask_question",
        lambda c, topic, q, n: (
            (asked.append(topic) or True, "A") if topic == "vectors" else (False, "A")
        ),
    )
    result = CliRunner().invoke(app, [*cli, "assess", "--roadmap", "first-steps", "--yes"])
    assert "Marked known (by placement): vectors" in result.stdout
    assert "This goal now needs 23 h instead of 29 h" in result.stdout
    assert "3 topics, 23 h at 10 h/week" in result.stdout  # the shortened plan itself
    assert "mlroadmap start --roadmap first-steps --hours-per-week H" in result.stdout


def test_typed_answers_and_stopping_early(cli: list[str]) -> None:
    result = CliRunner().invoke(
        app, [*cli, "assess", "--roadmap", "first-steps"], input="not-an-answer\nq\n"
    )
    assert result.exit_code == 0
    assert "Question 1 (at most 25)" in result.stdout
    assert "Stopped; your answers so far are kept." in result.stdout
    assert "After 0 question(s)" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["assess"], "give --roadmap, --career or --topic"),
        (["assess", "--roadmap", "nope"], "no roadmap 'nope'"),
        (["assess", "--topic", "vectorz"], "did you mean 'vectors'"),
        (["assess", "--topic", "vectors", "--max-questions", "0"], "--max-questions"),
    ],
)
def test_bad_requests_are_refused_clearly(cli: list[str], args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, [*cli, *args])
    assert result.exit_code == 2 and message in result.output + result.stderr


def test_a_curriculum_without_questions_says_so(tmp_path: Path) -> None:
    own = tmp_path / "curriculum"
    shutil.copytree(EXAMPLE, own)
    shutil.rmtree(own / "questions")
    result = CliRunner().invoke(
        app,
        [
            "--curriculum",
            str(own),
            "--db",
            f"sqlite:///{tmp_path / 'p.db'}",
            "assess",
            "--topic",
            "vectors",
        ],
    )
    assert result.exit_code == 2 and "has no question bank" in result.stderr


def test_typing_i_dont_know_places_nothing(cli: list[str]) -> None:
    """`?`, `idk` and "don't know" are answers, not input errors."""
    replies = "\n".join(["?", "idk", "don't know", "I don\u2019t know"] * 7) + "\n"
    result = CliRunner().invoke(app, [*cli, "assess", "--roadmap", "first-steps"], input=replies)
    assert result.exit_code == 0, result.output
    assert "0 known" in result.stdout and "The answer is" in result.stdout
    assert "cannot" not in result.stdout.lower()


@pytest.mark.parametrize(
    ("reply", "chosen"),
    [
        ("all", {0, 1, 2, 3}),
        ("yes", {0, 1, 2, 3}),
        ("none", set()),
        ("n", set()),
        ("2", {1}),
        ("1, 3", {0, 2}),
        ("1 3", {0, 2}),
        ("all except 2,4", {0, 2}),
        ("All  Except 1", {1, 2, 3}),
    ],
)
def test_selections_read_as_the_learner_means(reply: str, chosen: set[int]) -> None:
    from mlroadmap.cli.assess_cmd import parse_selection

    assert parse_selection(reply, 4) == chosen


@pytest.mark.parametrize("reply", ["5", "0", "two", "all except x", "-1"])
def test_selections_that_name_no_topic_are_refused(reply: str) -> None:
    from mlroadmap.cli.assess_cmd import parse_selection

    with pytest.raises(ValueError, match="not one of the numbers 1-4"):
        parse_selection(reply, 4)


def test_the_learner_unticks_topics_before_saving(
    cli: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    answer_all(monkeypatch, True)
    result = runner.invoke(
        app, [*cli, "assess", "--roadmap", "first-steps"], input="9\nall except 1\n"
    )
    assert result.exit_code == 0, result.output
    assert "'9' is not one of the numbers 1-4" in result.stdout
    exported = json.loads(runner.invoke(app, [*cli, "export", "progress"]).stdout)
    saved = {p["topic"] for p in exported["progress"] if p["status"] == "known"}
    assert len(saved) == 3 and "python-basics" not in saved  # the first listed, unticked


def test_without_a_goal_named_the_active_goal_is_assessed(
    cli: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    refused = runner.invoke(app, [*cli, "assess"])
    assert refused.exit_code == 2 and "or start a goal" in refused.stderr
    runner.invoke(app, [*cli, "start", "--topic", "vectors", "-H", "5"])
    asked = answer_all(monkeypatch, True)
    result = runner.invoke(app, [*cli, "assess", "--yes"])
    assert result.exit_code == 0, result.output
    assert set(asked) == {"vectors"} and "over 1 topics" in result.stdout


def test_a_declined_result_is_saved_later_with_resume(
    cli: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    runner.invoke(app, [*cli, "start", "--roadmap", "first-steps", "-H", "5"])
    asked = answer_all(monkeypatch, True)
    declined = runner.invoke(app, [*cli, "assess"], input="none\n")
    assert declined.exit_code == 0, declined.output
    first = len(asked)
    resumed = runner.invoke(app, [*cli, "assess", "--resume"], input="all except 1\n")
    assert resumed.exit_code == 0, resumed.output
    assert f"{first} answer(s) so far" in resumed.stdout
    assert len(asked) == first  # the test was over: nothing more to ask, the result again
    assert "Marked known (by placement):" in resumed.stdout
    statuses = json.loads(runner.invoke(app, [*cli, "export", "progress"]).stdout)["progress"]
    placed = {p["topic"] for p in statuses if p.get("marked_by") == "placement"}
    assert len(placed) == 3  # four found known, the first one unticked
    again = runner.invoke(app, [*cli, "assess", "--resume"])
    assert again.exit_code == 2 and "no placement test to resume" in again.stderr
    report = json.loads(runner.invoke(app, [*cli, "status", "--json"]).stdout)
    assert report["known"] == {"by_placement": 3, "by_you": 0}


def test_a_test_stopped_half_way_goes_on_where_it_stopped(cli: list[str]) -> None:
    runner = CliRunner()
    stopped = runner.invoke(app, [*cli, "assess", "--roadmap", "first-steps"], input="?\nq\n")
    assert "After 1 question(s)" in stopped.stdout and "--resume" in stopped.stdout
    resumed = runner.invoke(app, [*cli, "assess", "--resume"], input="?\n?\n?\n")
    assert resumed.exit_code == 0, resumed.output
    assert "1 answer(s) so far" in resumed.stdout and "Question 2 (at most 25)" in resumed.stdout
    kept = json.loads(runner.invoke(app, [*cli, "export", "progress"]).stdout)
    assert len({a["attempt"] for a in kept["answers"]}) == 1  # one test, continued
    assert len(kept["placement_tests"]) == 1


def test_status_tells_known_by_placement_from_marked_by_hand(
    cli: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    runner.invoke(app, [*cli, "start", "--roadmap", "first-steps", "-H", "5"])
    runner.invoke(app, [*cli, "know", "python-basics"])
    monkeypatch.setattr(
        "mlroadmap.cli.quiz_cmd.ask_question",
        lambda c, topic, q, n: (topic == "vectors", "A"),
    )
    result = runner.invoke(app, [*cli, "assess", "--topic", "vectors", "--yes"])
    assert "Marked known (by placement): vectors" in result.stdout, result.output
    shown = runner.invoke(app, [*cli, "status"]).stdout
    assert "Known already: 1 found by a placement test, 1 marked known by you" in shown


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["assess", "--resume"], "no placement test to resume"),
        (["assess", "--resume", "--topic", "vectors"], "--resume goes on with the last test"),
    ],
)
def test_bad_resumes_are_refused_clearly(cli: list[str], args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, [*cli, *args])
    assert result.exit_code == 2 and message in result.stderr


def test_topics_already_finished_are_not_asked_and_keep_their_status(
    cli: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    runner.invoke(app, [*cli, "done", "vectors"])
    asked = answer_all(monkeypatch, True)
    result = runner.invoke(app, [*cli, "assess", "--roadmap", "first-steps", "--yes"])
    assert result.exit_code == 0, result.output
    assert "vectors" not in asked
    assert "(1 you had finished already were not asked)" in result.stdout
    statuses = json.loads(runner.invoke(app, [*cli, "export", "progress"]).stdout)["progress"]
    assert {p["topic"]: p["status"] for p in statuses}["vectors"] == "done"
