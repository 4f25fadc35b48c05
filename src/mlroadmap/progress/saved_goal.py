"""Operations on a learner's saved goal that need both the curriculum and the store, shared
by the CLI and the web app."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from mlroadmap.assessment.quiz import is_right, quiz_questions, right_answer
from mlroadmap.curriculum.model import Curriculum
from mlroadmap.planning.document import plan_document
from mlroadmap.planning.goals import Goal
from mlroadmap.planning.planner import Learner
from mlroadmap.planning.plans import replan_for
from mlroadmap.progress.store.progress import Answer, ProgressStore, StoreError
from mlroadmap.progress.tracking import FINISHED, follow_renames, verified_topics


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
    without them; the new plan document, or None when no goal is started."""
    if topics:
        store.set_status(list(topics), "known")
    if store.active_goal() is None:
        return None
    return replan_active_goal(curriculum, store)[0]


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


def answer_quiz(
    store: ProgressStore, curriculum: Curriculum, topic: str, given: dict[str, str]
) -> tuple[list[dict[str, Any]], bool]:
    """Grade answers to a topic's questions (question id -> answer as given: a choice by its
    shown letter or 0-based position, a number as text), keep them, and mark the topic done
    if it is now verified. Every answer is read before any is kept: AnswerError (naming the
    question) or KeyError for an id that is not one of the topic's questions saves nothing."""
    from mlroadmap.assessment.quiz import AnswerError

    questions = {q.id: q for _, q in quiz_questions(curriculum, [topic])}
    graded = []
    for question_id, text in given.items():
        if question_id not in questions:
            raise KeyError(question_id)
        question = questions[question_id]
        try:
            graded.append((question, text, is_right(question, text, indices=True)))
        except AnswerError as exc:
            raise AnswerError(f"{question_id}: {exc}") from None
    for question, text, correct in graded:
        store.record_answer(Answer(question.id, topic, correct, text), "quiz")
    marked = bool(mark_verified(store, curriculum, [topic]))
    results = [
        {
            "id": question.id,
            "correct": correct,
            "given": text,
            "answer": right_answer(question),
            "explanation": question.explanation.strip(),
        }
        for question, text, correct in graded
    ]
    return results, marked
