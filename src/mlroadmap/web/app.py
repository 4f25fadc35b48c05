"""Build the web app: one FastAPI object over a curriculum and a progress store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles

from mlroadmap import __version__
from mlroadmap.model import Curriculum
from mlroadmap.store.progress import ProgressStore
from mlroadmap.web import api, errors, pages
from mlroadmap.web.security import CONTENT_SECURITY_POLICY

STATIC = Path(__file__).parent / "static"


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
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        if not request.url.path.startswith(("/docs", "/redoc")):
            response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    return app
