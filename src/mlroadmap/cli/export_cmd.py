"""`mlroadmap export curriculum`: the whole curriculum as one document."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer

from mlroadmap.cli.common import emit_json, fail, load_curriculum, open_store

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
    from mlroadmap.curriculum.document import curriculum_document

    emit_json(curriculum_document(load_curriculum()))


@app.command("progress")
def export_progress(
    output: Path | None = typer.Option(
        None, "--output", "-o", metavar="FILE", help="Write to this file instead of stdout."
    ),
) -> None:
    """Print your whole progress (goals, plans, statuses, sessions, notes, links) as JSON.

    Restore it with 'mlroadmap import FILE'; the format is in docs/progress.md.
    """
    from mlroadmap.progress.store.backup import export_progress as export_document

    document = export_document(open_store())
    if output is None:
        emit_json(document)
        return
    try:
        output.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")


def import_progress(
    path: Path = typer.Argument(..., metavar="FILE", help="A file from 'export progress'."),
) -> None:
    """Restore a progress backup into the current profile, which must be empty."""
    from mlroadmap.planning.learner_input import InputError, read_text_file
    from mlroadmap.progress.store.backup import MAX_BACKUP_BYTES, parse_backup
    from mlroadmap.progress.store.backup import import_progress as import_document
    from mlroadmap.progress.store.progress import StoreError

    try:
        data = json.loads(read_text_file(path, "the backup", MAX_BACKUP_BYTES))
    except InputError as exc:
        fail(str(exc))
    except json.JSONDecodeError as exc:
        fail(f"{path} is not JSON: {exc}")
    except RecursionError:
        fail(f"{path} is nested too deeply to be a progress backup")
    store = open_store()
    try:
        import_document(store, parse_backup(data))
    except StoreError as exc:
        fail(str(exc))
    typer.echo(f"imported {path} into profile '{store.profile_name}'")
