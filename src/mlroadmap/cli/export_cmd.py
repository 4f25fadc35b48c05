"""`mlroadmap export curriculum`: the whole curriculum as one document."""

from __future__ import annotations

from enum import StrEnum

import typer

from mlroadmap.cli.common import emit_json, load_curriculum

app = typer.Typer(help="Export data as documents for other tools.", no_args_is_help=True)


class CurriculumFormat(StrEnum):
    json = "json"


@app.command("curriculum")
def export_curriculum(
    fmt: CurriculumFormat = typer.Option(
        CurriculumFormat.json, "--format", "-f", help="Output format (JSON: a stable contract)."
    ),
) -> None:
    """Print the whole curriculum (topics, resources, roadmaps, careers, certifications).

    The format is documented in docs/curriculum-format.md.
    """
    from mlroadmap.export.curriculum_json import curriculum_document

    emit_json(curriculum_document(load_curriculum()))
