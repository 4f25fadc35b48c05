"""Which curriculum folder a command uses: kept apart from the loader so that commands which
only need the path (and a cached index) start without the YAML parser or the content models."""

from __future__ import annotations

import os
from importlib import resources as package_files
from pathlib import Path

ENV_VAR = "MLROADMAP_CURRICULUM"

__all__ = ["ENV_VAR", "CurriculumNotFound", "builtin_path", "resolve_path"]


class CurriculumNotFound(Exception):
    """The given path is not a curriculum folder at all (a usage error, not a content fault)."""


def builtin_path() -> Path:
    """The curriculum shipped inside the package, as data in `mlroadmap/content/`."""
    return Path(str(package_files.files("mlroadmap") / "content"))


def resolve_path(path: str | Path | None) -> Path:
    """The folder to load: an explicit path, else $MLROADMAP_CURRICULUM, else the built-in one."""
    chosen = path if path is not None else os.environ.get(ENV_VAR) or None
    if chosen is None:
        return builtin_path()
    folder = Path(chosen).expanduser()
    if not folder.is_dir():
        raise CurriculumNotFound(f"no curriculum folder at {folder}: the path is not a directory")
    if not (folder / "topics").is_dir():
        raise CurriculumNotFound(
            f"no curriculum at {folder}: expected a 'topics/' folder inside it "
            "(see docs/curriculum-format.md)"
        )
    return folder
