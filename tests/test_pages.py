"""The pages in process: start -> plan -> mark done, escaping, CSRF, CSP and safe Markdown."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mlroadmap.curriculum.source import open_curriculum
from mlroadmap.progress.store.engine import make_engine
from mlroadmap.progress.store.progress import ProgressStore
from mlroadmap.web.app import create_app
from mlroadmap.web.page_cache import CSRF_SLOT
from mlroadmap.web.security import render_markdown

from .conftest import EXAMPLE


def make_client(curriculum_folder: Path, tmp_path: Path) -> TestClient:
    store = ProgressStore(make_engine(f"sqlite:///{tmp_path / 'p.db'}"))
    return TestClient(
        create_app(open_curriculum(curriculum_folder), store),
        base_url="http://localhost:8000",
        raise_server_exceptions=False,
    )


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with make_client(EXAMPLE, tmp_path) as test_client:
        yield test_client


def token(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "no CSRF token on the page"
    return found.group(1)


def start(client: TestClient, **fields: object) -> object:
    page = client.get("/").text
    monday = date.today() - timedelta(days=date.today().weekday())
    data = {
        "csrf_token": token(page),
        "goal": "roadmap:first-steps",
        "hours_per_week": "8",
        "start": monday.isoformat(),
        **fields,
    }
    return client.post("/start", data=data, follow_redirects=False)


def test_start_plan_mark_done_and_reload(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "First steps in machine learning" in page.text
    response = start(client, know=["python-basics"])
    assert response.status_code == 303 and response.headers["location"] == "/plan"  # type: ignore[attr-defined]
    plan = client.get("/plan").text
    assert "Week 1" in plan and 'class="week current"' in plan
    assert "Python basics" not in plan  # known, so not planned
    marked = client.post(
        "/progress/vectors",
        data={"csrf_token": token(plan), "status": "done", "next": "/plan"},
        follow_redirects=False,
    )
    assert marked.status_code == 303
    again = client.get("/plan").text
    assert re.search(r'<li class="done">.*?/topics/vectors', again, flags=re.S)
    assert client.get("/api/v1/progress").json()["statuses"]["vectors"] == "done"


def test_forms_without_a_matching_token_are_refused(client: TestClient) -> None:
    client.get("/")
    forged = client.post(
        "/start",
        data={
            "csrf_token": "forged",
            "goal": "roadmap:first-steps",
            "hours_per_week": "8",
            "start": "2027-01-04",
        },
    )
    assert forged.status_code == 403
    assert client.get("/api/v1/progress").json() == {"statuses": {}, "hours": {}}
    assert client.post("/progress/vectors", data={"status": "done"}).status_code == 403


def test_bad_form_values_are_explained(client: TestClient) -> None:
    response = start(client, hours_per_week="-3")
    assert response.status_code == 422 and "must be more than 0" in response.text  # type: ignore[attr-defined]


def test_topic_page_and_security_headers(client: TestClient) -> None:
    page = client.get("/topics/gradient-descent")
    assert page.status_code == 200 and "<h2>Why it matters</h2>" in page.text
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "<script>" not in page.text  # no inline scripts
    assert client.get("/topics/nope").status_code == 404
    assert client.get("/static/style.css").status_code == 200


def test_curriculum_text_is_escaped_and_sanitised(tmp_path: Path) -> None:
    hostile = tmp_path / "curriculum"
    shutil.copytree(EXAMPLE, hostile)
    topic = hostile / "topics" / "math" / "vectors.md"
    text = topic.read_text().replace("title: Vectors", 'title: "<script>alert(1)</script>"')
    text += "\n<script>alert(2)</script>\n\n[click](javascript:alert(3))\n"
    topic.write_text(text)
    with make_client(hostile, tmp_path) as client:
        page = client.get("/topics/vectors").text
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page
    assert 'href="javascript:' not in page  # left as harmless text, never a link


def test_markdown_renderer_keeps_structure_and_drops_script() -> None:
    html = render_markdown("## Key ideas\n\n- `w <- w - lr * grad`\n\n<img src=x onerror=alert(1)>")
    assert "<h2>Key ideas</h2>" in html and "<code>" in html
    assert "onerror" not in html and "<img" not in html


def test_api_docs_work_offline(client: TestClient) -> None:
    """/docs uses the vendored Swagger UI: no CDN, no inline script."""
    page = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower() and "<script>" not in page
    bundle = client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and len(bundle.content) > 100_000
    assert client.get("/static/vendor/swagger-ui/LICENSE").status_code == 200


def test_no_page_asset_comes_from_another_host() -> None:
    web = Path(__file__).resolve().parent.parent / "src" / "mlroadmap" / "web"
    for path in [
        *web.glob("templates/*.html"),
        *web.glob("static/*.css"),
        *web.glob("static/*.js"),
    ]:
        text = path.read_text()
        assert not re.search(r'(src|href)="https?://', text), path
        assert "@import" not in text and "fonts.googleapis" not in text, path


def test_progress_dashboard_charts_hours_and_topics_finished(client: TestClient) -> None:
    assert client.get("/progress", follow_redirects=False).headers["location"] == "/"
    start(client)
    client.post("/api/v1/progress/vectors/log", json={"hours": 2.5})
    client.put("/api/v1/progress/vectors", json={"status": "done"})
    page = client.get("/progress").text
    assert 'id="hours-chart"' in page and 'id="completion-chart"' in page
    assert len(re.findall(r'<rect class="bar"', page)) == 1  # the plan's first week has begun
    assert "Week 1: 2.5 h logged, 8 h planned" in page
    assert re.search(r"<dt>Topics finished</dt><dd>1 of \d+</dd>", page)
    assert '<polyline class="line finished"' in page
    assert re.search(r'<dd id="projected-finish">\d{4}-\d\d-\d\d</dd>', page)


def test_graph_page_has_one_node_per_planned_topic(client: TestClient) -> None:
    start(client)
    plan = client.get("/api/v1/goal").json()["plan"]
    planned = {i["topic"] for w in plan["weeks"] for i in w["items"]}
    page = client.get("/graph").text
    nodes = set(re.findall(r'class="node status-[a-z-]+" data-topic="([a-z0-9-]+)"', page))
    assert nodes == planned
    listed = set(re.findall(r'<li class="status-[a-z-]+">.*?href="/topics/([a-z0-9-]+)"', page))
    assert listed == planned  # the list view shows the same graph


def test_graph_layout_puts_prerequisites_to_the_left() -> None:
    from mlroadmap.web.graph_view import graph_layout

    curriculum = open_curriculum(EXAMPLE)
    layout = graph_layout(curriculum, list(curriculum.topics), {"vectors": "done"})
    x = {n["id"]: n["x"] for n in layout["nodes"]}
    assert x["vectors"] < x["gradient-descent"] < x["linear-regression"]
    assert {e["from"] for e in layout["edges"] if e["to"] == "linear-regression"} == {
        "python-basics",
        "gradient-descent",
    }
    icons = {n["id"]: n["icon"] for n in layout["nodes"]}
    assert icons["vectors"] == "✔" and icons["python-basics"] == "○"


def test_resources_catalogue_filters(client: TestClient) -> None:
    books = client.get("/resources", params={"kind": "book"}).text
    assert "Mathematics for Machine Learning" in books and "The Python Tutorial" not in books
    assert "2 resources" in books
    free = client.get("/resources", params={"cost": "free", "level": "beginner"}).text
    assert "3 resources" in free
    assert client.get("/resources", params={"kind": "scroll"}).status_code == 422


def test_search_page(client: TestClient) -> None:
    page = client.get("/search", params={"q": "gradiant"}).text
    assert 'href="/topics/gradient-descent"' in page
    assert "result(s)" not in client.get("/search").text
    hostile = client.get("/search", params={"q": "<script>x</script>"}).text
    assert "<script>x" not in hostile


def test_cached_pages_follow_writes_from_another_process(
    client: TestClient, tmp_path: Path
) -> None:
    start(client)
    done = 'class="node status-done" data-topic="vectors"'
    assert done not in client.get("/graph").text
    other = ProgressStore(make_engine(f"sqlite:///{tmp_path / 'p.db'}"))  # as the CLI would
    other.set_status(["vectors"], "done")
    assert done in client.get("/graph").text


def test_each_visitor_gets_their_own_token_in_a_cached_page(client: TestClient) -> None:
    first = token(client.get("/").text)
    client.cookies.clear()
    second = token(client.get("/").text)
    assert first != second and CSRF_SLOT not in first + second


def test_goal_choices_read_and_write_the_forms_value() -> None:
    from mlroadmap.planning.goals import Goal

    assert Goal.from_choice("career:ml-engineer") == Goal(career="ml-engineer")
    assert Goal.from_choice("roadmap:beginner").choice() == "roadmap:beginner"  # type: ignore[union-attr]
    assert [Goal.from_choice(v) for v in ("roadmap:", "topic:x", "beginner", "")] == [None] * 4
