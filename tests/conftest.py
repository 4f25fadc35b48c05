"""Shared fixtures: paths to the example and broken curricula, and a CLI runner."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mlroadmap.curriculum.loader import load
from mlroadmap.curriculum.model import Curriculum, Question

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "docs" / "example-curriculum"
BROKEN = Path(__file__).resolve().parent / "fixtures" / "broken"


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the curriculum cache of the test run out of the user's own cache folder."""
    import os

    os.environ["MLROADMAP_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def builtin() -> Curriculum:
    result = load()
    assert not result.errors, [p.message for p in result.errors][:5]
    return result.curriculum


@pytest.fixture(scope="session")
def example() -> Curriculum:
    return load(EXAMPLE).curriculum


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def right_reply(question: Question) -> str:
    """The right answer as a script or a form gives it: a choice's 0-based shown position,
    or the number."""
    from mlroadmap.assessment.quiz import shown_order

    if question.choices:
        return str(shown_order(question).index(int(question.answer)))
    return f"{question.answer:g}"


def attempt_replies(curriculum: Any, store: Any, topic: str, token: str) -> dict[str, str]:
    """The right answer to each question of a listed quiz attempt, by question id, as a form
    or a script gives it: a choice by its position in the attempt's order, a number as drawn."""
    from mlroadmap.progress.saved_goal import new_attempt

    return replies_of(new_attempt(curriculum, store, [topic], token=token))


def replies_of(attempt: Any) -> dict[str, str]:
    """The right reply to each question of a drawn attempt (quiz.QuizAttempt), by id."""
    replies = {}
    for item in attempt.items:
        question = item.question
        if question.choices:
            replies[question.id] = str(item.order.index(int(question.answer)))
        else:
            replies[question.id] = f"{question.answer:.12g}"
    return replies


def a_plan_document() -> dict[str, Any]:
    """A real plan document (for the topic vectors of the example curriculum, 7 h a week from
    2027-01-04): the store checks a goal's plan against the shape `plan_document` makes."""
    from datetime import date

    from mlroadmap.curriculum.source import open_curriculum
    from mlroadmap.planning.document import plan_document
    from mlroadmap.planning.goals import Goal
    from mlroadmap.planning.planner import Learner
    from mlroadmap.planning.plans import plan_for

    curriculum = open_curriculum(EXAMPLE)
    goal = Goal(topics=("vectors",))
    plan = plan_for(curriculum, goal, Learner.weekly(7, date(2027, 1, 4)))
    return plan_document(curriculum, goal, plan)
