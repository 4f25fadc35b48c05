"""`mlroadmap plan`: a dated, week-by-week personal plan."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from mlroadmap.cli.common import console, emit_json, escape, fail, load_curriculum

if TYPE_CHECKING:
    from mlroadmap.curriculum.model import Curriculum
    from mlroadmap.planning.goals import Goal
    from mlroadmap.planning.planner import Learner, Plan

FORMATS = ("table", "markdown", "json", "ics")


def plan(
    roadmap: str | None = typer.Option(
        None,
        "--roadmap",
        "-r",
        metavar="ID",
        help="A level roadmap: beginner, intermediate or advanced.",
    ),
    career: str | None = typer.Option(
        None, "--career", metavar="ID", help="A career path, e.g. ml-engineer."
    ),
    topic: list[str] = typer.Option(
        [],
        "--topic",
        "-t",
        metavar="ID",
        help="A topic to reach (repeatable); combines with a roadmap/career.",
    ),
    hours_per_week: str | None = typer.Option(
        None,
        "--hours-per-week",
        "-H",
        metavar="H",
        help="Study hours per week, spread over Monday-Friday.",
    ),
    schedule: str | None = typer.Option(
        None,
        "--schedule",
        metavar="DAY=H,...",
        help="Hours per weekday instead, e.g. mon=1,wed=1,sat=4.",
    ),
    start: str | None = typer.Option(
        None,
        "--start",
        metavar="DATE",
        help="First day, YYYY-MM-DD. Default: next Monday (today on a Monday).",
    ),
    deadline: str | None = typer.Option(
        None, "--deadline", metavar="DATE", help="Finish by this date."
    ),
    know: list[str] = typer.Option(
        [], "--know", "-k", metavar="ID", help="A topic you know (repeatable)."
    ),
    know_file: Path | None = typer.Option(
        None,
        "--know-file",
        metavar="FILE",
        help="A file of topic ids you know, one or more per line.",
    ),
    max_parallel: int = typer.Option(
        2, "--max-parallel", metavar="N", help="How many topics may be in progress at once."
    ),
    fmt: str = typer.Option(
        "table", "--format", "-f", metavar="FORMAT", help="table, markdown, json or ics (calendar)."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", metavar="FILE", help="Write to this file instead of the terminal."
    ),
) -> None:
    """Plan your weeks: goal + weekly hours + what you know -> dated study schedule.

    Topics you know are skipped together with the prerequisites only they need. Phases of a
    roadmap or career run in order; within them, one thread is finished before another opens.
    """
    from mlroadmap.planning.document import plan_document
    from mlroadmap.planning.plans import goal_label

    if fmt not in FORMATS:
        fail(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    curriculum, goal, result = make_personal_plan(
        roadmap,
        career,
        topic,
        hours_per_week,
        schedule,
        start,
        deadline,
        know,
        know_file,
        max_parallel,
    )
    label = goal_label(curriculum, goal)
    if fmt == "ics":
        from mlroadmap.export.plan_ics import plan_calendar

        _write(plan_calendar(curriculum, result), output)
        return
    document = plan_document(curriculum, goal, result)
    if fmt == "json":
        if output is None:
            emit_json(document)
        else:
            import json

            _write(json.dumps(document, indent=2, ensure_ascii=False).encode(), output)
    elif fmt == "markdown":
        from mlroadmap.export.plan_markdown import plan_markdown

        _write(plan_markdown(document, label).encode(), output)
    else:
        print_plan_table(document, label)


def make_personal_plan(
    roadmap: str | None,
    career: str | None,
    topic: list[str],
    hours_per_week: str | None,
    schedule: str | None,
    start: str | None,
    deadline: str | None,
    know: list[str],
    know_file: Path | None,
    max_parallel: int,
) -> tuple[Curriculum, Goal, Plan]:
    """Parse the plan options and make the plan; any bad input exits 2 with one line."""
    from mlroadmap.planning.goals import Goal, GoalError
    from mlroadmap.planning.learner_input import InputError
    from mlroadmap.planning.planner import PlanError
    from mlroadmap.planning.plans import plan_for

    try:
        learner = _learner(hours_per_week, schedule, start, deadline, know, know_file, max_parallel)
    except InputError as exc:
        fail(str(exc))
    curriculum = load_curriculum()
    goal = Goal(roadmap=roadmap, career=career, topics=tuple(topic))
    try:
        return curriculum, goal, plan_for(curriculum, goal, learner)
    except (GoalError, PlanError) as exc:
        fail(str(exc))


def _learner(
    hours_per_week: str | None,
    schedule: str | None,
    start: str | None,
    deadline: str | None,
    know: list[str],
    know_file: Path | None,
    max_parallel: int,
) -> Learner:
    """The learner's settings from the command line; InputError names a bad value."""
    from mlroadmap.planning.learner_input import (
        InputError,
        next_monday,
        parse_date,
        parse_hours,
        parse_schedule,
        read_known_file,
    )
    from mlroadmap.planning.planner import Learner

    if (hours_per_week is None) == (schedule is None):
        raise InputError("give your study time with either --hours-per-week or --schedule")
    first = parse_date(start, "--start") if start is not None else next_monday(date.today())
    last = parse_date(deadline, "--deadline") if deadline is not None else None
    if last is not None and last < first:
        raise InputError(f"--deadline {last} is before the start {first}")
    known = list(know) + (read_known_file(know_file) if know_file else [])
    options: dict[str, Any] = {
        "deadline": last,
        "known": frozenset(known),
        "max_parallel": max_parallel,
    }
    if schedule is not None:
        return Learner(parse_schedule(schedule), first, **options)
    return Learner.weekly(parse_hours(hours_per_week or ""), first, **options)


def _write(data: bytes, output: Path | None) -> None:
    import sys

    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        output.write_bytes(data)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
    sys.stderr.write(f"wrote {output}\n")


def print_plan_table(document: dict[str, Any], label: str) -> None:
    from rich.table import Table

    out = console()
    table = Table(
        title=f"{escape(label)}: {document['topic_count']} topics, "
        f"{document['total_hours']:g} h at {document['hours_per_week']:g} h/week"
    )
    table.add_column("week", justify="right")
    table.add_column("dates", no_wrap=True)
    table.add_column("topics (hours this week)")
    table.add_column("hours", justify="right")
    started: set[str] = set()
    for week in document["weeks"]:
        lines = []
        for item in week["items"]:
            lines.append(f"{escape(item['title'])} [dim]({item['hours']:g})[/dim]")
            if item["topic"] not in started:
                started.add(item["topic"])
                lines += _resource_hint(item["resources"])
        lines += [f"[bold green]✔ {escape(m['title'])}[/bold green]" for m in week["milestones"]]
        table.add_row(
            str(week["index"]),
            f"{week['start']} → {week['end']}",
            "\n".join(lines),
            f"{week['hours']:g}",
        )
    table.add_row("", "", "[bold]total[/bold]", f"[bold]{document['total_hours']:g}[/bold]")
    out.print(table)
    out.print(
        f"Start {document['start']}, finish [bold]{document['finish']}[/bold] "
        f"({len(document['weeks'])} weeks)."
    )
    for warning in document["warnings"]:
        out.print(f"[yellow]warning:[/yellow] {escape(warning)}")


def _resource_hint(resources: list[dict[str, Any]]) -> list[str]:
    """The core resource under a topic's first week: where to start studying it."""
    core = next((r for r in resources if r.get("core")), resources[0] if resources else None)
    if core is None:
        return []
    section = f", {core['section']}" if core.get("section") else ""
    return [f"[dim]  ↳ {escape(core.get('title', core['id']) + section)}[/dim]"]
