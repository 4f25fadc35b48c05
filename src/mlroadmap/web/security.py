"""Page security: a strict Content-Security-Policy, CSRF tokens for form posts, safe Markdown.

* CSP: scripts, styles and images only from this server, no inline script, no framing.
* CSRF: each browser gets a random token in a cookie; every state-changing form carries the
  same token in a hidden field, and a post whose two copies differ is refused (403).
* Topic Markdown is rendered to HTML and sanitised with an allow-list (nh3), so curriculum text
  from a user's own folder cannot inject script.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

import nh3
from fastapi import Request
from markdown_it import MarkdownIt
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_COOKIE = "mlroadmap_csrf"
CSRF_FIELD = "csrf_token"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]
_markdown = MarkdownIt("commonmark")
_ALLOWED_TAGS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "code",
    "pre",
    "em",
    "strong",
    "a",
    "blockquote",
    "br",
    "hr",
}


def render_markdown(text: str) -> str:
    """Markdown to HTML with only harmless tags and attributes left."""
    return nh3.clean(
        _markdown.render(text),
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer",
    )


def csrf_token(request: Request) -> str:
    """The browser's token (from its cookie), or a new one to set."""
    return request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)


def csrf_valid(request: Request, form: Any) -> bool:
    cookie = request.cookies.get(CSRF_COOKIE, "")
    field = str(form.get(CSRF_FIELD, ""))
    return bool(cookie) and hmac.compare_digest(cookie, field)


class SecurityHeaders:
    """Add the CSP and its companion headers to every HTTP response (a plain ASGI middleware)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)
