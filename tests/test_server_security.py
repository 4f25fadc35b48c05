"""The local server cannot be driven by other sites or other hosts: Host check (DNS rebinding),
body bytes counted as they arrive, loopback only unless told, signed CSRF tokens, and the
security headers on every response, errors and 500s included."""

from __future__ import annotations

import re
import select
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from mlroadmap.cli.app import app as cli
from mlroadmap.curriculum.source import open_curriculum
from mlroadmap.progress.store.engine import make_engine
from mlroadmap.progress.store.progress import ProgressStore
from mlroadmap.web.app import create_app
from mlroadmap.web.errors import MAX_BODY_BYTES
from mlroadmap.web.security import CSRF_COOKIE, host_name, signed_token

from .conftest import EXAMPLE
from .serving import LOCAL, local_client, running_server

HEADERS = {"content-security-policy", "x-content-type-options", "x-frame-options"}


@pytest.fixture
def store(tmp_path: Path) -> ProgressStore:
    return ProgressStore(make_engine(f"sqlite:///{tmp_path / 'p.db'}"))


@pytest.fixture
def client(store: ProgressStore) -> Iterator[TestClient]:
    with local_client(store) as test_client:
        yield test_client


def token_on(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "no CSRF token on the page"
    return found.group(1)


def has_security_headers(response: Any) -> bool:
    return set(response.headers) >= HEADERS and response.headers["x-frame-options"] == "DENY"


# DNS rebinding -----------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example"])
def test_another_host_name_can_neither_read_nor_write(
    client: TestClient, store: ProgressStore, host: str
) -> None:
    read = client.get("/api/v1/export/progress", headers={"Host": host})
    assert read.status_code == 400 and read.json()["error"]["code"] == "bad-host"
    assert "mlroadmap serve --allowed-host" in read.json()["error"]["message"]
    assert has_security_headers(read)
    write = client.put("/api/v1/progress/vectors", json={"status": "done"}, headers={"Host": host})
    assert write.status_code == 400
    page = client.get("/", headers={"Host": host})
    assert page.status_code == 400
    assert store.statuses() == {}, "a refused request saves nothing"


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost", "LOCALHOST:8000", "[::1]:8000"])
def test_loopback_names_are_served(client: TestClient, store: ProgressStore, host: str) -> None:
    saved = client.put("/api/v1/progress/vectors", json={"status": "done"}, headers={"Host": host})
    assert saved.status_code == 200, saved.text
    assert store.statuses() == {"vectors": "done"}


def test_host_names_are_read_without_port_case_or_trailing_dot() -> None:
    assert host_name("LocalHost:8000") == "localhost"
    assert host_name("[::1]:8000") == "::1"
    assert host_name("localhost.") == "localhost"
    assert host_name("127.0.0.1") == "127.0.0.1"
    assert host_name("") == ""


def test_the_names_the_server_is_started_for_are_served(store: ProgressStore) -> None:
    app = create_app(open_curriculum(EXAMPLE), store, allowed_hosts=["study.lan"])
    with TestClient(app, base_url="http://study.lan", raise_server_exceptions=False) as other:
        assert other.get("/api/v1/roadmaps").status_code == 200
        assert other.get("/api/v1/roadmaps", headers={"Host": "localhost"}).status_code == 400


@contextmanager
def live_connection(folder: Path) -> Iterator[socket.socket]:
    """A raw socket to a real `mlroadmap serve`, to send what no HTTP client library would."""
    with running_server(folder) as base:
        port = int(base.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
            yield connection


def test_a_live_server_refuses_a_rebound_host(tmp_path: Path) -> None:
    """Over a real socket, as a browser would send it after rebinding evil.example."""
    with live_connection(tmp_path) as connection:
        connection.sendall(
            b"GET /api/v1/export/progress HTTP/1.1\r\nHost: evil.example\r\n"
            b"Connection: close\r\n\r\n"
        )
        reply = b""
        while chunk := connection.recv(65536):
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 400"), reply[:200]
    assert b'"bad-host"' in reply and b"mlroadmap-progress" not in reply


# Writes from other sites -------------------------------------------------------------------


@pytest.mark.parametrize(
    "origin", ["http://evil.example", "null", "https://127.0.0.1.evil.example"]
)
@pytest.mark.parametrize("content_type", [None, "text/plain", "application/json"])
def test_another_site_cannot_post_blind(
    client: TestClient, store: ProgressStore, origin: str, content_type: str | None
) -> None:
    """A page elsewhere can send a form or a no-cors fetch to 127.0.0.1 without a preflight
    (and without a Content-Type at all); the browser names its origin, and that is refused."""
    headers = {"Origin": origin, **({"Content-Type": content_type} if content_type else {})}
    response = client.post("/api/v1/progress/vectors/log", content=b'{"hours": 1}', headers=headers)
    assert response.status_code == 403 and response.json()["error"]["code"] == "cross-origin"
    form = client.post("/progress/vectors", data={"status": "done"}, headers={"Origin": origin})
    assert form.status_code == 403
    assert store.sessions() == [] and store.statuses() == {}


def test_the_apps_own_pages_and_reads_from_anywhere_are_served(client: TestClient) -> None:
    own = client.post("/api/v1/progress/vectors/log", json={"hours": 1}, headers={"Origin": LOCAL})
    assert own.status_code == 200, own.text
    read = client.get("/api/v1/roadmaps", headers={"Origin": "http://evil.example"})
    assert read.status_code == 200 and "access-control-allow-origin" not in read.headers


# Body limit --------------------------------------------------------------------------------


def test_a_chunked_body_over_the_limit_is_cut_off(client: TestClient, store: ProgressStore) -> None:
    """No Content-Length: the bytes are counted as they arrive (that reading stops at the
    limit is shown over a real socket below; the test client sends the whole body first)."""

    def body() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(4 * MAX_BODY_BYTES // 1024):
            yield b"x" * 1024
        yield b'"}'

    response = client.post(
        "/api/v1/progress/vectors/notes",
        content=body(),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413, response.text
    assert response.json()["error"]["code"] == "too-large"
    assert has_security_headers(response)
    assert store.notes("vectors") == [], "the route never ran on part of the body"


def test_a_chunked_body_under_the_limit_is_read_whole(client: TestClient) -> None:
    def body() -> Iterator[bytes]:
        yield b'{"status": '
        yield b'"done"}'

    response = client.put(
        "/api/v1/progress/vectors", content=body(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 200, response.text


def test_a_live_server_stops_reading_a_huge_chunked_body(tmp_path: Path) -> None:
    """200 MB offered without a Content-Length: the server answers 413 long before the end,
    instead of reading it all into memory."""
    with live_connection(tmp_path) as connection:
        connection.sendall(
            b"PUT /api/v1/progress/vectors HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        chunk = b"x" * 65536
        framed = b"%x\r\n%s\r\n" % (len(chunk), chunk)
        sent = 0
        started = time.monotonic()
        try:
            while sent < 200 * 1024 * 1024 and time.monotonic() - started < 20:
                connection.sendall(framed)
                sent += len(chunk)
                if select.select([connection], [], [], 0)[0]:
                    break  # the server has answered: read it before it closes
        except OSError:
            pass  # the server answered and closed: exactly what should happen
        reply = connection.recv(65536)
    assert reply.startswith(b"HTTP/1.1 413"), reply[:200]
    assert sent < 200 * 1024 * 1024, "the server kept reading the whole body"


# Loopback only unless told -----------------------------------------------------------------


@pytest.fixture
def no_serving(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[dict[str, Any]]:
    import uvicorn

    served: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.append(options))
    monkeypatch.setattr("mlroadmap.cli.serve_cmd.tune_for_serving", lambda: None)
    monkeypatch.setenv("MLROADMAP_DB", f"sqlite:///{tmp_path / 'p.db'}")
    return served


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "[::]", "192.168.1.20", "example.com"])
def test_serving_beyond_loopback_is_refused_without_the_flag(
    no_serving: list[dict[str, Any]], host: str
) -> None:
    result = CliRunner().invoke(cli, ["serve", "--host", host])
    assert result.exit_code == 2
    assert "--unsafe-network" in result.output and "read and change" in result.output
    assert no_serving == [], "nothing was served"


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_addresses_serve_without_a_warning(
    no_serving: list[dict[str, Any]], host: str
) -> None:
    result = CliRunner().invoke(cli, ["serve", "--host", host])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    assert no_serving[0]["host"] == host


def test_the_flag_serves_the_network_with_a_warning(no_serving: list[dict[str, Any]]) -> None:
    result = CliRunner().invoke(
        cli, ["serve", "--host", "0.0.0.0", "--unsafe-network", "--allowed-host", "study.lan"]
    )
    assert result.exit_code == 0, result.output
    assert "warning: serving on '0.0.0.0'" in result.output
    assert no_serving[0]["host"] == "0.0.0.0"


# CSRF ---------------------------------------------------------------------------------------


def test_a_token_another_program_planted_is_refused(
    client: TestClient, store: ProgressStore
) -> None:
    """Another app on 127.0.0.1 can set our cookie (cookies ignore ports) and post a form with
    the same value: both copies match, but the server never signed it."""
    client.cookies.set(CSRF_COOKIE, "planted")
    forged = client.post(
        "/progress/vectors", data={"csrf_token": "planted", "status": "done", "next": "/"}
    )
    assert forged.status_code == 403
    other_server = signed_token(b"another server's secret")
    client.cookies.set(CSRF_COOKIE, other_server)
    forged = client.post(
        "/progress/vectors", data={"csrf_token": other_server, "status": "done", "next": "/"}
    )
    assert forged.status_code == 403
    assert store.statuses() == {}


def test_a_token_the_server_signed_works_and_a_planted_cookie_is_replaced(
    client: TestClient, store: ProgressStore
) -> None:
    client.cookies.set(CSRF_COOKIE, "planted")
    page = client.get("/topics/vectors")
    token = token_on(page.text)
    assert token != "planted" and page.cookies.get(CSRF_COOKIE) == token
    saved = client.post(
        "/progress/vectors",
        data={"csrf_token": token, "status": "done", "next": "/plan"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert store.statuses() == {"vectors": "done"}


def test_a_restarted_server_asks_for_a_reload_then_works(store: ProgressStore) -> None:
    before = create_app(open_curriculum(EXAMPLE), store)
    with TestClient(before, base_url=LOCAL) as browser:
        token = token_on(browser.get("/topics/vectors").text)
        cookies = dict(browser.cookies)
    after = create_app(open_curriculum(EXAMPLE), store)
    with TestClient(after, base_url=LOCAL, cookies=cookies) as browser:
        stale = browser.post("/progress/vectors", data={"csrf_token": token, "status": "done"})
        assert stale.status_code == 403 and "reload the page" in stale.text
        fresh = token_on(browser.get("/topics/vectors").text)
        saved = browser.post(
            "/progress/vectors", data={"csrf_token": fresh, "status": "done", "next": "/"}
        )
        assert saved.status_code == 200
    assert store.statuses() == {"vectors": "done"}


# Headers on every response -----------------------------------------------------------------


def test_every_kind_of_response_carries_the_security_headers(client: TestClient) -> None:
    assert has_security_headers(client.get("/"))
    assert has_security_headers(client.get("/api/v1/topics/no-such-topic"))
    assert has_security_headers(client.get("/no-such-page"))
    assert has_security_headers(client.post("/api/v1/plan", content=b"{not json"))


def test_a_server_fault_is_a_json_500_with_the_security_headers(
    store: ProgressStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(open_curriculum(EXAMPLE), store)

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(store, "statuses", broken)
    with TestClient(app, base_url=LOCAL, raise_server_exceptions=False) as test_client:
        response = test_client.get("/api/v1/progress")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "server-error"
    assert "a bug" not in response.text, "no internals leak to the client"
    assert has_security_headers(response)
