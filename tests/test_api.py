"""The JSON API in process: every route, and bad payloads that must be 4xx JSON, never 5xx."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar

from mlroadmap.curriculum.source import open_curriculum
from mlroadmap.progress.store.progress import ProgressStore

from .conftest import EXAMPLE, attempt_replies, right_reply
from .serving import local_client
from .store_backends import BACKENDS, fresh_engine

"""The server answers to loopback names only (TestClient's own default, testserver, is refused)."""
PLAN = {"roadmap": "first-steps", "hours_per_week": 8, "start": "2027-01-04"}
CURRICULUM_TOPICS = ["gradient-descent", "linear-regression", "python-basics", "vectors"]


@pytest.fixture(params=BACKENDS)
def client(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TestClient]:
    engine = fresh_engine(request.param, tmp_path)
    with local_client(ProgressStore(engine)) as test_client:
        yield test_client
    engine.dispose()


def error_of(response: object) -> dict[str, object]:
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "field"}
    return body["error"]  # type: ignore[no-any-return]


def test_curriculum_routes(client: TestClient) -> None:
    assert [t["id"] for t in client.get("/api/v1/topics", params={"area": "math"}).json()] == [
        "vectors",
        "gradient-descent",
    ]
    assert client.get("/api/v1/topics/gradient-descent").json()["unlocks"] == ["linear-regression"]
    assert client.get("/api/v1/roadmaps").json()[0]["id"] == "first-steps"
    assert client.get("/api/v1/roadmaps/first-steps").json()["total_hours"] == 29
    assert client.get("/api/v1/careers/analyst").json()["id"] == "analyst"
    assert len(client.get("/api/v1/resources", params={"kind": "book"}).json()) == 2
    hits = client.get("/api/v1/search", params={"q": "gradiant"}).json()["results"]
    assert hits[0]["id"] == "gradient-descent"


def test_plan_matches_the_cli_contract(client: TestClient) -> None:
    document = client.post("/api/v1/plan", json=PLAN).json()
    assert document["start"] == "2027-01-04" and document["total_hours"] == 29
    assert len(document["weeks"]) == 4 and document["weeks"][0]["items"][0]["resources"]
    known = client.post("/api/v1/plan", json={**PLAN, "know": ["python-basics"]}).json()
    assert known["total_hours"] == 19


def test_goal_progress_and_downloads(client: TestClient) -> None:
    assert error_of(client.get("/api/v1/status"))["code"] == "no-goal"
    monday = date.today() - timedelta(days=date.today().weekday())
    started = client.post("/api/v1/goal", json={**PLAN, "start": monday.isoformat()})
    assert started.status_code == 200
    assert client.get("/api/v1/goal").json()["goal"]["roadmap"] == "first-steps"
    assert client.put("/api/v1/progress/vectors", json={"status": "done"}).status_code == 200
    assert client.post("/api/v1/progress/python-basics/log", json={"hours": 1.5}).status_code == 200
    client.post("/api/v1/progress/vectors/notes", json={"text": "norms"})
    client.post("/api/v1/progress/vectors/links", json={"url": "https://example.org/v"})
    assert client.get("/api/v1/progress/vectors/notes").json()["notes"] == ["norms"]
    progress = client.get("/api/v1/progress").json()
    assert progress["statuses"]["vectors"] == "done" and progress["hours"]["python-basics"] == 1.5
    report = client.get("/api/v1/status").json()
    assert report["topics"]["finished"] == 1 and report["this_week"]["logged"] == 1.5
    assert "vectors" not in [i["topic"] for i in client.get("/api/v1/next").json()["items"]]
    calendar = Calendar.from_ical(client.get("/api/v1/export/plan.ics").content)
    assert len(list(calendar.walk("VEVENT"))) > 0
    assert client.get("/api/v1/export/plan.md").text.startswith("# Learning plan")
    assert client.get("/api/v1/export/plan.json").json()["total_hours"] == 29
    assert client.get("/api/v1/export/progress").json()["format"] == "mlroadmap-progress"
    history = client.get("/api/v1/history").json()
    assert history["weeks"][0] == {
        "week": 1,
        "start": monday.isoformat(),
        "planned": 8,
        "budget": 8,
        "logged": 1.5,
    }
    assert history["completion"][0]["finished"] == 1


@pytest.mark.parametrize(
    ("method", "url", "payload", "status", "code"),
    [
        ("get", "/api/v1/topics/vectorz", None, 404, "unknown-id"),
        ("get", "/api/v1/topics?area=maths", None, 404, "unknown-id"),
        ("get", "/api/v1/roadmaps/nope", None, 404, "unknown-id"),
        ("get", "/api/v1/search?q=", None, 422, "invalid"),
        ("get", "/api/v1/nothing-here", None, 404, "not-found"),
        ("post", "/api/v1/plan", {**PLAN, "hours_per_week": -5}, 422, "invalid"),
        ("post", "/api/v1/plan", {**PLAN, "hours_per_week": "ten"}, 422, "invalid"),
        ("post", "/api/v1/plan", {**PLAN, "roadmap": "first-step"}, 422, "unknown-id"),
        ("post", "/api/v1/plan", {**PLAN, "know": ["nope"]}, 422, "unknown-id"),
        ("post", "/api/v1/plan", {**PLAN, "deadline": "2026-01-01"}, 422, "invalid"),
        ("post", "/api/v1/plan", {"roadmap": "first-steps"}, 422, "invalid"),
        ("post", "/api/v1/plan", {**PLAN, "schedule": {"sat": 2}}, 422, "invalid"),
        ("post", "/api/v1/plan", {**PLAN, "colour": "red"}, 422, "invalid"),
        ("post", "/api/v1/plan", {**PLAN, "start": "9999-12-28"}, 422, "invalid"),
        ("post", "/api/v1/plan", {**PLAN, "hours_per_week": 1e-300}, 422, "invalid"),
        ("post", "/api/v1/plan", {"hours_per_week": 5}, 422, "invalid"),
        ("put", "/api/v1/progress/vectors", {"status": "finished"}, 422, "invalid"),
        ("put", "/api/v1/progress/vectorz", {"status": "done"}, 404, "unknown-id"),
        ("post", "/api/v1/progress/vectors/log", {"hours": 0}, 422, "invalid"),
        (
            "post",
            "/api/v1/progress/vectors/log",
            {"hours": 1, "date": "2999-01-01"},
            422,
            "invalid",
        ),
        ("post", "/api/v1/progress/vectors/links", {"url": "example.org"}, 422, "invalid"),
    ],
)
def test_bad_requests_are_json_4xx(
    client: TestClient, method: str, url: str, payload: object, status: int, code: str
) -> None:
    response = (
        getattr(client, method)(url, json=payload)
        if payload is not None
        else getattr(client, method)(url)
    )
    assert response.status_code == status, response.text
    assert error_of(response)["code"] == code


def test_malformed_json_and_oversized_bodies(client: TestClient) -> None:
    broken = client.post(
        "/api/v1/plan", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert broken.status_code == 400 and error_of(broken)["code"] == "malformed-json"
    huge = client.post(
        "/api/v1/plan", content=b"x" * 70_000, headers={"Content-Type": "application/json"}
    )
    assert huge.status_code == 413 and error_of(huge)["code"] == "too-large"
    nothing_saved = client.get("/api/v1/progress").json()
    assert nothing_saved == {"statuses": {}, "hours": {}}


def test_openapi_document(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/v1/plan", "/api/v1/status", "/api/v1/progress/{topic_id}"} <= set(paths)


def test_serve_command_answers_on_loopback(tmp_path: Path) -> None:
    """`mlroadmap serve` starts a real server that answers until it is stopped."""
    import httpx

    from .serving import running_server

    with running_server(tmp_path) as base:
        response = httpx.get(base + "/api/v1/roadmaps", timeout=5)
    assert response.status_code == 200
    assert {r["id"] for r in response.json()} == {"beginner", "intermediate", "advanced"}


def test_repeated_plan_requests_get_the_same_plan_and_others_their_own(client: TestClient) -> None:
    first = client.post("/api/v1/plan", json=PLAN).content
    assert client.post("/api/v1/plan", json=PLAN).content == first
    other = client.post("/api/v1/plan", json={**PLAN, "hours_per_week": 4}).json()
    assert json.loads(first)["hours_per_week"] == 8 and other["hours_per_week"] == 4
    assert len(other["weeks"]) > len(json.loads(first)["weeks"])


def test_serve_open_opens_the_browser_at_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`serve --open` points the learner's browser at the server it starts."""
    import time
    import webbrowser

    import uvicorn
    from typer.testing import CliRunner

    from mlroadmap.cli.app import app

    opened: list[str] = []
    served: list[int] = []
    monkeypatch.setattr(webbrowser, "open", opened.append)
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: served.append(k["port"]) or time.sleep(1.5))
    monkeypatch.setattr("mlroadmap.cli.serve_cmd.tune_for_serving", lambda: None)
    monkeypatch.setenv("MLROADMAP_DB", f"sqlite:///{tmp_path / 'p.db'}")
    result = CliRunner().invoke(app, ["serve", "--port", "8123", "--open"])
    assert result.exit_code == 0, result.output
    assert served == [8123] and opened == ["http://127.0.0.1:8123/"]


def quiz_replies(client: TestClient, listing: dict[str, Any]) -> dict[str, str]:
    state = client.app.state  # type: ignore[attr-defined]
    return attempt_replies(state.curriculum, state.store, listing["topic"], listing["attempt"])


def test_a_quiz_over_the_api(client: TestClient) -> None:
    listing = client.get("/api/v1/quiz/vectors").json()
    assert sorted(q["id"] for q in listing["questions"]) == [f"vectors-{n}" for n in range(1, 5)]
    assert all("answer" not in q and "explanation" not in q for q in listing["questions"])
    answers: dict[str, object] = dict(quiz_replies(client, listing))
    answers["vectors-3"] = 19  # one wrong
    body = {"attempt": listing["attempt"], "answers": answers}
    first = client.post("/api/v1/quiz/vectors", json=body).json()
    assert first["score"] == {"right": 3, "total": 4, "verified": False, "repeat": False}
    wrong = next(a for a in first["answered"] if a["id"] == "vectors-3")
    assert not first["marked_done"] and (wrong["you_answered"], wrong["answer"]) == ("19", "13")
    retake = client.get("/api/v1/quiz/vectors").json()  # the same questions, the same day
    assert retake["attempt"] != listing["attempt"]
    body = {"attempt": retake["attempt"], "answers": quiz_replies(client, retake)}
    repeat = client.post("/api/v1/quiz/vectors", json=body).json()
    assert repeat["score"] == {"right": 4, "total": 4, "verified": False, "repeat": True}
    assert client.get("/api/v1/progress").json()["statuses"].get("vectors") != "done"


def test_a_first_attempt_that_passes_verifies_the_topic(client: TestClient) -> None:
    listing = client.get("/api/v1/quiz/vectors").json()
    body = {"attempt": listing["attempt"], "answers": quiz_replies(client, listing)}
    passed = client.post("/api/v1/quiz/vectors", json=body).json()
    assert passed["score"]["verified"] and passed["marked_done"]
    assert client.get("/api/v1/progress").json()["statuses"]["vectors"] == "done"


def test_quiz_answers_to_a_changed_or_forged_attempt_save_nothing(client: TestClient) -> None:
    listing = client.get("/api/v1/quiz/vectors").json()
    forged = client.post("/api/v1/quiz/vectors", json={"attempt": "zz", "answers": {"x": 1}})
    assert forged.status_code == 422 and error_of(forged)["field"] == "attempt"
    missing = client.post("/api/v1/quiz/vectors", json={"answers": {"vectors-1": 1}})
    assert missing.status_code == 422
    changed = listing["attempt"].split("-")[0] + "-00000000"
    stale = client.post("/api/v1/quiz/vectors", json={"attempt": changed, "answers": {"x": 1}})
    assert stale.status_code == 409 and error_of(stale)["code"] == "attempt-changed"
    assert client.get("/api/v1/export/progress").json()["answers"] == []


@pytest.mark.parametrize(
    ("path", "answers", "status", "code"),
    [
        ("/api/v1/quiz/vectors", {"nope-1": "A"}, 422, "unknown-id"),
        ("/api/v1/quiz/vectors", {"vectors-2": "Z"}, 422, "invalid"),
        ("/api/v1/quiz/vectors", {"vectors-1": "1e400"}, 422, "invalid"),
        ("/api/v1/quiz/vectors", {}, 422, "invalid"),
        ("/api/v1/quiz/vectorz", {"vectors-1": 12}, 404, "unknown-id"),
    ],
)
def test_bad_quiz_answers_are_refused_and_save_nothing(
    client: TestClient, path: str, answers: dict[str, object], status: int, code: str
) -> None:
    token = client.get("/api/v1/quiz/vectors").json()["attempt"]
    response = client.post(path, json={"attempt": token, "answers": answers})
    assert response.status_code == status and error_of(response)["code"] == code
    assert client.get("/api/v1/export/progress").json()["answers"] == []


def placement_answered_right(client: TestClient) -> tuple[str, dict[str, object]]:
    """A placement test over first-steps with every question answered right: (id, last state)."""
    bank = {q.id: q for qs in open_curriculum(EXAMPLE).questions.values() for q in qs}
    state = client.post("/api/v1/placement", json={"roadmap": "first-steps"}).json()
    test = state["test"]
    while state["question"] is not None:
        question = bank[state["question"]["id"]]
        state = client.post(
            f"/api/v1/placement/{test}/answer",
            json={"question": question.id, "answer": right_reply(question)},
        ).json()
        assert state["correct"] and state["explanation"]
    return test, state


def test_the_placement_test_over_the_api(client: TestClient) -> None:
    client.post("/api/v1/goal", json=PLAN)
    before = client.get("/api/v1/goal").json()["plan"]["topic_count"]
    test, state = placement_answered_right(client)
    assert {v["verdict"] for v in state["verdicts"]} == {"known"}  # type: ignore[union-attr]
    saved = client.post(f"/api/v1/placement/{test}/save").json()
    assert sorted(saved["known"]) == sorted(CURRICULUM_TOPICS)
    assert saved["plan"]["topic_count"] < before
    assert error_of(client.get(f"/api/v1/placement/{test}"))["code"] == "not-found"


def test_bad_placement_requests_over_the_api(client: TestClient) -> None:
    assert error_of(client.post("/api/v1/placement", json={}))["field"] == "goal"
    unknown = client.post("/api/v1/placement", json={"career": "astronaut"})
    assert unknown.status_code == 422 and error_of(unknown)["code"] == "unknown-id"
    test = client.post("/api/v1/placement", json={"roadmap": "first-steps"}).json()["test"]
    wrong_question = client.post(
        f"/api/v1/placement/{test}/answer", json={"question": "nope-1", "answer": 1}
    )
    assert wrong_question.status_code == 422 and "the question to answer now is" in str(
        error_of(wrong_question)["message"]
    )
    assert (
        client.post(
            "/api/v1/placement/nope/answer", json={"question": "x", "answer": 1}
        ).status_code
        == 404
    )


def test_i_dont_know_over_the_api(client: TestClient) -> None:
    """`"answer": "?"` (or "idk") is "I don't know": not right, and no guess in it."""
    state = client.post("/api/v1/placement", json={"roadmap": "first-steps"}).json()
    test = state["test"]
    while state["question"] is not None:
        state = client.post(
            f"/api/v1/placement/{test}/answer",
            json={"question": state["question"]["id"], "answer": "?"},
        ).json()
        assert state["correct"] is False and state["dont_know"] is True
    assert [v for v in state["verdicts"] if v["verdict"] == "known"] == []
    assert client.post(f"/api/v1/placement/{test}/save").json()["known"] == []


def test_the_learner_chooses_what_a_placement_saves(client: TestClient) -> None:
    test, _ = placement_answered_right(client)
    stray = client.post(f"/api/v1/placement/{test}/save", json={"topics": ["no-such"]})
    assert error_of(stray)["field"] == "topics"
    saved = client.post(f"/api/v1/placement/{test}/save", json={"topics": ["vectors"]}).json()
    assert saved["known"] == ["vectors"]
    statuses = client.get("/api/v1/progress").json()["statuses"]
    assert statuses == {"vectors": "known"}


def test_a_placement_test_left_unsaved_is_resumed_over_the_api(client: TestClient) -> None:
    assert error_of(client.post("/api/v1/placement/resume"))["code"] == "not-found"
    state = client.post("/api/v1/placement", json={"roadmap": "first-steps"}).json()
    first = state["question"]["id"]
    client.post(
        f"/api/v1/placement/{state['test']}/answer", json={"question": first, "answer": "?"}
    )
    resumed = client.post("/api/v1/placement/resume").json()
    assert resumed["asked"] == 1 and resumed["test"] != state["test"]
    assert resumed["question"] is not None and resumed["question"]["id"] != first
    saved = client.post(f"/api/v1/placement/{resumed['test']}/save", json={"topics": []})
    assert saved.json()["known"] == []
    assert error_of(client.post("/api/v1/placement/resume"))["code"] == "not-found"
