"""Listing commands: roadmaps, careers, certifications, topics, resources."""

from __future__ import annotations

from typing import Any

import typer

from mlroadmap.cli.common import console, emit_json, escape, load_curriculum, run_query

JSON_OPTION = typer.Option(False, "--json", help="Print JSON instead of a table.")


def _goal_table(rows: list[dict[str, Any]], title: str, kind: str) -> None:
    from rich.table import Table

    table = Table(title=title)
    table.add_column("id", style="bold cyan", no_wrap=True)
    table.add_column("title")
    table.add_column("topics", justify="right")
    table.add_column("hours", justify="right")
    table.add_column("fits its promise" if kind == "roadmap" else "phases")
    for row in rows:
        last = row["fit"]["verdict"] if "fit" in row else " > ".join(row["phases"])
        table.add_row(
            row["id"],
            escape(row["title"]),
            str(row["topic_count"]),
            f"{row['total_hours']:g}",
            escape(last),
        )
    console().print(table)


def roadmaps(as_json: bool = JSON_OPTION) -> None:
    """List the level roadmaps with their workload and whether it fits their promised duration."""
    from mlroadmap.curriculum.views import list_goals

    rows = list_goals(load_curriculum(), "roadmap")
    emit_json(rows) if as_json else _goal_table(rows, "Roadmaps", "roadmap")


def careers(as_json: bool = JSON_OPTION) -> None:
    """List the career paths with their stages, topic count and total hours."""
    from mlroadmap.curriculum.views import list_goals

    rows = list_goals(load_curriculum(), "career")
    emit_json(rows) if as_json else _goal_table(rows, "Career paths", "career")


def certifications(as_json: bool = JSON_OPTION) -> None:
    """List the certifications whose exam domains map onto curriculum topics."""
    from mlroadmap.curriculum.views import list_goals

    rows = list_goals(load_curriculum(), "certification")
    emit_json(rows) if as_json else _goal_table(rows, "Certifications", "certification")


def topics(
    area: str | None = typer.Option(None, "--area", "-a", help="Only this area, e.g. math."),
    level: str | None = typer.Option(
        None, "--level", "-l", help="Only this level: beginner, intermediate or advanced."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """List topics, optionally of one area and level, in prerequisite order within each area."""
    from mlroadmap.curriculum.views import list_topics

    rows = run_query(list_topics, load_curriculum(), area, level)
    if as_json:
        emit_json(rows)
        return
    from rich.table import Table

    table = Table(title=f"{len(rows)} topics, {sum(r['hours'] for r in rows):g} hours")
    for name in ("id", "title", "area", "level"):
        table.add_column(name, style="bold cyan" if name == "id" else None, no_wrap=name == "id")
    table.add_column("hours", justify="right")
    for row in rows:
        table.add_row(
            row["id"], escape(row["title"]), row["area"], row["level"], f"{row['hours']:g}"
        )
    console().print(table)


def resources(
    kind: str | None = typer.Option(
        None,
        "--kind",
        "-k",
        help="Only this kind: course, book, docs, video, article, paper, "
        "community, platform, newsletter, podcast, certification or conference.",
    ),
    cost: str | None = typer.Option(None, "--cost", help="Only this cost: free, freemium or paid."),
    as_json: bool = JSON_OPTION,
) -> None:
    """List resources: courses, books, docs, communities, certifications ..."""
    from mlroadmap.curriculum.views import list_resources

    rows = run_query(list_resources, load_curriculum(), kind, cost)
    if as_json:
        emit_json(rows)
        return
    from rich.table import Table

    table = Table(title=f"{len(rows)} resources")
    for name in ("id", "title", "kind", "cost", "url"):
        table.add_column(name, style="bold cyan" if name == "id" else None, overflow="fold")
    for row in rows:
        title = escape(row["title"])
        if row.get("note"):
            title += f"\n[yellow]{escape(row['note'])}[/yellow]"
        table.add_row(row["id"], title, row["kind"], row["cost"], row.get("url", ""))
    console().print(table)
