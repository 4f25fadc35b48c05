"""Quiz pages and the placement test in the browser.

A topic quiz is one form; the placement test asks one question per page. A running placement
test lives in memory under a random token kept in a cookie; the test itself and its answers
are kept in the store as they are given, so a restarted server or a closed tab loses nothing:
the test is resumed from the store (`/assess` offers it).
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from mlroadmap.assessment.placement import Placement
from mlroadmap.assessment.quiz import (
    DONT_KNOW,
    AnswerError,
    AttemptChanged,
    grade,
    question_listing,
    right_answer,
)
from mlroadmap.curriculum import views
from mlroadmap.curriculum.model import Curriculum, Question
from mlroadmap.planning.goals import Goal, GoalError
from mlroadmap.progress import placement_runs
from mlroadmap.progress.placement_runs import PlacementRun
from mlroadmap.progress.saved_goal import answer_quiz, new_attempt
from mlroadmap.progress.store.progress import ProgressStore
from mlroadmap.progress.tracking import topic_scores
from mlroadmap.web.rendering import refused, render
from mlroadmap.web.security import csrf_valid

router = APIRouter(include_in_schema=False)
ASSESS_COOKIE = "mlroadmap_assess"
DEFAULT_MAX_QUESTIONS = 25
RUNNING_TESTS_KEPT = 100
"""Placement tests kept in memory at once; the oldest is dropped past this."""
EXPIRED = "This form has expired; reload the page and try again."


@dataclass
class RunningTest:
    """A placement test on screen: the kept run (goal, budget, model) and the question shown."""

    run: PlacementRun
    current: tuple[str, Question] | None = None
    feedback: dict[str, Any] | None = None
    finished: bool = False
    titles: dict[str, str] = field(default_factory=dict)

    @property
    def test(self) -> Placement:
        return self.run.test

    @property
    def goal(self) -> Goal:
        return self.run.goal

    @property
    def asked(self) -> int:
        return self.run.asked

    @property
    def max_questions(self) -> int:
        return self.run.max_questions

    def question(self) -> tuple[str, Question] | None:
        """The question to answer now (picked once, so a reload shows the same one), or None
        when the test is over."""
        if self.current is None and not self.finished:
            chosen = self.test.next_question() if self.asked < self.max_questions else None
            self.current, self.finished = chosen, chosen is None
        return None if self.finished else self.current

    def answer(self, store: ProgressStore, text: str) -> dict[str, Any]:
        """Grade and keep the answer to the current question, and learn from it; AnswerError
        if it cannot be read. Returns the verdict shown to the learner."""
        assert self.current is not None
        topic, question = self.current
        verdict = grade(question, text, indices=True)
        self.run.record(store, topic, question, verdict, text)
        self.current = None
        self.feedback = {
            "correct": bool(verdict),
            "dont_know": verdict is None,
            "answer": right_answer(question),
            "explanation": question.explanation.strip(),
        }
        return self.feedback

    def save(
        self, curriculum: Curriculum, store: ProgressStore, chosen: list[str] | None = None
    ) -> tuple[list[str], dict[str, Any] | None]:
        """End the test: mark what it found known (or the part of it the learner `chosen`)
        and re-plan the active goal without it. Returns the topics saved and the new plan
        (None when no goal is started). ValueError names a chosen topic not found known."""
        known = self.test.known()
        if chosen is not None:
            stray = [t for t in chosen if t not in known]
            if stray:
                raise ValueError(f"not found known, so not saved: {', '.join(stray)}")
            known = [t for t in known if t in chosen]
        self.finished = True
        return known, placement_runs.save(curriculum, store, self.run, known)


def _keep(request: Request, run: PlacementRun) -> str:
    """Hold a run in memory under a fresh cookie token; return the token."""
    curriculum: Curriculum = request.app.state.curriculum
    running: OrderedDict[str, RunningTest] = request.app.state.assessments
    token = secrets.token_urlsafe(24)
    titles = {t: curriculum.topics[t].title for t in run.test.order}
    running[token] = RunningTest(run, titles=titles)
    while len(running) > RUNNING_TESTS_KEPT:
        running.popitem(last=False)
    return token


def start_test(request: Request, goal: Goal, limit: int) -> str:
    """Start a placement test over a goal (GoalError if it names nothing); return its token."""
    store = request.app.state.store
    return _keep(request, placement_runs.begin(request.app.state.curriculum, store, goal, limit))


def resume_test(request: Request) -> str | None:
    """Go on with the learner's last placement test whose result is not saved (its answers
    replayed from the store); its token, or None when there is none. GoalError if its goal
    can no longer be assessed."""
    store = request.app.state.store
    kept = store.placement_test()
    if kept is None:
        return None
    return _keep(request, placement_runs.resume(request.app.state.curriculum, store, kept))


def _view(topic: str, question: Question, number: int | None = None) -> dict[str, Any]:
    """A question as a form shows it: choices in their shown order, no key."""
    return {**question_listing(topic, question), "number": number}


# --- topic quizzes ----------------------------------------------------------------------------


@router.get("/quiz/{topic_id}")
async def quiz_page(request: Request, topic_id: str) -> Any:
    """A fresh attempt at a topic's quiz as one form: its own question and choice order and
    values, the questions the last attempt did not ask first."""
    curriculum: Curriculum = request.app.state.curriculum
    try:
        topic = views.resolve_topic(curriculum, topic_id)
    except views.UnknownId as exc:
        return refused(request, str(exc), 404)
    if not curriculum.questions.get(topic):
        return refused(request, f"topic '{topic}' has no questions yet", 404)
    attempt = new_attempt(curriculum, request.app.state.store, [topic])
    shown = [{**item.listing(), "number": n} for n, item in enumerate(attempt.items, start=1)]
    return render(
        request,
        "quiz.html",
        {"topic": curriculum.topics[topic], "questions": shown, "attempt": attempt.token},
    )


@router.post("/quiz/{topic_id}")
async def grade_quiz(request: Request, topic_id: str) -> Any:
    """Grade the answered questions of an attempt, keep every answer, verify the topic if the
    attempt passes without repeating the one before."""
    form = await request.form()
    if not csrf_valid(request, form):
        return refused(request, EXPIRED, 403)
    curriculum: Curriculum = request.app.state.curriculum
    try:
        topic = views.resolve_topic(curriculum, topic_id)
    except views.UnknownId as exc:
        return refused(request, str(exc), 404)
    store = request.app.state.store
    token = str(form.get("attempt", ""))
    try:
        attempt = new_attempt(curriculum, store, [topic], token=token)
    except AttemptChanged as exc:
        return refused(request, str(exc), 409)
    except ValueError as exc:
        return refused(request, str(exc), 422)
    items = {item.question.id: item for item in attempt.items}
    given = {
        qid: str(form.get(f"q-{qid}", "")).strip()
        for qid in items
        if str(form.get(f"q-{qid}", "")).strip()
    }
    try:
        graded, marked = answer_quiz(store, curriculum, topic, given, attempt)
    except AnswerError as exc:
        return refused(request, str(exc), 422)
    results = [{**items[g["id"]].listing(), **g} for g in graded]
    score = topic_scores(store.quiz_results(), curriculum.live_topic_id).get(topic)
    return render(
        request,
        "quiz_result.html",
        {
            "topic": curriculum.topics[topic],
            "results": results,
            "score": score,
            "marked": marked,
        },
    )


# --- the placement test -----------------------------------------------------------------------


def _running(request: Request) -> RunningTest | None:
    token = request.cookies.get(ASSESS_COOKIE, "")
    return request.app.state.assessments.get(token)


@router.get("/assess")
async def assess_page(request: Request) -> Any:
    """Choose a roadmap or a career to be placed in; the active goal's is chosen already."""
    curriculum = request.app.state.curriculum
    roadmaps = views.list_goals(curriculum, "roadmap")
    active = request.app.state.store.active_goal()
    if active is not None and (active.roadmap or active.career):
        chosen = Goal(active.roadmap, active.career).choice()
    else:
        chosen = f"roadmap:{roadmaps[0]['id']}" if roadmaps else ""
    kept = request.app.state.store.placement_test()
    unfinished = None
    if kept is not None:
        unfinished = {
            "goal": placement_runs.describe(placement_runs.goal_from_text(kept.goal)),
            "answers": len(kept.answers),
            "started": kept.started.isoformat(),
        }
    return render(
        request,
        "assess_start.html",
        {
            "roadmaps": roadmaps,
            "careers": views.list_goals(curriculum, "career"),
            "max_questions": DEFAULT_MAX_QUESTIONS,
            "chosen": chosen,
            "unfinished": unfinished,
        },
    )


@router.post("/assess/resume")
async def resume_assessment(request: Request) -> Any:
    """Go on with the last placement test whose result is not saved yet."""
    form = await request.form()
    if not csrf_valid(request, form):
        return refused(request, EXPIRED, 403)
    try:
        token = resume_test(request)
    except GoalError as exc:
        return refused(request, f"That test's goal cannot be assessed any more: {exc}", 422)
    if token is None:
        return refused(request, "There is no placement test to resume.", 404)
    response = RedirectResponse("/assess/question", status_code=303)
    response.set_cookie(ASSESS_COOKIE, token, httponly=True, samesite="strict")
    return response


@router.post("/assess")
async def start_assessment(request: Request) -> Any:
    form = await request.form()
    if not csrf_valid(request, form):
        return refused(request, EXPIRED, 403)
    goal = Goal.from_choice(str(form.get("goal", "")))
    if goal is None:
        return refused(request, "Choose a roadmap or a career path.", 422)
    limit = str(form.get("max_questions", DEFAULT_MAX_QUESTIONS))
    if not limit.isdigit() or not 1 <= int(limit) <= 200:
        return refused(
            request, "The number of questions must be a whole number from 1 to 200.", 422
        )
    try:
        token = start_test(request, goal, int(limit))
    except GoalError as exc:
        return refused(request, str(exc), 422)
    response = RedirectResponse("/assess/question", status_code=303)
    response.set_cookie(ASSESS_COOKIE, token, httponly=True, samesite="strict")
    return response


@router.get("/assess/question")
async def assess_question(request: Request) -> Any:
    """The next most informative question, with the verdict on the previous answer."""
    running = _running(request)
    if running is None:
        return RedirectResponse("/assess", status_code=303)
    current = running.question()
    if current is None:
        return RedirectResponse("/assess/result", status_code=303)
    topic, question = current
    return render(
        request,
        "assess_question.html",
        {
            "question": _view(topic, question, running.asked + 1),
            "title": running.titles[topic],
            "max_questions": running.max_questions,
            "feedback": running.feedback,
        },
    )


@router.post("/assess/answer")
async def assess_answer(request: Request) -> Any:
    form = await request.form()
    if not csrf_valid(request, form):
        return refused(request, EXPIRED, 403)
    running = _running(request)
    if running is None:
        return RedirectResponse("/assess", status_code=303)
    if form.get("stop"):
        running.finished = True
        return RedirectResponse("/assess/result", status_code=303)
    if running.finished:  # stopped in another tab: an answer from a stale page is not taken
        return RedirectResponse("/assess/result", status_code=303)
    if running.current is None or str(form.get("question")) != running.current[1].id:
        return RedirectResponse("/assess/question", status_code=303)  # a stale or repeated post
    given = DONT_KNOW if form.get("dont_know") else str(form.get("answer", "")).strip()
    try:
        running.answer(request.app.state.store, given)
    except AnswerError as exc:
        return refused(request, f"{exc}. Go back and answer the question.", 422)
    return RedirectResponse("/assess/question", status_code=303)


@router.get("/assess/result")
async def assess_result(request: Request) -> Any:
    """What the test found, with reasons, and the offer to skip the known topics."""
    running = _running(request)
    if running is None:
        return RedirectResponse("/assess", status_code=303)
    verdicts = running.test.verdicts(running.titles)
    groups = {
        kind: [v for v in verdicts if v.verdict == kind]
        for kind in ("known", "unsure", "not-known", "finished")
    }
    groups["unsure"].sort(key=lambda v: -v.belief)
    return render(
        request,
        "assess_result.html",
        {
            "asked": running.asked,
            "groups": groups,
            "titles": running.titles,
            "feedback": running.feedback,
            "has_goal": request.app.state.store.active_goal() is not None,
        },
    )


@router.post("/assess/save")
async def assess_save(request: Request) -> Response:
    """Save the known topics, then show the shortened plan (or start it with them ticked)."""
    form = await request.form()
    if not csrf_valid(request, form):
        return refused(request, EXPIRED, 403)
    running = _running(request)
    if running is None:
        return RedirectResponse("/assess", status_code=303)
    chosen = [str(t) for t in form.getlist("save")] if form.get("choosing") else None
    try:
        _, plan = running.save(request.app.state.curriculum, request.app.state.store, chosen)
    except ValueError as exc:
        return refused(request, f"{exc}. Go back and choose again.", 422)
    request.app.state.assessments.pop(request.cookies.get(ASSESS_COOKIE, ""), None)
    if plan is not None:
        return RedirectResponse("/plan", status_code=303)
    return RedirectResponse(f"/?goal={running.goal.choice()}", status_code=303)
