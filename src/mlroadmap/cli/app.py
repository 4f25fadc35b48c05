"""The `mlroadmap` command: wires the command modules into one Typer app."""

from __future__ import annotations

import os
import sys

import typer

from mlroadmap import __version__
from mlroadmap.cli import (
    assess_cmd,
    browse,
    db_cmd,
    export_cmd,
    goal_cmd,
    path_cmd,
    plan_cmd,
    progress_cmd,
    quiz_cmd,
    search_cmd,
    serve_cmd,
    show,
    validate_cmd,
)
from mlroadmap.cli.common import (
    is_store_failure,
    settings,
    store_failure_message,
    unreadable_argument,
)

app = typer.Typer(
    name="mlroadmap",
    help="Turn a curated machine-learning curriculum into your own learning path.\n\n"
    "Start with 'mlroadmap roadmaps' or 'mlroadmap show roadmap beginner'.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",  # docstring paragraphs reflow to the terminal's width
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
    db: str | None = typer.Option(
        None,
        "--db",
        envvar="MLROADMAP_DB",
        help="Progress store: any SQLAlchemy URL. Default: a SQLite file in your data folder.",
        metavar="URL",
    ),
    profile: str = typer.Option(
        "default", "--profile", "-p", help="Whose progress: one store holds many learners."
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Options that apply to every command."""
    settings.curriculum_path = curriculum
    settings.db_url = db
    settings.profile = profile


app.command()(plan_cmd.plan)
app.command()(goal_cmd.start)
app.command("next")(goal_cmd.next_up)
app.command()(goal_cmd.status)
app.command()(goal_cmd.replan)
app.command()(progress_cmd.done)
app.command()(progress_cmd.skip)
app.command()(progress_cmd.know)
app.command()(progress_cmd.log)
app.command()(progress_cmd.note)
app.command()(progress_cmd.link)
app.command()(quiz_cmd.quiz)
app.command()(assess_cmd.assess)
app.command()(db_cmd.profiles)
app.add_typer(db_cmd.app, name="db")
app.command()(serve_cmd.serve)
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
app.command("import")(export_cmd.import_progress)


def main() -> None:
    """Run the command, then leave without the interpreter's teardown.

    Unloading SQLAlchemy, pydantic and friends at exit costs about 0.1 s, a third of a quick
    command like `status`. Every write has committed by then (and the store is safe against
    a process killed at any moment), so once output is flushed the process can simply end.
    """
    bad = unreadable_argument(sys.argv[1:])
    try:
        if bad is not None:
            sys.stderr.write(f"error: {bad}\n")
            raise SystemExit(2)
        app()
        code: int | str | None = 0
    except SystemExit as done:
        code = done.code
    except Exception as exc:  # the last line of defence: a message, never a traceback
        if not is_store_failure(exc):
            raise
        sys.stderr.write(f"error: {store_failure_message(exc)}\n")
        code = 2
    sys.stdout.flush()
    sys.stderr.flush()
    if isinstance(code, str):  # an exit message, as click gives for some usage errors
        sys.stderr.write(code + "\n")
        sys.stderr.flush()
        code = 1
    os._exit(code or 0)
