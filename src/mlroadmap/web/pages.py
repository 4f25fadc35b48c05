"""Server-rendered pages: start a goal, follow the plan week by week, read a topic.

Pages use the same core views as the API; forms post with a CSRF token and redirect back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from mlroadmap.curriculum import views
from mlroadmap.curriculum.model import Cost, Level, ResourceKind
from mlroadmap.curriculum.search import search_index
from mlroadmap.planning.document import plan_document
from mlroadmap.planning.goals import Goal, GoalError
from mlroadmap.planning.learner_input import InputError, next_monday, parse_date, parse_hours
from mlroadmap.planning.planner import Learner, PlanError
from mlroadmap.planning.plans import plan_for
from mlroadmap.progress.history import series
from mlroadmap.progress.tracking import (
    FINISHED,
    Status,
    current_week,
    follow_renames,
    status,
    verified_topics,
)
from mlroadmap.web.charts import completion_chart, hours_chart
from mlroadmap.web.graph_view import graph_layout
from mlroadmap.web.rendering import html_of, refused, render, respond
from mlroadmap.web.security import csrf_valid

router = APIRouter(include_in_schema=False)


def _cached(request: Request, key: str, render: Callable[[], str | None]) -> Response:
    """A page from the cache (see page_cache), or a redirect to Start when there is no goal."""
    html = request.app.state.pages.page(key, render)
    if html is None:
        return RedirectResponse("/", status_code=303)
    return respond(request, html)


def _goal_and_progress(request: Request) -> tuple[Any, dict[str, str], dict[str, float]] | None:
    """The active goal with its plan and progress (renamed topics followed), or None."""
    store = request.app.state.store
    goal = store.active_goal()
    if goal is None or goal.plan is None:
        return None
    statuses, hours = follow_renames(
        store.statuses(), store.hours_by_topic(), request.app.state.curriculum.live_topic_id
    )
    return goal, statuses, hours


@router.get("/", response_class=HTMLResponse)
async def start_page(request: Request, goal: str = "") -> Any:
    """Pick a roadmap or a career, hours per week and a start date; tick what you know.

    `?goal=career:ID` preselects a goal (the placement test sends learners here); topics
    already known are ticked.
    """
    choices = {f"{g['kind']}:{g['id']}" for g in _goals(request)}
    chosen = goal if goal in choices else ""
    return _cached(request, f"start {chosen}", lambda: _start_html(request, chosen))


def _goals(request: Request) -> list[dict[str, Any]]:
    curriculum = request.app.state.curriculum
    return [
        {**g, "kind": kind}
        for kind in ("roadmap", "career")
        for g in views.list_goals(curriculum, kind)
    ]


def _start_html(request: Request, chosen: str) -> str:
    curriculum = request.app.state.curriculum
    areas: dict[str, list[Any]] = {}
    for row in views.list_topics(curriculum):
        areas.setdefault(row["area"], []).append(row)
    statuses = request.app.state.store.statuses()
    return html_of(
        "start.html",
        {
            "roadmaps": views.list_goals(curriculum, "roadmap"),
            "careers": views.list_goals(curriculum, "career"),
            "areas": areas,
            "default_start": next_monday(date.today()).isoformat(),
            "has_goal": request.app.state.store.active_goal() is not None,
            "chosen": chosen,
            "known": {t for t, s in statuses.items() if s == "known"},
        },
    )


@router.post("/start")
async def start_goal(request: Request) -> Any:
    form = await request.form()
    if not csrf_valid(request, form):
        return refused(request, "This form has expired; reload the page and try again.", 403)
    curriculum = request.app.state.curriculum
    goal = Goal.from_choice(str(form.get("goal", "")))
    if goal is None:
        return refused(request, "Choose a roadmap or a career path.", 422)
    try:
        hours = parse_hours(str(form.get("hours_per_week", "")), "Hours per week")
        start = parse_date(str(form.get("start", "")), "Start date")
        learner = Learner.weekly(hours, start, known=frozenset(form.getlist("know")))
        plan = plan_for(curriculum, goal, learner)
    except (InputError, GoalError, PlanError) as exc:
        return refused(request, str(exc), 422)
    request.app.state.store.start_plan(goal, plan, plan_document(curriculum, goal, plan))
    return RedirectResponse("/plan", status_code=303)


@router.get("/plan", response_class=HTMLResponse)
async def plan_page(request: Request) -> Any:
    """The active plan week by week, this week highlighted, with check-boxes and downloads."""
    return _cached(request, "plan", lambda: _plan_html(request))


def _report(request: Request, found: Any, day_hours: dict[date, float]) -> Status:
    goal, statuses, hours = found
    curriculum, store = request.app.state.curriculum, request.app.state.store
    verified = verified_topics(store.quiz_results(), curriculum.live_topic_id)
    placed = frozenset(store.known_by_placement())
    return status(
        goal.plan,
        statuses,
        hours,
        day_hours,
        set(curriculum.topics),
        date.today(),
        verified,
        placed,
    )


def _plan_html(request: Request) -> str | None:
    found = _goal_and_progress(request)
    if found is None:
        return None
    goal, statuses, _ = found
    report = _report(request, found, request.app.state.store.hours_by_day())
    week = current_week(goal.plan, date.today())
    return html_of(
        "plan.html",
        {
            "plan": goal.plan,
            "finished": {t for t, s in statuses.items() if s in FINISHED},
            "current": week["index"] if week else None,
            "report": report,
        },
    )


@router.get("/graph", response_class=HTMLResponse)
async def graph_page(request: Request) -> Any:
    """The goal's topics as an interactive graph, and the same graph as a plain list."""
    return _cached(request, "graph", lambda: _graph_html(request))


def _graph_html(request: Request) -> str | None:
    found = _goal_and_progress(request)
    if found is None:
        return None
    goal, statuses, _ = found
    planned = [i["topic"] for w in goal.plan["weeks"] for i in w["items"]]
    layout = graph_layout(request.app.state.curriculum, planned, statuses)
    return html_of("graph.html", {"layout": layout})


@router.get("/progress", response_class=HTMLResponse)
async def progress_page(request: Request) -> Any:
    """The dashboard: hours per week against the budget, topics finished, projected finish."""
    return _cached(request, "progress", lambda: _progress_html(request))


def _progress_html(request: Request) -> str | None:
    found = _goal_and_progress(request)
    if found is None:
        return None
    store, goal = request.app.state.store, found[0]
    day_hours = store.hours_by_day()
    data = series(
        goal.plan,
        day_hours,
        store.finish_dates(),
        request.app.state.curriculum.live_topic_id,
        date.today(),
    )
    return html_of(
        "progress.html",
        {
            "report": _report(request, found, day_hours),
            "weekly": data["weeks"],
            "completion": data["completion"],
            "hours": hours_chart(data["weeks"]),
            "done": completion_chart(data["completion"]),
        },
    )


@router.get("/resources", response_class=HTMLResponse)
async def resources_page(request: Request, kind: str = "", cost: str = "", level: str = "") -> Any:
    """The resources catalogue, filtered by kind, cost and the level of the topics citing it."""
    curriculum = request.app.state.curriculum
    try:
        rows = views.list_resources(curriculum, kind or None, cost or None)
    except views.UnknownId as exc:
        return refused(request, str(exc), 422)
    if level:
        rows = [r for r in rows if any(curriculum.topics[t].level == level for t in r["topics"])]
    return render(
        request,
        "resources.html",
        {
            "rows": rows,
            "kind": kind,
            "cost": cost,
            "level": level,
            "kinds": [str(k) for k in ResourceKind],
            "costs": [str(c) for c in Cost],
            "levels": [str(lv) for lv in Level],
        },
    )


@router.get("/search", response_class=HTMLResponse)
async def search_page(request: Request, q: str = "") -> Any:
    """Typo-tolerant search over the topics."""
    curriculum = request.app.state.curriculum
    query = q.strip()[:200]
    hits = []
    if query:
        found = search_index(curriculum).search(query, 20)
        hits = [views.topic_summary(curriculum, h.topic_id) for h in found]
    return render(request, "search.html", {"query": query, "hits": hits})


@router.get("/topics/{topic_id}", response_class=HTMLResponse)
async def topic_page(request: Request, topic_id: str) -> Any:
    curriculum = request.app.state.curriculum
    try:
        view = views.topic_view(curriculum, topic_id)
    except views.UnknownId as exc:
        return refused(request, str(exc), 404)
    state = request.app.state.store.statuses().get(view["id"], "not-started")
    has_quiz = bool(curriculum.questions.get(view["id"]))
    return render(request, "topic.html", {"topic": view, "status": state, "has_quiz": has_quiz})


@router.post("/progress/{topic_id}")
async def mark(request: Request, topic_id: str) -> Response:
    """Set a topic's status from a page form, then go back to where the learner was."""
    form = await request.form()
    if not csrf_valid(request, form):
        return refused(request, "This form has expired; reload the page and try again.", 403)
    new_status = str(form.get("status", "done"))
    if new_status not in ("done", "not-started", "in-progress", "skipped", "known"):
        return refused(request, f"unknown status {new_status!r}", 422)
    live = request.app.state.curriculum.live_topic_id(topic_id)
    if live is None:
        return refused(request, f"no topic '{topic_id}'", 404)
    request.app.state.store.set_status([live], new_status)
    back = str(form.get("next", "/plan"))
    return RedirectResponse(
        back if back.startswith("/") and not back.startswith("//") else "/plan", status_code=303
    )
