"""Quizzes: choice order, grading, verification, and `mlroadmap quiz` for people and scripts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlroadmap.assessment.quiz import (
    AnswerError,
    is_right,
    quiz_questions,
    right_answer,
    shown_order,
)
from mlroadmap.cli.app import app
from mlroadmap.curriculum.model import Question
from mlroadmap.curriculum.source import open_curriculum
from mlroadmap.progress.tracking import Score, scores, verified_topics

from .conftest import EXAMPLE

CURRICULUM = open_curriculum(EXAMPLE)
VECTORS = {q.id: q for q in CURRICULUM.questions["vectors"]}


def test_choices_are_shown_in_a_fixed_shuffled_order() -> None:
    choice_questions = [q for qs in CURRICULUM.questions.values() for q in qs if q.choices]
    for question in choice_questions:
        order = shown_order(question)
        assert sorted(order) == list(range(len(question.choices)))
        assert shown_order(question) == order  # the same every time
    assert any(shown_order(q) != sorted(shown_order(q)) for q in choice_questions)


def test_grading_reads_letters_indices_and_numbers() -> None:
    perpendicular = VECTORS["vectors-2"]
    position = shown_order(perpendicular).index(int(perpendicular.answer))
    letter = "ABCD"[position]
    assert is_right(perpendicular, letter) and is_right(perpendicular, letter.lower())
    assert is_right(perpendicular, str(position), indices=True)
    assert not is_right(perpendicular, "ABCD"[(position + 1) % 4])
    with pytest.raises(AnswerError, match="a letter"):
        is_right(perpendicular, str(position))  # people type letters; digits are for scripts
    norm = VECTORS["vectors-3"]
    assert is_right(norm, "13") and is_right(norm, " 13.0 ") and not is_right(norm, "19")
    with pytest.raises(AnswerError, match="a number"):
        is_right(norm, "thirteen")
    assert right_answer(perpendicular).startswith(f"{letter}) They are perpendicular")


def test_numeric_answers_are_right_within_their_tolerance() -> None:
    question = Question.model_validate(
        {
            "id": "x-1",
            "difficulty": 2,
            "kind": "numeric",
            "prompt": "?",
            "answer": 2.25,
            "tolerance": 0.01,
            "explanation": "because",
        }
    )
    assert is_right(question, "2.26") and is_right(question, "2,24")
    assert not is_right(question, "2.27")


def test_a_topic_is_verified_at_80_percent_over_at_least_four_questions() -> None:
    assert Score(4, 5).verified and Score(4, 4).verified
    assert not Score(3, 4).verified and not Score(3, 3).verified
    found = scores([("a", True), ("a", True), ("a", False), ("b", True)])
    assert found == {"a": Score(2, 3), "b": Score(1, 1)}
    renamed = {"old": "new"}
    answers = [("old", True)] * 2 + [("new", True)] * 2
    assert verified_topics(answers, renamed.get) == frozenset({"new"})


def test_questions_run_from_easy_to_hard_and_per_topic_limits_them() -> None:
    chosen = quiz_questions(CURRICULUM, ["vectors", "python-basics"], per_topic=2)
    assert [q.id for _, q in chosen] == [
        "vectors-1",
        "vectors-2",
        "python-basics-1",
        "python-basics-2",
    ]
    difficulties = [q.difficulty for _, q in quiz_questions(CURRICULUM, ["gradient-descent"])]
    assert difficulties == sorted(difficulties)


@pytest.fixture
def cli(tmp_path: Path) -> list[str]:
    return ["--curriculum", str(EXAMPLE), "--db", f"sqlite:///{tmp_path / 'p.db'}"]


def right_answers(cli: list[str], runner: CliRunner, *topics: str) -> list[str]:
    """The right answer to each question of a quiz, as a script would give it."""
    listing = json.loads(runner.invoke(app, [*cli, "quiz", *topics, "--json"]).stdout)
    found = []
    for entry in listing["questions"]:
        question = {q.id: q for q in CURRICULUM.questions[entry["topic"]]}[entry["id"]]
        if question.choices:
            found.append(str(entry["choices"].index(question.choices[int(question.answer)])))
        else:
            found.append(f"{question.answer:g}")
    return found


def test_a_script_lists_a_quiz_then_answers_it(cli: list[str]) -> None:
    runner = CliRunner()
    listing = json.loads(runner.invoke(app, [*cli, "quiz", "vectors", "--json"]).stdout)
    assert len(listing["questions"]) == 4
    assert all("answer" not in q and "explanation" not in q for q in listing["questions"])
    answers = right_answers(cli, runner, "vectors")
    answers[0] = "11"  # one wrong of four: 75%, not verified
    result = runner.invoke(app, [*cli, "quiz", "vectors", "--answers", ",".join(answers), "--json"])
    document = json.loads(result.stdout)
    assert [a["correct"] for a in document["answered"]] == [False, True, True, True]
    assert document["topics"]["vectors"] == {"right": 3, "total": 4, "verified": False}
    assert document["marked_done"] == []
    answers[0] = "12"  # a retake: the latest answer to each question counts
    again = runner.invoke(app, [*cli, "quiz", "vectors", "--answers", ",".join(answers), "--json"])
    assert json.loads(again.stdout)["marked_done"] == ["vectors"]
    progress = runner.invoke(app, [*cli, "export", "progress"]).stdout
    assert len(json.loads(progress)["answers"]) == 8


def test_an_unreadable_answer_records_nothing(cli: list[str]) -> None:
    runner = CliRunner()
    result = runner.invoke(app, [*cli, "quiz", "vectors", "--answers", "12,Z"])
    assert result.exit_code == 2
    assert "--answers entry 2 (vectors-2)" in result.stderr
    assert json.loads(runner.invoke(app, [*cli, "export", "progress"]).stdout)["answers"] == []
    too_many = runner.invoke(app, [*cli, "quiz", "vectors", "--answers", "1,2,3,4,5"])
    assert too_many.exit_code == 2 and "5 answers for a quiz of 4" in too_many.stderr


def test_status_tells_verified_from_self_reported(cli: list[str]) -> None:
    runner = CliRunner()
    runner.invoke(app, [*cli, "start", "--roadmap", "first-steps", "-H", "5"])
    runner.invoke(app, [*cli, "done", "python-basics"])
    answers = ",".join(right_answers(cli, runner, "vectors"))
    runner.invoke(app, [*cli, "quiz", "vectors", "--answers", answers])
    report = json.loads(runner.invoke(app, [*cli, "status", "--json"]).stdout)
    assert report["topics"]["finished"] == 2
    assert report["topics"]["verified"] == 1 and report["topics"]["self_reported"] == 1
    assert "1 verified by quiz, 1 self-reported" in runner.invoke(app, [*cli, "status"]).stdout


def test_interactive_quiz_explains_each_answer_and_keeps_answers_when_stopped(
    cli: list[str],
) -> None:
    runner = CliRunner()
    result = runner.invoke(app, [*cli, "quiz", "vectors"], input="12\nnot-a-letter\nq\n")
    assert result.exit_code == 0
    assert (
        "Question 1/4" in result.stdout and "Right. Multiply matching components" in result.stdout
    )
    assert "answer with a letter (A, B, C, D)" in result.stdout
    assert "Stopped; your answers so far are kept." in result.stdout
    kept = json.loads(runner.invoke(app, [*cli, "export", "progress"]).stdout)["answers"]
    assert [(a["question"], a["correct"]) for a in kept] == [("vectors-1", True)]
    wrong = runner.invoke(app, [*cli, "quiz", "vectors"], input="11\n")
    assert "Not quite: the answer is 12." in wrong.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["quiz"], "name topics, or give one of --roadmap, --career or --area"),
        (["quiz", "vectorz"], "did you mean 'vectors'"),
        (["quiz", "--area", "maths"], "no area 'maths'; did you mean 'math'"),
        (["quiz", "--roadmap", "nope"], "no roadmap 'nope'"),
        (["quiz", "vectors", "--roadmap", "first-steps"], "name topics, or give one of"),
    ],
)
def test_bad_quiz_requests_are_refused_clearly(
    cli: list[str], args: list[str], message: str
) -> None:
    result = CliRunner().invoke(app, [*cli, *args])
    assert result.exit_code == 2 and message in result.stderr, result.stderr


def test_a_goal_quiz_asks_four_questions_per_topic_in_learning_order(cli: list[str]) -> None:
    listing = CliRunner().invoke(app, [*cli, "quiz", "--roadmap", "first-steps", "--json"])
    topics = list(dict.fromkeys(q["topic"] for q in json.loads(listing.stdout)["questions"]))
    assert topics.index("vectors") < topics.index("gradient-descent")
    assert topics.index("gradient-descent") < topics.index("linear-regression")
