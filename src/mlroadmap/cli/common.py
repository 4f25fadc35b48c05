"""What every command shares: the chosen curriculum, JSON output, and failing cleanly.

Heavy modules (pydantic, PyYAML, Rich) are imported inside functions so that `--help` stays fast.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any, NoReturn

import typer

if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import Console

    from mlroadmap.curriculum.model import Curriculum
    from mlroadmap.progress.store.progress import ProgressStore

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class Settings:
    """Options given before the command name (`mlroadmap --curriculum PATH topics`)."""

    curriculum_path: str | None = None
    db_url: str | None = None
    profile: str = "default"


settings = Settings()


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print one clear line to stderr and exit: no traceback for bad input."""
    sys.stderr.write(f"error: {message}\n")
    raise typer.Exit(code)


def console() -> Console:
    """A stdout console that keeps long text lines whole (tables still fit the terminal)."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def escape(text: str) -> str:
    """Make curriculum text safe to print through Rich markup (a title may contain '[')."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _curriculum_root() -> Path:
    """The curriculum folder chosen by --curriculum / $MLROADMAP_CURRICULUM, or exit 2."""
    from mlroadmap.curriculum.location import CurriculumNotFound, resolve_path

    try:
        return resolve_path(settings.curriculum_path)
    except CurriculumNotFound as exc:
        fail(str(exc))


def load_curriculum() -> Curriculum:
    """Load the chosen curriculum or exit 2 saying why (not found, or invalid)."""
    from mlroadmap.curriculum.location import CurriculumNotFound
    from mlroadmap.curriculum.source import CurriculumInvalid, open_curriculum

    try:
        return open_curriculum(settings.curriculum_path)
    except (CurriculumNotFound, CurriculumInvalid) as exc:
        fail(str(exc))


def run_query(query: Any, *args: Any) -> Any:
    """Call a core view; an unknown id becomes a one-line error with suggestions and exit 2."""
    from mlroadmap.curriculum.views import UnknownId

    try:
        return query(*args)
    except UnknownId as exc:
        fail(str(exc))


def load_topic_index() -> Any:
    """Topic ids and aliases only (from the cache when the curriculum is unchanged): what a
    command needs that reads progress without showing curriculum content."""
    from mlroadmap.curriculum import cache

    root = _curriculum_root()
    index = cache.read_index(root)
    if index is not None:
        return index
    curriculum = load_curriculum()  # validated, so its index may be cached
    cache.write_index(root, curriculum)
    return cache.index_of(curriculum)


def open_store() -> ProgressStore:
    """The progress store for --db/$MLROADMAP_DB and --profile, migrated; exit 2 if unusable."""
    from sqlalchemy.exc import ArgumentError, OperationalError

    from mlroadmap.progress.store.progress import ProgressStore

    try:
        return ProgressStore.open(settings.db_url, settings.profile)
    except ArgumentError as exc:
        fail(f"--db / MLROADMAP_DB is not a database URL: {exc}")
    except OperationalError as exc:
        fail(f"cannot open the progress store: {str(exc.orig).strip().splitlines()[0]}")
    except ModuleNotFoundError as exc:
        fail(
            f"the database driver is not installed ({exc.name}); for PostgreSQL: "
            "pip install 'mlroadmap[postgres]'"
        )


def topic_ids(curriculum: Curriculum, given: list[str]) -> list[str]:
    """Live ids for topics the learner named (aliases followed); exit 2 on an unknown one."""
    from mlroadmap.curriculum.suggest import unknown

    found = []
    for topic_id in given:
        live = curriculum.live_topic_id(topic_id)
        if live is None:
            fail(unknown("topic", topic_id, curriculum.topics))
        found.append(live)
    return found
