"""`mlroadmap serve`: the web app and its JSON API on this machine."""

from __future__ import annotations

import typer

from mlroadmap.cli.common import fail, load_curriculum, open_store

GC_THRESHOLDS = (50_000, 20, 100)
"""Collect young objects every 50,000 allocations instead of 700: making one plan allocates
tens of thousands of short-lived objects, and at the default the collector ran dozens of times
per request and stretched the slowest requests tenfold (see docs/benchmarks.md)."""


def tune_for_serving() -> None:
    """Process settings for a long-running server, applied once the curriculum is loaded."""
    import gc

    gc.collect()
    gc.freeze()  # the curriculum lives as long as the server: keep it out of every collection
    gc.set_threshold(*GC_THRESHOLDS)


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    open_browser: bool = typer.Option(False, "--open", help="Open the app in your browser."),
) -> None:
    """Start the web app: pages at /, the JSON API under /api/v1, its documentation at /docs."""
    import threading
    import webbrowser

    import uvicorn

    from mlroadmap.web.app import create_app

    app = create_app(load_curriculum(), open_store())
    tune_for_serving()
    address = f"http://{host}:{port}/"
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(address,)).start()
    typer.echo(f"mlroadmap serving on {address} (Ctrl+C to stop)")
    try:
        # asyncio's own loop and the httptools parser: uvloop served some of 50 busy
        # connections far less often than others (p99 over ten times p50 in benchmarks/web.py).
        uvicorn.run(
            app, host=host, port=port, log_level="warning", loop="asyncio", http="httptools"
        )
    except OSError as exc:
        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
