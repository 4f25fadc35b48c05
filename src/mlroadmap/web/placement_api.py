"""The placement test over the JSON API: start it, answer one question at a time, read the
verdicts, save what it found. The same running tests as the `/assess` pages."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import Field

from mlroadmap.assessment.quiz import AnswerError, question_listing
from mlroadmap.planning.goals import Goal, GoalError
from mlroadmap.web.api import ERRORS, StrictBody
from mlroadmap.web.assessment import DEFAULT_MAX_QUESTIONS, RunningTest, resume_test, start_test
from mlroadmap.web.errors import ApiError

router = APIRouter(prefix="/api/v1", responses=ERRORS)


class PlacementRequest(StrictBody):
    """What to be placed in: a roadmap, a career or topics, and a question limit."""

    roadmap: str | None = None
    career: str | None = None
    topics: list[str] = Field(default_factory=list, max_length=200)
    max_questions: int = Field(default=DEFAULT_MAX_QUESTIONS, ge=1, le=200)


class PlacementAnswer(StrictBody):
    question: str = Field(max_length=300, description="The id of the question on screen.")
    answer: str | int | float = Field(
        description="A choice as its 0-based shown position or letter; a number as is."
    )


def _running(request: Request, token: str) -> RunningTest:
    found = request.app.state.assessments.get(token)
    if found is None:
        raise ApiError(404, "not-found", "no placement test with this id (it may have ended)")
    return found  # type: ignore[no-any-return]


def _state(token: str, running: RunningTest) -> dict[str, Any]:
    current = running.question()
    return {
        "test": token,
        "asked": running.asked,
        "max_questions": running.max_questions,
        "question": question_listing(*current) if current else None,
        "verdicts": [
            {
                "topic": v.topic,
                "belief": round(v.belief, 4),
                "verdict": v.verdict,
                "reason": v.reason,
            }
            for v in running.test.verdicts(running.titles)
        ]
        if current is None
        else None,
    }


@router.post("/placement")
async def start_placement(request: Request, body: PlacementRequest) -> dict[str, Any]:
    """Start a placement test; the answer carries its id and the first question."""
    goal = Goal(roadmap=body.roadmap, career=body.career, topics=tuple(body.topics))
    if goal.is_empty():
        raise ApiError(422, "invalid", "no goal given: set roadmap, career or topics", "goal")
    try:
        token = start_test(request, goal, body.max_questions)
    except GoalError as exc:
        raise ApiError(422, "unknown-id", str(exc), "goal") from None
    return _state(token, request.app.state.assessments[token])


@router.post("/placement/resume")
async def resume_placement(request: Request) -> dict[str, Any]:
    """Go on with the last placement test whose result is not saved yet (kept in the store
    with its answers): the state of the resumed test, under a new id."""
    try:
        token = resume_test(request)
    except GoalError as exc:
        raise ApiError(422, "invalid", f"the test's goal cannot be assessed: {exc}") from None
    if token is None:
        raise ApiError(404, "not-found", "no placement test to resume: every result is saved")
    return _state(token, request.app.state.assessments[token])


@router.get("/placement/{test_id}")
async def placement(request: Request, test_id: str) -> dict[str, Any]:
    """The question to answer now, or, once the test is over, the verdict on every topic."""
    return _state(test_id, _running(request, test_id))


@router.post("/placement/{test_id}/answer")
async def answer_placement(request: Request, test_id: str, body: PlacementAnswer) -> dict[str, Any]:
    """Answer the current question; returns whether it was right and why, and what is next."""
    running = _running(request, test_id)
    current = running.question()
    if current is None or current[1].id != body.question:
        shown = current[1].id if current else "none: the test is over"
        raise ApiError(422, "invalid", f"the question to answer now is {shown}", "question")
    try:
        feedback = running.answer(request.app.state.store, str(body.answer))
    except AnswerError as exc:
        raise ApiError(422, "invalid", str(exc), "answer") from None
    return {**feedback, **_state(test_id, running)}


class PlacementSave(StrictBody):
    topics: list[str] | None = Field(
        default=None,
        max_length=500,
        description="The topics found known to save; all of them when left out, none for [].",
    )


@router.post("/placement/{test_id}/save")
async def save_placement(
    request: Request, test_id: str, body: PlacementSave | None = None
) -> dict[str, Any]:
    """Mark the topics found known (or the ones chosen of them) as `known` and re-plan the
    active goal without them."""
    running = _running(request, test_id)
    chosen = body.topics if body is not None else None
    try:
        known, plan = running.save(request.app.state.curriculum, request.app.state.store, chosen)
    except ValueError as exc:
        raise ApiError(422, "invalid", str(exc), "topics") from None
    request.app.state.assessments.pop(test_id, None)
    return {"known": known, "plan": plan}
