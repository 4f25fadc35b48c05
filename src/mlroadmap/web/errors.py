"""Every API error is JSON `{"error": {"code", "message", "field"}}` with a 4xx status."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mlroadmap.progress.store.rules import StoreError
from mlroadmap.web.rendering import refused

MAX_BODY_BYTES = 64 * 1024


class ApiError(Exception):
    """A request the API refuses, with its HTTP status, a stable code and the field at fault."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field


def error_body(code: str, message: str, field: str | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "field": field}}


def _field(loc: tuple[Any, ...]) -> str | None:
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or None


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route accepts at this path (Starlette names only the first route's)."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match is not Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return sorted(methods)


class BodyLimit:
    """Refuse a request whose body is over MAX_BODY_BYTES with a 413 JSON error.

    The bytes are counted as they arrive, so a chunked body (no Content-Length) or one that
    lies about its length is cut off at the limit instead of being read whole. The body is
    read here, before any route runs, and handed on in one piece: a route never sees part of
    a body that is later refused. A plain ASGI middleware: Starlette's `BaseHTTPMiddleware`
    would cost a task and two memory streams on every request.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if not _length_allowed(scope):
            await _too_large(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                await _too_large(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(b"".join(chunks), receive), send)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that gives the whole body once, then whatever the client sends next."""
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def replayed() -> Message:
        return pending.pop() if pending else await receive()

    return replayed


async def _too_large(scope: Scope, receive: Receive, send: Send) -> None:
    response = JSONResponse(
        error_body("too-large", f"request bodies are limited to {MAX_BODY_BYTES} bytes"),
        status_code=413,
        headers={"Connection": "close"},
    )
    await response(scope, receive, send)


def _length_allowed(scope: Scope) -> bool:
    for name, value in scope["headers"]:
        if name == b"content-length":
            return value.isdigit() and int(value) <= MAX_BODY_BYTES
    return True


def install(app: FastAPI) -> None:
    """Register the handlers that turn every failure into the JSON error shape."""

    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(error_body(exc.code, exc.message, exc.field), status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        if first.get("type") == "json_invalid":
            return JSONResponse(
                error_body("malformed-json", "the request body is not valid JSON"),
                status_code=400,
            )
        field = _field(tuple(first.get("loc", ())))
        message = str(first.get("msg", "invalid value")).removeprefix("Value error, ")
        return JSONResponse(
            error_body("invalid", f"{field}: {message}" if field else message, field),
            status_code=422,
        )

    @app.exception_handler(StoreError)
    async def store_refused(request: Request, exc: StoreError) -> Any:
        """A write the store refuses (a control character, a value out of range ...): the same
        rules hold for every route and for an import, so any route may meet one. The API
        answers in JSON, a page with an error page."""
        if not request.url.path.startswith("/api/"):
            return refused(request, str(exc), 422)
        return JSONResponse(error_body("invalid", str(exc)), status_code=422)

    @app.exception_handler(Exception)
    async def server_error(_: Request, exc: Exception) -> JSONResponse:
        """A fault of ours still answers in the API's shape (and, through the app's outer
        middleware, with the security headers); the traceback goes to the server's log."""
        return JSONResponse(
            error_body("server-error", "something went wrong on the server; it is logged"),
            status_code=500,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(_allowed_methods(request))
        return JSONResponse(
            error_body(code, str(exc.detail)), status_code=exc.status_code, headers=headers
        )

    app.add_middleware(BodyLimit)
