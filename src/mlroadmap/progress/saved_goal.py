"""Operations on a learner's saved goal that need both the curriculum and the store, shared
by the CLI and the web app."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from mlroadmap.assessment.quiz import QuizAttempt, draw_quiz, redraw_quiz
from mlroadmap.curriculum.model import Curriculum
from mlroadmap.planning.document import plan_document
from mlroadmap.planning.goals import Goal
from mlroadmap.planning.planner import Learner
from mlroadmap.planning.plans import replan_for
from mlroadmap.progress.store.progress import Answer, ProgressStore, StoreError
from mlroadmap.progress.tracking import (
    FINISHED,
    follow_renames,
    last_attempt_questions,
    verified_topics,
)


def replan_active_goal(
    curriculum: Curriculum, store: ProgressStore, day_hours: Sequence[float] | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Re-plan what is left of the active goal from today, keeping what is finished and the
    hours already studied, optionally at a new budget; save it as the active plan.

    Returns (the new plan document, the previous one). StoreError when no goal is started;
    GoalError and PlanError as `replan_for` raises them.
    """
    active = store.active_goal()
    if active is None or active.plan is None:
        raise StoreError("no goal started yet")
    statuses, logged = follow_renames(
        store.statuses(), store.hours_by_topic(), curriculum.live_topic_id
    )
    finished = {t for t, s in statuses.items() if s in FINISHED and t in curriculum.topics}
    goal = Goal(active.roadmap, active.career, tuple(active.topics))
    today = date.today()
    deadline = active.deadline if active.deadline and active.deadline >= today else None
    hours = tuple(day_hours) if day_hours is not None else tuple(active.day_hours)
    learner = Learner(hours, today, deadline, frozenset(finished), active.max_parallel)
    document = plan_document(curriculum, goal, replan_for(curriculum, goal, learner, logged))
    store.start_goal(
        goal.roadmap,
        goal.career,
        list(goal.topics),
        list(hours),
        learner.start,
        deadline,
        active.max_parallel,
        document,
    )
    return document, active.plan


def skip_known(
    curriculum: Curriculum, store: ProgressStore, topics: Sequence[str]
) -> dict[str, Any] | None:
    """Mark topics a placement test found known as `known` and re-plan the active goal
    without them; the new plan document, or None when no goal is started. A topic already
    finished keeps its status: a placement claim never overwrites a quiz-verified `done`."""
    mark_placed(store, topics)
    if store.active_goal() is None:
        return None
    return replan_active_goal(curriculum, store)[0]


def mark_placed(store: ProgressStore, topics: Sequence[str]) -> list[str]:
    """Set `known` (by placement) on the topics not finished yet; return those topics."""
    statuses = store.statuses()
    fresh = [t for t in topics if statuses.get(t) not in FINISHED]
    if fresh:
        store.set_status(fresh, "known", marked_by="placement")
    return fresh


def mark_verified(
    store: ProgressStore, curriculum: Curriculum, quizzed: Sequence[str]
) -> list[str]:
    """Mark done each quizzed topic that quiz answers now verify and that is not finished yet;
    return those topics."""
    verified = verified_topics(store.quiz_results(), curriculum.live_topic_id)
    statuses = store.statuses()
    newly = [t for t in quizzed if t in verified and statuses.get(t) not in FINISHED]
    if newly:
        store.set_status(newly, "done")
    return newly


def new_attempt(
    curriculum: Curriculum,
    store: ProgressStore,
    topics: Sequence[str],
    per_topic: int | None = None,
    token: str | None = None,
) -> QuizAttempt:
    """A quiz attempt over `topics` that favours the questions each topic's last attempt did
    not ask; with `token`, the attempt it was listed with (AttemptChanged, ValueError)."""
    last = last_attempt_questions(store.quiz_results(), curriculum.live_topic_id)
    if token is None:
        return draw_quiz(curriculum, topics, per_topic, last_asked=last)
    return redraw_quiz(curriculum, topics, per_topic, token, last)


def answer_quiz(
    store: ProgressStore,
    curriculum: Curriculum,
    topic: str,
    given: dict[str, str],
    attempt: QuizAttempt,
) -> tuple[list[dict[str, Any]], bool]:
    """Grade answers to one attempt at a topic's quiz (`new_attempt` with its token; question
    id -> answer as given: a choice by its shown letter or 0-based position, a number as
    text), keep them, and mark the topic done if it is now verified. Every answer is read
    before any is kept: AnswerError (naming the question) or KeyError for an id that is not
    one of the attempt's questions saves nothing."""
    from mlroadmap.assessment.quiz import DONT_KNOW, AnswerError

    items = {item.question.id: item for item in attempt.items}
    graded = []
    for question_id, text in given.items():
        if question_id not in items:
            raise KeyError(question_id)
        item = items[question_id]
        try:
            verdict = item.grade(text, indices=True)
        except AnswerError as exc:
            raise AnswerError(f"{question_id}: {exc}") from None
        graded.append((item, DONT_KNOW if verdict is None else text, bool(verdict)))
    for item, text, correct in graded:
        store.record_answer(
            Answer(item.question.id, topic, correct, text, attempt.token, item.variant), "quiz"
        )
    marked = bool(mark_verified(store, curriculum, [topic]))
    results = [
        {
            "id": item.question.id,
            "correct": correct,
            "given": text,
            "you_answered": item.given_answer(text),
            "answer": item.right_answer(),
            "explanation": item.question.explanation.strip(),
        }
        for item, text, correct in graded
    ]
    return results, marked
