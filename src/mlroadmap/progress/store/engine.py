"""Opening the store: which database, connection settings, and migrating it to the latest schema.

SQLite connections get WAL journaling (readers never block the writer, and a killed process
leaves the database consistent), foreign keys on, and a busy timeout so two processes writing
at once wait for each other instead of failing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

ENV_VAR = "MLROADMAP_DB"
SQLITE_BUSY_TIMEOUT_MS = 10_000


def default_url() -> str:
    """A SQLite file in the platform's user data folder (created if needed)."""
    from platformdirs import user_data_path

    folder = user_data_path("mlroadmap", appauthor=False, ensure_exists=True)
    return f"sqlite:///{Path(folder) / 'mlroadmap.db'}"


def resolve_url(url: str | None = None) -> str:
    """--db first, then $MLROADMAP_DB, then the default SQLite file."""
    return url or os.environ.get(ENV_VAR) or default_url()


def _sqlite_settings(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_settings)
    return engine
