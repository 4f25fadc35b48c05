"""The `mlroadmap` command: wires the command modules into one Typer app."""

from __future__ import annotations

import typer

from mlroadmap import __version__
from mlroadmap.cli import browse, export_cmd, path_cmd, plan_cmd, search_cmd, show, validate_cmd
from mlroadmap.cli.common import settings

app = typer.Typer(
    name="mlroadmap",
    help="Turn a curated machine-learning curriculum into your own learning path.\n\n"
    "Start with 'mlroadmap roadmaps' or 'mlroadmap show roadmap beginner'.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mlroadmap {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    curriculum: str | None = typer.Option(
        None,
        "--curriculum",
        "-c",
        envvar="MLROADMAP_CURRICULUM",
        help="Use your own curriculum folder instead of the built-in one.",
        metavar="PATH",
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Options that apply to every command."""
    settings.curriculum_path = curriculum


app.command()(plan_cmd.plan)
app.command()(validate_cmd.validate)
app.command()(browse.roadmaps)
app.command()(browse.careers)
app.command()(browse.certifications)
app.command()(browse.topics)
app.command()(browse.resources)
app.add_typer(show.app, name="show")
app.command()(path_cmd.path)
app.command()(search_cmd.search)
app.add_typer(export_cmd.app, name="export")


def main() -> None:
    app()
