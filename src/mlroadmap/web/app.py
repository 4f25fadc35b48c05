"""Build the web app: one FastAPI object over a curriculum and a progress store."""

from __future__ import annotations

from fastapi import FastAPI

from mlroadmap import __version__
from mlroadmap.model import Curriculum
from mlroadmap.store.progress import ProgressStore
from mlroadmap.web import api, errors


def create_app(curriculum: Curriculum, store: ProgressStore) -> FastAPI:
    """The app the CLI hands to uvicorn, and tests call in process."""
    app = FastAPI(
        title="mlroadmap",
        version=__version__,
        description="Your machine-learning learning path: curriculum, plans and progress.",
    )
    app.state.curriculum = curriculum
    app.state.store = store
    app.state.search_index = None
    errors.install(app)
    app.include_router(api.router)
    return app
