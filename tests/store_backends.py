"""The databases the store tests run against: SQLite always, PostgreSQL when a server is given.

`MLROADMAP_TEST_PG_URL` names a PostgreSQL database the tests may wipe (`.ci/run` starts one).
Without it the PostgreSQL cases skip, except under CI=true, where they fail: CI must test both.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from mlroadmap.progress.store.engine import make_engine
from mlroadmap.progress.store.tables import metadata

PG_ENV = "MLROADMAP_TEST_PG_URL"
BACKENDS = ["sqlite", "postgresql"]


def fresh_engine(backend: str, tmp_path: Path) -> Engine:
    """An empty database of the given kind."""
    if backend == "sqlite":
        return make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{PG_ENV} is not set: CI must run the store tests on PostgreSQL too")
        pytest.skip(f"no PostgreSQL server ({PG_ENV} not set)")
    engine = make_engine(url)
    with engine.begin() as connection:
        metadata.drop_all(connection)
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    return engine
