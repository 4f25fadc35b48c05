"""Build the web app: one FastAPI object over a curriculum and a progress store."""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from mlroadmap import __version__
from mlroadmap.curriculum.model import Curriculum
from mlroadmap.progress.store.progress import ProgressStore
from mlroadmap.web import api, assessment, errors, pages, placement_api
from mlroadmap.web.page_cache import PageCache
from mlroadmap.web.security import SecurityHeaders

STATIC = Path(__file__).parent / "static"
DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>mlroadmap API</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/static/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/docs-init.js"></script></body></html>"""


def create_app(curriculum: Curriculum, store: ProgressStore) -> FastAPI:
    """The app the CLI hands to uvicorn, and tests call in process."""
    app = FastAPI(
        docs_url=None,
        redoc_url=None,
        title="mlroadmap",
        version=__version__,
        description="Your machine-learning learning path: curriculum, plans and progress.",
    )
    app.state.curriculum = curriculum
    app.state.store = store
    app.state.pages = PageCache(store)
    app.state.plans = OrderedDict()
    app.state.assessments = OrderedDict()
    errors.install(app)
    app.include_router(api.router)
    app.include_router(placement_api.router)
    app.include_router(pages.router)
    app.include_router(assessment.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/docs", include_in_schema=False)
    async def api_docs() -> HTMLResponse:
        """Interactive API documentation from the vendored Swagger UI (no CDN)."""
        return HTMLResponse(DOCS_PAGE)

    app.add_middleware(SecurityHeaders)

    return app
