"""Placement tests that outlive the screen they were taken on: kept, resumed and saved later.

Every test is kept in the store with its goal and budget, and its answers under its token, so
a learner who declines the result, stops half-way or closes the browser loses nothing: the
test can be resumed (the answers are replayed into a fresh model, which then asks on) or its
result saved later. Shared by the CLI and the web app.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mlroadmap.assessment.placement import Placement, placement_for
from mlroadmap.assessment.quiz import DONT_KNOW
from mlroadmap.curriculum.model import Curriculum, Question
from mlroadmap.planning.goals import Goal, resolve_goal
from mlroadmap.progress.saved_goal import mark_placed, skip_known
from mlroadmap.progress.store.progress import Answer, PlacementTest, ProgressStore


@dataclass
class PlacementRun:
    """A placement test being taken: its token, goal, budget and model."""

    token: str
    goal: Goal
    max_questions: int
    test: Placement

    @property
    def asked(self) -> int:
        return len(self.test.observations)

    def record(
        self, store: ProgressStore, topic: str, question: Question, correct: bool | None, given: str
    ) -> None:
        """Keep one answer under this test and learn from it (None: "I don't know")."""
        text = DONT_KNOW if correct is None else given
        store.record_answer(
            Answer(question.id, topic, bool(correct), text, self.token), "placement"
        )
        self.test.observe(topic, question, correct)


def goal_text(goal: Goal) -> str:
    return json.dumps(
        {"roadmap": goal.roadmap, "career": goal.career, "topics": list(goal.topics)},
        sort_keys=True,
    )


def goal_from_text(text: str) -> Goal:
    data: dict[str, Any] = json.loads(text)
    return Goal(data.get("roadmap"), data.get("career"), tuple(data.get("topics") or ()))


def describe(goal: Goal) -> str:
    """The goal as a learner names it: 'roadmap beginner', 'career ml-engineer', 'topics a, b'."""
    if goal.roadmap:
        return f"roadmap {goal.roadmap}"
    if goal.career:
        return f"career {goal.career}"
    return "topics " + ", ".join(goal.topics)


def begin(
    curriculum: Curriculum,
    store: ProgressStore,
    goal: Goal,
    max_questions: int,
    seed: int | None = None,
) -> PlacementRun:
    """Start and keep a new placement test over a goal (GoalError if it names nothing)."""
    targets = resolve_goal(curriculum, goal).targets
    token = secrets.token_hex(8)
    test = placement_for(curriculum, targets, seed=_seed(seed, token), finished=_done(store))
    store.start_placement(token, goal_text(goal), max_questions)
    return PlacementRun(token, goal, max_questions, test)


def resume(
    curriculum: Curriculum, store: ProgressStore, kept: PlacementTest, seed: int | None = None
) -> PlacementRun:
    """A kept test with its answers replayed into a fresh model, drawn as the test was (the
    seed comes from the token, and states are redrawn before each answer as when it was
    asked), so a resumed test believes what it believed when it stopped. Answers to questions
    the bank no longer holds, or on topics the goal no longer covers, are left out."""
    goal = goal_from_text(kept.goal)
    targets = resolve_goal(curriculum, goal).targets
    test = placement_for(curriculum, targets, seed=_seed(seed, kept.token), finished=_done(store))
    bank = {q.id: (t, q) for t, qs in curriculum.questions.items() for q in qs}
    for answer in kept.answers:
        found = bank.get(answer.question_id)
        if found is None or found[0] not in test.index:
            continue
        topic, question = found
        test.refresh()  # as next_question does before each question is asked
        test.observe(topic, question, None if answer.given == DONT_KNOW else answer.correct)
    return PlacementRun(kept.token, goal, kept.max_questions, test)


def save(
    curriculum: Curriculum,
    store: ProgressStore,
    run: PlacementRun,
    topics: Sequence[str],
    replan: bool = True,
) -> dict[str, Any] | None:
    """Save `topics` (of those the test found known) as known by placement and close the
    test; with `replan`, re-plan the active goal without them. The new plan, or None (no goal
    started, nothing saved, or no replan asked for)."""
    plan = None
    if topics and replan:
        plan = skip_known(curriculum, store, topics)
    elif topics:
        mark_placed(store, topics)
    store.close_placement(run.token)
    return plan


def _done(store: ProgressStore) -> frozenset[str]:
    """The topics the learner has done or knows. Skipped ones are left out: skipping a topic
    says the learner chose not to study it, not that they know it."""
    return frozenset(t for t, status in store.statuses().items() if status in ("done", "known"))


def _seed(seed: int | None, token: str) -> int:
    """The model's seed: the one asked for, else one fixed by the test's token."""
    return int(token[:8], 16) if seed is None else seed
