"""Build the web app: one FastAPI object over a curriculum and a progress store."""

from __future__ import annotations

import secrets
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp

from mlroadmap import __version__
from mlroadmap.curriculum.model import Curriculum
from mlroadmap.progress.store.progress import ProgressStore
from mlroadmap.web import api, assessment, errors, pages, placement_api
from mlroadmap.web.page_cache import PageCache
from mlroadmap.web.security import LOOPBACK_HOSTS, HostCheck, SecurityHeaders

STATIC = Path(__file__).parent / "static"
DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>mlroadmap API</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/static/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/docs-init.js"></script></body></html>"""


class GuardedApp(FastAPI):
    """FastAPI with the host check and the security headers outside everything else, so that
    they hold for every response: refusals, 404s and the 500 of an unexpected fault included
    (middleware added the usual way sits inside Starlette's error handler)."""

    allowed_hosts: frozenset[str] = LOOPBACK_HOSTS

    def build_middleware_stack(self) -> ASGIApp:
        return SecurityHeaders(HostCheck(super().build_middleware_stack(), self.allowed_hosts))


def create_app(
    curriculum: Curriculum,
    store: ProgressStore,
    allowed_hosts: Iterable[str] = LOOPBACK_HOSTS,
    secret: bytes | None = None,
) -> FastAPI:
    """The app the CLI hands to uvicorn, and tests call in process.

    `allowed_hosts` are the host names it answers to (loopback names unless the CLI is told
    more); `secret` signs CSRF tokens (a new random one by default: a restart asks open forms
    to be reloaded).
    """
    app = GuardedApp(
        docs_url=None,
        redoc_url=None,
        title="mlroadmap",
        version=__version__,
        description="Your machine-learning learning path: curriculum, plans and progress.",
    )
    app.allowed_hosts = frozenset(allowed_hosts)
    app.state.secret = secret or secrets.token_bytes(32)
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

    return app
