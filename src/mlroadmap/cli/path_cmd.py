"""`mlroadmap path TOPIC`: everything needed to learn one topic from scratch."""

from __future__ import annotations

import typer

from mlroadmap.cli.common import console, emit_json, escape, load_curriculum, run_query


def path(
    topic_id: str = typer.Argument(..., metavar="TOPIC", help="The topic you want to reach."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Every prerequisite of TOPIC, in an order you can learn them, with running hours."""
    from mlroadmap.curriculum.views import path_view

    view = run_query(path_view, load_curriculum(), topic_id)
    if as_json:
        emit_json(view)
        return
    from rich.table import Table

    table = Table(
        title=f"Path to {view['target']}: {len(view['topics'])} topics, "
        f"{view['total_hours']:g} hours"
    )
    table.add_column("#", justify="right")
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("title")
    table.add_column("level")
    table.add_column("hours", justify="right")
    table.add_column("total", justify="right")
    for step in view["topics"]:
        table.add_row(
            str(step["step"]),
            step["id"],
            escape(step["title"]),
            step["level"],
            f"{step['hours']:g}",
            f"{step['cumulative_hours']:g}",
        )
    console().print(table)
