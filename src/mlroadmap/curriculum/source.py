"""The curriculum a face works on: found, loaded, checked, and cached while unchanged.

Both faces call `open_curriculum`: a curriculum with errors is refused as a whole, so no command
or page ever works on a graph with a cycle or a dangling link (warnings do not stop anything).
"""

from __future__ import annotations

from pathlib import Path

from mlroadmap.curriculum import cache
from mlroadmap.curriculum.location import resolve_path
from mlroadmap.curriculum.model import Curriculum
from mlroadmap.curriculum.problems import Problem


class CurriculumInvalid(ValueError):
    """The curriculum has errors; `problems` lists them (the message names the first)."""

    def __init__(self, root: Path, problems: list[Problem]) -> None:
        first = problems[0]
        super().__init__(
            f"the curriculum at {root} has {len(problems)} error(s), first: "
            f"{first.location()}: {first.message}; run 'mlroadmap validate' for all of them"
        )
        self.problems = problems


def open_curriculum(path: str | Path | None = None) -> Curriculum:
    """The validated curriculum at `path` ($MLROADMAP_CURRICULUM, or the built-in one).

    Raises CurriculumNotFound for a path that is not a curriculum, CurriculumInvalid for one
    with errors.
    """
    root = resolve_path(path)
    cached = cache.read(root)
    if cached is not None:
        return cached
    from mlroadmap.curriculum.loader import load
    from mlroadmap.curriculum.validate import check

    result = load(root)
    errors = [p for p in check(result) if p.is_error]
    if errors:
        raise CurriculumInvalid(root, errors)
    cache.write(root, result.curriculum)
    return result.curriculum
