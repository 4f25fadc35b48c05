"""Quizzes: attempts, choice order, grading, verification, and `mlroadmap quiz` for people and
scripts."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mlroadmap.assessment import quiz as quiz_module
from mlroadmap.assessment.quiz import (
    AnswerError,
    AttemptChanged,
    draw_quiz,
    is_right,
    read_number,
    redraw_quiz,
    right_answer,
    shown_order,
)
from mlroadmap.cli.app import app
from mlroadmap.curriculum.model import Question
from mlroadmap.curriculum.source import open_curriculum
from mlroadmap.progress.tracking import QuizRecord, topic_scores, verified_topics

from .conftest import EXAMPLE

CURRICULUM = open_curriculum(EXAMPLE)
VECTORS = {q.id: q for q in CURRICULUM.questions["vectors"]}
TODAY = date(2026, 12, 4)


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
    assert read_number("25,600") == 25600 and read_number("1,234,567.5") == 1234567.5
    assert read_number("\u22123.5") == -3.5  # the minus sign prompts print
    assert read_number("0,622") == 0.622  # a leading 0 is never a thousands group
    three_decimals = question.model_copy(update={"answer": 301.283, "tolerance": 0.001})
    assert is_right(three_decimals, "301,283")  # either reading of one comma may be meant
    assert is_right(question.model_copy(update={"answer": 301283.0}), "301,283")


def attempt(
    token: str | None, topic: str, right: list[bool], day: date = TODAY, **variants: str
) -> list[QuizRecord]:
    """QuizRecords of one attempt: question N is `topic-N`; `variants` give drawn values."""
    return [
        QuizRecord(topic, f"{topic}-{n}", variants.get(f"q{n}"), ok, token, day)
        for n, ok in enumerate(right, start=1)
    ]


def same(topic: str) -> str:
    return topic


def test_a_topic_is_verified_by_an_attempt_at_80_percent_over_four_questions() -> None:
    assert verified_topics(attempt("a", "t", [True, True, True, True, False]), same) == {"t"}
    assert verified_topics(attempt("a", "t", [True] * 4), same) == {"t"}
    assert not verified_topics(attempt("a", "t", [True, True, True, False]), same)
    assert not verified_topics(attempt("a", "t", [True] * 3), same)  # too few questions
    score = topic_scores(attempt("a", "t", [True, False, True, True]), same)["t"]
    assert (score.right, score.total, score.verified) == (3, 4, False)


def test_a_same_day_repeat_of_the_attempt_before_does_not_verify() -> None:
    failed = attempt("a", "t", [False, True, False, True])
    assert not verified_topics(failed + attempt("b", "t", [True] * 4), same)
    next_day = attempt("b", "t", [True] * 4, TODAY + timedelta(days=1))
    assert verified_topics(failed + next_day, same) == {"t"}
    fresh_values = attempt("b", "t", [True] * 4, q1="x=2", q2="x=3", q3="y=1")
    assert verified_topics(failed + fresh_values, same) == {"t"}  # 3 of 4 are new
    half_new = attempt("b", "t", [True] * 4, q1="x=2", q2="x=3")
    assert verified_topics(failed + half_new, same) == {"t"}  # no more than half seen
    mostly_seen = attempt("b", "t", [True] * 4, q1="x=2")
    assert not verified_topics(failed + mostly_seen, same)


def test_a_later_failed_attempt_takes_verification_back_and_a_fresh_pass_restores_it() -> None:
    passed = attempt("a", "t", [True] * 4)
    failed = attempt("b", "t", [False] * 4, TODAY + timedelta(days=1))
    assert not verified_topics(passed + failed, same)
    again = attempt("c", "t", [True] * 4, TODAY + timedelta(days=2))
    assert verified_topics(passed + failed + again, same) == {"t"}


def test_answers_kept_before_attempts_count_as_one_attempt_a_day_under_the_new_id() -> None:
    renamed = {"old": "new"}
    legacy = [
        QuizRecord(topic, f"q{n}", None, True, None, TODAY)
        for n, topic in enumerate(["old", "old", "new", "new"])
    ]
    assert verified_topics(legacy, lambda t: renamed.get(t, t)) == {"new"}


def test_each_attempt_draws_its_own_order_choice_order_and_values() -> None:
    first = draw_quiz(CURRICULUM, ["vectors"], seed="a1")
    assert redraw_quiz(CURRICULUM, ["vectors"], None, first.token).items == first.items
    second = draw_quiz(CURRICULUM, ["vectors"], seed="b2")
    assert [i.question.id for i in first.items] != [i.question.id for i in second.items]
    one, two = ({i.question.id: i for i in a.items}["vectors-1"] for a in (first, second))
    assert one.variant != two.variant and one.question.prompt != two.question.prompt
    for item in (one, two):  # the answer is computed from the values drawn
        assert item.variant is not None
        drawn = dict(part.split("=") for part in item.variant.split(";"))
        assert item.question.answer == 4 + 2 * float(drawn["v2"]) + 6 * float(drawn["c"])
        assert item.grade(f"{item.question.answer:g}") is True
        assert f"= {item.question.answer:g}." in item.question.explanation
    orders = {draw_quiz(CURRICULUM, ["vectors"], seed=f"{n:02x}").items[0].order for n in range(20)}
    assert len(orders) > 1


def test_a_retake_favours_the_questions_the_last_attempt_did_not_ask() -> None:
    for seed in ("a1", "b2", "c3"):
        retake = draw_quiz(
            CURRICULUM, ["vectors"], 2, seed, last_asked={"vectors": {"vectors-1", "vectors-2"}}
        )
        assert {i.question.id for i in retake.items} == {"vectors-3", "vectors-4"}


def test_a_token_that_no_longer_draws_the_listed_quiz_is_refused() -> None:
    listed = draw_quiz(CURRICULUM, ["vectors"], 2, "a1")
    with pytest.raises(AttemptChanged):
        asked_since = {"vectors": {item.question.id for item in listed.items}}
        redraw_quiz(CURRICULUM, ["vectors"], 2, listed.token, asked_since)
    with pytest.raises(ValueError, match="not a quiz attempt token"):
        redraw_quiz(CURRICULUM, ["vectors"], 2, "nonsense")


@pytest.fixture
def cli(tmp_path: Path) -> list[str]:
    return ["--curriculum", str(EXAMPLE), "--db", f"sqlite:///{tmp_path / 'p.db'}"]


def listed(cli: list[str], runner: CliRunner, *args: str) -> dict[str, Any]:
    result = runner.invoke(app, [*cli, "quiz", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def right_answers(listing: dict[str, Any]) -> list[str]:
    """The right answer to each question of a listed attempt, as a script gives it: a choice
    by its position in the attempt's order, vectors-1 worked out from the values shown."""
    found = []
    for entry in listing["questions"]:
        question = {q.id: q for q in CURRICULUM.questions[entry["topic"]]}[entry["id"]]
        if question.choices:
            found.append(str(entry["choices"].index(question.choices[int(question.answer)])))
        elif question.id == "vectors-1":
            prompt = entry["prompt"].replace("\u2212", "-")  # prompts print a true minus
            shown = re.search(r"\(1, 2, (-?\d+)\) and v = \(4, (-?\d+), 6\)", prompt)
            assert shown is not None, prompt
            c, v2 = (int(g) for g in shown.groups())
            found.append(str(4 + 2 * v2 + 6 * c))
        else:
            found.append(f"{question.answer:g}")
    return found


def answer(cli: list[str], runner: CliRunner, listing: dict[str, Any], given: list[str]) -> Any:
    result = runner.invoke(
        app,
        [
            *cli,
            "quiz",
            "vectors",
            "--attempt",
            listing["attempt"],
            "--answers",
            ",".join(given),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_script_lists_an_attempt_then_answers_it_and_a_repeat_does_not_verify(
    cli: list[str], tmp_path: Path
) -> None:
    runner = CliRunner()
    listing = listed(cli, runner, "vectors")
    assert len(listing["questions"]) == 4 and listing["attempt"]
    assert all("answer" not in q and "explanation" not in q for q in listing["questions"])
    given = right_answers(listing)
    wrong = next(i for i, q in enumerate(listing["questions"]) if q["id"] == "vectors-3")
    given[wrong] = "19"  # one wrong of four: 75%, not verified
    document = answer(cli, runner, listing, given)
    assert [a["correct"] for a in document["answered"]] == [i != wrong for i in range(4)]
    assert document["topics"]["vectors"] == {
        "right": 3,
        "total": 4,
        "verified": False,
        "repeat": False,
    }
    assert (document["answered"][wrong]["you_answered"], document["answered"][wrong]["answer"]) == (
        "19",
        "13",
    )
    assert document["marked_done"] == []
    retake = listed(cli, runner, "vectors")  # the same four questions, the same day: a repeat
    repeat = answer(cli, runner, retake, right_answers(retake))
    assert repeat["topics"]["vectors"] == {
        "right": 4,
        "total": 4,
        "verified": False,
        "repeat": True,
    }
    with sqlite3.connect(tmp_path / "p.db") as connection:  # as if all that was yesterday
        yesterday = date.today() - timedelta(days=1)
        connection.execute("UPDATE answers SET created_at = ?", (f"{yesterday} 12:00:00",))
    later = listed(cli, runner, "vectors")
    assert answer(cli, runner, later, right_answers(later))["marked_done"] == ["vectors"]
    kept = json.loads(runner.invoke(app, [*cli, "export", "progress"]).stdout)["answers"]
    assert len(kept) == 12 and len({a["attempt"] for a in kept}) == 3
    assert all(a.get("variant") for a in kept if a["question"] == "vectors-1")


def test_a_templated_retake_differs_from_the_first_attempt(cli: list[str]) -> None:
    runner = CliRunner()
    prompts = set()
    for _ in range(6):
        listing = listed(cli, runner, "vectors")
        prompts |= {q["prompt"] for q in listing["questions"] if q["id"] == "vectors-1"}
    assert len(prompts) > 1  # 20 value pairs: six attempts all alike would be a 1 in 20^5 draw


def test_answers_need_the_attempt_they_answer(cli: list[str]) -> None:
    runner = CliRunner()
    bare = runner.invoke(app, [*cli, "quiz", "vectors", "--answers", "12"])
    assert bare.exit_code == 2 and "--answers needs --attempt TOKEN" in bare.stderr
    forged = runner.invoke(app, [*cli, "quiz", "vectors", "--attempt", "zz", "--answers", "1"])
    assert forged.exit_code == 2 and "not a quiz attempt token" in forged.stderr
    listing = listed(cli, runner, "vectors")
    narrower = [*cli, "quiz", "vectors", "--per-topic", "2", "--attempt", listing["attempt"]]
    other = runner.invoke(app, [*narrower, "--answers", "1"])
    assert other.exit_code == 2 and "list the quiz again" in other.stderr
    assert json.loads(runner.invoke(app, [*cli, "export", "progress"]).stdout)["answers"] == []


def test_an_unreadable_answer_records_nothing(cli: list[str]) -> None:
    runner = CliRunner()
    listing = listed(cli, runner, "vectors")
    token = ["--attempt", listing["attempt"]]
    second = listing["questions"][1]["id"]
    result = runner.invoke(app, [*cli, "quiz", "vectors", *token, "--answers", "1,Z"])
    assert result.exit_code == 2
    assert f"--answers entry 2 ({second})" in result.stderr
    assert json.loads(runner.invoke(app, [*cli, "export", "progress"]).stdout)["answers"] == []
    too_many = runner.invoke(app, [*cli, "quiz", "vectors", *token, "--answers", "1,2,3,4,5"])
    assert too_many.exit_code == 2 and "5 answers for a quiz of 4" in too_many.stderr


def test_status_tells_verified_from_self_reported(cli: list[str]) -> None:
    runner = CliRunner()
    runner.invoke(app, [*cli, "start", "--roadmap", "first-steps", "-H", "5"])
    runner.invoke(app, [*cli, "done", "python-basics"])
    listing = listed(cli, runner, "vectors")
    answer(cli, runner, listing, right_answers(listing))
    report = json.loads(runner.invoke(app, [*cli, "status", "--json"]).stdout)
    assert report["topics"]["finished"] == 2
    assert report["topics"]["verified"] == 1 and report["topics"]["self_reported"] == 1
    assert "1 verified by quiz, 1 self-reported" in runner.invoke(app, [*cli, "status"]).stdout


def test_interactive_quiz_explains_each_answer_and_keeps_answers_when_stopped(
    cli: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The attempt drawn is fixed by its seed: this one asks vectors-1 first with c = 5 and
    v2 = 2 (dot product 38), its choice questions in their own order."""
    monkeypatch.setattr(quiz_module, "new_seed", lambda: "a1")
    drawn = draw_quiz(CURRICULUM, ["vectors"], seed="a1").items
    first = drawn[0]
    assert first.question.id == "vectors-4"  # a choice question: answer it by letter
    letter = "ABCD"[first.order.index(int(first.question.answer))]
    runner = CliRunner()
    result = runner.invoke(app, [*cli, "quiz", "vectors"], input=f"{letter}\n12\nnot-a-number\nq\n")
    assert result.exit_code == 0, result.output
    assert "Question 1/4" in result.stdout and "Right. The dot product grows" in result.stdout
    assert "Not quite: the answer is 38." in result.stdout  # vectors-1 with this attempt's values
    assert "answer with a number" in result.stdout
    assert "Stopped; your answers so far are kept." in result.stdout
    kept = json.loads(runner.invoke(app, [*cli, "export", "progress"]).stdout)["answers"]
    assert [(a["question"], a["correct"], a.get("variant")) for a in kept] == [
        ("vectors-4", True, None),
        ("vectors-1", False, "c=5;v2=2"),
    ]


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


def test_a_same_day_repeat_says_why_it_does_not_verify(cli: list[str]) -> None:
    runner = CliRunner()
    first = listed(cli, runner, "vectors")
    given = right_answers(first)
    wrong = next(i for i, q in enumerate(first["questions"]) if q["id"] == "vectors-3")
    given[wrong] = "19"
    answer(cli, runner, first, given)
    again = listed(cli, runner, "vectors")
    replies = ",".join(right_answers(again))
    shown = runner.invoke(
        app, [*cli, "quiz", "vectors", "--attempt", again["attempt"], "--answers", replies]
    )
    assert "passed, but this attempt repeats your last one today" in shown.stdout
    assert "take the quiz again on another day" in shown.stdout


def test_answers_left_out_are_counted(cli: list[str]) -> None:
    runner = CliRunner()
    listing = listed(cli, runner, "vectors")
    document = answer(cli, runner, listing, right_answers(listing)[:1])
    assert document["unanswered"] == 3 and len(document["answered"]) == 1
    again = listed(cli, runner, "vectors")
    shown = runner.invoke(
        app, [*cli, "quiz", "vectors", "--attempt", again["attempt"], "--answers", "1"]
    )
    assert "3 question(s) of the attempt left unanswered" in shown.stdout
