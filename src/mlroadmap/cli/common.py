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
    """The progress store for --db/$MLROADMAP_DB and --profile, migrated; exit 2 if unusable
    (not a database, a corrupted or unreadable file, a profile name that cannot be one)."""
    from sqlalchemy.exc import ArgumentError, DatabaseError

    from mlroadmap.progress.store.progress import ProgressStore, StoreError

    try:
        return ProgressStore.open(settings.db_url, settings.profile)
    except ArgumentError as exc:
        fail(f"--db / MLROADMAP_DB is not a database URL: {exc}")
    except (DatabaseError, UnicodeDecodeError) as exc:
        fail(f"cannot open the progress store: {database_reason(exc)}")
    except StoreError as exc:
        fail(f"--profile: {exc}")
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


def unreadable_argument(arguments: list[str]) -> str | None:
    """What is wrong with an argument that is not UTF-8 (Python keeps its bytes as lone
    surrogates, which no store or terminal can take), or None when all are readable."""
    for position, argument in enumerate(arguments, start=1):
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError:
            raw = argument.encode("utf-8", "surrogateescape")
            shown = raw.decode("utf-8", "backslashreplace")
            return f"argument {position} ({shown}) is not valid UTF-8 text"
    return None


def is_store_failure(exc: BaseException) -> bool:
    """A fault of the progress store itself (a read-only or corrupted database, a refused
    write) rather than a bug: the learner gets a message, not a traceback."""
    from mlroadmap.progress.store.rules import StoreError

    return isinstance(exc, StoreError) or type(exc).__module__.startswith("sqlalchemy.")


def database_reason(exc: BaseException) -> str:
    """The database's own first line ('attempt to write a readonly database')."""
    original = getattr(exc, "orig", None) or exc
    return (str(original).strip().splitlines() or [type(exc).__name__])[0]


def store_failure_message(exc: BaseException) -> str:
    if type(exc).__module__.startswith("sqlalchemy."):
        return f"the progress store failed: {database_reason(exc)}; nothing was changed"
    return database_reason(exc)


def printable(text: str) -> str:
    """Text with control characters shown as escapes, for names that came from a store an
    earlier release wrote (today's rules refuse them on the way in)."""
    return "".join(
        ch if ch.isprintable() or ch in "\t" else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )
