"""Browser tests: Playwright driving Debian's Chromium against `mlroadmap serve` on loopback.

start -> plan -> mark a topic done -> reload shows it saved; no horizontal scroll at 375 px;
no console errors on any page. Screenshots of each page at desktop and phone size are saved to
$MLROADMAP_SCREENSHOTS_DIR when it is set (docs/screenshots/ is made that way).
"""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}

if CHROMIUM is None:
    if os.environ.get("CI") == "true":
        pytest.fail("Chromium is missing: .ci/run must install Debian's chromium", pytrace=False)
    pytest.skip("no Chromium on this machine", allow_module_level=True)

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from .conftest import replies_of, right_reply  # noqa: E402
from .serving import running_server  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server(tmp_path_factory.mktemp("web")) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def open_page(browser: object, viewport: dict[str, int]) -> tuple[Page, list[str]]:
    context = browser.new_context(viewport=viewport)  # type: ignore[attr-defined]
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return page, problems


def shoot(page: Page, name: str, full_page: bool = False) -> None:
    folder = os.environ.get("MLROADMAP_SCREENSHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=full_page)


def test_start_plan_mark_done_reload(server: str, browser: object) -> None:
    page, problems = open_page(browser, DESKTOP)
    page.goto(server + "/")
    shoot(page, "start-desktop")
    page.check("input[value='roadmap:beginner']")
    page.fill("input[name=hours_per_week]", "10")
    monday = date.today() - timedelta(days=date.today().weekday())
    page.fill("input[name=start]", monday.isoformat())  # so that this week is in the plan
    page.click("summary:has-text('programming')")
    page.check("input[name=know][value='python-data-types']")
    page.click("button:has-text('Make my plan')")
    page.wait_for_url("**/plan**")
    assert page.locator("section.week").count() > 10
    assert page.locator("section.week.current").count() == 1
    shoot(page, "plan-desktop")
    first = page.locator("section.week.current li:not(.milestone)").first
    topic = first.locator("a").get_attribute("href")
    first.locator("button.check").click()
    page.wait_for_load_state()
    page.reload()
    row = page.locator(f"li:has(a[href='{topic}'])").first
    assert "done" in (row.get_attribute("class") or "")
    page.goto(server + topic)
    assert "status: done" in page.inner_text("p.meta")
    shoot(page, "topic-desktop")
    page.goto(server + "/graph")
    plan = httpx.get(server + "/api/v1/goal").json()["plan"]
    planned = {i["topic"] for w in plan["weeks"] for i in w["items"]}
    assert page.locator("svg.graph a.node").count() == len(planned)
    target = sorted(planned - {topic.rsplit("/", 1)[-1]})[0]
    page.click(f"svg.graph a.node[data-topic='{target}']")
    page.wait_for_selector("#panel:not([hidden])")
    assert page.inner_text("#panel-title")
    shoot(page, "graph-desktop")
    page.click("#panel-form button")
    page.wait_for_url("**/graph")
    page.reload()
    saved = page.get_attribute(f"svg.graph a.node[data-topic='{target}']", "class") or ""
    assert "status-done" in saved
    httpx.post(server + f"/api/v1/progress/{target}/log", json={"hours": 2}).raise_for_status()
    page.goto(server + "/progress")
    assert page.locator("#hours-chart rect.bar").count() >= 1
    assert page.inner_text("dl.stats div:first-child dd").startswith("2 of ")
    assert page.inner_text("#projected-finish")[:2] == "20"  # a date once time is logged
    shoot(page, "progress-desktop", full_page=True)
    page.goto(server + "/docs")
    page.wait_for_selector(".swagger-ui .info", timeout=15_000)
    shoot(page, "api-docs-desktop")
    assert problems == []


def test_phone_layout_has_no_horizontal_scroll(server: str, browser: object) -> None:
    page, problems = open_page(browser, PHONE)
    for path, name in (
        ("/", "start"),
        ("/plan", "plan"),
        ("/graph", "graph"),
        ("/progress", "progress"),
        ("/topics/backpropagation", "topic"),
        ("/resources", "resources"),
        ("/search?q=tranformer", "search"),
        ("/quiz/gradient-descent", "quiz"),
        ("/assess", "assess"),
    ):
        page.goto(server + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} scrolls sideways ({width} px)"
        shoot(page, f"{name}-phone")
    assert problems == []


def test_progress_is_still_there_after_a_restart(tmp_path: Path, browser: object) -> None:
    page, problems = open_page(browser, DESKTOP)
    with running_server(tmp_path) as first:
        page.goto(first + "/")
        page.check("input[value='career:ml-engineer']")
        page.click("button:has-text('Make my plan')")
        page.wait_for_url("**/plan**")
        item = page.locator("section.week li:not(.milestone)").first
        topic = item.locator("a").get_attribute("href")
        item.locator("button.check").click()
        page.wait_for_load_state()
    with running_server(tmp_path) as second:  # a new process over the same store
        page.goto(second + "/plan")
        row = page.locator(f"li:has(a[href='{topic}'])").first
        assert "done" in (row.get_attribute("class") or "")
        page.goto(second + "/progress")
        assert page.inner_text("dl.stats div:first-child dd").startswith("1 of ")
    assert problems == []


@functools.cache
def question_bank() -> dict[str, Any]:
    """The built-in questions by id: the tests know the answers the server keeps."""
    from mlroadmap.curriculum.source import open_curriculum

    return {q.id: q for qs in open_curriculum().questions.values() for q in qs}


def first_attempt_replies(page: Page, topic: str) -> dict[str, str]:
    """The right replies to the quiz attempt on the page, drawn again from its token (the
    topic's first attempt in this server's store, so no history shapes it)."""
    from mlroadmap.assessment.quiz import redraw_quiz
    from mlroadmap.curriculum.source import open_curriculum

    token = page.get_attribute("input[name='attempt']", "value") or ""
    return replies_of(redraw_quiz(open_curriculum(), [topic], None, token))


def answer_right(page: Page, question_id: str, field: str) -> None:
    """Give the right answer to a question shown on the page."""
    question = question_bank()[question_id]
    if question.choices:
        page.check(f"#{question_id} input[name='{field}'][value='{right_reply(question)}']")
    else:
        page.fill(f"#{question_id} input[name='{field}']", right_reply(question))


def test_a_topic_quiz_verifies_the_topic(server: str, browser: object) -> None:
    page, problems = open_page(browser, DESKTOP)
    page.goto(server + "/topics/chain-rule")
    page.click("a:has-text('Quiz yourself on this topic')")
    page.wait_for_url("**/quiz/chain-rule")
    shoot(page, "quiz-desktop")
    replies = first_attempt_replies(page, "chain-rule")
    for fieldset in page.locator("fieldset.question").all():
        question_id = fieldset.get_attribute("id") or ""
        field = f"#{question_id} input[name='q-{question_id}']"
        if fieldset.locator("input[type=radio]").count():
            page.check(f"{field}[value='{replies[question_id]}']")
        else:
            page.fill(field, replies[question_id])
    page.click("button:has-text('Check my answers')")
    assert "Verified." in page.inner_text("#quiz-score")
    assert page.locator("ol.results li.right").count() == 5
    shoot(page, "quiz-result-desktop")
    page.goto(server + "/topics/chain-rule")
    assert "status: done" in page.inner_text("p.meta")
    assert problems == []


def test_the_placement_test_ends_in_a_shorter_plan(tmp_path: Path, browser: object) -> None:
    page, problems = open_page(browser, DESKTOP)
    with running_server(tmp_path) as base:
        page.goto(base + "/")
        page.click("a:has-text('Take the placement test')")
        page.check("input[value='roadmap:beginner']")
        page.fill("input[name=max_questions]", "4")
        page.click("button:has-text('Start the test')")
        page.wait_for_url("**/assess/question")
        shoot(page, "assess-question-desktop")
        for _ in range(4):
            if "/assess/result" in page.url:
                break
            question_id = page.get_attribute("input[name=question]", "value") or ""
            answer_right(page, question_id, "answer")
            page.click("button:has-text('Answer')")
            page.wait_for_load_state()
        page.wait_for_url("**/assess/result")
        summary = page.inner_text("#placement-summary")
        assert summary.startswith("After 4 question(s)")
        known = page.locator("ul.verdicts.known li").count()
        shoot(page, "assess-result-desktop")
        page.click("button:has-text('make my plan')")
        page.wait_for_url("**/?goal=roadmap:beginner")
        assert page.is_checked("input[value='roadmap:beginner']")
        ticked = page.locator("input[name=know]:checked").count()
        assert ticked >= known >= 1
        page.click("button:has-text('Make my plan')")
        page.wait_for_url("**/plan**")
        plan = httpx.get(base + "/api/v1/goal").json()["plan"]
        full = httpx.post(
            base + "/api/v1/plan",
            json={"roadmap": "beginner", "hours_per_week": 10, "start": plan["start"]},
        ).json()
        assert plan["topic_count"] < full["topic_count"]  # the known topics are skipped
    assert problems == []
