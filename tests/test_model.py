"""The content schema, tested with valid and invalid documents."""

from __future__ import annotations

import re
from typing import Any

import pytest
from pydantic import ValidationError

from mlroadmap.curriculum.model import Career, Resource, Roadmap, Topic

TOPIC: dict[str, Any] = {
    "id": "gradient-descent",
    "title": "Gradient descent",
    "area": "math",
    "level": "beginner",
    "hours": 5,
    "requires": ["optimization-basics"],
    "objectives": ["Implement it.", "Choose a learning rate."],
    "resources": [{"id": "mml-book", "section": "Chapter 7", "core": True}],
}
RESOURCE: dict[str, Any] = {
    "id": "mml-book",
    "title": "Mathematics for Machine Learning",
    "url": "https://mml-book.github.io/",
    "kind": "book",
    "cost": "free",
}
ROADMAP: dict[str, Any] = {
    "id": "beginner",
    "title": "Beginner",
    "level": "beginner",
    "duration": {"min_months": 3, "max_months": 6},
    "pace_hours_per_week": 10,
    "phases": [{"title": "Month 1", "topics": ["gradient-descent"]}],
}


def test_valid_documents_load() -> None:
    topic = Topic.model_validate(TOPIC)
    assert topic.hours == 5.0 and topic.resources[0].core
    assert Resource.model_validate(RESOURCE).kind == "book"
    assert Roadmap.model_validate(ROADMAP).phases[0].topics == ["gradient-descent"]
    career = Career.model_validate(
        {"id": "x", "title": "X", "stages": [{"title": "A", "topics": ["gradient-descent"]}]}
    )
    assert career.stages[0].title == "A"


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"hourz": 5}, "Extra inputs"),
        ({"id": "Gradient_Descent"}, "pattern"),
        ({"level": "expert"}, "beginner"),
        ({"hours": 0}, "hours must be positive"),
        ({"hours": -1.5}, "hours must be positive"),
        ({"hours": "many"}, "valid number"),
        ({"objectives": ["only one"]}, "at least 2"),
        ({"objectives": ["a", "b", "c", "d", "e", "f"]}, "at most 5"),
        ({"resources": []}, "at least 1"),
        ({"requires": ["Not An Id"]}, "pattern"),
        ({"resources": [{"id": "mml-book", "chapter": "7"}]}, "Extra inputs"),
    ],
)
def test_invalid_topics_are_rejected(change: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Topic.model_validate(TOPIC | change)
    assert fragment in str(caught.value)


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"url": "mml-book.github.io"}, "malformed URL"),
        ({"url": "ftp://example.org/x"}, "malformed URL"),
        ({"url": "https://localhost"}, "malformed URL"),
        ({"kind": "blog"}, "course"),
        ({"cost": "cheap"}, "free"),
        ({"publisher": "x"}, "Extra inputs"),
    ],
)
def test_invalid_resources_are_rejected(change: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Resource.model_validate(RESOURCE | change)
    assert fragment in str(caught.value)


@pytest.mark.parametrize(
    "change",
    [
        {"phases": []},
        {"phases": [{"title": "Month 1", "topics": []}]},
        {"duration": {"min_months": 0, "max_months": 6}},
        {"pace_hours_per_week": -1},
        {"months": 3},
    ],
)
def test_invalid_roadmaps_are_rejected(change: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        Roadmap.model_validate(ROADMAP | change)


def test_resource_without_url_is_allowed() -> None:
    """A resource whose canonical address is unknown is kept without a link, never with a guess."""
    data = {k: v for k, v in RESOURCE.items() if k != "url"}
    assert Resource.model_validate(data).url is None


def question(**overrides: Any) -> dict[str, Any]:
    return {
        "id": "vectors-1",
        "difficulty": 2,
        "kind": "choice",
        "prompt": "Which?",
        "choices": ["a", "b", "c", "d"],
        "answer": 1,
        "explanation": "Because b.",
        **overrides,
    }


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"answer": 4}, "0-based index of one of the 4 choices (0-3), got 4"),
        ({"answer": 1.5}, "0-based index"),
        ({"choices": ["only"]}, "at least 2 choices"),
        ({"tolerance": 0.1}, "numeric questions only"),
        ({"difficulty": 4}, "less than or equal to 3"),
        ({"kind": "numeric", "choices": [], "answer": 2.5}, "needs a tolerance"),
        ({"kind": "numeric", "answer": 2.5, "tolerance": 0.1}, "has no choices"),
    ],
)
def test_questions_that_do_not_fit_their_kind_are_refused(
    overrides: dict[str, Any], fragment: str
) -> None:
    from mlroadmap.curriculum.model import Question

    with pytest.raises(ValidationError, match=re.escape(fragment)):
        Question.model_validate(question(**overrides))


def test_a_numeric_question_with_its_tolerance_is_accepted() -> None:
    from mlroadmap.curriculum.model import Question

    found = Question.model_validate(
        question(kind="numeric", choices=[], answer=2.5, tolerance=0.01, unit="h")
    )
    assert found.answer == 2.5 and found.tolerance == 0.01
