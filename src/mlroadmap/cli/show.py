"""`mlroadmap show topic|roadmap|career|certification ID`: one item in full."""

from __future__ import annotations

from typing import Any

import typer

from mlroadmap.cli.common import console, emit_json, escape, load_curriculum, run_query

app = typer.Typer(
    help="Show one topic, roadmap, career path or certification in full.",
    no_args_is_help=True,
)
JSON_OPTION = typer.Option(False, "--json", help="Print JSON instead of formatted text.")


@app.command("topic")
def show_topic(
    topic_id: str = typer.Argument(..., metavar="TOPIC", help="Topic id, e.g. gradient-descent."),
    as_json: bool = JSON_OPTION,
) -> None:
    """A topic: explanation, objectives, prerequisites, what it unlocks, resources."""
    from mlroadmap.curriculum.views import topic_view

    view = run_query(topic_view, load_curriculum(), topic_id)
    if as_json:
        emit_json(view)
        return
    _print_topic(view)


def _print_topic(view: dict[str, Any]) -> None:
    from rich.markdown import Markdown
    from rich.panel import Panel

    out = console()
    titles = view["titles"]

    def linked(ids: list[str]) -> str:
        return ", ".join(f"{escape(titles.get(i, i))} [dim]({i})[/dim]" for i in ids) or "-"

    out.print(
        Panel(
            f"[bold]{escape(view['title'])}[/bold]  [dim]{view['id']}[/dim]\n"
            f"{view['area']} · {view['level']} · {view['hours']:g} h",
            expand=False,
        )
    )
    out.print(Markdown(view["body"]))
    out.print("\n[bold]You will be able to[/bold]")
    for objective in view["objectives"]:
        out.print(f"  • {escape(objective)}")
    out.print(f"\n[bold]Requires:[/bold] {linked(view['requires'])}")
    out.print(f"[bold]Recommended first:[/bold] {linked(view['recommends'])}")
    out.print(f"[bold]Unlocks:[/bold] {linked(view['unlocks'])}")
    out.print(f"[bold]Part of:[/bold] {', '.join(view['goals']) or '-'}")
    out.print("\n[bold]Resources[/bold]")
    for resource in view["resources"]:
        star = "★ " if resource.get("core") else "  "
        section = f" — {escape(resource['section'])}" if resource.get("section") else ""
        where = resource.get("url", "")
        out.print(
            f"{star}{escape(resource.get('title', resource['id']))}{section} "
            f"[dim]({resource.get('kind', '?')}, {resource.get('cost', '?')})[/dim] {where}"
        )
        if resource.get("note"):
            out.print(f"    [yellow]note:[/yellow] {escape(resource['note'])}")


def _show_goal(kind: str, goal_id: str, as_json: bool) -> None:
    from mlroadmap.curriculum.views import goal_view

    view = run_query(goal_view, load_curriculum(), kind, goal_id)
    if as_json:
        emit_json(view)
        return
    _print_goal(view)


def _print_goal(view: dict[str, Any]) -> None:
    from rich.table import Table

    out = console()
    out.print(f"[bold]{escape(view['title'])}[/bold]  [dim]{view['kind']}: {view['id']}[/dim]")
    if view.get("summary"):
        out.print(escape(view["summary"]))
    for number, phase in enumerate(view["phases"], start=1):
        heading = escape(phase["title"])
        if phase.get("focus"):
            heading += f" [dim]— {escape(phase['focus'])}[/dim]"
        if phase.get("weight"):
            heading += f" [dim]({phase['weight']:g}% of the exam)[/dim]"
        table = Table(title=f"{number}. {heading}", title_justify="left", show_header=False)
        table.add_column("id", style="cyan", no_wrap=True)
        table.add_column("title")
        table.add_column("level")
        table.add_column("hours", justify="right")
        for topic in phase["topics"]:
            table.add_row(
                topic["id"], escape(topic["title"]), topic["level"], f"{topic['hours']:g}"
            )
        table.add_row("", "[bold]phase total[/bold]", "", f"[bold]{phase['hours']:g}[/bold]")
        out.print(table)
    extra = view["prerequisites_outside_phases"]
    if extra:
        out.print(
            f"[bold]Also needed first[/bold] ({len(extra)} prerequisites, "
            f"{sum(t['hours'] for t in extra):g} h): " + ", ".join(t["id"] for t in extra)
        )
    out.print(
        f"[bold]Total:[/bold] {view['topic_count']} topics, {view['total_hours']:g} hours "
        "including every prerequisite"
    )
    if "fit" in view:
        fit = view["fit"]
        colour = "green" if fit["fits"] else "yellow"
        assumes = f" beyond {', '.join(view['assumes'])}" if view["assumes"] else ""
        out.print(
            f"[bold]Workload{assumes}:[/bold] {fit['new_topics']} topics, "
            f"[{colour}]{escape(fit['verdict'])}[/{colour}]"
        )
    for resource in view["resources"]:
        out.print(f"  • {escape(resource.get('title', resource['id']))} {resource.get('url', '')}")


@app.command("roadmap")
def show_roadmap(
    roadmap_id: str = typer.Argument(..., metavar="ROADMAP", help="beginner, intermediate, ..."),
    as_json: bool = JSON_OPTION,
) -> None:
    """A level roadmap: phases -> topics with hours, and whether it fits its promised duration."""
    _show_goal("roadmap", roadmap_id, as_json)


@app.command("career")
def show_career(
    career_id: str = typer.Argument(..., metavar="CAREER", help="e.g. ml-engineer."),
    as_json: bool = JSON_OPTION,
) -> None:
    """A career path: stages -> topics with hours, and the total with every prerequisite."""
    _show_goal("career", career_id, as_json)


@app.command("certification")
def show_certification(
    certification_id: str = typer.Argument(..., metavar="CERTIFICATION"),
    as_json: bool = JSON_OPTION,
) -> None:
    """A certification: exam domains -> topics with hours."""
    _show_goal("certification", certification_id, as_json)
