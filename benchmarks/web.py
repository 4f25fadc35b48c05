"""A bounded load run against `mlroadmap serve` on loopback: requests per second and latency.

50 concurrent clients (one asyncio task each, sharing an httpx client) send a fixed number of
requests to each target in turn: the roadmap graph page, `POST /api/v1/plan` and a progress
write. Targets (issue: the web app): p99 under 50 ms for reads and under 100 ms for writes on
SQLite, zero errors. Prints a Markdown table for docs/benchmarks.md.

    python benchmarks/web.py [--requests 2000] [--clients 50] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

PLAN_BODY = {"roadmap": "beginner", "hours_per_week": 10, "start": "2027-01-04"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ,
        "MLROADMAP_DB": f"sqlite:///{folder / 'bench.db'}",
        "MLROADMAP_CACHE_DIR": str(folder / "cache"),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "mlroadmap", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            httpx.get(base + "/api/v1/roadmaps", timeout=1)
            return process, base
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the server did not start")


async def run(
    client: httpx.AsyncClient, method: str, url: str, body: Any, total: int, clients: int
) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    queue = iter(range(total))

    async def worker() -> None:
        nonlocal errors
        for _ in queue:
            begin = time.perf_counter()
            try:
                response = await client.request(method, url, json=body)
                if response.status_code >= 400:
                    errors += 1
            except httpx.HTTPError:
                errors += 1
            latencies.append(time.perf_counter() - begin)

    begin = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    elapsed = time.perf_counter() - begin
    latencies.sort()
    return {
        "requests": total,
        "rps": round(total / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1),
        "errors": errors,
    }


async def main_async(args: argparse.Namespace, base: str) -> list[dict[str, Any]]:
    monday = date.today() - timedelta(days=date.today().weekday())
    limits = httpx.Limits(max_connections=args.clients, max_keepalive_connections=args.clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        await client.post("/api/v1/goal", json={**PLAN_BODY, "start": monday.isoformat()})
        targets = [
            ("read", "roadmap graph page", "GET", "/graph", None, 0.050),
            (
                "read",
                "POST /api/v1/plan (beginner roadmap)",
                "POST",
                "/api/v1/plan",
                PLAN_BODY,
                0.050,
            ),
            (
                "write",
                "PUT /api/v1/progress/vectors",
                "PUT",
                "/api/v1/progress/vectors",
                {"status": "done"},
                0.100,
            ),
        ]
        rows = []
        for kind, name, method, url, body, target in targets:
            await run(client, method, url, body, min(200, args.requests), args.clients)  # warm up
            result = await run(client, method, url, body, args.requests, args.clients)
            met = result["p99_ms"] < target * 1000 and result["errors"] == 0
            rows.append(
                {"target": name, "kind": kind, **result, "p99_target_ms": target * 1000, "met": met}
            )
        return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="Requests per target.")
    parser.add_argument("--clients", type=int, default=50, help="Concurrent clients.")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    process, base = start_server(folder)
    try:
        rows = asyncio.run(main_async(args, base))
    finally:
        process.terminate()
        process.wait(timeout=10)
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print("| target | requests | req/s | p50 (ms) | p99 (ms) | p99 target (ms) | errors | met |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['target']} | {r['requests']} | {r['rps']} | {r['p50_ms']} | {r['p99_ms']} | "
            f"< {r['p99_target_ms']:g} | {r['errors']} | {'yes' if r['met'] else 'NO'} |"
        )


if __name__ == "__main__":
    main()
