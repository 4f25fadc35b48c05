"""Quiz pages and the placement test in the browser's flow, in process."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from mlroadmap.curriculum.source import open_curriculum

from .conftest import EXAMPLE, attempt_replies, right_reply
from .test_pages import client, start, token  # noqa: F401

BANK = {q.id: q for qs in open_curriculum(EXAMPLE).questions.values() for q in qs}


def right(question_id: str) -> str:
    return right_reply(BANK[question_id])


def attempt_of(page: str) -> str:
    found = re.search(r'name="attempt" value="([^"]+)"', page)
    assert found is not None, "the quiz form carries its attempt"
    return found.group(1)


def replies(client: TestClient, page: str) -> dict[str, str]:  # noqa: F811
    state = client.app.state  # type: ignore[attr-defined]
    return attempt_replies(state.curriculum, state.store, "vectors", attempt_of(page))


def test_a_quiz_page_grades_explains_and_verifies(client: TestClient) -> None:  # noqa: F811
    page = client.get("/quiz/vectors").text
    ids = re.findall(r'<fieldset class="question" id="([a-z0-9-]+)"', page)
    assert sorted(ids) == ["vectors-1", "vectors-2", "vectors-3", "vectors-4"]
    assert all(BANK[i].explanation.strip()[:40] not in page for i in ids)  # no key shown
    answers = replies(client, page)
    data = {"csrf_token": token(page), "attempt": attempt_of(page)}
    data |= {f"q-{i}": answers[i] for i in ids}
    result = client.post("/quiz/vectors", data=data).text
    assert "4 of 4 right" in result and "Verified." in result and "Marked done." in result
    assert client.get("/api/v1/progress").json()["statuses"]["vectors"] == "done"


def test_quiz_results_show_your_answer_beside_the_right_one(client: TestClient) -> None:  # noqa: F811
    page = client.get("/quiz/vectors").text
    data = {"csrf_token": token(page), "attempt": attempt_of(page), "q-vectors-3": "19"}
    result = client.post("/quiz/vectors", data=data).text
    assert "0 of 1 right" in result and "Not verified yet" in result
    assert re.search(r"<dt>You answered</dt><dd>19</dd>\s*<dt>✘ The answer</dt><dd>13</dd>", result)


def test_a_retake_page_is_a_new_attempt(client: TestClient) -> None:  # noqa: F811
    first = client.get("/quiz/vectors").text
    data = {"csrf_token": token(first), "attempt": attempt_of(first)}
    data |= {f"q-{i}": reply for i, reply in replies(client, first).items()} | {"q-vectors-3": "19"}
    assert "3 of 4 right" in client.post("/quiz/vectors", data=data).text
    retake = client.get("/quiz/vectors").text
    assert attempt_of(retake) != attempt_of(first)
    answers = replies(client, retake)
    data = {"csrf_token": token(retake), "attempt": attempt_of(retake)}
    data |= {f"q-{i}": reply for i, reply in answers.items()}
    result = client.post("/quiz/vectors", data=data).text
    assert "4 of 4 right" in result and "Passed, but not verified:" in result  # a same-day repeat
    assert "Take the quiz again on another day" in result


def test_bad_quiz_posts_are_refused(client: TestClient) -> None:  # noqa: F811
    page = client.get("/quiz/vectors").text
    assert client.post("/quiz/vectors", data={"q-vectors-1": "12"}).status_code == 403
    form = {"csrf_token": token(page), "attempt": attempt_of(page)}
    junk = client.post("/quiz/vectors", data={**form, "q-vectors-2": "Z"})
    assert junk.status_code == 422 and "vectors-2" in junk.text
    forged = client.post("/quiz/vectors", data={**form, "attempt": "zz", "q-vectors-2": "1"})
    assert forged.status_code == 422 and "not a quiz attempt token" in forged.text
    assert client.get("/quiz/vectorz").status_code == 404
    assert client.get("/api/v1/export/progress").json()["answers"] == []


def take_test(client: TestClient, goal: str, limit: int, answer: bool = True) -> str:  # noqa: F811
    page = client.get("/assess").text
    started = client.post(
        "/assess",
        data={"csrf_token": token(page), "goal": goal, "max_questions": str(limit)},
        follow_redirects=False,
    )
    assert started.headers["location"] == "/assess/question"
    for _ in range(limit):
        shown = client.get("/assess/question")
        if "/assess/result" in str(shown.url):
            return shown.text
        question = re.search(r'name="question" value="([a-z0-9-]+)"', shown.text)
        assert question
        reply = right(question.group(1)) if answer else "99999"
        if not answer and BANK[question.group(1)].choices:
            reply = str((int(right(question.group(1))) + 1) % 4)
        client.post(
            "/assess/answer",
            data={"csrf_token": token(shown.text), "question": question.group(1), "answer": reply},
        )
    return client.get("/assess/result").text


def test_the_placement_test_saves_what_it_finds_and_shortens_the_plan(
    client: TestClient,  # noqa: F811
) -> None:
    start(client)
    before = client.get("/api/v1/goal").json()["plan"]["topic_count"]
    result = take_test(client, "roadmap:first-steps", 8)
    assert re.search(r"After \d+ question\(s\): 4 known", result)
    saved = client.post("/assess/save", data={"csrf_token": token(result)}, follow_redirects=False)
    assert saved.headers["location"] == "/plan"
    statuses = client.get("/api/v1/progress").json()["statuses"]
    assert set(statuses.values()) == {"known"} and len(statuses) == 4
    assert client.get("/api/v1/goal").json()["plan"]["topic_count"] < before
    assert 'id="known-already">4 by placement, 0 by you' in client.get("/progress").text
    status = client.get("/api/v1/status").json()
    assert status["known"] == {"by_placement": 4, "by_you": 0}


def test_without_a_goal_the_test_leads_to_the_start_page_with_known_topics_ticked(
    client: TestClient,  # noqa: F811
) -> None:
    result = take_test(client, "roadmap:first-steps", 8)
    saved = client.post("/assess/save", data={"csrf_token": token(result)}, follow_redirects=False)
    assert saved.headers["location"] == "/?goal=roadmap:first-steps"
    page = client.get(saved.headers["location"]).text
    assert re.search(r'value="roadmap:first-steps" checked', page)
    assert len(re.findall(r'name="know" value="[a-z-]+" checked', page)) == 4


def test_a_newcomer_gets_nothing_marked_known(client: TestClient) -> None:  # noqa: F811
    result = take_test(client, "roadmap:first-steps", 8, answer=False)
    assert "0 known" in result and "make my plan" not in result.lower()


def test_bad_placement_requests_are_refused_or_sent_back(client: TestClient) -> None:  # noqa: F811
    page = client.get("/assess").text
    csrf = token(page)
    for data, status in (
        ({"goal": "roadmap:nope", "max_questions": "5"}, 422),
        ({"goal": "roadmap:first-steps", "max_questions": "0"}, 422),
        ({"goal": "nonsense", "max_questions": "5"}, 422),
    ):
        assert client.post("/assess", data={"csrf_token": csrf, **data}).status_code == status
    assert client.post("/assess", data={"goal": "roadmap:first-steps"}).status_code == 403
    lost = client.get("/assess/question", follow_redirects=False)  # no test running
    assert lost.headers["location"] == "/assess"
    take_test(client, "roadmap:first-steps", 1)
    stale = client.post(
        "/assess/answer",
        data={"csrf_token": csrf, "question": "vectors-1", "answer": "12"},
        follow_redirects=False,
    )
    assert stale.status_code == 303  # an answer to a question not on screen changes nothing


def test_i_dont_know_is_an_answer_on_the_page_and_places_nothing(
    client: TestClient,  # noqa: F811
) -> None:
    page = client.get("/assess").text
    client.post("/assess", data={"csrf_token": token(page), "goal": "roadmap:first-steps"})
    shown = client.get("/assess/question").text
    assert 'name="dont_know"' in shown and "formnovalidate" in shown
    for _ in range(25):
        question = re.search(r'name="question" value="([a-z0-9-]+)"', shown)
        if question is None:
            break
        client.post(
            "/assess/answer",
            data={"csrf_token": token(shown), "question": question.group(1), "dont_know": "1"},
        )
        shown = client.get("/assess/question").text
    result = client.get("/assess/result").text
    assert "0 known" in result and "said you did not know" in result
    given = {a["given"] for a in client.get("/api/v1/export/progress").json()["answers"]}
    assert given == {"?"}


def test_unticked_topics_are_not_saved(client: TestClient) -> None:  # noqa: F811
    result = take_test(client, "roadmap:first-steps", 8)
    boxes = re.findall(r'name="save" value="([a-z-]+)" checked', result)
    assert len(boxes) == 4
    keep = boxes[1:]
    client.post("/assess/save", data={"csrf_token": token(result), "choosing": "1", "save": keep})
    statuses = client.get("/api/v1/progress").json()["statuses"]
    assert sorted(t for t, s in statuses.items() if s == "known") == sorted(keep)


def test_the_test_starts_on_the_active_goal(client: TestClient) -> None:  # noqa: F811
    first = client.get("/assess").text
    assert re.search(r'value="roadmap:first-steps" checked', first)
    client.post("/api/v1/goal", json={"career": "analyst", "hours_per_week": 5})
    page = client.get("/assess").text
    assert re.search(r'value="career:analyst" checked', page)
    assert not re.search(r'value="roadmap:first-steps" checked', page)


def test_an_unfinished_test_is_offered_on_the_start_page_and_resumed(
    client: TestClient,  # noqa: F811
) -> None:
    assert "Your unfinished test" not in client.get("/assess").text
    page = client.get("/assess").text
    client.post(
        "/assess",
        data={"csrf_token": token(page), "goal": "roadmap:first-steps", "max_questions": "8"},
    )
    shown = client.get("/assess/question").text
    question = re.search(r'name="question" value="([a-z0-9-]+)"', shown)
    assert question
    client.post(
        "/assess/answer",
        data={"csrf_token": token(shown), "question": question.group(1), "dont_know": "1"},
    )
    client.cookies.clear()  # the tab is closed; the server keeps the test in the store
    start_page = client.get("/assess").text
    assert "Your unfinished test" in start_page and "1 answer(s)" in start_page
    resumed = client.post("/assess/resume", data={"csrf_token": token(start_page)})
    assert "/assess/question" in str(resumed.url)
    assert "Question 2" in resumed.text
    assert client.post("/assess/resume", data={}).status_code == 403


def test_saving_a_result_closes_the_test(client: TestClient) -> None:  # noqa: F811
    take_test(client, "roadmap:first-steps", 8)
    result = client.get("/assess/result").text
    client.post("/assess/save", data={"csrf_token": token(result), "choosing": "1"})
    assert "Your unfinished test" not in client.get("/assess").text
    page = client.get("/assess").text
    missing = client.post("/assess/resume", data={"csrf_token": token(page)})
    assert missing.status_code == 404 and "no placement test to resume" in missing.text


def test_an_answer_from_a_stale_tab_after_stopping_is_not_taken(
    client: TestClient,  # noqa: F811
) -> None:
    page = client.get("/assess").text
    client.post(
        "/assess",
        data={"csrf_token": token(page), "goal": "roadmap:first-steps", "max_questions": "8"},
    )
    shown = client.get("/assess/question").text  # what an older tab still shows
    question = re.search(r'name="question" value="([a-z0-9-]+)"', shown)
    assert question
    form = {"csrf_token": token(shown), "question": question.group(1)}
    client.post("/assess/answer", data={**form, "stop": "1"})  # another tab stopped the test
    late = client.post("/assess/answer", data={**form, "answer": "0"})
    assert "/assess/result" in str(late.url)
    assert client.get("/api/v1/export/progress").json()["answers"] == []
