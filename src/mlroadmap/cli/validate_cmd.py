"""`mlroadmap validate`: every problem of a curriculum in one run."""

from __future__ import annotations

from pathlib import Path

import typer

from mlroadmap.cli.common import EXIT_OK, EXIT_PROBLEMS, console, emit_json, escape, fail, settings


def validate(
    path: Path | None = typer.Argument(
        None,
        help="Curriculum folder to check. Default: --curriculum, $MLROADMAP_CURRICULUM, "
        "or the built-in curriculum.",
        show_default=False,
    ),
    allow_warnings: bool = typer.Option(
        False, "--allow-warnings", help="Exit 0 when only warnings were found."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the problems as JSON."),
) -> None:
    """Check a curriculum: schema, ids, links, cycles, redundant links, reach and workload.

    Reports every problem at once, each with its file, line and field. Exit 0 when clean,
    1 when problems were found (warnings too, unless --allow-warnings), 2 on bad usage.
    """
    from mlroadmap.curriculum.loader import load
    from mlroadmap.curriculum.location import CurriculumNotFound
    from mlroadmap.curriculum.validate import check

    try:
        result = load(path if path is not None else settings.curriculum_path)
    except CurriculumNotFound as exc:
        fail(str(exc))
    problems = check(result)
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    failed = bool(errors) or (bool(warnings) and not allow_warnings)
    if as_json:
        emit_json(
            {
                "curriculum": str(result.root),
                "topics": len(result.curriculum.topics),
                "errors": len(errors),
                "warnings": len(warnings),
                "problems": [p.to_dict() for p in problems],
            }
        )
        raise typer.Exit(EXIT_PROBLEMS if failed else EXIT_OK)
    out = console()
    for problem in problems:
        colour = "red" if problem.is_error else "yellow"
        hint = f" [dim]({problem.hint})[/dim]" if problem.hint else ""
        out.print(
            f"{escape(problem.location())}: [{colour}]{problem.severity}[/{colour}] "
            f"{escape(problem.message)}{hint}"
        )
    summary = (
        f"{result.root}: {len(result.curriculum.topics)} topics, "
        f"{len(errors)} error(s), {len(warnings)} warning(s)"
    )
    out.print(("[red]" if failed else "[green]") + escape(summary))
    raise typer.Exit(EXIT_PROBLEMS if failed else EXIT_OK)
