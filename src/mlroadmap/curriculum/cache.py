"""A validated curriculum kept as one JSON file in the user's cache folder.

Reading 180 Markdown files, parsing their YAML and checking the whole graph costs more than
everything else a quick command like `mlroadmap status` does. A curriculum that validated
without errors is saved with a fingerprint of its files (path, size, modification time); the
next run whose files have the same fingerprint reads that one file instead. Any change to a
file, or a new version of mlroadmap, makes a new fingerprint. A cache that cannot be read or
written is simply not used.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from mlroadmap import __version__

if TYPE_CHECKING:
    from mlroadmap.curriculum.model import Curriculum

ENV_VAR = "MLROADMAP_CACHE_DIR"


def cache_folder() -> Path:
    chosen = os.environ.get(ENV_VAR)
    if chosen:
        return Path(chosen)
    from platformdirs import user_cache_path

    return user_cache_path("mlroadmap", appauthor=False)


def fingerprint(root: Path) -> str:
    """A hash of every file's relative path, size and modification time, and the versions."""
    digest = hashlib.sha256(f"{__version__}|{sys.version_info[:2]}|{root}".encode())
    for folder, _, files in sorted(os.walk(root)):
        for name in sorted(files):
            path = Path(folder) / name
            try:
                stat = path.stat()
            except OSError:  # a dangling link or a loop: validate reports it; it has no content
                stat = path.lstat()
            digest.update(f"{path.relative_to(root)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _cache_file(root: Path, kind: str = "curriculum") -> Path:
    name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
    return cache_folder() / f"{kind}-{name}.json"


class TopicIndex:
    """Just the topic ids and their old ids: enough for commands that only read progress,
    and loaded without building the content models."""

    def __init__(self, aliases: dict[str, list[str]]) -> None:
        self.topics = set(aliases)
        self._renamed = {old: tid for tid, olds in aliases.items() for old in olds}

    def live_topic_id(self, topic_id: str) -> str | None:
        if topic_id in self.topics:
            return topic_id
        return self._renamed.get(topic_id)


def read_index(root: Path) -> TopicIndex | None:
    """The cached topic index for `root`, if its files have not changed."""
    import json

    try:
        stamp = fingerprint(root)
        with _cache_file(root, "index").open(encoding="utf-8") as handle:
            if handle.readline().strip() != stamp:
                return None
            return TopicIndex(json.loads(handle.read()))
    except (OSError, ValueError):
        return None


def read(root: Path) -> Curriculum | None:
    """The cached curriculum for `root` if its files have not changed since it was saved."""
    try:
        stamp = fingerprint(root)
        with _cache_file(root).open(encoding="utf-8") as handle:
            if handle.readline().strip() != stamp:
                return None
            from mlroadmap.curriculum.model import Curriculum

            return Curriculum.model_validate_json(handle.read())
    except (OSError, ValueError):
        return None


def write(root: Path, curriculum: Curriculum) -> None:
    """Save a curriculum that validated without errors, and its topic index."""
    _write_file(_cache_file(root), fingerprint(root), curriculum.model_dump_json())
    write_index(root, curriculum)


def index_of(curriculum: Curriculum) -> TopicIndex:
    return TopicIndex({tid: list(topic.aliases) for tid, topic in curriculum.topics.items()})


def write_index(root: Path, curriculum: Curriculum) -> None:
    import json

    aliases = {tid: list(topic.aliases) for tid, topic in curriculum.topics.items()}
    _write_file(_cache_file(root, "index"), fingerprint(root), json.dumps(aliases))


def _write_file(target: Path, stamp: str, body: str) -> None:
    """Replace `target` atomically; failures are ignored (the cache is only a shortcut)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=target.parent, delete=False, suffix=".tmp"
        ) as handle:
            handle.write(stamp + "\n" + body)
        os.replace(handle.name, target)
    except OSError:
        return
