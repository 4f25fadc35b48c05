"""Rendering pages: templates, the CSRF token in every form, and refusals as pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from mlroadmap.web.page_cache import CSRF_SLOT
from mlroadmap.web.security import CSRF_COOKIE, CSRF_FIELD, csrf_token, render_markdown

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.filters["markdown"] = render_markdown


def html_of(name: str, context: dict[str, Any]) -> str:
    """A template rendered with the CSRF placeholder in place of the visitor's token."""
    return templates.get_template(name).render(
        {**context, "csrf_field": CSRF_FIELD, "csrf_token": CSRF_SLOT}
    )


def respond(request: Request, html: str, status_code: int = 200) -> HTMLResponse:
    """The page with this visitor's CSRF token filled in, and the cookie that carries it."""
    token = csrf_token(request)
    response = HTMLResponse(html.replace(CSRF_SLOT, token), status_code=status_code)
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict")
    return response


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> Any:
    return respond(request, html_of(name, context), status_code)


def refused(request: Request, message: str, status_code: int = 400) -> Any:
    """An error page saying what is wrong, with a 4xx status."""
    return render(request, "error.html", {"message": message}, status_code)
