"""`mlroadmap serve`: the web app and its JSON API on this machine."""

from __future__ import annotations

import typer

from mlroadmap.cli.common import fail, load_curriculum, open_store


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
    address = f"http://{host}:{port}/"
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(address,)).start()
    typer.echo(f"mlroadmap serving on {address} (Ctrl+C to stop)")
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    except OSError as exc:
        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
