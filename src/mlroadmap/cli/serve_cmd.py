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


NETWORK_RISK = (
    "anyone who can reach this address can read and change every learner's progress here: "
    "local mode has no accounts"
)


def is_loopback(host: str) -> bool:
    """Whether an address to listen on is reachable from this machine only."""
    import ipaddress

    if host.strip().lower().removesuffix(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name other than localhost may resolve to any address


def is_wildcard(host: str) -> bool:
    return host.strip("[]") in ("0.0.0.0", "::", "")


def host_names(host: str, extra: list[str]) -> list[str]:
    """The Host header names the server answers to: loopback names, the address it listens on
    (unless that is every address) and any the learner names."""
    from mlroadmap.web.security import LOOPBACK_HOSTS

    names = [*LOOPBACK_HOSTS, *extra]
    return names if is_wildcard(host) else [*names, host.strip("[]")]


def serve(
    host: str = typer.Option(
        "127.0.0.1",
        "--host",
        help="Address to listen on. Only loopback addresses unless --unsafe-network is given.",
    ),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    open_browser: bool = typer.Option(False, "--open", help="Open the app in your browser."),
    unsafe_network: bool = typer.Option(
        False,
        "--unsafe-network",
        help=f"Allow a --host that other machines can reach. A{NETWORK_RISK[1:]}.",
    ),
    allowed_host: list[str] = typer.Option(
        [],
        "--allowed-host",
        metavar="NAME",
        help="Also answer requests addressed to this host name (repeatable); others get 400.",
    ),
) -> None:
    """Start the web app: pages at /, the JSON API under /api/v1, its documentation at /docs."""
    import threading
    import webbrowser

    import uvicorn

    from mlroadmap.web.app import create_app

    host = host.strip().strip("[]")  # an IPv6 address may come as [::1]
    if not is_loopback(host):
        if not unsafe_network:
            fail(
                f"refusing to serve on {host!r}: other machines could reach it, and "
                f"{NETWORK_RISK}. Use the default 127.0.0.1, or add --unsafe-network if you "
                "mean it"
            )
        typer.echo(f"warning: serving on {host!r}: {NETWORK_RISK}.", err=True)
        if is_wildcard(host) and not allowed_host:
            typer.echo(
                "note: only requests addressed to a loopback name are answered; name this "
                "machine's address with --allowed-host to reach it from another one",
                err=True,
            )
    app = create_app(load_curriculum(), open_store(), allowed_hosts=host_names(host, allowed_host))
    tune_for_serving()
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{shown}:{port}/"
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
