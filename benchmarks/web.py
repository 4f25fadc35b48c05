"""A bounded load run against `mlroadmap serve` on loopback: requests per second and latency.

`wrk` (a C load generator, Debian package `wrk`) keeps 50 connections busy, each sending its
next request as soon as the last is answered, against three targets in turn: the roadmap graph
page, `POST /api/v1/plan` and a progress write. Each run is bounded by wrk's fixed duration
(10 s by default, after a 2 s warm-up); the table reports how many requests that made.
Targets (issue: the web app): p99 under 50 ms for reads and under 100 ms for writes on SQLite,
zero errors. Prints a Markdown table for
docs/benchmarks.md.

    python benchmarks/web.py [--seconds 10] [--clients 50] [--json]

The progress writes alternate between two statuses, so each one changes the store. The plan
endpoint is run twice: with five requests in turn (after the first of each, answers come from
the app's plan cache: the same request on the same day gets the same plan), and with a new
hours-per-week value on every request, so that each answer is planned from scratch.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx


@dataclass(frozen=True)
class Target:
    name: str
    kind: str
    p99_target_ms: float
    method: str
    path: str
    body: str
    """A Lua expression for the n-th request's body (`sent` counts requests), or "nil"."""


PLAN = '\'{"roadmap": "beginner", "hours_per_week": \' .. %s .. \', "start": "2027-01-04"}\''
TARGETS = [
    Target("roadmap graph page (GET /graph)", "read", 50, "GET", "/graph", "nil"),
    Target(
        "POST /api/v1/plan, 5 different requests in turn",
        "read",
        50,
        "POST",
        "/api/v1/plan",
        PLAN % "({6, 8, 10, 12, 15})[sent % 5 + 1]",
    ),
    Target(
        "POST /api/v1/plan, a new request each time",
        "read",
        50,
        "POST",
        "/api/v1/plan",
        PLAN % "string.format('%.3f', 6 + sent / 1000)",
    ),
    Target(
        "PUT /api/v1/progress/{topic} (SQLite write)",
        "write",
        100,
        "PUT",
        "/api/v1/progress/vectors",
        '({\'{"status": "done"}\', \'{"status": "in-progress"}\'})[sent % 2 + 1]',
    ),
]

SCRIPT = """
local sent = 0
wrk.method = "%(method)s"
wrk.headers["Content-Type"] = "application/json"

request = function()
  sent = sent + 1
  return wrk.format(nil, nil, nil, %(body)s)
end
"""


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


def lua_script(target: Target) -> str:
    return SCRIPT % {"body": target.body, "method": target.method}


def milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def parse_wrk(output: str) -> dict[str, Any]:
    """Requests, req/s, p50, p99 and errors from wrk's --latency report."""
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", output, flags=re.M))
    done = re.search(r"^\s+(\d+) requests in ([\d.]+)(\w+)", output, flags=re.M)
    assert done and latency, f"unexpected wrk output:\n{output}"
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    socket_errors = re.search(r"Socket errors: (.*)$", output, flags=re.M)
    if socket_errors:
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1)))
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    assert rps
    return {
        "requests": int(done.group(1)),
        "rps": round(float(rps.group(1)), 1),
        "p50_ms": round(milliseconds(latency["50"]), 1),
        "p99_ms": round(milliseconds(latency["99"]), 1),
        "errors": errors,
    }


def load(base: str, target: Target, seconds: int, clients: int, folder: Path) -> dict[str, Any]:
    script = folder / "target.lua"
    script.write_text(lua_script(target))
    command = [
        "wrk",
        "-t1",
        f"-c{clients}",
        f"-d{seconds}s",
        "--latency",
        "-s",
        str(script),
        base + target.path,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return parse_wrk(output)


def run(args: argparse.Namespace, base: str, folder: Path) -> list[dict[str, Any]]:
    monday = date.today() - timedelta(days=date.today().weekday())
    body = {"roadmap": "beginner", "hours_per_week": 10, "start": monday.isoformat()}
    httpx.post(base + "/api/v1/goal", json=body, timeout=30).raise_for_status()
    rows = []
    for target in TARGETS:
        load(base, target, 2, args.clients, folder)  # warm up
        result = load(base, target, args.seconds, args.clients, folder)
        met = result["p99_ms"] < target.p99_target_ms and result["errors"] == 0
        rows.append(
            {
                "target": target.name,
                "kind": target.kind,
                **result,
                "p99_target_ms": target.p99_target_ms,
                "met": met,
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="Length of each run.")
    parser.add_argument("--clients", type=int, default=50, help="Concurrent connections.")
    parser.add_argument("--json", action="store_true", help="Print the rows as JSON.")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    folder = Path(tempfile.mkdtemp())
    process, base = start_server(folder)
    try:
        rows = run(args, base, folder)
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
