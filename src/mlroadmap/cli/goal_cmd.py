"""`mlroadmap start`, `next`, `status` and `replan`: a saved goal, what to do now, how it goes."""

from __future__ import annotations

import inspect
import typing
from datetime import date
from typing import Any

import typer

from mlroadmap.cli.common import (
    console,
    emit_json,
    escape,
    fail,
    load_curriculum,
    load_topic_index,
    open_store,
)
from mlroadmap.cli.plan_cmd import make_personal_plan, plan, print_plan_table

JSON_OPTION = typer.Option(False, "--json", help="Print JSON instead of formatted text.")
NO_GOAL = "no goal started yet: run 'mlroadmap start --career ml-engineer --hours-per-week 10'"


def start(**options: Any) -> None:
    """Start a goal: make its plan and save both as your active goal.

    Takes every goal and setting that 'mlroadmap plan' takes; then use 'mlroadmap next'.
    """
    from mlroadmap.planning.document import plan_document
    from mlroadmap.planning.plans import goal_label

    curriculum, goal, result = make_personal_plan(**options)
    document = plan_document(curriculum, goal, result)
    store = open_store()
    store.start_plan(goal, result, document)
    print_plan_table(document, goal_label(curriculum, goal))
    console().print(
        f"Saved as the active goal of profile '{escape(store.profile_name)}'. "
        "See what to do now with [bold]mlroadmap next[/bold]."
    )


# `start` takes exactly plan's goal and learner options (not its output format): Typer reads
# both the signature and the annotations, so both are copied from `plan`.
_SHARED = [
    p for p in inspect.signature(plan).parameters.values() if p.name not in ("fmt", "output")
]
start.__signature__ = inspect.signature(plan).replace(parameters=_SHARED)  # type: ignore[attr-defined]
start.__annotations__ = {
    name: hint
    for name, hint in typing.get_type_hints(plan).items()
    if name in {p.name for p in _SHARED}
} | {"return": None}


def _active_plan() -> tuple[Any, dict[str, Any]]:
    store = open_store()
    goal = store.active_goal()
    if goal is None or goal.plan is None:
        fail(NO_GOAL)
    return store, goal.plan


def _progress(store: Any, curriculum: Any) -> tuple[dict[str, str], dict[str, float]]:
    """Statuses and hours per topic, with progress on renamed topics following their new ids."""
    from mlroadmap.progress.tracking import follow_renames

    return follow_renames(store.statuses(), store.hours_by_topic(), curriculum.live_topic_id)


def next_up(as_json: bool = JSON_OPTION) -> None:
    """What to work on now: this week's open items, then the next topics you are ready for."""
    from mlroadmap.curriculum.graph import graph_of
    from mlroadmap.progress.tracking import next_items

    curriculum = load_curriculum()
    store, document = _active_plan()
    requires = graph_of(curriculum).requires
    statuses, _ = _progress(store, curriculum)
    items = next_items(document, statuses, requires, date.today())
    if as_json:
        emit_json({"items": [{k: i[k] for k in ("topic", "hours", "resources")} for i in items]})
        return
    out = console()
    if not items:
        out.print("Nothing left: every topic of your plan is finished. Well done!")
        return
    for item in items:
        topic = curriculum.topics.get(item["topic"])
        title = topic.title if topic else item["topic"]
        out.print(
            f"[bold]{escape(title)}[/bold] [dim]({item['topic']}, {item['hours']:g} h, "
            f"{item['why']})[/dim]"
        )
        for resource in item["resources"][:2]:
            section = f", {resource['section']}" if resource.get("section") else ""
            out.print(
                f"  ↳ {escape(resource.get('title', resource['id']) + section)} "
                f"{resource.get('url', '')}"
            )


def status(as_json: bool = JSON_OPTION) -> None:
    """How far along you are: share done, this week's hours, streak, projected finish."""
    from mlroadmap.progress.tracking import status as compute_status
    from mlroadmap.progress.tracking import verified_topics

    curriculum = load_topic_index()
    store, document = _active_plan()
    statuses, topic_hours = _progress(store, curriculum)
    report = compute_status(
        document,
        statuses,
        topic_hours,
        store.hours_by_day(),
        set(curriculum.topics),
        date.today(),
        verified_topics(store.quiz_results(), curriculum.live_topic_id),
        frozenset(store.known_by_placement()),
    )
    if as_json:
        emit_json(report.to_dict())
        return
    # plain echo, not Rich: status is the command people run most, so it starts lean
    share = report.hours_finished / report.hours_total if report.hours_total else 1.0
    lines = [
        typer.style(f"{report.topics_finished}/{report.topics_total} topics", bold=True)
        + f", {report.hours_finished:g}/{report.hours_total:g} h ({share:.0%}); "
        + f"{report.topics_verified} verified by quiz, "
        + (f"{report.topics_placed} known by placement, " if report.topics_placed else "")
        + f"{report.topics_finished - report.topics_verified - report.topics_placed} "
        + "self-reported",
    ]
    if report.known_by_placement or report.known_by_you:
        lines.append(
            f"Known already: {report.known_by_placement} found by a placement test, "
            f"{report.known_by_you} marked known by you"
        )
    if report.week_index is not None:
        lines.append(
            f"Week {report.week_index}: {report.week_hours_logged:g} of "
            f"{report.week_budget:g} h logged"
        )
    lines.append(
        f"Streak: {report.streak_days} day(s); pace {report.pace_hours_per_week:.1f} h/week "
        "over the last 4 weeks"
    )
    lines.append(f"Planned finish {report.planned_finish}")
    if report.projected_finish is None:
        lines.append("Projected finish: log some study time first ('mlroadmap log 1h TOPIC')")
    else:
        lead = report.days_ahead or 0
        where = f"{lead} day(s) ahead" if lead >= 0 else f"{-lead} day(s) behind"
        lines.append(f"Projected finish {report.projected_finish} at your pace: {where}")
    if report.unknown_topics:
        lines.append(
            typer.style("Kept progress on topics the curriculum no longer has: ", fg="yellow")
            + ", ".join(report.unknown_topics)
        )
    typer.echo("\n".join(lines))


def replan(
    hours_per_week: str | None = typer.Option(
        None, "--hours-per-week", "-H", metavar="H", help="A new weekly budget."
    ),
    schedule: str | None = typer.Option(
        None, "--schedule", metavar="DAY=H,...", help="A new budget per weekday."
    ),
) -> None:
    """Re-plan what is left from today, keeping what is done, known and skipped.

    Topics you have logged time on keep only their remaining hours. Optionally at a new budget.
    """
    from mlroadmap.planning.goals import Goal, GoalError
    from mlroadmap.planning.learner_input import InputError, parse_hours, parse_schedule
    from mlroadmap.planning.planner import Learner, PlanError
    from mlroadmap.planning.plans import goal_label
    from mlroadmap.progress.saved_goal import replan_active_goal

    if hours_per_week is not None and schedule is not None:
        fail("give either --hours-per-week or --schedule, not both")
    curriculum = load_curriculum()
    store = open_store()
    active = store.active_goal()
    if active is None:
        fail(NO_GOAL)
    try:
        day_hours = None
        if schedule is not None:
            day_hours = parse_schedule(schedule)
        elif hours_per_week is not None:
            day_hours = Learner.weekly(parse_hours(hours_per_week), date.today()).day_hours
    except InputError as exc:
        fail(str(exc))
    try:
        document, previous = replan_active_goal(curriculum, store, day_hours)
    except (GoalError, PlanError) as exc:
        fail(str(exc))
    goal = Goal(active.roadmap, active.career, tuple(active.topics))
    print_plan_table(document, goal_label(curriculum, goal))
    before = previous["finish"] if previous else "?"
    console().print(f"Re-planned from today: finish {document['finish']} (was {before}).")
