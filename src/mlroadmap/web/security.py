"""Who may drive the server, and what a page may do: hosts, headers, CSRF, safe Markdown.

* Host check: only requests addressed to a name the server was started for (loopback names by
  default) are served; any other Host is refused with 400, so a web page that rebinds its own
  domain to 127.0.0.1 (DNS rebinding) cannot read or change a learner's progress.
* Headers on every response, errors and 500s included: a CSP with scripts, styles and images
  only from this server, no inline script and no framing (with X-Frame-Options for older
  browsers), nosniff and a same-origin referrer.
* Origin check: a write (POST, PUT, DELETE) whose Origin header names another site is refused
  with 403, whatever its content type, so no other site's page can change progress blind.
* CSRF: each browser gets a token signed with the server's secret in a SameSite cookie; every
  state-changing form carries it in a hidden field, and a post whose copies differ or whose
  signature is not the server's is refused (403). Another program on 127.0.0.1 can set the
  cookie (cookies ignore ports) but cannot sign a token.
* Topic Markdown is rendered to HTML and sanitised with an allow-list (nh3), so curriculum text
  from a user's own folder cannot inject script.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from typing import Any

import nh3
import orjson
from fastapi import Request
from markdown_it import MarkdownIt
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
"""The names a local server answers to unless it is started for more (`serve --allowed-host`)."""
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
    (b"x-frame-options", b"DENY"),
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


def _signature(secret: bytes, nonce: str) -> str:
    return hmac.new(secret, nonce.encode(), hashlib.sha256).hexdigest()


def signed_token(secret: bytes) -> str:
    """A new CSRF token: a random nonce and its HMAC under the server's secret."""
    nonce = secrets.token_urlsafe(24)
    return f"{nonce}.{_signature(secret, nonce)}"


def token_is_signed(secret: bytes, token: str) -> bool:
    nonce, _, signature = token.partition(".")
    return bool(nonce) and hmac.compare_digest(signature, _signature(secret, nonce))


def csrf_token(request: Request) -> str:
    """The browser's token while the server's secret signs it, else a new one to set."""
    secret: bytes = request.app.state.secret
    cookie = request.cookies.get(CSRF_COOKIE, "")
    return cookie if token_is_signed(secret, cookie) else signed_token(secret)


def csrf_valid(request: Request, form: Any) -> bool:
    """The form's token is the cookie's, and the server signed it."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    field = str(form.get(CSRF_FIELD, ""))
    return hmac.compare_digest(cookie, field) and token_is_signed(request.app.state.secret, field)


def host_name(header: str) -> str:
    """The name a Host header addresses, without its port: 'localhost:8000' -> 'localhost',
    '[::1]:8000' -> '::1'; lower case, a trailing dot dropped."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[1:].partition("]")[0]
    name, colon, port = value.rpartition(":")
    if colon and port.isdigit() and ":" not in name:
        value = name
    return value.removesuffix(".")


class HostCheck:
    """Serve only requests whose Host header names this server, and take writes only from its
    own pages (a plain ASGI middleware).

    Without the host check a page on any website can rebind its domain to 127.0.0.1 and then
    read and write the learner's progress as if it were this app (DNS rebinding). Without the
    origin check a page on another site could still post to 127.0.0.1 blind (a form or a
    no-cors fetch needs no preflight); browsers name the page's origin on every such post.
    """

    def __init__(self, app: ASGIApp, allowed: Iterable[str]) -> None:
        self.app = app
        self.allowed = frozenset(host_name(name) for name in allowed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        refusal = self.refusal(scope) if scope["type"] == "http" else None
        if refusal is None:
            await self.app(scope, receive, send)
        else:
            await _refuse(send, *refusal)

    def refusal(self, scope: Scope) -> tuple[int, str, str] | None:
        """(status, code, message) when the request must not reach the app, else None."""
        headers = dict(scope["headers"])
        host = host_name(headers.get(b"host", b"").decode("latin-1"))
        if host not in self.allowed:
            return (
                400,
                "bad-host",
                f"this server does not answer to the host name {host or '(none)'!r}; use "
                "http://127.0.0.1 or http://localhost, or start it with "
                "`mlroadmap serve --allowed-host NAME`",
            )
        origin = headers.get(b"origin")
        if scope["method"] in SAFE_METHODS or origin is None:
            return None
        if _origin_host(origin.decode("latin-1")) in self.allowed:
            return None
        return (
            403,
            "cross-origin",
            "writes are accepted only from this app's own pages, not from another site",
        )


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _origin_host(origin: str) -> str:
    """The host of an Origin header ('http://localhost:8000' -> 'localhost'); '' for 'null'."""
    scheme, separator, rest = origin.partition("://")
    return host_name(rest) if separator and scheme in ("http", "https") else ""


async def _refuse(send: Send, status: int, code: str, message: str) -> None:
    body = orjson.dumps({"error": {"code": code, "message": message, "field": None}})
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


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
