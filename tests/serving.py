"""The web app for tests: in process over a store (`local_client`), or `mlroadmap serve` as a
real process on a free loopback port (`running_server`) for the tests that need one."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

    from mlroadmap.progress.store.progress import ProgressStore

STARTUP_SECONDS = 15
LOCAL = "http://127.0.0.1:8000"
"""The address in-process requests are made to: loopback, as a local browser's are."""


@contextmanager
def local_client(store: ProgressStore) -> Iterator[TestClient]:
    """The app over `store` and the example curriculum, asked as a local browser would; a
    server error comes back as the 500 response a browser would get, not as an exception."""
    from fastapi.testclient import TestClient

    from mlroadmap.curriculum.source import open_curriculum
    from mlroadmap.web.app import create_app

    from .conftest import EXAMPLE

    app = create_app(open_curriculum(EXAMPLE), store)
    with TestClient(app, base_url=LOCAL, raise_server_exceptions=False) as client:
        yield client


@contextmanager
def running_server(folder: Path) -> Iterator[str]:
    """Yield the base URL of a server whose store and cache live in `folder`; stop it after."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "MLROADMAP_DB": f"sqlite:///{folder / 'p.db'}",
        "MLROADMAP_CACHE_DIR": str(folder / "cache"),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "mlroadmap", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                httpx.get(base + "/api/v1/roadmaps", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    pytest.fail(f"the server did not answer within {STARTUP_SECONDS} s")
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
