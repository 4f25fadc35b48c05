"""The JSON API under /api/v1: the same views, plans and progress as the CLI."""

from __future__ import annotations

from collections import OrderedDict
from datetime import date
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field, Strict

from mlroadmap.assessment.quiz import AnswerError, AttemptChanged
from mlroadmap.curriculum import views
from mlroadmap.curriculum.model import Curriculum, check_url
from mlroadmap.curriculum.search import search_index
from mlroadmap.planning.document import plan_document
from mlroadmap.planning.goals import Goal, GoalError
from mlroadmap.planning.planner import WEEKDAYS, Learner, Plan, PlanError
from mlroadmap.planning.plans import plan_for
from mlroadmap.progress.history import series
from mlroadmap.progress.saved_goal import answer_quiz, new_attempt
from mlroadmap.progress.store.progress import ProgressStore, StoreError
from mlroadmap.progress.tracking import (
    follow_renames,
    next_items,
    status,
    topic_scores,
    verified_topics,
)
from mlroadmap.web.errors import ApiError

Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class ErrorDetail(BaseModel):
    code: str
    message: str
    field: str | None


class ErrorResponse(BaseModel):
    """The shape of every error: `{"error": {"code", "message", "field"}}`."""

    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": description}
    for status, description in (
        (400, "Malformed JSON"),
        (404, "Unknown id or nothing to show yet"),
        (413, "Request body too large"),
        (422, "Invalid value"),
    )
}
router = APIRouter(prefix="/api/v1", responses=ERRORS)


class StrictBody(BaseModel):
    """A request body that refuses unknown keys, so a misspelt field is an error, and numbers
    that are not finite. Numeric fields are strict too: `true` is not 1 hour."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class PlanRequest(StrictBody):
    """A goal and a learner's settings, as `mlroadmap plan` takes them."""

    roadmap: str | None = None
    career: str | None = None
    topics: list[str] = Field(default_factory=list, max_length=500)
    hours_per_week: Annotated[float, Strict()] | None = Field(default=None, gt=0, le=168)
    schedule: dict[Day, Annotated[float, Strict(), Field(ge=0, le=24)]] | None = None
    start: date | None = None
    deadline: date | None = None
    know: list[str] = Field(default_factory=list, max_length=1000)
    max_parallel: Annotated[int, Strict()] = Field(default=2, ge=1, le=20)


class QuizAnswers(StrictBody):
    """Answers to one attempt at a topic's quiz: the `attempt` token `GET /quiz/{topic}` gave,
    and answers by question id: a choice as its shown letter or 0-based position (in the order
    that attempt lists), a number as a number, "?" for "I don't know"."""

    attempt: Annotated[str, Strict()] = Field(min_length=1, max_length=40)
    answers: dict[
        str, Annotated[str, Strict()] | Annotated[int, Strict()] | Annotated[float, Strict()]
    ] = Field(min_length=1, max_length=50)


class StatusChange(StrictBody):
    status: Literal["not-started", "in-progress", "done", "skipped", "known"]


class LogEntry(StrictBody):
    hours: Annotated[float, Strict()] = Field(gt=0, le=24)
    day: date | None = Field(default=None, alias="date", description="Default: today.")
    note: str | None = Field(default=None, max_length=2000)


class NoteEntry(StrictBody):
    text: str = Field(min_length=1, max_length=10_000)


class LinkEntry(StrictBody):
    url: str = Field(max_length=2000)
    title: str | None = Field(default=None, max_length=500)


def _curriculum(request: Request) -> Curriculum:
    return request.app.state.curriculum  # type: ignore[no-any-return]


def _store(request: Request) -> ProgressStore:
    return request.app.state.store  # type: ignore[no-any-return]


def _view(query: Any, *args: Any) -> Any:
    try:
        return query(*args)
    except views.UnknownId as exc:
        raise ApiError(404, "unknown-id", str(exc), exc.kind) from None


def _topic_id(curriculum: Curriculum, topic_id: str) -> str:
    return str(_view(views.resolve_topic, curriculum, topic_id))


# --- the curriculum ----------------------------------------------------------------------


@router.get("/topics")
async def topics(
    request: Request, area: str | None = None, level: str | None = None
) -> list[dict[str, Any]]:
    """Topics, optionally of one area and level."""
    return list(_view(views.list_topics, _curriculum(request), area, level))


@router.get("/topics/{topic_id}")
async def topic(request: Request, topic_id: str) -> dict[str, Any]:
    """One topic in full: text, objectives, links both ways, resources."""
    return dict(_view(views.topic_view, _curriculum(request), topic_id))


@router.get("/roadmaps")
async def roadmaps(request: Request) -> list[dict[str, Any]]:
    return list(views.list_goals(_curriculum(request), "roadmap"))


@router.get("/roadmaps/{roadmap_id}")
async def roadmap(request: Request, roadmap_id: str) -> dict[str, Any]:
    return dict(_view(views.goal_view, _curriculum(request), "roadmap", roadmap_id))


@router.get("/careers")
async def careers(request: Request) -> list[dict[str, Any]]:
    return list(views.list_goals(_curriculum(request), "career"))


@router.get("/careers/{career_id}")
async def career(request: Request, career_id: str) -> dict[str, Any]:
    return dict(_view(views.goal_view, _curriculum(request), "career", career_id))


@router.get("/resources")
async def resources(
    request: Request, kind: str | None = None, cost: str | None = None
) -> list[dict[str, Any]]:
    return list(_view(views.list_resources, _curriculum(request), kind, cost))


@router.get("/search")
async def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> dict[str, Any]:
    """Ranked, typo-tolerant search over the topics."""
    curriculum = _curriculum(request)
    hits = search_index(curriculum).search(q, limit=limit)
    return {
        "query": q,
        "results": [
            {
                "id": h.topic_id,
                "title": curriculum.topics[h.topic_id].title,
                "score": h.score,
                "matched": h.matched,
            }
            for h in hits
        ],
    }


# --- plans and the active goal -----------------------------------------------------------


def _learner(body: PlanRequest, known: frozenset[str]) -> Learner:
    if (body.hours_per_week is None) == (body.schedule is None):
        raise ApiError(422, "invalid", "give either hours_per_week or schedule", "hours_per_week")
    start = body.start or _next_monday()
    if body.deadline is not None and body.deadline < start:
        raise ApiError(
            422, "invalid", f"the deadline {body.deadline} is before the start {start}", "deadline"
        )
    options: dict[str, Any] = {
        "deadline": body.deadline,
        "known": known,
        "max_parallel": body.max_parallel,
    }
    if body.schedule is not None:
        hours = tuple(float(body.schedule.get(day, 0.0)) for day in WEEKDAYS)  # type: ignore[call-overload]
        if not any(hours):
            raise ApiError(422, "invalid", "the schedule gives no study time", "schedule")
        return Learner(hours, start, **options)
    assert body.hours_per_week is not None
    return Learner.weekly(body.hours_per_week, start, **options)


def _next_monday() -> date:
    from mlroadmap.planning.learner_input import next_monday

    return next_monday(date.today())


def _make_plan(curriculum: Curriculum, body: PlanRequest) -> tuple[Goal, Plan]:
    goal = Goal(roadmap=body.roadmap, career=body.career, topics=tuple(body.topics))
    if goal.is_empty():
        raise ApiError(422, "invalid", "no goal given: set roadmap, career or topics", "goal")
    learner = _learner(body, frozenset(body.know))
    try:
        return goal, plan_for(curriculum, goal, learner)
    except GoalError as exc:
        raise ApiError(422, "unknown-id", str(exc), "goal") from None
    except PlanError as exc:
        raise ApiError(422, "invalid", str(exc)) from None


PLAN_CACHE_SIZE = 256
"""Plans kept by `POST /plan`: the same request on the same day always gets the same plan."""


@router.post("/plan", response_model=dict[str, Any])
async def make_plan(request: Request, body: PlanRequest) -> Response:
    """A plan for a goal and settings, without saving anything (the CLI's plan JSON)."""
    cache: OrderedDict[str, bytes] = request.app.state.plans
    key = f"{date.today()} {body.model_dump_json()}"
    if key not in cache:
        curriculum = _curriculum(request)
        goal, plan = _make_plan(curriculum, body)
        cache[key] = orjson.dumps(plan_document(curriculum, goal, plan))
        if len(cache) > PLAN_CACHE_SIZE:
            cache.popitem(last=False)
    cache.move_to_end(key)
    return Response(cache[key], media_type="application/json")


@router.post("/goal")
async def start_goal(request: Request, body: PlanRequest) -> dict[str, Any]:
    """Start a goal: make its plan and save both as the active goal (like `mlroadmap start`)."""
    curriculum = _curriculum(request)
    goal, plan = _make_plan(curriculum, body)
    document = plan_document(curriculum, goal, plan)
    _store(request).start_plan(goal, plan, document)
    return document


def _active(request: Request) -> Any:
    goal = _store(request).active_goal()
    if goal is None or goal.plan is None:
        raise ApiError(404, "no-goal", "no goal started yet: POST /api/v1/goal first")
    return goal


@router.get("/goal")
async def active_goal(request: Request) -> dict[str, Any]:
    """The active goal's settings and its current plan."""
    goal = _active(request)
    return {
        "goal": {"roadmap": goal.roadmap, "career": goal.career, "topics": goal.topics},
        "settings": {
            "day_hours": goal.day_hours,
            "start": goal.start.isoformat(),
            "deadline": goal.deadline.isoformat() if goal.deadline else None,
            "max_parallel": goal.max_parallel,
        },
        "plan": goal.plan,
    }


# --- progress ----------------------------------------------------------------------------


def _progress(request: Request) -> tuple[dict[str, str], dict[str, float]]:
    store = _store(request)
    return follow_renames(
        store.statuses(), store.hours_by_topic(), _curriculum(request).live_topic_id
    )


@router.get("/progress")
async def progress(request: Request) -> dict[str, Any]:
    """Every topic's status and the hours logged on it."""
    statuses, hours = _progress(request)
    return {"statuses": statuses, "hours": hours}


@router.put("/progress/{topic_id}")
async def set_status(request: Request, topic_id: str, body: StatusChange) -> dict[str, Any]:
    live = _topic_id(_curriculum(request), topic_id)
    _store(request).set_status([live], body.status)
    return {"topic": live, "status": body.status}


@router.post("/progress/{topic_id}/log")
async def log_hours(request: Request, topic_id: str, body: LogEntry) -> dict[str, Any]:
    live = _topic_id(_curriculum(request), topic_id)
    day = body.day or date.today()
    if day > date.today():
        raise ApiError(422, "invalid", f"{day} is in the future: log time already studied", "date")
    try:
        _store(request).log(live, body.hours, day, body.note)
    except StoreError as exc:
        raise ApiError(422, "invalid", str(exc), "hours") from None
    return {"topic": live, "hours": body.hours, "date": day.isoformat()}


@router.get("/progress/{topic_id}/notes")
async def notes(request: Request, topic_id: str) -> dict[str, Any]:
    live = _topic_id(_curriculum(request), topic_id)
    store = _store(request)
    return {"topic": live, "notes": store.notes(live), "links": store.links(live)}


@router.post("/progress/{topic_id}/notes")
async def add_note(request: Request, topic_id: str, body: NoteEntry) -> dict[str, Any]:
    live = _topic_id(_curriculum(request), topic_id)
    _store(request).add_note(live, body.text)
    return {"topic": live, "text": body.text}


@router.post("/progress/{topic_id}/links")
async def add_link(request: Request, topic_id: str, body: LinkEntry) -> dict[str, Any]:
    live = _topic_id(_curriculum(request), topic_id)
    try:
        check_url(body.url)
    except ValueError as exc:
        raise ApiError(422, "invalid", str(exc), "url") from None
    _store(request).add_link(live, body.url, body.title)
    return {"topic": live, "url": body.url, "title": body.title}


@router.get("/next")
async def next_up(request: Request) -> dict[str, Any]:
    """What to work on now, as `mlroadmap next --json`."""
    from mlroadmap.curriculum.graph import graph_of

    goal = _active(request)
    statuses, _ = _progress(request)
    requires = graph_of(_curriculum(request)).requires
    items = next_items(goal.plan, statuses, requires, date.today())
    return {"items": [{k: i[k] for k in ("topic", "hours", "resources")} for i in items]}


@router.get("/status")
async def progress_status(request: Request) -> dict[str, Any]:
    """Share done, this week, streak, pace and projected finish, as `mlroadmap status --json`."""
    goal = _active(request)
    statuses, hours = _progress(request)
    store, curriculum = _store(request), _curriculum(request)
    report = status(
        goal.plan,
        statuses,
        hours,
        store.hours_by_day(),
        set(curriculum.topics),
        date.today(),
        verified_topics(store.quiz_results(), curriculum.live_topic_id),
        frozenset(store.known_by_placement()),
    )
    return report.to_dict()


@router.get("/history")
async def history(request: Request) -> dict[str, Any]:
    """The dashboard's series: hours per plan week so far, and topics finished by each week."""
    goal, store = _active(request), _store(request)
    return series(
        goal.plan,
        store.hours_by_day(),
        store.finish_dates(),
        _curriculum(request).live_topic_id,
        date.today(),
    )


# --- quizzes -----------------------------------------------------------------------------


@router.get("/quiz/{topic_id}")
async def quiz(request: Request, topic_id: str) -> dict[str, Any]:
    """A fresh attempt at a topic's quiz: its token, and its questions in the attempt's order
    with choices in the attempt's order and templated values drawn, no answers."""
    curriculum, store = _curriculum(request), _store(request)
    topic = _topic_id(curriculum, topic_id)
    if not curriculum.questions.get(topic):
        raise ApiError(404, "no-questions", f"topic '{topic}' has no questions yet", "topic")
    attempt = new_attempt(curriculum, store, [topic])
    return {
        "topic": topic,
        "attempt": attempt.token,
        "questions": [item.listing() for item in attempt.items],
    }


@router.post("/quiz/{topic_id}")
async def grade_quiz(request: Request, topic_id: str, body: QuizAnswers) -> dict[str, Any]:
    """Grade and keep answers; a topic at 80% over at least four questions is verified and
    marked done. One unreadable answer or unknown question id saves nothing."""
    curriculum, store = _curriculum(request), _store(request)
    topic = _topic_id(curriculum, topic_id)
    given = {qid: str(value) for qid, value in body.answers.items()}
    try:
        attempt = new_attempt(curriculum, store, [topic], token=body.attempt)
    except AttemptChanged as exc:
        raise ApiError(409, "attempt-changed", str(exc), "attempt") from None
    except ValueError as exc:
        raise ApiError(422, "invalid", str(exc), "attempt") from None
    try:
        graded, marked = answer_quiz(store, curriculum, topic, given, attempt)
    except KeyError as exc:
        raise ApiError(
            422, "unknown-id", f"no question {exc.args[0]!r} in this attempt", "answers"
        ) from None
    except AnswerError as exc:
        raise ApiError(422, "invalid", str(exc), "answers") from None
    score = topic_scores(store.quiz_results(), curriculum.live_topic_id)[topic]
    return {
        "answered": graded,
        "score": {
            "right": score.right,
            "total": score.total,
            "verified": score.verified,
            "repeat": score.repeat,
        },
        "marked_done": marked,
    }


# --- downloads ---------------------------------------------------------------------------


def _active_plan(request: Request) -> tuple[Goal, Plan, dict[str, Any]]:
    """The active plan re-made from its saved settings (planning is deterministic)."""
    active = _active(request)
    document = active.plan
    goal = Goal(active.roadmap, active.career, tuple(active.topics))
    learner = Learner(
        tuple(active.day_hours),
        active.start,
        active.deadline,
        frozenset(document.get("known", [])),
        active.max_parallel,
    )
    return goal, plan_for(_curriculum(request), goal, learner), document


@router.get("/export/plan.json")
async def export_plan_json(request: Request) -> dict[str, Any]:
    return dict(_active(request).plan)


@router.get("/export/plan.md", response_class=Response)
async def export_plan_markdown(request: Request) -> Response:
    from mlroadmap.export.plan_markdown import plan_markdown
    from mlroadmap.planning.plans import goal_label

    goal, _, document = _active_plan(request)
    text = plan_markdown(document, goal_label(_curriculum(request), goal))
    return Response(
        text,
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="plan.md"'},
    )


@router.get("/export/plan.ics", response_class=Response)
async def export_plan_calendar(request: Request) -> Response:
    from mlroadmap.export.plan_ics import plan_calendar

    _, plan, _ = _active_plan(request)
    return Response(
        plan_calendar(_curriculum(request), plan),
        media_type="text/calendar",
        headers={"Content-Disposition": 'attachment; filename="plan.ics"'},
    )


@router.get("/export/progress")
async def export_progress(request: Request) -> dict[str, Any]:
    """The progress backup of `mlroadmap export progress`."""
    from mlroadmap.progress.store.backup import export_progress as export_document

    return dict(export_document(_store(request)))
