"""What reaches the store is held to the same rules whichever way it comes: a live write over
the API, the CLI, or an imported backup; the same on SQLite and PostgreSQL. A refused request
is a 4xx JSON error (or exit 2) and changes nothing."""

from __future__ import annotations

import copy
import json
import math
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mlroadmap.cli.app import app as cli
from mlroadmap.progress.store.backup import export_progress, import_progress, parse_backup
from mlroadmap.progress.store.engine import make_engine
from mlroadmap.progress.store.progress import ProgressStore, StoreError

from .serving import local_client
from .store_backends import BACKENDS, fresh_engine

STORES = Path(__file__).resolve().parent / "fixtures" / "stores"
BACKUP = json.loads((STORES / "rev0003-default.json").read_text(encoding="utf-8"))
"""A real backup, written by the 0.1.0 release: a goal replanned once, sessions, statuses,
a note, a link and quiz answers."""
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ProgressStore]:
    engine = fresh_engine(request.param, tmp_path)
    yield ProgressStore(engine)
    engine.dispose()


@pytest.fixture
def client(store: ProgressStore) -> Iterator[TestClient]:
    with local_client(store) as test_client:
        yield test_client


def nothing_saved(store: ProgressStore) -> bool:
    return (
        store.active_goal() is None
        and store.statuses() == {}
        and store.sessions() == []
        and store.notes("vectors") == []
        and store.links("vectors") == []
    )


def refused_json(response: Any, status: int = 422) -> None:
    assert response.status_code == status, response.text
    assert set(response.json()["error"]) == {"code", "message", "field"}


# The API: numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"topics": ["vectors"], "hours_per_week": 1e-320},
        {"topics": ["vectors"], "schedule": {"mon": 1e-320}},
        {"topics": ["vectors"], "hours_per_week": True},
        {"topics": ["vectors"], "hours_per_week": 5, "max_parallel": True},
        {"topics": ["vectors"], "hours_per_week": 5, "max_parallel": 10**20},
    ],
)
def test_plan_and_goal_refuse_budgets_that_overflow(
    client: TestClient, store: ProgressStore, body: dict[str, Any]
) -> None:
    refused_json(client.post("/api/v1/plan", json=body))
    refused_json(client.post("/api/v1/goal", json=body))
    assert nothing_saved(store)


def test_a_boolean_is_not_a_number_of_hours(client: TestClient, store: ProgressStore) -> None:
    refused_json(client.post("/api/v1/progress/vectors/log", json={"hours": True}))
    assert store.sessions() == []
    assert client.post("/api/v1/progress/vectors/log", json={"hours": 1}).status_code == 200
    assert [s["hours"] for s in store.sessions()] == [1.0]


def test_non_finite_numbers_are_refused(client: TestClient, store: ProgressStore) -> None:
    for hours in ("NaN", "Infinity", "-Infinity"):
        body = f'{{"hours": {hours}}}'.encode()
        response = client.post(
            "/api/v1/progress/vectors/log",
            content=body,
            headers={"Content-Type": "application/json"},
        )
        assert 400 <= response.status_code < 500, response.text
    assert store.sessions() == []


# The API: text --------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["nul\x00byte", "escape \x1b[31mred", "bell\x07"])
def test_control_characters_are_refused_on_both_stores(
    client: TestClient, store: ProgressStore, bad: str
) -> None:
    """PostgreSQL refuses NUL where SQLite takes it: both now refuse it, and every other
    control character, at the edge (so a SQLite backup always restores on PostgreSQL)."""
    refused_json(client.post("/api/v1/progress/vectors/notes", json={"text": bad}))
    refused_json(client.post("/api/v1/progress/vectors/log", json={"hours": 1, "note": bad}))
    link = {"url": "https://example.org/x", "title": bad}
    refused_json(client.post("/api/v1/progress/vectors/links", json=link))
    refused_json(client.post("/api/v1/progress/vectors/links", json={"url": f"https://{bad}.org"}))
    assert nothing_saved(store)
    kept = "two lines\n\twith a tab"
    assert client.post("/api/v1/progress/vectors/notes", json={"text": kept}).status_code == 200
    assert store.notes("vectors") == [kept]


def test_the_store_itself_refuses_what_the_faces_would(store: ProgressStore) -> None:
    from datetime import date

    for write in (
        lambda: store.log("vectors", 25, date(2026, 1, 5)),
        lambda: store.log("vectors", math.nan, date(2026, 1, 5)),
        lambda: store.log("vectors", True, date(2026, 1, 5)),
        lambda: store.log("vectors", 1, date(9999, 12, 31)),
        lambda: store.add_link("vectors", "javascript:alert(1)"),
        lambda: store.add_link("vectors", "file:///etc/passwd"),
        lambda: store.add_note("vectors", "a\x00b"),
        lambda: store.set_status(["bad\x1bid"], "done"),
    ):
        with pytest.raises(StoreError):
            write()
    assert nothing_saved(store)


# Imports -----------------------------------------------------------------------------------


def mutated(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    backup = copy.deepcopy(BACKUP)
    change(backup)
    return backup


def _set(path: tuple[str | int, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(backup: dict[str, Any]) -> None:
        node: Any = backup
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value

    return change


def _duplicate_progress(backup: dict[str, Any]) -> None:
    backup["progress"].append(dict(backup["progress"][0]))


BAD_IMPORTS = {
    "an empty plan document": _set(("goals", 0, "plans", 0, "document"), {}),
    "a plan document without weeks": lambda b: b["goals"][0]["plans"][0]["document"].pop("weeks"),
    "NaN hours in a plan": _set(
        ("goals", 0, "plans", 0, "document", "weeks", 0, "hours"), math.nan
    ),
    "Infinity in a schedule": _set(("goals", 0, "day_hours", 0), math.inf),
    "max_parallel of 1e20": _set(("goals", 0, "max_parallel"), 10**20),
    "a topic with two statuses": _duplicate_progress,
    "a session of 1e308 hours": _set(("sessions", 0, "hours"), 1e308),
    "a session of 25 hours": _set(("sessions", 0, "hours"), 25),
    "a session of true hours": _set(("sessions", 0, "hours"), True),
    "a session on 9999-12-31": _set(("sessions", 0, "day"), "9999-12-31"),
    "a javascript: link": _set(("links", 0, "url"), "javascript:alert(1)"),
    "a note with NUL": _set(("notes", 0, "text"), "a\x00b"),
    "a link title with an escape": _set(("links", 0, "title"), "\x1b[31mred"),
    "an answer with NUL": _set(("answers", 0, "given"), "1\x00"),
}


def test_the_real_backup_imports_and_reads_back(store: ProgressStore) -> None:
    import_progress(store, parse_backup(copy.deepcopy(BACKUP)))
    assert export_progress(store) == BACKUP


@pytest.mark.parametrize("fault", sorted(BAD_IMPORTS))
def test_an_import_applies_the_rules_of_a_live_write(store: ProgressStore, fault: str) -> None:
    document = json.loads(json.dumps(mutated(BAD_IMPORTS[fault])))
    with pytest.raises(StoreError, match="not a valid progress backup"):
        import_progress(store, parse_backup(document))
    assert nothing_saved(store)


@pytest.mark.parametrize("fault", sorted(BAD_IMPORTS))
def test_the_import_command_refuses_the_whole_file(tmp_path: Path, fault: str) -> None:
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(mutated(BAD_IMPORTS[fault])), encoding="utf-8")
    db = ["--db", f"sqlite:///{tmp_path / 'p.db'}"]
    result = CliRunner().invoke(cli, [*db, "import", str(path)])
    assert result.exit_code == 2 and "not a valid progress backup" in result.stderr
    status = CliRunner().invoke(cli, [*db, "status"])
    assert status.exit_code == 2 and "no goal" in status.stderr


@pytest.mark.parametrize("kind", ["note", "link", "answer"])
def test_empty_means_empty(store: ProgressStore, kind: str) -> None:
    from mlroadmap.progress.store.progress import Answer

    if kind == "note":
        store.add_note("vectors", "mine")
    elif kind == "link":
        store.add_link("vectors", "https://example.org/mine")
    else:
        store.record_answer(Answer("vectors-1", "vectors", True, "12"), "quiz")
    before = export_progress(store)
    with pytest.raises(StoreError, match="is not empty"):
        import_progress(store, parse_backup(copy.deepcopy(BACKUP)))
    assert export_progress(store) == before


# Random input ----------------------------------------------------------------------------


def _import_into_fresh_store(data: bytes) -> tuple[int, str, ProgressStore]:
    folder = Path(tempfile.mkdtemp(prefix="mlroadmap-hostile-"))
    path = folder / "backup.json"
    path.write_bytes(data)
    url = f"sqlite:///{folder / 'p.db'}"
    result = CliRunner().invoke(cli, ["--db", url, "import", str(path)])
    return result.exit_code, result.stderr, ProgressStore(make_engine(url))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.binary(max_size=300) | JSON_VALUES.map(lambda v: json.dumps(v).encode()))
def test_random_bytes_and_json_never_import(data: bytes) -> None:
    code, stderr, store = _import_into_fresh_store(data)
    assert code == 2 and stderr.startswith("error: "), (code, stderr)
    assert nothing_saved(store)


def _leaves(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(node, dict):
        return [p for key, value in node.items() for p in _leaves(value, (*path, key))]
    if isinstance(node, list):
        return [p for index, value in enumerate(node) for p in _leaves(value, (*path, index))]
    return [path]


LEAVES = [p for p in _leaves(BACKUP) if "resources" not in p][:4000]


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(LEAVES), JSON_VALUES)
def test_a_backup_with_any_value_changed_imports_whole_or_not_at_all(
    path: tuple[Any, ...], value: Any
) -> None:
    """Whatever one value of a real backup becomes: either the import is refused and nothing
    is saved, or it is taken and every command that reads it back still works."""
    data = json.dumps(mutated(_set(path, value))).encode()
    code, stderr, store = _import_into_fresh_store(data)
    if code != 0:
        assert code == 2 and stderr.startswith("error: "), (code, stderr)
        assert nothing_saved(store)
        return
    url = store.engine.url.render_as_string(hide_password=False)
    for args in (["status"], ["next"], ["export", "progress"]):
        result = CliRunner().invoke(cli, ["--db", url, *args])
        assert result.exit_code == 0, (path, value, result.output)


WRITE_ROUTES = [
    ("post", "/api/v1/plan"),
    ("post", "/api/v1/goal"),
    ("put", "/api/v1/progress/vectors"),
    ("post", "/api/v1/progress/vectors/log"),
    ("post", "/api/v1/progress/vectors/notes"),
    ("post", "/api/v1/progress/vectors/links"),
    ("post", "/api/v1/quiz/vectors"),
    ("post", "/api/v1/placement"),
    ("post", "/api/v1/placement/no-such-test/answer"),
    ("post", "/api/v1/placement/no-such-test/save"),
    ("post", "/start"),
    ("post", "/progress/vectors"),
    ("post", "/quiz/vectors"),
    ("post", "/assess"),
    ("post", "/assess/answer"),
    ("post", "/assess/save"),
]
"""Every route that writes: the JSON API and the pages' form posts."""


@pytest.fixture(scope="module")
def shared_client() -> Iterator[tuple[TestClient, ProgressStore]]:
    folder = tempfile.mkdtemp(prefix="mlroadmap-routes-")
    store = ProgressStore(make_engine(f"sqlite:///{folder}/p.db"))
    with local_client(store) as test_client:
        yield test_client, store


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.sampled_from(WRITE_ROUTES),
    st.binary(max_size=200) | JSON_VALUES.map(lambda v: json.dumps(v).encode()),
)
def test_random_bodies_to_every_write_route_are_refused_cleanly(
    shared_client: tuple[TestClient, ProgressStore], route: tuple[str, str], body: bytes
) -> None:
    client, store = shared_client
    before = export_progress(store)
    method, path = route
    api = path.startswith("/api/")
    kind = "application/json" if api else "application/x-www-form-urlencoded"
    response = getattr(client, method)(path, content=body, headers={"Content-Type": kind})
    assert response.status_code < 500, (route, body, response.text)
    if response.status_code >= 400:
        if api:
            assert set(response.json()["error"]) == {"code", "message", "field"}
        assert export_progress(store) == before, "a refused request changed the store"
